/**
 * @module
 * The shared store on Redis, against an injected command function (ioredis on Node, an HTTP
 * Redis elsewhere), so the core imports no client. Each task is one string key holding the
 * record as JSON with the task TTL: Redis expires it, nothing grows without bound.
 */
import { StoreUnavailable, type TaskRecord, type TaskStore } from '../store/types.ts';

/** Sends one Redis command (`['SET', key, value, …]`) and resolves with its reply. */
export type RedisCommand = (args: readonly (string | number)[]) => Promise<unknown>;

export interface RedisStoreOptions {
  command: RedisCommand;
  /**
   * Sends a write that resolves only once a replica holds it (WAIT), so an id a client was told
   * about survives a failover; `command` where there are no replicas or the wait is off.
   */
  durable?: RedisCommand;
  /** How long an id stays pollable, in ms. */
  ttlMs: number;
  /** Prefix of every key, so one Redis can serve several deployments. */
  prefix?: string;
  /** Settled records kept in this process (see `settledCache`); 0 keeps none. */
  maxSettled?: number;
  /** The client's own view: connected and not stalled. Absent: told by the last command alone. */
  ready?: () => boolean;
  now?: () => number;
}

/**
 * Records with an outcome, kept in this process: an outcome is final (nothing writes the record
 * again), so a client re-polling a solved task is answered without a round trip. Each is kept
 * until its key would expire (its createdAt + the TTL, never later than Redis's own expiry,
 * which started at the insert just after) and only once its write was acknowledged, so an
 * outcome the store may still lose is never answered from here. Oldest dropped past `max`.
 */
function settledCache(max: number, ttlMs: number, now: () => number) {
  const kept = new Map<string, TaskRecord>();
  return {
    get(id: string): TaskRecord | undefined {
      const rec = kept.get(id);
      if (rec && rec.createdAt + ttlMs <= now()) {
        kept.delete(id);
        return undefined;
      }
      return rec;
    },
    keep(id: string, rec: TaskRecord): void {
      if (!rec.outcome || max <= 0 || rec.createdAt + ttlMs <= now()) return;
      kept.delete(id);
      kept.set(id, rec);
      if (kept.size > max) kept.delete(kept.keys().next().value!);
    },
  };
}

/** Runs a command; any failure (down, timeout, refused) means the store is unavailable. */
export async function runCommand(command: RedisCommand, args: readonly (string | number)[]): Promise<unknown> {
  try {
    return await command(args);
  } catch (e) {
    throw new StoreUnavailable(e instanceof Error ? e.message : String(e));
  }
}

/**
 * A Lua script sent whole once and by its SHA-1 after (EVALSHA), falling back to EVAL when a
 * Redis does not hold it yet (a restart, a new primary, another Cluster node).
 */
export function luaScript(
  source: string,
): (command: RedisCommand, keys: readonly string[], args: readonly (string | number)[]) => Promise<unknown> {
  let sha: Promise<string> | undefined;
  const digest = async () => {
    const bytes = new Uint8Array(await crypto.subtle.digest('SHA-1', new TextEncoder().encode(source)));
    return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  };
  return async (command, keys, args) => {
    sha ??= digest();
    try {
      return await command(['EVALSHA', await sha, keys.length, ...keys, ...args]);
    } catch (e) {
      if (!(e instanceof Error) || !e.message.startsWith('NOSCRIPT')) throw e;
      return command(['EVAL', source, keys.length, ...keys, ...args]);
    }
  };
}

function parseRecord(value: unknown): TaskRecord | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    const rec = JSON.parse(value) as TaskRecord;
    return typeof rec === 'object' && rec !== null && typeof rec.upstreamId === 'string' ? rec : undefined;
  } catch {
    return undefined;
  }
}

/** After a failed command, how long the store reads as not ready (unless the client says otherwise sooner). */
const failureMemoryMs = 1000;

export function createRedisStore(opts: RedisStoreOptions): TaskStore {
  const prefix = opts.prefix ?? 'inres:';
  const key = (id: string) => `${prefix}task:${id}`;
  const now = opts.now ?? Date.now;
  /** When the last command failed, or undefined when it was answered. */
  let failedAt: number | undefined;
  const tracked = async (command: RedisCommand, args: readonly (string | number)[]): Promise<unknown> => {
    try {
      const reply = await runCommand(command, args);
      failedAt = undefined;
      return reply;
    } catch (e) {
      failedAt = now();
      throw e;
    }
  };
  const run = (args: readonly (string | number)[]) => tracked(opts.command, args);
  const write = (args: readonly (string | number)[]) => tracked(opts.durable ?? opts.command, args);
  const settled = settledCache(opts.maxSettled ?? 10_000, opts.ttlMs, now);
  return {
    ready: () => (opts.ready?.() ?? true) && (failedAt === undefined || now() - failedAt >= failureMemoryMs),
    async insert(id, rec) {
      const inserted = (await write(['SET', key(id), JSON.stringify(rec), 'NX', 'PX', opts.ttlMs])) === 'OK';
      if (inserted) settled.keep(id, rec);
      return inserted;
    },
    async get(id) {
      const known = settled.get(id);
      if (known) return known;
      const rec = parseRecord(await run(['GET', key(id)]));
      if (rec) settled.keep(id, rec);
      return rec;
    },
    async update(id, rec) {
      await write(['SET', key(id), JSON.stringify(rec), 'XX', 'KEEPTTL']);
      settled.keep(id, rec);
    },
  };
}
