/**
 * @module
 * Pingback (`pingback=URL` on in.php): inres polls the upstream for the client and, once the
 * task is solved or failed, POSTs 2captcha's form (`id`, `code`) to the URL, retrying with
 * backoff until the task's TTL; polling res.php keeps working meanwhile. The work happens in
 * `tick()`, which the runtime calls: a timer on Node, `waitUntil` on the edge. Nothing runs
 * at import or construction.
 */
import { hashKey } from '../ids/ids.ts';
import type { LegacyContext, PingbackIntake } from '../legacy/context.ts';
import { codeOf, LegacyError } from '../legacy/errors.ts';
import { outcomeAnswer, findOutcome } from '../legacy/res.ts';
import type { Outcome, TaskRecord } from '../task/record.ts';
import type { PingbackJob, PingbackQueue } from './queue.ts';
import { checkTarget, parseTarget, TargetRefused, type Allow, type Resolve, type Target } from './target.ts';

/** Sends the form to the checked target without following redirects; resolves with the HTTP status. */
export type Post = (target: Target, form: URLSearchParams, timeoutMs: number) => Promise<number>;

export interface PingbackOptions {
  queue: PingbackQueue;
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

export interface Pingbacks extends PingbackIntake {
  /** Hands over the context to poll and log with (the app's). */
  use(ctx: LegacyContext): void;
  /** One round: polls due tasks and delivers ready answers. Never rejects. */
  tick(): Promise<void>;
}

/** Backoff after the n-th failed delivery: 2 s, 4 s, 8 s… capped at a minute. */
const backoff = (attempts: number) => Math.min(2000 * 2 ** (attempts - 1), 60_000);

/** The `code` field: the answer as the plain text after `OK|`, or the error code. */
function formCode(rec: TaskRecord, outcome: Outcome): string {
  const answer = outcomeAnswer(rec.type, outcome);
  return answer.kind === 'ok' ? answer.plain : answer.kind === 'bare' ? answer.text : answer.code;
}

export function createPingbacks(opts: PingbackOptions): Pingbacks {
  const deliveryTimeoutMs = opts.deliveryTimeoutMs ?? 5000;
  const pollMs = opts.pollMs ?? 5000;
  const leaseMs = opts.upstreamTimeoutMs + deliveryTimeoutMs + 5000;
  let ctx: LegacyContext | undefined;
  let round: Promise<void> | undefined;

  async function handle(c: LegacyContext, job: PingbackJob, now: number): Promise<void> {
    const { queue } = opts;
    if (now >= job.deadline) {
      c.logger.warn('pingback given up', { id: job.id, attempts: job.attempts });
      return queue.done(job.id);
    }
    const rec = await c.ids.find(job.id, await hashKey(job.key));
    if (!rec) return queue.done(job.id);
    let outcome;
    try {
      outcome = await findOutcome({ id: job.id, rec }, job.key, c);
    } catch (e) {
      if (codeOf(e) === undefined) throw e;
      outcome = undefined;
    }
    if (!outcome) return queue.retry(job, now + pollMs);
    let target: Target;
    try {
      target = await checkTarget(job.url, opts.resolve, opts.allow);
    } catch (e) {
      if (!(e instanceof TargetRefused)) throw e;
      c.logger.warn('pingback refused', { id: job.id, reason: e.message });
      return queue.done(job.id);
    }
    const form = new URLSearchParams({ id: job.id, code: formCode(rec, outcome) });
    const status = await opts.post(target, form, deliveryTimeoutMs).catch(() => 0);
    if (status >= 200 && status < 300) {
      c.logger.info('pingback delivered', { id: job.id, status });
      return queue.done(job.id);
    }
    const attempts = job.attempts + 1;
    c.logger.warn('pingback failed', { id: job.id, status, attempts });
    return queue.retry({ ...job, attempts }, now + backoff(attempts));
  }

  async function run(c: LegacyContext): Promise<void> {
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
        throw new LegacyError('ERROR_BAD_PARAMETERS');
      }
    },
    async add(id, key, url, rec) {
      const job: PingbackJob = { id, key, url, deadline: rec.createdAt + opts.ttlMs, attempts: 0 };
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
