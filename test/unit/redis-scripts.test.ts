/**
 * Lua scripts go to Redis whole once, then by their SHA-1 (EVALSHA), and still run after Redis
 * forgot them (SCRIPT FLUSH: what a restart or a new primary looks like). Counted by the real
 * redis-server's own INFO commandstats.
 */
import { describe, expect, it } from 'vitest';
import { createRedisCounter } from '../../src/redis/rate-counter.ts';
import { useRedisClient } from '../support/redis.ts';

const { redis: server, client: redisClient } = useRedisClient();
const redis = { raw: (c: string) => server().raw(c) };

/** Calls of one command so far, from INFO commandstats. */
async function calls(name: string): Promise<number> {
  const m = new RegExp(`cmdstat_${name}:calls=(\\d+)`).exec(await redis.raw('INFO commandstats'));
  return m ? Number(m[1]) : 0;
}

describe('the rate counter script', () => {
  it('is sent whole once, then by its SHA-1', async () => {
    const counter = createRedisCounter(redisClient().command);
    const hits = [];
    for (let i = 0; i < 5; i++) hits.push(await counter.hit('ip:127.0.0.1', 0, 10_000));
    expect(hits).toEqual([1, 2, 3, 4, 5]);
    expect(await calls('eval')).toBe(1);
    expect(await calls('evalsha')).toBe(5);
  });

  it('runs again after Redis forgot it (NOSCRIPT: sent whole once more)', async () => {
    const counter = createRedisCounter(redisClient().command);
    expect(await redis.raw('SCRIPT FLUSH')).toBe('+OK');
    const before = await calls('eval');
    expect(await counter.hit('ip:127.0.0.2', 0, 10_000)).toBe(1);
    expect(await counter.hit('ip:127.0.0.2', 0, 10_000)).toBe(2);
    expect(await calls('eval')).toBe(before + 1);
  });
});
