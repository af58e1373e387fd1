/**
 * @module
 * The solve path every face stands on: a task in the canonical vocabulary goes to the router
 * (routing, failover, breaker, budget), is kept under a gateway-issued id scoped to the key
 * that made it, is polled with coalescing, reported, and its outcome kept once known. Faces
 * read and write their wire formats only; what fails here is thrown as a value in the core's
 * vocabulary (`UpstreamError`, `StoreUnavailable`, `CallbackRefused`) for each face to name.
 */
import { hashKey } from '../ids/ids.ts';
import type { TaskIds } from '../ids/ids.ts';
import type { Logger } from '../ops/log.ts';
import { StoreFull, StoreUnavailable } from '../store/types.ts';
import type { BuiltTask, Outcome, TaskRecord } from '../task/record.ts';
import type { Router } from '../upstream/router.ts';
import type { Polls } from './coalesce.ts';

/** A task as a face holds it: the gateway's id and its record. */
export interface Task {
  id: string;
  rec: TaskRecord;
}

/**
 * Where the outcome of a task goes once known: delivered to `url` in the format of the face
 * named, or, without a url, only polled in the background until its outcome is stored (for
 * faces whose clients poll without credentials).
 */
export interface Callback {
  face: string;
  url?: string;
}

/** A callback this runtime cannot deliver, or a URL that is not one. */
export class CallbackRefused extends Error {
  readonly code = 'CALLBACK_REFUSED';
  constructor(reason: string) {
    super(reason);
    this.name = 'CallbackRefused';
  }
}

/**
 * What the core needs of callback delivery (`pingback/worker.ts` provides it). Declared here,
 * on the side that uses it, so the worker depends on the core and not back.
 */
export interface CallbackIntake {
  /** Throws CallbackRefused for a URL that cannot be a callback target. */
  accept(url: string): void;
  /** Queues the task: delivered (or only watched) until its TTL. */
  add(id: string, key: string, callback: Callback, rec: TaskRecord): Promise<void>;
}

export interface SolverDeps {
  upstream: Router;
  ids: TaskIds;
  logger: Logger;
  now: () => number;
  /** Callback delivery, where the runtime drives it; a callback is refused without. */
  callbacks?: CallbackIntake;
  /** Poll coalescing (coalesce.ts); absent: every poll goes upstream. */
  polls?: Polls;
}

export interface SubmitOptions {
  callback?: Callback;
  /** The client family the face read the task in, kept in the record (not in stateless ids). */
  dialect?: string;
  /** The face whose clients poll by id alone (DBC): `peek` reads the task for that face only. */
  openTo?: string;
}

export interface Solver {
  /** Creates the task upstream and keeps it under a fresh id scoped to `key` (the client's key as it came). */
  submit(key: string, built: BuiltTask, opts?: SubmitOptions): Promise<Task>;
  /** The task behind `id` if `key` made it; undefined for an unknown id or another key's. */
  find(key: string, id: string): Promise<Task | undefined>;
  /**
   * The task behind `id` without its key, only if it was submitted `openTo` this face (whose
   * clients poll by id alone): another face's task stays unreachable without its key.
   */
  peek(face: string, id: string): Promise<Task | undefined>;
  /** Its outcome: stored, else polled upstream (coalesced) and stored; undefined while not ready. */
  outcome(key: string, task: Task): Promise<Outcome | undefined>;
  report(key: string, task: Task, bad: boolean): Promise<void>;
  /** The key's balance in USD. */
  balance(key: string): Promise<number>;
  /** Throws CallbackRefused when callbacks cannot be delivered here or `url` is not a target. */
  checkCallback(url: string): void;
}

export function createSolver(deps: SolverDeps): Solver {
  const { upstream, ids } = deps;

  async function pollUpstream({ id, rec }: Task, key: string): Promise<Outcome | undefined> {
    const { state, rec: kept } = await upstream.poll(key, rec);
    if (state.state === 'processing') {
      // An unsolvable attempt was resubmitted: the id now names the new attempt.
      if (kept !== rec) await ids.settle(id, kept);
      return undefined;
    }
    const outcome: Outcome =
      state.state === 'ready' ? { solution: state.solution, cost: state.cost } : { error: state.code };
    await ids.settle(id, { ...kept, outcome, endedAt: deps.now() });
    return outcome;
  }

  function checkCallback(url: string): void {
    if (!deps.callbacks) throw new CallbackRefused('callbacks are not delivered on this runtime');
    deps.callbacks.accept(url);
  }

  return {
    async submit(key, built, opts = {}) {
      const { callback } = opts;
      if (callback?.url !== undefined) checkCallback(callback.url);
      else if (callback && !deps.callbacks) throw new CallbackRefused('tasks are not watched on this runtime');
      // A task the store cannot record would be billed and its id never given: no upstream call.
      if (ids.ready?.() === false) throw new StoreUnavailable('store not ready: no task created');
      const keyHash = await hashKey(key);
      if (ids.room?.(keyHash) === false) throw new StoreFull('the key is at its running-task cap: no task created');
      const created = await upstream.createTask(key, built);
      const rec: TaskRecord = { ...created.rec, type: built.type, keyHash, createdAt: deps.now() };
      if (opts.dialect !== undefined) rec.dialect = opts.dialect;
      if (opts.openTo !== undefined) rec.openTo = opts.openTo;
      if (created.state?.state === 'ready')
        rec.outcome = { solution: created.state.solution, cost: created.state.cost };
      else if (created.state?.state === 'failed') rec.outcome = { error: created.state.code };
      if (rec.outcome) rec.endedAt = rec.createdAt;
      const id = await ids.issue(rec);
      deps.logger.debug('task created', { id, upstream: rec.upstream, taskId: rec.upstreamId, type: rec.type });
      if (callback) await deps.callbacks!.add(id, key, callback, rec);
      return { id, rec };
    },

    async find(key, id) {
      const rec = await ids.find(id, await hashKey(key));
      return rec && { id, rec };
    },

    async peek(face, id) {
      const rec = await ids.peek(id);
      return rec?.openTo === face ? { id, rec } : undefined;
    },

    outcome(key, task) {
      if (task.rec.outcome) return Promise.resolve(task.rec.outcome);
      return deps.polls ? deps.polls.run(task.id, () => pollUpstream(task, key)) : pollUpstream(task, key);
    },

    report: (key, task, bad) => upstream.report(key, task.rec, bad),
    balance: (key) => upstream.getBalance(key),
    checkCallback,
  };
}
