/**
 * @module
 * An upstream's rate budget: at most `requests` calls per fixed window of `windowMs` (windows
 * aligned to the epoch, like the rate limiter's), summed over every instance that shares the
 * counter (Redis), or per process with the memory counter.
 *
 * Submits come first by a reserve: polls may take only the first `pollCap` slots of a window,
 * submits all of them. A counter cannot know which calls are still to come in a window, and a
 * farm polls far more than it submits; without a reserve, polls early in a window would spend
 * it and refuse every submit until the next. A refused poll costs nothing (the client hears
 * CAPCHA_NOT_READY and polls again); a refused submit is a failed solve for many clients.
 *
 * When the shared counter fails, the instance counts alone for the rest of that window and
 * every window after it until the store answers again, allowed its share: the budget divided by
 * the instances the heartbeat last counted (`instances`), less what it already took this window.
 */
import { UpstreamError } from './client.ts';

export interface Rate {
  requests: number;
  windowMs: number;
}

/** `<requests>/<seconds>`, as UPSTREAM_RATE_LIMIT and an upstream's `rateLimit` give it. */
export function parseRate(text: string): Rate | undefined {
  const m = /^\s*(\d{1,9})\s*\/\s*(\d{1,5})\s*$/.exec(text);
  if (!m) return undefined;
  const requests = Number(m[1]);
  const seconds = Number(m[2]);
  if (requests < 1 || seconds < 1 || seconds > 3600) return undefined;
  return { requests, windowMs: seconds * 1000 };
}

export const rateError = 'expected <requests>/<seconds>, e.g. 10000/10 (requests ≥ 1, seconds 1 to 3600)';

/** What a call spends: a new task, or anything else (poll, balance, report). */
export type CallClass = 'submit' | 'poll';
export const callClasses: readonly CallClass[] = ['submit', 'poll'];

/** Share of each window kept for submits. */
const submitReserve = 0.2;

/** The slots of a window each class may take. */
export function capsOf(requests: number): Record<CallClass, number> {
  return { submit: requests, poll: Math.max(1, requests - Math.ceil(requests * submitReserve)) };
}

/** The class each upstream call spends. */
export const budgetCalls = {
  createTask: { kind: 'submit' },
  getTaskResult: { kind: 'poll' },
  getBalance: { kind: 'poll' },
  report: { kind: 'poll' },
} as const satisfies Record<string, { kind: CallClass }>;

export type BudgetCall = keyof typeof budgetCalls;

/**
 * The budget kept the call from leaving: a fault of that call, so a legacy client hears what a
 * fault answers (a poll CAPCHA_NOT_READY, a submit ERROR_NO_SLOT_AVAILABLE). The router moves a
 * submit on to the next upstream.
 */
export class BudgetSpent extends UpstreamError {
  constructor(call: BudgetCall) {
    super(call, undefined, 'budget');
    this.name = 'BudgetSpent';
  }
}

/** Takes a slot for `call` from `budget` (none: unlimited); false when the budget is spent. */
export async function affords(budget: Budget | undefined, call: BudgetCall): Promise<boolean> {
  return !budget || (await budget.take(budgetCalls[call].kind));
}

/** The same, throwing BudgetSpent when spent; without a budget it returns at once (no promise on every poll). */
export function spend(budget: Budget | undefined, call: BudgetCall): Promise<void> | undefined {
  if (!budget) return undefined;
  return affords(budget, call).then((ok) => {
    if (!ok) throw new BudgetSpent(call);
  });
}

type MaybePromise<T> = T | Promise<T>;

/** Slots per window, shared or not. */
export interface BudgetCounter {
  /**
   * Takes a slot in each of `bucket`'s windows (by start) unless one has `cap` taken; true when
   * taken. Throws when the shared store fails.
   */
  take(bucket: string, windows: readonly number[], windowMs: number, cap: number): MaybePromise<boolean>;
  /** Marks this instance live; resolves with the instances live now. Absent for a process-local counter. */
  beat?(): Promise<number>;
}

export interface Budget {
  /** Takes a slot for a call of `kind`; false when the budget is spent. */
  take(kind: CallClass): MaybePromise<boolean>;
}

export interface BudgetEvents {
  taken(kind: CallClass): void;
  refused(kind: CallClass): void;
  /** The budget counts on its own share (true) or on the shared counter again (false). */
  fallback(on: boolean): void;
}

export interface BudgetOptions {
  bucket: string;
  rate: Rate;
  counter: BudgetCounter;
  now: () => number;
  /** Instances sharing the budget, as last counted. */
  instances: () => number;
  events: BudgetEvents;
}

/**
 * A call takes a moment to reach the upstream: one taken this close to a window's end may
 * arrive in the next window, so it takes a slot in both.
 */
const transitMs = (windowMs: number): number => Math.min(250, windowMs / 10);

export function createBudget(opts: BudgetOptions): Budget {
  const { requests, windowMs } = opts.rate;
  const caps = capsOf(requests);
  const guard = transitMs(windowMs);
  /** Slots this instance took, by window start (the current window and the next). */
  const own = new Map<number, number>();
  /** While set, the window the shared counter last failed in: no store call until the next. */
  let failedIn: number | undefined;

  /** The windows a call taken at `t` counts in. */
  function windowsAt(t: number): number[] {
    const start = t - (t % windowMs);
    return t - start >= windowMs - guard ? [start, start + windowMs] : [start];
  }

  function settle(kind: CallClass, windows: readonly number[], ok: boolean): boolean {
    if (ok) {
      for (const w of windows) own.set(w, (own.get(w) ?? 0) + 1);
      opts.events.taken(kind);
    } else opts.events.refused(kind);
    return ok;
  }

  /** Alone: this instance's part of the class's slots (at least one), less what it took. */
  function alone(kind: CallClass, windows: readonly number[]): boolean {
    const share = Math.max(1, Math.floor(caps[kind] / Math.max(1, opts.instances())));
    return settle(
      kind,
      windows,
      windows.every((w) => (own.get(w) ?? 0) < share),
    );
  }

  function fail(kind: CallClass, windows: readonly number[]): boolean {
    if (failedIn === undefined) opts.events.fallback(true);
    failedIn = windows[0];
    return alone(kind, windows);
  }

  return {
    take(kind) {
      const windows = windowsAt(opts.now());
      const start = windows[0]!;
      for (const w of own.keys()) if (w < start) own.delete(w);
      if (failedIn === start) return alone(kind, windows);
      let got: MaybePromise<boolean>;
      try {
        got = opts.counter.take(opts.bucket, windows, windowMs, caps[kind]);
      } catch {
        return fail(kind, windows);
      }
      const shared = (ok: boolean): boolean => {
        if (failedIn !== undefined) {
          failedIn = undefined;
          opts.events.fallback(false);
        }
        return settle(kind, windows, ok);
      };
      return typeof got === 'boolean' ? shared(got) : got.then(shared, () => fail(kind, windows));
    },
  };
}

/** Slots per window in this process: the memory store's budget. */
export function createMemoryBudgetCounter(): BudgetCounter {
  /** Per bucket, slots taken by window start; windows before the oldest asked for are dropped. */
  const buckets = new Map<string, Map<number, number>>();
  return {
    take(bucket, windows, _windowMs, cap) {
      let taken = buckets.get(bucket);
      if (!taken) buckets.set(bucket, (taken = new Map()));
      for (const w of taken.keys()) if (w < windows[0]!) taken.delete(w);
      if (windows.some((w) => (taken.get(w) ?? 0) >= cap)) return false;
      for (const w of windows) taken.set(w, (taken.get(w) ?? 0) + 1);
      return true;
    },
  };
}
