/**
 * A real redis-server of the test's own, on 127.0.0.1 and a free port, without persistence.
 * Tests may stop it and start it again on the same port (Redis down and back). A missing
 * binary fails the test with the way to install it: these tests never skip.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer, Socket } from 'node:net';

export interface TestRedis {
  url: string;
  port: number;
  /** Sends one command over a fresh connection and returns the raw reply. */
  raw(command: string): Promise<string>;
  stop(): Promise<void>;
  start(): Promise<void>;
}

const binary = 'redis-server';

function requireBinary(): void {
  const probe = spawnSync(binary, ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new Error(`${binary} is not installed; these tests need it: apt-get update && apt-get install -y redis-server`);
  }
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function send(port: number, command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = new Socket();
    let reply = '';
    socket.setTimeout(1000, () => socket.destroy(new Error('redis did not answer')));
    socket.on('error', reject);
    socket.on('data', (d) => {
      reply += d.toString('utf8');
      if (reply.endsWith('\r\n')) {
        socket.end();
        resolve(reply.trimEnd());
      }
    });
    socket.connect(port, '127.0.0.1', () => socket.write(`${command}\r\n`));
  });
}

export async function startRedis(): Promise<TestRedis> {
  requireBinary();
  const port = await freePort();
  let child: ChildProcess | undefined;

  async function start(): Promise<void> {
    const proc = spawn(binary, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: 'ignore',
    });
    child = proc;
    const exited = new Promise<never>((_, reject) => proc.once('exit', (code) => reject(new Error(`redis-server exited (${code})`))));
    exited.catch(() => {});
    for (let i = 0; i < 100; i++) {
      const up = await Promise.race([send(port, 'PING').then((r) => r === '+PONG', () => false), exited]);
      if (up) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`redis-server did not start on 127.0.0.1:${port}`);
  }

  async function stop(): Promise<void> {
    const proc = child;
    child = undefined;
    if (!proc || proc.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      proc.once('exit', () => resolve());
      proc.kill('SIGKILL');
    });
  }

  await start();
  return { url: `redis://127.0.0.1:${port}`, port, raw: (c) => send(port, c), stop, start };
}
