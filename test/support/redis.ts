/**
 * A real redis-server of the test's own, on 127.0.0.1 and a free port, without persistence.
 * Tests may stop it and start it again on the same port (Redis down and back), freeze it
 * (SIGSTOP: a stalled primary), start it as a replica or a Cluster node, and start
 * redis-sentinel processes watching it. A missing binary fails the test with the way to
 * install it: these tests never skip.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { createRedisClient, type RedisClient } from '../../deploy/shared/redis-client.ts';
import { silentLogger } from '../../src/ops/log.ts';

export interface TestRedis {
  url: string;
  port: number;
  /** Sends one command over a fresh connection and returns the raw reply. */
  raw(command: string): Promise<string>;
  /** SIGKILL, as `kill -9` does. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** SIGSTOP: the process holds its connections and answers nothing. */
  pause(): void;
  /** SIGCONT after pause(). */
  resume(): void;
}

const binary = 'redis-server';
const packageOf: Readonly<Record<string, string>> = {
  'redis-server': 'redis-server',
  'redis-sentinel': 'redis-sentinel',
  'redis-cli': 'redis-tools',
};

function requireBinary(name = binary): void {
  const probe = spawnSync(name, ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new Error(
      `${name} is not installed; these tests need it: apt-get update && apt-get install -y ${packageOf[name]}`,
    );
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

/** A free port whose Cluster bus port (port + 10000) is free too. */
async function freeClusterPort(): Promise<number> {
  for (let i = 0; i < 50; i++) {
    const port = await freePort();
    if (port + 10000 <= 65535 && (await isFree(port + 10000))) return port;
  }
  throw new Error('no free port pair for a Cluster node');
}

function isFree(port: number): Promise<boolean> {
  const server = createServer();
  return new Promise((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** Temporary directories of Cluster nodes and sentinels, removed when the test process ends. */
const scratch: string[] = [];
process.once('exit', () => scratch.forEach((d) => rmSync(d, { recursive: true, force: true })));
function scratchDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'inres-redis-'));
  scratch.push(dir);
  return dir;
}

export interface RedisOptions {
  /** Extra redis-server arguments (`--replicaof 127.0.0.1 <port>`, …). */
  args?: readonly string[];
  /** A Cluster node: cluster mode on, its config in a temporary directory. */
  cluster?: boolean;
}

export async function startRedis(options: RedisOptions = {}): Promise<TestRedis> {
  requireBinary();
  const port = options.cluster ? await freeClusterPort() : await freePort();
  // Its own directory: a replica writes the RDB it receives there, a Cluster node its nodes.conf.
  const dir = scratchDir();
  const clusterArgs = options.cluster
    ? ['--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf', '--cluster-node-timeout', '1000']
    : [];
  const base = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--dir',
    dir,
    '--save',
    '',
    '--appendonly',
    'no',
    '--repl-diskless-sync-delay',
    '0',
  ];
  let child: ChildProcess | undefined;

  async function start(): Promise<void> {
    const proc = spawn(binary, [...base, ...clusterArgs, ...(options.args ?? [])], { stdio: 'ignore' });
    child = proc;
    const exited = new Promise<never>((_, reject) =>
      proc.once('exit', (code) => reject(new Error(`redis-server exited (${code})`))),
    );
    exited.catch(() => {});
    for (let i = 0; i < 100; i++) {
      const up = await Promise.race([
        send(port, 'PING').then(
          (r) => r === '+PONG',
          () => false,
        ),
        exited,
      ]);
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
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    raw: (c) => send(port, c),
    stop,
    start,
    pause: () => child?.kill('SIGSTOP'),
    resume: () => child?.kill('SIGCONT'),
  };
}

/** How quickly the sentinels act: short, so a failover fits a test. */
export const sentinelTiming = { downAfterMs: 1000, failoverTimeoutMs: 3000 };

/** A redis-sentinel on a free port watching `primaryPort` as `name`, with a quorum of `quorum`. */
export async function startSentinel(primaryPort: number, name: string, quorum: number): Promise<TestRedis> {
  const conf = join(scratchDir(), 'sentinel.conf');
  writeFileSync(
    conf,
    [
      `sentinel monitor ${name} 127.0.0.1 ${primaryPort} ${quorum}`,
      `sentinel down-after-milliseconds ${name} ${sentinelTiming.downAfterMs}`,
      `sentinel failover-timeout ${name} ${sentinelTiming.failoverTimeoutMs}`,
      `sentinel parallel-syncs ${name} 1`,
      '',
    ].join('\n'),
  );
  // redis-sentinel rewrites its config file: one per process, and the flags after it.
  return startRedisWithConfig(conf);
}

async function startRedisWithConfig(conf: string): Promise<TestRedis> {
  requireBinary('redis-sentinel');
  const port = await freePort();
  const proc = spawn('redis-sentinel', [conf, '--port', String(port), '--bind', '127.0.0.1'], { stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    if (
      await send(port, 'PING').then(
        (r) => r === '+PONG',
        () => false,
      )
    )
      break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const stop = () =>
    new Promise<void>((resolve) => {
      if (proc.exitCode !== null) return resolve();
      proc.once('exit', () => resolve());
      proc.kill('SIGKILL');
    });
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    raw: (c) => send(port, c),
    stop,
    start: async () => {},
    pause: () => proc.kill('SIGSTOP'),
    resume: () => proc.kill('SIGCONT'),
  };
}

/** Three Cluster primaries on 127.0.0.1, every slot assigned (redis-cli --cluster create). */
export async function startCluster(size = 3): Promise<TestRedis[]> {
  requireBinary('redis-cli');
  const nodes = await Promise.all(Array.from({ length: size }, () => startRedis({ cluster: true })));
  const made = spawnSync(
    'redis-cli',
    ['--cluster', 'create', ...nodes.map((n) => `127.0.0.1:${n.port}`), '--cluster-yes'],
    {
      encoding: 'utf8',
      timeout: 20_000,
    },
  );
  if (made.status !== 0) throw new Error(`redis-cli --cluster create failed: ${made.stdout}${made.stderr}`);
  for (let i = 0; i < 100; i++) {
    const states = await Promise.all(nodes.map((n) => n.raw('CLUSTER INFO').catch(() => '')));
    if (states.every((s) => s.includes('cluster_state:ok'))) return nodes;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the Cluster did not reach cluster_state:ok');
}

/** A redis-server and an inres client on it for the tests of one file (started before, closed after). */
export function useRedisClient(): { redis: () => TestRedis; client: () => RedisClient } {
  let redis: TestRedis | undefined;
  let client: RedisClient | undefined;
  beforeAll(async () => {
    redis = await startRedis();
    client = createRedisClient(redis.url, { timeoutMs: 1000, logger: silentLogger });
  });
  afterAll(async () => {
    await client?.close();
    await redis?.stop();
  });
  return { redis: () => redis!, client: () => client! };
}
