/**
 * @module
 * Fixed-window rate limits per client IP and per key, over a counter port: the memory counter
 * below for one instance, a Redis counter (deploy/node) when several instances share limits.
 * A decision carries what the `X-RateLimit-*` headers say on every answer.
 */

/** A value now (memory) or later (a shared store): the per-request path awaits no promise it does not need. */
type MaybePromise<T> = T | Promise<T>;

/** Counts hits per bucket in fixed windows. */
export interface RateCounter {
  /** Counts one hit for `bucket` in the window that started at `windowStart`; the hits so far in it. */
  hit(bucket: string, windowStart: number, windowMs: number): MaybePromise<number>;
}

export interface RateDecision {
  limited: boolean;
  limit: number;
  remaining: number;
  /** When the window resets, in Unix seconds (as uCaptcha's header says). */
  reset: number;
}

export interface RateLimits {
  /** Requests per window per client IP; 0 turns the limit off. */
  perIp: number;
  /** Requests per window per key; 0 turns the limit off. */
  perKey: number;
  windowMs: number;
}

export type RateScope = 'ip' | 'key';

export interface RateLimiter {
  /** Counts a request against one client IP or one key (a hash of it); undefined when that limit is off. */
  hit(scope: RateScope, id: string): MaybePromise<RateDecision | undefined>;
  /** Whether a limit is on for `scope` (so callers can skip hashing a key for nothing). */
  enabled(scope: RateScope): boolean;
}

function decision(hits: number, limit: number, windowEnd: number): RateDecision {
  return { limited: hits > limit, limit, remaining: Math.max(0, limit - hits), reset: Math.ceil(windowEnd / 1000) };
}

export function createRateLimiter(limits: RateLimits, counter: RateCounter, now: () => number = Date.now): RateLimiter {
  const limitOf: Record<RateScope, number> = { ip: limits.perIp, key: limits.perKey };
  const { windowMs } = limits;
  return {
    enabled: (scope) => limitOf[scope] > 0,
    hit(scope, id) {
      const limit = limitOf[scope];
      if (limit <= 0) return undefined;
      const t = now();
      const windowStart = t - (t % windowMs);
      const hits = counter.hit(`${scope}:${id}`, windowStart, windowMs);
      return typeof hits === 'number'
        ? decision(hits, limit, windowStart + windowMs)
        : hits.then((n) => decision(n, limit, windowStart + windowMs));
    },
  };
}

/** Two decisions as one: limited if either is; the headers show the tighter, which is the one a client must respect. */
export function combine(a: RateDecision | undefined, b: RateDecision | undefined): RateDecision | undefined {
  if (!a || !b) return a ?? b;
  const tighter = b.remaining < a.remaining ? b : a;
  return { ...tighter, limited: a.limited || b.limited };
}

/** The `X-RateLimit-*` headers of a decision. */
export function rateHeaders(d: RateDecision): Record<string, string> {
  return {
    'x-ratelimit-limit': String(d.limit),
    'x-ratelimit-remaining': String(d.remaining),
    'x-ratelimit-reset': String(d.reset),
  };
}

interface Window {
  start: number;
  hits: number;
}

/**
 * Counters in one Map, re-inserted when their window turns over, so stale buckets gather at
 * the head and each hit sweeps at most what has expired (O(1) amortised). Past `maxBuckets`
 * the oldest bucket is dropped: a flood of addresses cannot grow memory without bound.
 */
export function createMemoryCounter(maxBuckets = 100_000): RateCounter {
  const buckets = new Map<string, Window>();
  return {
    hit(bucket, windowStart) {
      let w = buckets.get(bucket);
      if (w && w.start === windowStart) return ++w.hits;
      if (w) buckets.delete(bucket);
      for (const [name, old] of buckets) {
        if (old.start >= windowStart && buckets.size < maxBuckets) break;
        buckets.delete(name);
      }
      w = { start: windowStart, hits: 1 };
      buckets.set(bucket, w);
      return 1;
    },
  };
}
