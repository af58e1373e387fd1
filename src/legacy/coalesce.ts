/**
 * @module
 * Poll coalescing. A farm polls each id every second or faster, often from several clients at
 * once; every poll it saves is upstream budget left for submits. Two rules:
 * - concurrent polls of one id in this process share one upstream call (single flight);
 * - with `minIntervalMs`, an id polled upstream less than that long ago (by any instance on a
 *   shared store) is answered from the last state seen without an upstream call. That state is
 *   "not ready": a finished task's outcome is stored and answered from the store at once. The
 *   gate opens again `minIntervalMs` after the last upstream poll, so a solved answer waits at
 *   most that long longer than it would have.
 */
import type { RedisCommand } from '../store/redis.ts';
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
  /** A poll was answered without an upstream call of its own. */
  onCoalesced?: (how: Coalesced) => void;
}

export interface Polls {
  /** The outcome of `id`, from `poll` (the upstream) unless a poll of it is in flight or too recent. */
  run(id: string, poll: () => Promise<Outcome | undefined>): Promise<Outcome | undefined>;
}

export function createPolls(opts: PollsOptions): Polls {
  const flights = new Map<string, Promise<Outcome | undefined>>();

  async function gated(id: string, poll: () => Promise<Outcome | undefined>): Promise<Outcome | undefined> {
    if (opts.minIntervalMs > 0 && !(await opts.gate.claim(id, opts.minIntervalMs))) {
      opts.onCoalesced?.('interval');
      return undefined;
    }
    return poll();
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

/**
 * The gate in this process: ids and the time their gate reopens, in the order they were
 * claimed (the same interval for all), swept from the head; bounded by `maxIds`.
 */
export function memoryPollGate(now: () => number, maxIds = 100_000): PollGate {
  const until = new Map<string, number>();
  return {
    async claim(id, ms) {
      const t = now();
      const open = until.get(id);
      if (open !== undefined && open > t) return false;
      until.delete(id);
      for (const [old, end] of until) {
        if (end > t && until.size < maxIds) break;
        until.delete(old);
      }
      until.set(id, t + ms);
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
