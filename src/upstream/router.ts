/**
 * @module
 * Several upstreams behind one gateway: a new task goes to the first upstream (by priority)
 * that takes its type, has a key for the client and whose breaker lets it through; connect
 * errors, timeouts, 5xx and the codes `codes.ts` marks `elsewhere` move it on to the next.
 * Polls and reports go to the upstream holding the task. An unsolvable task (`again`) may be
 * resubmitted, within a budget, while the client keeps polling the same id. A single
 * UPSTREAM_URL is a router of one. Its own refusals (no upstream takes the type or the key,
 * the holder was removed) are modern codes too, as an aggregating upstream would answer.
 */
import type { BuiltTask, TaskRecord } from '../task/record.ts';
import { familyOf } from '../task/type.ts';
import type { Breaker } from './breaker.ts';
import { affords, BudgetSpent, spend, type Budget } from './budget.ts';
import { UpstreamError, type Call, type Created, type TaskState, type Upstream } from './client.ts';
import { retryOf } from './codes.ts';
import type { Dialect } from './dialects.ts';
import { hasType } from './translate.ts';

/** One configured upstream. */
export interface Route {
  name: string;
  baseUrl: string;
  dialect: Dialect;
  client: Upstream;
  breaker: Breaker;
  /** Gateway key → this upstream's key (`*` for any other); absent: keys pass unchanged. */
  keys?: Readonly<Record<string, string>>;
  /** Canonical types or families it takes; absent: all. */
  types?: readonly string[];
  /** Calls per window this upstream takes (budget.ts); absent: no budget. */
  budget?: Budget;
}

export interface RetryBudget {
  /** Resubmissions of an unsolvable task; 0 turns retries off. */
  attempts: number;
  /** No resubmission once the task is this old, ms. */
  withinMs: number;
}

export interface RouterOptions {
  /** In priority order; the first is the primary. */
  routes: readonly Route[];
  retry: RetryBudget;
  /** getbalance: the primary's balance, or the sum over every upstream the key reaches. */
  balance: 'primary' | 'sum';
  now: () => number;
  /** The upstream key of a client key for routes without a `keys` table (gateway keys); absent: the key itself. */
  upstreamKey?: (key: string) => string;
}

/** Where a new task went: the record fields to keep, and its state if createTask settled it. */
export interface Placed {
  rec: Pick<TaskRecord, 'upstreamId' | 'upstream' | 'retry'>;
  state?: TaskState;
}

export interface Polled {
  state: TaskState;
  /** The record to keep: the same one, or one naming a resubmitted attempt. */
  rec: TaskRecord;
}

export interface Router {
  createTask(key: string, built: BuiltTask): Promise<Placed>;
  poll(key: string, rec: TaskRecord): Promise<Polled>;
  getBalance(key: string): Promise<number>;
  report(key: string, rec: TaskRecord, bad: boolean): Promise<void>;
  /** The first configured upstream (its dialect names openapi.json's). */
  primary: Route;
}

const isDown = (e: unknown): boolean =>
  e instanceof UpstreamError &&
  e.fault !== 'open' &&
  e.fault !== 'budget' &&
  (e.fault !== undefined || (e.status ?? 0) >= 500);
/** Down, or an answer that says "try elsewhere" (no capacity for the task now). */
const movesOn = (e: unknown): boolean => isDown(e) || (e instanceof UpstreamError && retryOf(e.modern) === 'elsewhere');

export function createRouter(opts: RouterOptions): Router {
  const [primary] = opts.routes;
  if (!primary) throw new Error('a router needs at least one upstream');
  const several = opts.routes.length > 1;
  const byName = new Map(opts.routes.map((r) => [r.name, r]));

  // The one place a client key becomes an upstream key: a route's own table, else the gateway keys'.
  const keyFor = (route: Route, key: string): string | undefined =>
    route.keys
      ? Object.hasOwn(route.keys, key)
        ? route.keys[key]
        : route.keys['*']
      : (opts.upstreamKey?.(key) ?? key);
  const takes = (route: Route, type: string): boolean =>
    hasType(route.dialect, type) &&
    (!route.types || route.types.includes(type) || route.types.includes(familyOf(type)));

  /** Runs one call, telling the upstream's breaker how it went. */
  async function call<T>(route: Route, fn: () => Promise<T>): Promise<T> {
    try {
      const value = await fn();
      route.breaker.success();
      return value;
    } catch (e) {
      if (isDown(e)) route.breaker.failure();
      else if (e instanceof UpstreamError) route.breaker.success();
      throw e;
    }
  }

  /** Creates the task at the first of `order` that takes it; throws the last refusal. */
  async function placeTask(
    key: string,
    built: BuiltTask,
    order: readonly Route[],
  ): Promise<{ route: Route; created: Created }> {
    const able = order.filter((r) => takes(r, built.type));
    if (able.length === 0) throw new UpstreamError('createTask', 'ERROR_TASK_NOT_SUPPORTED');
    // Built only when needed: an error's stack trace cost a submit ~4.6 µs here.
    let last: unknown;
    for (const route of able) {
      const upstreamKey = keyFor(route, key);
      if (upstreamKey === undefined) continue;
      // Before the breaker: a half-open breaker's probe must be a call that leaves.
      if (!(await affords(route.budget, 'createTask'))) {
        last = new BudgetSpent('createTask');
        continue;
      }
      if (!route.breaker.allow()) {
        last = new UpstreamError('createTask', undefined, 'open');
        continue;
      }
      try {
        return {
          route,
          created: await call(route, () => route.client.createTask(upstreamKey, built.type, built.task, built.extras)),
        };
      } catch (e) {
        if (!movesOn(e)) throw e;
        last = e;
      }
    }
    throw last ?? new UpstreamError('createTask', 'ERROR_KEY_DOES_NOT_EXIST');
  }

  function holder(rec: TaskRecord, call: Call): Route {
    const route = rec.upstream === undefined ? primary : byName.get(rec.upstream);
    // The upstream was removed from the configuration: its tasks are gone for inres.
    if (!route) throw new UpstreamError(call, 'ERROR_NO_SUCH_CAPCHA_ID');
    return route;
  }

  function holderKey(route: Route, key: string, call: Call): string {
    const upstreamKey = keyFor(route, key);
    if (upstreamKey === undefined) throw new UpstreamError(call, 'ERROR_KEY_DOES_NOT_EXIST');
    return upstreamKey;
  }

  /** The routes after `route`, then `route` itself: a retry prefers another upstream. */
  function after(route: Route): Route[] {
    const i = opts.routes.indexOf(route);
    return [...opts.routes.slice(i + 1), ...opts.routes.slice(0, i + 1)];
  }

  const withoutRetry = ({ retry: _retry, ...rest }: TaskRecord): TaskRecord => rest;

  /** Resubmits an unsolvable task when the budget allows; undefined when it does not. */
  async function resubmit(key: string, rec: TaskRecord, route: Route): Promise<Polled | undefined> {
    const retry = rec.retry;
    if (!retry || retry.attempts >= opts.retry.attempts || opts.now() - rec.createdAt >= opts.retry.withinMs)
      return undefined;
    let placed;
    try {
      placed = await placeTask(key, { type: rec.type, task: retry.task, extras: retry.extras }, after(route));
    } catch {
      return undefined;
    }
    const next: TaskRecord = {
      ...rec,
      upstreamId: placed.created.taskId,
      retry: { ...retry, attempts: retry.attempts + 1 },
    };
    if (several) next.upstream = placed.route.name;
    const state = placed.created.state;
    if (state) return { state, rec: withoutRetry(next) };
    return { state: { state: 'processing' }, rec: next };
  }

  return {
    primary,

    async createTask(key, built) {
      const { route, created } = await placeTask(key, built, opts.routes);
      const rec: Placed['rec'] = { upstreamId: created.taskId };
      if (several) rec.upstream = route.name;
      if (opts.retry.attempts > 0 && !created.state)
        rec.retry = { task: built.task, extras: built.extras, attempts: 0 };
      return created.state ? { rec, state: created.state } : { rec };
    },

    async poll(key, rec) {
      const route = holder(rec, 'getTaskResult');
      const upstreamKey = holderKey(route, key, 'getTaskResult');
      await spend(route.budget, 'getTaskResult');
      const state = await call(route, () => route.client.getTaskResult(upstreamKey, rec.upstreamId));
      if (state.state === 'processing') return { state, rec };
      if (state.state === 'failed' && retryOf(state.code) === 'again') {
        const again = await resubmit(key, rec, route);
        if (again) return again;
      }
      return { state, rec: withoutRetry(rec) };
    },

    async getBalance(key) {
      const reachable = opts.routes.filter((r) => keyFor(r, key) !== undefined);
      if (reachable.length === 0) throw new UpstreamError('getBalance', 'ERROR_KEY_DOES_NOT_EXIST');
      const balanceOf = async (r: Route) => {
        await spend(r.budget, 'getBalance');
        return call(r, () => r.client.getBalance(keyFor(r, key)!));
      };
      if (opts.balance === 'primary') return balanceOf(reachable[0]!);
      const results = await Promise.allSettled(reachable.map(balanceOf));
      const got = results.filter((r) => r.status === 'fulfilled').map((r) => r.value);
      if (got.length === 0) throw (results[0] as PromiseRejectedResult).reason;
      return got.reduce((a, b) => a + b, 0);
    },

    async report(key, rec, bad) {
      const route = holder(rec, 'report');
      const upstreamKey = holderKey(route, key, 'report');
      await spend(route.budget, 'report');
      await call(route, () => route.client.report(upstreamKey, rec.type, rec.upstreamId, bad));
    },
  };
}
