/**
 * @module
 * Callbacks (`pingback=URL` on in.php, a modern `callbackUrl`): inres polls the upstream for
 * the client and, once the task is solved or failed, POSTs the form of the face the task came
 * through to the URL, retrying with backoff until the task's TTL; polling keeps working
 * meanwhile. A job without a URL is only watched: polled until its outcome is stored. The work
 * happens in `tick()`, which the runtime calls: a timer on Node, `waitUntil` on the edge.
 * Nothing runs at import or construction.
 */
import { CallbackRefused, type CallbackIntake, type Solver } from '../core/solver.ts';
import type { Logger } from '../ops/log.ts';
import { StoreUnavailable } from '../store/types.ts';
import type { Outcome, TaskRecord } from '../task/record.ts';
import { UpstreamError } from '../upstream/client.ts';
import type { PingbackJob, PingbackQueue } from './queue.ts';
import { checkTarget, parseTarget, TargetRefused, type Allow, type Resolve, type Target } from './target.ts';

/** Sends the form to the checked target without following redirects; resolves with the HTTP status. */
export type Post = (target: Target, form: URLSearchParams, timeoutMs: number) => Promise<number>;

/** A face's callback form: what it posts for task `id` once `outcome` is known. */
export type RenderCallback = (id: string, rec: TaskRecord, outcome: Outcome) => URLSearchParams;

/** The face of jobs queued before jobs named theirs. */
const defaultFace = 'legacy';

/** Anything the core throws for a task it could not poll this time; a bug is not one. */
const passing = (e: unknown): boolean => e instanceof UpstreamError || e instanceof StoreUnavailable;

export interface PingbackOptions {
  queue: PingbackQueue;
  /** Each face's form, by the face name its jobs carry. */
  render: Readonly<Record<string, RenderCallback>>;
  post: Post;
  resolve: Resolve;
  allow: Allow;
  /** How long an id stays pollable, in ms: deliveries are given up after it. */
  ttlMs: number;
  /** Longest upstream call, in ms: a claimed job is leased for longer than one round. */
  upstreamTimeoutMs: number;
  /** Longest delivery, in ms. */
  deliveryTimeoutMs?: number;
  /** Between upstream polls of a running task, in ms. */
  pollMs?: number;
  /** Most jobs handled per tick. */
  batch?: number;
}

/** What the worker polls and logs with (the app's). */
export interface WorkerContext {
  solver: Solver;
  logger: Logger;
  now: () => number;
}

export interface Pingbacks extends CallbackIntake {
  /** Hands over the context to poll and log with (the app's). */
  use(ctx: WorkerContext): void;
  /** One round: polls due tasks and delivers ready answers. Never rejects. */
  tick(): Promise<void>;
}

/** Backoff after the n-th failed delivery: 2 s, 4 s, 8 s… capped at a minute. */
const backoff = (attempts: number) => Math.min(2000 * 2 ** (attempts - 1), 60_000);

export function createPingbacks(opts: PingbackOptions): Pingbacks {
  const deliveryTimeoutMs = opts.deliveryTimeoutMs ?? 5000;
  const pollMs = opts.pollMs ?? 5000;
  const leaseMs = opts.upstreamTimeoutMs + deliveryTimeoutMs + 5000;
  let ctx: WorkerContext | undefined;
  let round: Promise<void> | undefined;

  async function handle(c: WorkerContext, job: PingbackJob, now: number): Promise<void> {
    const { queue } = opts;
    if (now >= job.deadline) {
      c.logger.warn('pingback given up', { id: job.id, attempts: job.attempts });
      return queue.done(job.id);
    }
    const task = await c.solver.find(job.key, job.id);
    if (!task) return queue.done(job.id);
    let outcome;
    try {
      outcome = await c.solver.outcome(job.key, task);
    } catch (e) {
      if (!passing(e)) throw e;
      outcome = undefined;
    }
    if (!outcome) return queue.retry(job, now + pollMs);
    const render = opts.render[job.face ?? defaultFace];
    if (job.url === undefined || !render) return queue.done(job.id);
    let target: Target;
    try {
      target = await checkTarget(job.url, opts.resolve, opts.allow);
    } catch (e) {
      if (!(e instanceof TargetRefused)) throw e;
      c.logger.warn('pingback refused', { id: job.id, reason: e.message });
      return queue.done(job.id);
    }
    const form = render(job.id, task.rec, outcome);
    const status = await opts.post(target, form, deliveryTimeoutMs).catch(() => 0);
    if (status >= 200 && status < 300) {
      c.logger.info('pingback delivered', { id: job.id, status });
      return queue.done(job.id);
    }
    const attempts = job.attempts + 1;
    c.logger.warn('pingback failed', { id: job.id, status, attempts });
    return queue.retry({ ...job, attempts }, now + backoff(attempts));
  }

  async function run(c: WorkerContext): Promise<void> {
    const now = c.now();
    const jobs = await opts.queue.claim(now, now + leaseMs, opts.batch ?? 50);
    await Promise.all(
      jobs.map((job) =>
        handle(c, job, now).catch((e: unknown) => {
          // The lease runs out and the job comes due again.
          c.logger.warn('pingback round failed', { id: job.id, error: e instanceof Error ? e.message : String(e) });
        }),
      ),
    );
  }

  return {
    accept(url) {
      try {
        parseTarget(url);
      } catch {
        throw new CallbackRefused('not an http(s) URL');
      }
    },
    async add(id, key, callback, rec) {
      const job: PingbackJob = { id, key, face: callback.face, deadline: rec.createdAt + opts.ttlMs, attempts: 0 };
      if (callback.url !== undefined) job.url = callback.url;
      await opts.queue.add(job, rec.createdAt);
    },
    use(c) {
      ctx = c;
    },
    tick() {
      const c = ctx;
      if (!c) return Promise.resolve();
      round ??= run(c)
        .catch((e: unknown) =>
          c.logger.warn('pingback round failed', { error: e instanceof Error ? e.message : String(e) }),
        )
        .finally(() => (round = undefined));
      return round;
    },
  };
}
