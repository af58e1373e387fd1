/**
 * @module
 * What instances sharing one store agree on besides the tasks: the upstream rate budget and the
 * poll gate, counted in Redis when the entrypoint hands over the shared store's command
 * function, else in this process.
 */
import { createPolls, memoryPollGate, redisPollGate, type Polls } from './core/coalesce.ts';
import type { GatewayMetrics } from './ops/observe.ts';
import type { Settings } from './settings.ts';
import type { RedisCommand } from './redis/store.ts';
import { createMemoryBudgetCounter } from './upstream/budget.ts';
import { createRedisBudgetCounter } from './redis/budget-counter.ts';
import { createBudgets, type AttachRoute } from './upstream/budgets.ts';

export interface Coordination {
  /** For routerFor: each route's budget. */
  attach: AttachRoute;
  polls: Polls;
}

export function createCoordination(
  settings: Settings,
  metrics: GatewayMetrics,
  now: () => number,
  shared?: RedisCommand,
): Coordination {
  return {
    attach: createBudgets({
      registry: metrics.registry,
      counter: shared ? createRedisBudgetCounter({ command: shared, now }) : createMemoryBudgetCounter(),
      now,
      instances: settings.UPSTREAM_RATE_INSTANCES,
    }),
    polls: createPolls({
      gate: shared ? redisPollGate(shared) : memoryPollGate(now),
      minIntervalMs: settings.POLL_MIN_INTERVAL_MS,
      now,
      onCoalesced: (how) => metrics.polledCoalesced.inc([how]),
    }),
  };
}
