/**
 * The circuit breaker on an injected clock, seen as the router sees it: whether a new task
 * may go (`allow`), after the successes and failures it was told of.
 */
import { describe, expect, it } from 'vitest';
import { createBreaker } from '../../src/upstream/breaker.ts';

function breaker(failures = 3, cooldownMs = 1000) {
  const clock = { t: 0 };
  return { clock, b: createBreaker({ failures, cooldownMs, now: () => clock.t }) };
}

describe('circuit breaker', () => {
  it('stays closed below the threshold, and a success resets the count', () => {
    const { b } = breaker();
    b.failure();
    b.failure();
    b.success();
    b.failure();
    b.failure();
    // Closed: every call goes, not one probe.
    expect([b.allow(), b.allow(), b.allow()]).toEqual([true, true, true]);
  });

  it('opens at the threshold and refuses until the cooldown ends, then lets one probe through', () => {
    const { b, clock } = breaker();
    for (let i = 0; i < 3; i++) b.failure();
    expect(b.allow()).toBe(false);
    clock.t = 999;
    expect(b.allow()).toBe(false);
    clock.t = 1000;
    expect([b.allow(), b.allow()]).toEqual([true, false]);
  });

  it('half-open lets exactly one probe through', () => {
    const { b, clock } = breaker(1);
    b.failure();
    clock.t = 1000;
    expect(b.allow()).toBe(true);
    expect(b.allow()).toBe(false);
    expect(b.allow()).toBe(false);
  });

  it('a failed probe opens it for another cooldown; a good one closes it', () => {
    const { b, clock } = breaker(2);
    b.failure();
    b.failure();
    clock.t = 1000;
    expect(b.allow()).toBe(true);
    b.failure();
    expect(b.allow()).toBe(false);
    clock.t = 1999;
    expect(b.allow()).toBe(false);
    clock.t = 2000;
    expect(b.allow()).toBe(true);
    b.success();
    expect([b.allow(), b.allow(), b.allow()]).toEqual([true, true, true]);
  });

  it('a single failure after closing does not reopen it: the count starts again', () => {
    const { b, clock } = breaker(2);
    b.failure();
    b.failure();
    clock.t = 1000;
    b.allow();
    b.success();
    b.failure();
    expect([b.allow(), b.allow()]).toEqual([true, true]);
  });
});
