/**
 * inres as operators run it: `node deploy/node/main.ts` (Node 24 from node_modules), or the
 * Bun or Deno entrypoint, in its own process, configured by environment, on 127.0.0.1 and a
 * port of its choosing. Tests may kill it (`kill -9` included) to show that nothing lives in
 * one instance.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';

export interface SpawnedGateway {
  url: string;
  /** Log lines written so far, parsed. */
  logs: Record<string, unknown>[];
  /** Sends `signal` and waits for the process to end. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Sends `signal` without waiting for anything (SIGHUP: reload). */
  signal(signal: NodeJS.Signals): void;
}

const root = resolve(import.meta.dirname, '../..');
const bin = (name: string) => resolve(root, 'node_modules/.bin', name);

/** How each runtime starts inres: the same commands as `npm start`, `start:bun`, `start:deno`. */
export const runtimes = {
  node: { command: bin('node'), args: ['deploy/node/main.ts'], cwd: root },
  bun: { command: bin('bun'), args: ['--max-http-header-size=262144', 'deploy/bun/main.ts'], cwd: root },
  deno: {
    command: bin('deno'),
    args: [
      'run',
      '--allow-net',
      '--allow-env',
      '--allow-read',
      '--config',
      'deploy/deno/deno.json',
      'deploy/deno/main.ts',
    ],
    cwd: root,
  },
};
export type Runtime = keyof typeof runtimes;

/**
 * Starts a gateway with `env` as its settings (and `extraArgs` on its command line); resolves once
 * it listens (and, with a STORE_URL, once its store is connected).
 */
export function spawnGateway(
  env: Record<string, string>,
  runtime: Runtime = 'node',
  extraArgs: readonly string[] = [],
): Promise<SpawnedGateway> {
  const { command, args, cwd } = runtimes[runtime];
  const child: ChildProcess = spawn(command, [...args, ...extraArgs], {
    cwd,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      DENO_NO_UPDATE_CHECK: '1',
      NO_COLOR: '1',
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'info',
      POLL_MIN_INTERVAL_MS: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Record<string, unknown>[] = [];
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const kill = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };

  return new Promise((resolvePromise, reject) => {
    let url: string | undefined;
    let storeReady = !env.STORE_URL;
    const timer = setTimeout(() => {
      void kill('SIGKILL');
      reject(new Error(`${runtime} gateway did not start in time; stderr: ${stderr}`));
    }, 30_000);
    const settle = () => {
      if (!url || !storeReady) return;
      clearTimeout(timer);
      resolvePromise({ url, logs, kill, signal: (s) => void child.kill(s) });
    };
    createInterface({ input: child.stdout! }).on('line', (line) => {
      let entry: Record<string, unknown>;
      try {
        entry = JSON.parse(line) as Record<string, unknown>;
      } catch {
        return;
      }
      logs.push(entry);
      if (entry.msg === 'listening') url = `http://127.0.0.1:${String(entry.port)}`;
      if (entry.msg === 'store connected') storeReady = true;
      settle();
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`${runtime} gateway exited early; stderr: ${stderr}`));
    });
  });
}
