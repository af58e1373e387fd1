/**
 * @module
 * Rate-limit counters in Redis, so every instance behind a load balancer counts against the
 * same limit. One script per hit (sent by its SHA-1 after the first): increment, and give a new window's key its expiry, atomically
 * and in one round trip. When Redis cannot be reached the hit is let through: an outage of the
 * shared store must not turn into an outage of the gateway.
 */
import type { RateCounter } from '../access/rate-limit.ts';
import { luaScript, type RedisCommand } from './store.ts';

/** One key per script run: safe on a Cluster without hash tags. */
const hitScript = luaScript(
  "local n = redis.call('INCR', KEYS[1]) if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end return n",
);

export function createRedisCounter(command: RedisCommand, prefix = 'inres:'): RateCounter {
  return {
    async hit(bucket, windowStart, windowMs) {
      try {
        const n = await hitScript(command, [`${prefix}rate:${bucket}:${windowStart}`], [windowMs]);
        return typeof n === 'number' ? n : Number(n) || 0;
      } catch {
        return 0;
      }
    },
  };
}
