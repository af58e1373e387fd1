import { describe, expect, it } from 'vitest';
import {
  combine,
  createMemoryCounter,
  createRateLimiter,
  rateHeaders,
  type RateCounter,
} from '../../src/access/rate-limit.ts';

describe('rate limiter', () => {
  it('allows `limit` hits per window, then refuses until the window turns over', async () => {
    let t = 1_000_000;
    const limiter = createRateLimiter({ perIp: 2, perKey: 0, windowMs: 10_000 }, createMemoryCounter(), () => t);
    const seen = [];
    for (let i = 0; i < 3; i++) seen.push(await limiter.hit('ip', '1.2.3.4'));
    expect(seen.map((d) => [d?.limited, d?.remaining])).toEqual([
      [false, 1],
      [false, 0],
      [true, 0],
    ]);
    expect(seen[0]!.reset).toBe(1010);
    expect((await limiter.hit('ip', '5.6.7.8'))?.limited).toBe(false);
    t += 10_000;
    expect(await limiter.hit('ip', '1.2.3.4')).toEqual({ limited: false, limit: 2, remaining: 1, reset: 1020 });
  });

  it('a limit of 0 is off', async () => {
    const limiter = createRateLimiter({ perIp: 0, perKey: 5, windowMs: 1000 }, createMemoryCounter());
    expect(limiter.enabled('ip')).toBe(false);
    expect(await limiter.hit('ip', '1.2.3.4')).toBeUndefined();
    expect(limiter.enabled('key')).toBe(true);
  });

  it('keeps IP and key buckets apart', async () => {
    const hits: string[] = [];
    const counter: RateCounter = { hit: async (bucket) => (hits.push(bucket), 1) };
    const limiter = createRateLimiter({ perIp: 5, perKey: 5, windowMs: 1000 }, counter);
    await limiter.hit('ip', 'a');
    await limiter.hit('key', 'a');
    expect(hits).toEqual(['ip:a', 'key:a']);
  });

  it('combines two decisions: limited if either is, headers from the tighter', () => {
    const ip = { limited: false, limit: 100, remaining: 50, reset: 10 };
    const key = { limited: true, limit: 5, remaining: 0, reset: 20 };
    expect(combine(ip, key)).toEqual({ limited: true, limit: 5, remaining: 0, reset: 20 });
    expect(combine(ip, undefined)).toBe(ip);
    expect(rateHeaders(ip)).toEqual({
      'x-ratelimit-limit': '100',
      'x-ratelimit-remaining': '50',
      'x-ratelimit-reset': '10',
    });
  });
});

describe('memory counter', () => {
  it('counts per bucket and window', async () => {
    const c = createMemoryCounter();
    expect([
      await c.hit('a', 0, 10),
      await c.hit('a', 0, 10),
      await c.hit('b', 0, 10),
      await c.hit('a', 10, 10),
    ]).toEqual([1, 2, 1, 1]);
  });

  it('holds at most maxBuckets buckets, dropping the oldest', async () => {
    const c = createMemoryCounter(3);
    for (const b of ['a', 'b', 'c', 'd']) await c.hit(b, 0, 10);
    expect(await c.hit('a', 0, 10)).toBe(1);
    expect(await c.hit('d', 0, 10)).toBe(2);
  });

  it('drops buckets of past windows as new windows begin', async () => {
    const c = createMemoryCounter(2);
    await c.hit('a', 0, 10);
    await c.hit('b', 10, 10);
    await c.hit('c', 10, 10);
    expect(await c.hit('b', 10, 10)).toBe(2);
    expect(await c.hit('c', 10, 10)).toBe(2);
  });
});
