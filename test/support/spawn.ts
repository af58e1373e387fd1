/**
 * Starts an entrypoint as a child process with settings in its environment (PORT=0 on
 * 127.0.0.1), and waits for its `listening` log line to learn the port.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

export interface Spawned {
  baseUrl: string;
  child: ChildProcess;
  /** Every stdout line so far. */
  logs: string[];
  /** SIGKILL unless it has exited; resolves once it has. */
  close(): Promise<void>;
}

export interface SpawnOptions {
  cwd?: string;
  timeoutMs?: number;
}

export async function spawnServer(command: string, args: string[], env: Record<string, string>, opts: SpawnOptions = {}): Promise<Spawned> {
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const child = spawn(command, args, {
    cwd: opts.cwd,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const logs: string[] = [];
  const lines = createInterface({ input: child.stdout! });
  const close = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await exited;
  };
  const baseUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${command} did not listen within ${timeoutMs} ms`)), timeoutMs);
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`${command} exited with ${code} before listening`)));
    lines.on('line', (line) => {
      logs.push(line);
      const entry = parseLog(line);
      if (entry?.msg !== 'listening') return;
      clearTimeout(timer);
      resolve(`http://127.0.0.1:${entry.port}`);
    });
  }).catch(async (e: unknown) => {
    await close();
    throw e;
  });
  return { baseUrl, child, logs, close };
}

function parseLog(line: string): { msg?: string; port?: number } | undefined {
  try {
    return JSON.parse(line) as { msg?: string; port?: number };
  } catch {
    return undefined;
  }
}
