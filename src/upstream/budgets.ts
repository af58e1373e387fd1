/**
 * @module
 * Every upstream's budget and its metrics, from one counter (memory, or Redis when the store
 * is shared): routes.ts hands each route here as it builds it. Also the state a dashboard
 * shows per upstream: the budget's limit and fallback, and the breaker.
 */
import type { Registry } from '../ops/metrics.ts';
import type { BreakerState } from './breaker.ts';
import { createBudget, type BudgetCounter, type Rate } from './budget.ts';
import type { Route } from './router.ts';

export interface BudgetsOptions {
  registry: Registry;
  counter: BudgetCounter;
  now: () => number;
  /** Instances assumed to share the budget until the heartbeat has counted them. */
  instances: number;
}

/** Gives a route its budget, when it has a rate, and shows its breaker. */
export type AttachRoute = (route: Route, rate: Rate | undefined) => void;

const breakerValues: Record<BreakerState, number> = { closed: 0, 'half-open': 1, open: 2 };

/** Between heartbeats, ms. */
const beatMs = 1000;

export function createBudgets(opts: BudgetsOptions): AttachRoute {
  const { registry, counter } = opts;
  const used = registry.counter(
    'inres_upstream_budget_used_total',
    'Upstream calls the rate budget let through, by upstream and class (submit, poll).',
    ['upstream', 'class'],
  );
  const refused = registry.counter(
    'inres_upstream_budget_refused_total',
    'Upstream calls the rate budget kept back, by upstream and class.',
    ['upstream', 'class'],
  );
  const limit = registry.gauge(
    'inres_upstream_budget_limit',
    'Upstream calls allowed per budget window, all instances together.',
    ['upstream'],
  );
  const window = registry.gauge('inres_upstream_budget_window_seconds', 'The budget window.', ['upstream']);
  const fallback = registry.gauge(
    'inres_upstream_budget_fallback',
    '1 while this instance counts on its own share of the budget (shared store down).',
    ['upstream'],
  );
  const instances = registry.gauge(
    'inres_budget_instances',
    'Instances sharing the budget, as the heartbeat last counted them.',
  );
  const breakers = new Map<string, () => BreakerState>();
  registry.gaugesFn(
    'inres_upstream_breaker_state',
    'Circuit breaker per upstream: 0 closed, 1 half-open, 2 open.',
    ['upstream'],
    () => [...breakers].map(([name, state]) => [[name], breakerValues[state()]] as const),
  );

  let known = opts.instances;
  let lastBeat = -Infinity;
  instances.set(known);
  /** At most once a second, on a call that spends budget: the core starts no timers. */
  function beat(): void {
    const t = opts.now();
    if (!counter.beat || t - lastBeat < beatMs) return;
    lastBeat = t;
    // A failed beat keeps the last count; the store's health is told elsewhere (store/health.ts).
    counter.beat().then(
      (n) => {
        known = n;
        instances.set(n);
      },
      () => {},
    );
  }

  return (route, rate) => {
    breakers.set(route.name, () => route.breaker.state());
    if (!rate) return;
    const labels = [route.name];
    limit.set(rate.requests, labels);
    window.set(rate.windowMs / 1000, labels);
    fallback.set(0, labels);
    const budget = createBudget({
      bucket: route.name,
      rate,
      counter,
      now: opts.now,
      instances: () => known,
      events: {
        taken: (kind) => used.inc([route.name, kind]),
        refused: (kind) => refused.inc([route.name, kind]),
        fallback: (on) => fallback.set(on ? 1 : 0, labels),
      },
    });
    route.budget = {
      take(kind) {
        beat();
        return budget.take(kind);
      },
    };
  };
}
