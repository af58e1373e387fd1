/**
 * @module
 * The shared store on Redis, against an injected command function (ioredis on Node, an HTTP
 * Redis elsewhere), so the core imports no client. Each task is one string key holding the
 * record as JSON with the task TTL: Redis expires it, nothing grows without bound.
 */
import { StoreUnavailable, type TaskRecord, type TaskStore } from './types.ts';

/** Sends one Redis command (`['SET', key, value, …]`) and resolves with its reply. */
export type RedisCommand = (args: readonly (string | number)[]) => Promise<unknown>;

export interface RedisStoreOptions {
  command: RedisCommand;
  /** How long an id stays pollable, in ms. */
  ttlMs: number;
  /** Prefix of every key, so one Redis can serve several deployments. */
  prefix?: string;
}

/** Runs a command; any failure (down, timeout, refused) means the store is unavailable. */
export async function runCommand(command: RedisCommand, args: readonly (string | number)[]): Promise<unknown> {
  try {
    return await command(args);
  } catch (e) {
    throw new StoreUnavailable(e instanceof Error ? e.message : String(e));
  }
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

export function createRedisStore(opts: RedisStoreOptions): TaskStore {
  const prefix = opts.prefix ?? 'inres:';
  const key = (id: string) => `${prefix}task:${id}`;
  const run = (args: readonly (string | number)[]) => runCommand(opts.command, args);
  return {
    async insert(id, rec) {
      return (await run(['SET', key(id), JSON.stringify(rec), 'NX', 'PX', opts.ttlMs])) === 'OK';
    },
    async get(id) {
      return parseRecord(await run(['GET', key(id)]));
    },
    async update(id, rec) {
      await run(['SET', key(id), JSON.stringify(rec), 'XX', 'KEEPTTL']);
    },
  };
}
