/**
 * @module
 * Poll coalescing. A farm polls each id every second or faster, often from several clients at
 * once; every poll it saves is upstream budget left for submits. Two rules:
 * - concurrent polls of one id in this process share one upstream call (single flight);
 * - with `minIntervalMs`, an id polled upstream less than that long ago (by any instance on a
 *   shared store) is answered from the last state seen without an upstream call. That state is
 *   "not ready": a finished task's outcome is stored and answered from the store at once. The
 *   gate opens again `minIntervalMs` after the last upstream poll, so a solved answer waits at
 *   most that long longer than it would have. Where outcomes are not stored (IDS=stateless),
 *   this process keeps the outcomes it saw for that long and answers them.
 */
import type { RedisCommand } from '../redis/store.ts';
import type { Outcome } from '../store/types.ts';

/** Who polled an id upstream lately. */
export interface PollGate {
  /** True when no poll of `id` went upstream in the last `ms` (and marks one now). */
  claim(id: string, ms: number): Promise<boolean>;
}

export type Coalesced = 'in-flight' | 'interval';

export interface PollsOptions {
  gate: PollGate;
  minIntervalMs: number;
  now: () => number;
  /** A poll was answered without an upstream call of its own. */
  onCoalesced?: (how: Coalesced) => void;
}

export interface Polls {
  /** The outcome of `id`, from `poll` (the upstream) unless a poll of it is in flight or too recent. */
  run(id: string, poll: () => Promise<Outcome | undefined>): Promise<Outcome | undefined>;
}

export function createPolls(opts: PollsOptions): Polls {
  const flights = new Map<string, Promise<Outcome | undefined>>();
  const seen = expiring<Outcome>(opts.now);

  async function gated(id: string, poll: () => Promise<Outcome | undefined>): Promise<Outcome | undefined> {
    if (opts.minIntervalMs > 0 && !(await opts.gate.claim(id, opts.minIntervalMs))) {
      opts.onCoalesced?.('interval');
      return seen.get(id);
    }
    const outcome = await poll();
    if (outcome && opts.minIntervalMs > 0) seen.set(id, outcome, opts.minIntervalMs);
    return outcome;
  }

  return {
    run(id, poll) {
      const flying = flights.get(id);
      if (flying) {
        opts.onCoalesced?.('in-flight');
        return flying;
      }
      // In the map before the first await, so a poll arriving meanwhile joins this one.
      const flight = gated(id, poll).finally(() => flights.delete(id));
      flights.set(id, flight);
      return flight;
    },
  };
}

interface Expiring<T> {
  get(id: string): T | undefined;
  set(id: string, value: T, ms: number): void;
}

/**
 * Values that expire, in the order they were set (the same lifetime for all), swept from the
 * head on every set; bounded by `maxIds`.
 */
function expiring<T>(now: () => number, maxIds = 100_000): Expiring<T> {
  const entries = new Map<string, { value: T; until: number }>();
  return {
    get(id) {
      const e = entries.get(id);
      return e && e.until > now() ? e.value : undefined;
    },
    set(id, value, ms) {
      const t = now();
      entries.delete(id);
      for (const [old, e] of entries) {
        if (e.until > t && entries.size < maxIds) break;
        entries.delete(old);
      }
      entries.set(id, { value, until: t + ms });
    },
  };
}

/** The gate in this process. */
export function memoryPollGate(now: () => number): PollGate {
  const polled = expiring<true>(now);
  return {
    async claim(id, ms) {
      if (polled.get(id)) return false;
      polled.set(id, true, ms);
      return true;
    },
  };
}

/**
 * The gate on the shared store: one key per id, set only if absent, expiring after the
 * interval. When the store fails the poll goes upstream: the budget still bounds it.
 */
export function redisPollGate(command: RedisCommand, prefix = 'inres:'): PollGate {
  return {
    async claim(id, ms) {
      try {
        return (await command(['SET', `${prefix}polled:${id}`, '1', 'NX', 'PX', ms])) === 'OK';
      } catch {
        return true;
      }
    },
  };
}
