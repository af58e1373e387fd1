/**
 * @module
 * A circuit breaker per upstream. Closed: calls go. After `failures` faults in a row it opens:
 * new tasks skip the upstream for `cooldownMs`. Then it is half-open: one call goes as a probe;
 * its success closes the breaker, its failure opens it again for another cooldown.
 */

type BreakerState = 'closed' | 'open' | 'half-open';

export interface BreakerOptions {
  /** Consecutive faults that open the breaker. */
  failures: number;
  /** How long an open breaker keeps new tasks away, ms. */
  cooldownMs: number;
  now: () => number;
}

export interface Breaker {
  /** Whether a new task may go to this upstream now; true at most once while half-open. */
  allow(): boolean;
  /** The upstream answered (whatever it said). */
  success(): void;
  /** The upstream could not be reached, timed out, or answered a 5xx or garbage. */
  failure(): void;
}

export function createBreaker(opts: BreakerOptions): Breaker {
  let state: BreakerState = 'closed';
  let faults = 0;
  let openUntil = 0;
  let probing = false;

  function open(): void {
    state = 'open';
    openUntil = opts.now() + opts.cooldownMs;
    probing = false;
  }

  return {
    allow() {
      if (state === 'open' && opts.now() >= openUntil) state = 'half-open';
      if (state === 'closed') return true;
      if (state === 'open' || probing) return false;
      probing = true;
      return true;
    },
    success() {
      state = 'closed';
      faults = 0;
      probing = false;
    },
    failure() {
      faults++;
      if (state === 'half-open' || faults >= opts.failures) open();
    },
  };
}
