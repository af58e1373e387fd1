/**
 * @module
 * The Redis connection behind `STORE_URL` on Node (ioredis), as the command functions the core's
 * Redis store takes: one Redis, a Sentinel-watched primary or a Cluster (`src/redis/store-url.ts`).
 * Tuned to fail fast rather than hang: every command has a short timeout, commands sent while
 * disconnected are rejected at the next reconnect attempt, one request's commands share one
 * timeout (`withStoreBudget`), a command that timed out (a stalled
 * primary) makes the next ones fail at once until a probe answers again, and the client
 * reconnects forever in the background (to the new primary after a failover), so the instance
 * recovers by itself.
 */
import { Cluster, Redis } from 'ioredis';
import type { Logger } from '../../src/ops/log.ts';
import type { RedisCommand } from '../../src/redis/store.ts';
import { parseStoreUrl, type StoreTarget } from '../../src/redis/store-url.ts';

// From the runtime, not an import: `deno check` of the Deno entrypoint cannot resolve node: types.
const { AsyncLocalStorage } = process.getBuiltinModule('node:async_hooks');

export interface RedisClient {
  command: RedisCommand;
  /** A write that resolves once a replica holds it too (WAIT), when the primary has replicas. */
  durable: RedisCommand;
  /** Calls `listener` each time the client serves from a primary at a new address (a failover). */
  onFailover(listener: () => void): void;
  /** Connected and not stalled: a command sent now is expected to be answered. */
  ready(): boolean;
  close(): Promise<void>;
}

export interface RedisClientOptions {
  /** Longest wait for one command, in ms. */
  timeoutMs: number;
  /** Whether writes wait for a replica (STORE_WAIT_REPLICAS). */
  waitReplicas?: boolean;
  logger: Logger;
}

/** Reconnect delay: quick at first, then once a second. */
const retryDelay = (attempt: number) => Math.min(attempt * 100, 1000);

/** How often a primary is asked how many replicas it has (and at each reconnect). */
const replicaCheckMs = 2000;

type Args = readonly (string | number)[];

/** The ioredis surface used here, common to Redis and Cluster. */
type Client = Redis | Cluster;

function connect(target: StoreTarget, timeoutMs: number): Client {
  const common = {
    commandTimeout: timeoutMs,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: retryDelay,
    enableReadyCheck: true,
  };
  switch (target.kind) {
    case 'single':
      return new Redis(target.url, common);
    case 'sentinel':
      return new Redis({
        ...common,
        sentinels: target.sentinels,
        name: target.name,
        password: target.password,
        sentinelRetryStrategy: retryDelay,
        // Follow +switch-master at once instead of waiting for the old primary's socket to die.
        failoverDetector: true,
      });
    case 'cluster':
      return new Cluster(target.nodes, {
        redisOptions: { ...common, password: target.password },
        clusterRetryStrategy: retryDelay,
        slotsRefreshTimeout: timeoutMs,
      });
  }
}

/**
 * The store wait one request has spent, shared by all its commands (the rate counter, then the
 * record), so a request waits at most STORE_TIMEOUT_MS for the store in all.
 */
const requestBudget = new AsyncLocalStorage<{ spentMs: number }>();

/** Runs one request's handling (`fn`) with its own store budget; the entrypoints wrap each request in it. */
export const withStoreBudget = <T>(fn: () => T): T => requestBudget.run({ spentMs: 0 }, fn);

class StoreTimeout extends Error {}

/** Rejects with StoreTimeout when `p` has not settled within `ms`. */
function within<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StoreTimeout('store did not answer in time')), ms);
  });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

const timedOut = (e: unknown) => e instanceof StoreTimeout || (e instanceof Error && /timed out/i.test(e.message));

/**
 * Once a command timed out, the store is taken as stalled: later commands fail at once (so one
 * request waits at most one timeout in all) while a single PING at a time probes it; its answer
 * lets commands through again.
 */
function stallGate(redis: Client, timeoutMs: number, logger: Logger) {
  let stalled = false;
  let probing = false;
  function probe(): void {
    if (probing) return;
    probing = true;
    within(redis.ping(), timeoutMs)
      .then(
        () => {
          stalled = false;
          logger.info('store answering again');
        },
        () => {},
      )
      .finally(() => {
        probing = false;
        if (stalled) setTimeout(probe, 50).unref();
      });
  }
  async function run<T>(send: () => Promise<T>): Promise<T> {
    if (stalled) {
      probe();
      throw new Error('store stalled (a recent command timed out)');
    }
    const budget = requestBudget.getStore();
    const left = budget ? timeoutMs - budget.spentMs : timeoutMs;
    if (left <= 0) throw new StoreTimeout('this request has used up its store wait');
    const started = performance.now();
    try {
      return await within(send(), left);
    } catch (e) {
      // Stalled only when it had a whole timeout: a request's spent budget says nothing about the store.
      if (timedOut(e) && left >= timeoutMs && !stalled) {
        stalled = true;
        logger.warn('store stalled');
        probe();
      }
      throw e;
    } finally {
      if (budget) budget.spentMs += performance.now() - started;
    }
  }
  return { run, stalled: () => stalled };
}

interface Queued {
  args: Args;
  resolve: (reply: unknown) => void;
  reject: (e: unknown) => void;
}

/**
 * Commands sent during one event-loop turn, by all the requests served in it, go out as one
 * pipeline when the turn ends (setImmediate): one write and one read for the lot instead of a
 * round trip each. On two cores shared with Redis, each write woke redis-server once per command
 * (bench/results/profile-redis.md). A Cluster sends each command to its key's node, unbatched.
 */
function turnBatched(redis: Redis): (args: Args) => Promise<unknown> {
  let queue: Queued[] = [];
  const flush = (): void => {
    const batch = queue;
    queue = [];
    if (batch.length === 1) {
      const [{ args, resolve, reject }] = batch as [Queued];
      redis.call(String(args[0]), ...args.slice(1)).then(resolve, reject);
      return;
    }
    const pipeline = redis.pipeline();
    for (const { args } of batch) pipeline.call(String(args[0]), ...args.slice(1));
    pipeline.exec().then(
      (replies) => {
        batch.forEach((queued, i) => {
          const reply = replies?.[i];
          if (!reply) queued.reject(new Error('store pipeline gave no reply'));
          else if (reply[0]) queued.reject(reply[0]);
          else queued.resolve(reply[1]);
        });
      },
      (e: unknown) => {
        for (const queued of batch) queued.reject(e);
      },
    );
  };
  return (args) =>
    new Promise((resolve, reject) => {
      if (queue.push({ args, resolve, reject }) === 1) setImmediate(flush);
    });
}

/** Replicas of the primary a write goes to: INFO on one Redis, the replica list on a Cluster. */
function replicaCounter(redis: Client, timeoutMs: number) {
  let replicas = 0;
  async function refresh(): Promise<void> {
    if (redis instanceof Cluster) {
      replicas = redis.nodes('slave').length;
      return;
    }
    const info = await within(redis.info('replication'), timeoutMs).catch(() => undefined);
    // Online replicas only: one still in its first sync acknowledges nothing yet.
    if (info !== undefined) replicas = info.match(/^slave\d+:.*state=online/gm)?.length ?? 0;
  }
  redis.on('ready', () => void refresh());
  const timer = setInterval(() => void refresh(), replicaCheckMs);
  timer.unref();
  return { count: () => replicas, stop: () => clearInterval(timer) };
}

export function createRedisClient(url: string, opts: RedisClientOptions): RedisClient {
  const parsed = parseStoreUrl(url);
  if (!parsed.ok) throw new Error(`invalid STORE_URL: ${parsed.error}`);
  const redis = connect(parsed.target, opts.timeoutMs);
  // Log state changes, not every failed reconnect; never the URL (it may hold a password).
  let down = false;
  // A Cluster spreads over many nodes: only a single primary (plain or Sentinel) has one address to follow.
  let primary: string | undefined;
  const failoverListeners: (() => void)[] = [];
  redis.on('ready', () => {
    down = false;
    opts.logger.info('store connected');
    if (redis instanceof Cluster) return;
    const address = `${redis.stream?.remoteAddress ?? ''}:${redis.stream?.remotePort ?? ''}`;
    if (primary !== undefined && address !== primary) {
      opts.logger.warn('store followed a new primary');
      for (const listener of failoverListeners) listener();
    }
    primary = address;
  });
  redis.on('error', (e: Error) => {
    if (down) return;
    down = true;
    opts.logger.warn('store unreachable', { error: e.message });
  });
  const gate = stallGate(redis, opts.timeoutMs, opts.logger);
  const replicas = opts.waitReplicas ? replicaCounter(redis, opts.timeoutMs) : undefined;
  // WAIT's own bound sits inside the command timeout, so a slow replica reads as "not acknowledged".
  const waitMs = Math.max(1, Math.floor(opts.timeoutMs * 0.8));
  const send =
    redis instanceof Cluster ? (args: Args) => redis.call(String(args[0]), ...args.slice(1)) : turnBatched(redis);
  const command: RedisCommand = (args) => gate.run(() => send(args));

  /** The write and its WAIT in one pipeline: on a Cluster both go to the key's primary. */
  async function acknowledged(args: Args): Promise<unknown> {
    const [name, ...rest] = args;
    const replies = await redis
      .pipeline()
      .call(String(name), ...rest)
      .call('WAIT', 1, waitMs)
      .exec();
    const [write, wait] = replies ?? [];
    if (!write || !wait) throw new Error('store pipeline gave no reply');
    if (write[0]) throw write[0];
    if (wait[0]) throw wait[0];
    if (Number(wait[1]) < 1) throw new Error('no replica acknowledged the write in time');
    return write[1];
  }
  const durable: RedisCommand = replicas
    ? (args) => (replicas.count() > 0 ? gate.run(() => acknowledged(args)) : command(args))
    : command;

  return {
    command,
    durable,
    onFailover: (listener) => void failoverListeners.push(listener),
    ready: () => redis.status === 'ready' && !gate.stalled(),
    async close() {
      replicas?.stop();
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
