/**
 * @module
 * The benchmark's processes: starting servers on 127.0.0.1 and reading their CPU time and RSS
 * from /proc (Linux).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

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
 * Spawns a Node server and waits for the stdout line that gives its port: `{"port":N}` from
 * the bench servers, inres's `listening` log line (which carries `port`) from main.ts.
 */
export function startServer(name: string, args: string[], env: Record<string, string>, timeoutMs = 15_000): Promise<Server> {
  const proc = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  proc.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
    await exited;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`${name} did not start in ${timeoutMs} ms: ${stderr}`));
    }, timeoutMs);
    const early = (code: number | null): void => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${code}) before listening: ${stderr}`));
    };
    proc.once('exit', early);
    const lines = createInterface({ input: proc.stdout! });
    lines.on('line', (line) => {
      let port: unknown;
      try {
        port = (JSON.parse(line) as { port?: unknown }).port;
      } catch {
        return;
      }
      if (typeof port !== 'number') return;
      clearTimeout(timer);
      proc.off('exit', early);
      resolve({ name, url: `http://127.0.0.1:${port}`, proc, stop });
    });
  });
}
