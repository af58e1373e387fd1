/**
 * @module
 * The benchmark's processes: starting servers on 127.0.0.1 and reading their CPU time and RSS
 * from /proc (Linux).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';

export interface Server {
  name: string;
  url: string;
  proc: ChildProcess;
  stop(): Promise<void>;
}

const clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/** User + system CPU time of a process (all its threads), µs; clock-tick resolution. */
export function cpuMicros(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1e6) / clockTicks;
}

/** Resident set size of a process, bytes. */
export function rssBytes(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : 0;
}

/**
 * Spawns a Node server with its stdout going to `logFile` (as a server's logs go to a file or
 * journald, and so that no pipe reader competes for the CPU) and waits for the line that gives
 * its port: `{"port":N}` from the bench servers, inres's `listening` log line from main.ts.
 */
export async function startServer(
  name: string,
  args: string[],
  env: Record<string, string>,
  logFile: string,
  timeoutMs = 15_000,
): Promise<Server> {
  const out = openSync(logFile, 'w');
  const proc = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', out, 'pipe'] });
  closeSync(out);
  let stderr = '';
  proc.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
    await exited;
  };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`${name} exited (${proc.exitCode}) before listening: ${stderr}`);
    const port = portIn(readFileSync(logFile, 'utf8'));
    if (port) return { name, url: `http://127.0.0.1:${port}`, proc, stop };
    if (Date.now() > deadline) {
      proc.kill('SIGKILL');
      throw new Error(`${name} did not start in ${timeoutMs} ms: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

function portIn(log: string): number | undefined {
  for (const line of log.split('\n')) {
    try {
      const port = (JSON.parse(line) as { port?: unknown }).port;
      if (typeof port === 'number') return port;
    } catch {
      // not a JSON line (yet)
    }
  }
  return undefined;
}
