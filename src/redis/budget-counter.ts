/**
 * @module
 * The upstream budget's counter in Redis, shared by every instance on the store: one script
 * per slot checks the windows' counts against the cap and takes a slot atomically, in one
 * round trip. A bucket's window keys share a hash tag, so the script runs on a cluster too.
 * A refused call takes nothing.
 *
 * The heartbeat: each instance, at most once a second, puts its own random id with the time
 * into one sorted set, drops ids not seen for `liveMs`, and reads how many are left. That
 * count is what an instance divides the budget by while the store is down. A crashed
 * instance is counted until `liveMs` passes, which errs on the safe side (smaller shares).
 */
import type { RedisCommand } from './store.ts';
import type { BudgetCounter } from '../upstream/budget.ts';

const takeScript =
  "for _, k in ipairs(KEYS) do if tonumber(redis.call('GET', k) or '0') >= tonumber(ARGV[2]) then return 0 end end " +
  "for _, k in ipairs(KEYS) do if redis.call('INCR', k) == 1 then redis.call('PEXPIRE', k, ARGV[1]) end end " +
  'return 1';

const beatScript =
  "redis.call('ZADD', KEYS[1], ARGV[1], ARGV[2]) " +
  "redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1] - ARGV[3]) " +
  "redis.call('PEXPIRE', KEYS[1], ARGV[3]) " +
  "return redis.call('ZCARD', KEYS[1])";

export interface RedisBudgetOptions {
  command: RedisCommand;
  now: () => number;
  prefix?: string;
  /** How long an instance counts as live after its last heartbeat, ms. */
  liveMs?: number;
}

export function createRedisBudgetCounter(opts: RedisBudgetOptions): BudgetCounter {
  const prefix = opts.prefix ?? 'inres:';
  const liveMs = opts.liveMs ?? 60_000;
  const self = crypto.randomUUID();
  return {
    async take(bucket, windows, windowMs, cap) {
      const keys = windows.map((w) => `${prefix}{budget:${bucket}}:${w}`);
      // Kept a window longer than it lasts: a clock a little behind still finds the count.
      const taken = await opts.command(['EVAL', takeScript, keys.length, ...keys, windowMs * 3, cap]);
      return Number(taken) === 1;
    },
    async beat() {
      const n = await opts.command(['EVAL', beatScript, 1, `${prefix}instances`, opts.now(), self, liveMs]);
      return Math.max(1, Number(n) || 1);
    },
  };
}
