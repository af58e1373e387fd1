/**
 * @module
 * Callbacks (`pingback=URL` on in.php, a modern `callbackUrl`): inres polls the upstream for
 * the client and, once the task is solved or failed, sends the URL what the face the task came
 * through renders (a form or JSON POST, or a GET with a query: `Delivery`), retrying with
 * backoff until the task's TTL; polling keeps working meanwhile. A job without a URL is only
 * watched: polled until its outcome is stored. The work starts in
 * `tick()`, which the runtime calls: a timer on Node, a Durable Object's alarm on Workers.
 * Nothing runs at import or construction.
 *
 * Delivery is a bounded pool, not rounds: each job runs on its own with its own deadline, and a
 * slot that frees claims the next due job, so no delivery waits for a slower one. One key (by
 * its hash) holds at most `perKey` slots; its other jobs go back to the end of the queue, so a
 * key whose receiver is slow (or an attacker's) cannot hold the pool.
 */
import { CallbackRefused, type CallbackIntake, type Solver } from '../core/solver.ts';
import { hashKey } from '../ids/ids.ts';
import type { Logger } from '../ops/log.ts';
import { StoreUnavailable } from '../store/types.ts';
import type { Outcome, TaskRecord } from '../task/record.ts';
import { UpstreamError } from '../upstream/client.ts';
import type { PingbackJob, PingbackQueue } from './queue.ts';
import { checkTarget, parseTarget, TargetRefused, type Allow, type Resolve, type Target } from './target.ts';

/** A callback as a face renders it: a POST of a body in its content type, or a GET of a query. */
export type Delivery =
  { method: 'POST'; contentType: string; body: string } | { method: 'GET'; query: URLSearchParams };

/** A delivery as sent: the query already on the URL, so senders see one shape. */
export interface Sent {
  method: 'POST' | 'GET';
  url: URL;
  contentType?: string;
  body?: string;
}

/**
 * Sends to the checked target's address without following redirects; resolves with the HTTP
 * status. `sent.url` is the target's URL, with a GET's query added.
 */
export type Post = (target: Target, sent: Sent, timeoutMs: number) => Promise<number>;

/** A face's callback: what it sends for task `id` once `outcome` is known (`rec.endedAt` set). */
export type RenderCallback = (id: string, rec: TaskRecord, outcome: Outcome) => Delivery;

/** A form POST (2captcha's pingback). */
export const formPost = (form: URLSearchParams): Delivery => ({
  method: 'POST',
  contentType: 'application/x-www-form-urlencoded',
  body: form.toString(),
});

/** The delivery on the checked URL: a GET's query after the URL's own, whose bytes are kept as the client wrote them. */
export function sentOf(url: URL, delivery: Delivery): Sent {
  if (delivery.method === 'POST') return { ...delivery, url };
  const query = delivery.query.toString();
  const withQuery = new URL(url);
  if (query) withQuery.search = url.search.length > 1 ? `${url.search}&${query}` : `?${query}`;
  return { method: 'GET', url: withQuery };
}

/** The face of jobs queued before jobs named theirs. */
const defaultFace = 'legacy';

/** Anything the core throws for a task it could not poll this time; a bug is not one. */
const passing = (e: unknown): boolean => e instanceof UpstreamError || e instanceof StoreUnavailable;

export interface PingbackOptions {
  queue: PingbackQueue;
  /** Each face's callback, by the face name its jobs carry. */
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
  /** Deliveries in flight at once. */
  concurrency?: number;
  /** Of those, the most one key holds. */
  perKey?: number;
  /** Whether a job's key is still admitted (a reload may remove it); absent: every key is. */
  admits?: (key: string) => Promise<boolean>;
  /** Where deliveries and the queue's depth are counted. */
  events?: PingbackEvents;
}

/** How a job left the worker's hands; `pending` (not solved yet) is not counted. */
export type DeliveryResult =
  | 'delivered'
  | 'failed'
  | 'refused'
  | 'expired'
  | 'gone'
  | 'revoked'
  | 'error'
  /** A watched job (no URL) whose outcome is now stored. */
  | 'watched';

export interface PingbackEvents {
  result(result: DeliveryResult): void;
  /** Jobs the queue holds, due or not, after a claim. */
  depth(jobs: number): void;
}

const noEvents: PingbackEvents = { result: () => {}, depth: () => {} };

/** What the worker polls and logs with (the app's). */
export interface WorkerContext {
  solver: Solver;
  logger: Logger;
  now: () => number;
}

export interface Pingbacks extends CallbackIntake {
  /** Hands over the context to poll and log with (the app's). */
  use(ctx: WorkerContext): void;
  /**
   * Claims due jobs for the free slots and starts them; resolves once those have run (a
   * Durable Object's alarm waits for its job). Never rejects.
   */
  tick(): Promise<void>;
}

/** Backoff after the n-th failed delivery: 2 s, 4 s, 8 s… capped at a minute. */
const backoff = (attempts: number) => Math.min(2000 * 2 ** (attempts - 1), 60_000);

/** Claims in a row while keys at their share send jobs back: enough to pass over one key's backlog, still bounded. */
const claimsPerCall = 4;

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

export function createPingbacks(opts: PingbackOptions): Pingbacks {
  const deliveryTimeoutMs = opts.deliveryTimeoutMs ?? 5000;
  const pollMs = opts.pollMs ?? 5000;
  const concurrency = opts.concurrency ?? 64;
  const share = opts.perKey ?? 8;
  const events = opts.events ?? noEvents;
  // A job's own deadline covers its store read, upstream poll, target check and delivery; its
  // lease outlasts that, so no other claimer gets it while it runs.
  const jobMs = opts.upstreamTimeoutMs + deliveryTimeoutMs + 3000;
  const leaseMs = jobMs + 5000;
  let ctx: WorkerContext | undefined;
  /** Slots taken: deliveries running plus claims awaiting their jobs. */
  let busy = 0;
  /** Slots per key hash. */
  const held = new Map<string, number>();

  async function handle(c: WorkerContext, job: PingbackJob, now: number): Promise<void> {
    const { queue } = opts;
    if (now >= job.deadline) {
      c.logger.warn('pingback given up', { id: job.id, attempts: job.attempts });
      events.result('expired');
      return queue.done(job.id);
    }
    const task = await c.solver.find(job.key, job.id);
    if (!task) {
      events.result('gone');
      return queue.done(job.id);
    }
    let outcome;
    try {
      outcome = await c.solver.outcome(job.key, task);
    } catch (e) {
      if (!passing(e)) throw e;
      outcome = undefined;
    }
    if (!outcome) return queue.retry(job, now + pollMs);
    const render = opts.render[job.face ?? defaultFace];
    if (job.url === undefined || !render) {
      events.result('watched');
      return queue.done(job.id);
    }
    let target: Target;
    try {
      target = await checkTarget(job.url, opts.resolve, opts.allow);
    } catch (e) {
      if (!(e instanceof TargetRefused)) throw e;
      c.logger.warn('pingback refused', { id: job.id, reason: e.message });
      events.result('refused');
      return queue.done(job.id);
    }
    const sent = sentOf(target.url, render(job.id, await settledRecord(c, job, task.rec), outcome));
    const status = await opts.post(target, sent, deliveryTimeoutMs).catch(() => 0);
    if (status >= 200 && status < 300) {
      c.logger.info('pingback delivered', { id: job.id, status });
      events.result('delivered');
      return queue.done(job.id);
    }
    const attempts = job.attempts + 1;
    c.logger.warn('pingback failed', { id: job.id, status, attempts });
    events.result('failed');
    return queue.retry({ ...job, attempts }, now + backoff(attempts));
  }

  /**
   * The record as the poll settled it, so a callback's end time is the one getTaskResult reads:
   * the copy found before the poll lacks it; now, where the store keeps no outcome.
   */
  async function settledRecord(c: WorkerContext, job: PingbackJob, rec: TaskRecord): Promise<TaskRecord> {
    if (rec.endedAt !== undefined) return rec;
    const stored = (await c.solver.find(job.key, job.id))?.rec;
    return stored?.endedAt !== undefined ? stored : { ...rec, endedAt: c.now() };
  }

  /** A revoked key's job is dropped: polling on with it would use a key the operator removed. */
  async function deliver(c: WorkerContext, job: PingbackJob, now: number): Promise<void> {
    if (opts.admits && !(await opts.admits(job.key))) {
      c.logger.warn('pingback dropped: key no longer admitted', { id: job.id });
      events.result('revoked');
      return opts.queue.done(job.id);
    }
    return handle(c, job, now);
  }

  /** Runs one job within its deadline; past it the slot frees and the lease brings the job back. */
  async function run(c: WorkerContext, job: PingbackJob, now: number): Promise<void> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no outcome within ${jobMs} ms`)), jobMs);
    });
    try {
      await Promise.race([deliver(c, job, now), late]);
    } catch (e) {
      c.logger.warn('pingback attempt failed', { id: job.id, error: message(e) });
      events.result('error');
    } finally {
      if (timer !== undefined) clearTimeout(timer);
    }
  }

  /** Runs a job in its slot (its key's share already counted), then frees both; a freed slot claims the next job. */
  async function start(c: WorkerContext, job: PingbackJob, owner: string, now: number): Promise<void> {
    try {
      await run(c, job, now);
    } finally {
      const left = (held.get(owner) ?? 1) - 1;
      if (left > 0) held.set(owner, left);
      else held.delete(owner);
      busy--;
      // Its key may have jobs due that the claims skipped: the slot claims at once, not at the next tick.
      void claim(c, 1).catch((e: unknown) => c.logger.warn('pingback claim failed', { error: message(e) }));
    }
  }

  /** Keys holding their share: the queue leaves their jobs due for later. */
  function atShare(): Set<string> {
    const full = new Set<string>();
    for (const [owner, holding] of held) if (holding >= share) full.add(owner);
    return full;
  }

  /**
   * Claims up to `slots` due jobs (never past the pool), skipping keys that hold their share, and
   * starts them. A job of such a key claimed all the same (a job queued without its owner, or a
   * claim racing another) goes to the back of the queue and its slot claims again (a few times at
   * most). Settles once the claims are done; the jobs started run on (`running`).
   */
  async function claim(c: WorkerContext, slots: number): Promise<{ running: Promise<unknown> }> {
    const started: Promise<void>[] = [];
    let want = Math.min(slots, concurrency - busy);
    for (let tries = 0; want > 0 && tries < claimsPerCall; tries++) {
      busy += want;
      const now = c.now();
      let jobs: PingbackJob[];
      let owners: string[];
      try {
        jobs = await opts.queue.claim(now, now + leaseMs, want, atShare());
        owners = await Promise.all(jobs.map(async (job) => job.owner ?? hashKey(job.key)));
      } catch (e) {
        busy -= want;
        throw e;
      }
      const back: PingbackJob[] = [];
      const before = started.length;
      jobs.forEach((job, i) => {
        const owner = owners[i]!;
        const holding = held.get(owner) ?? 0;
        if (holding >= share) return void back.push(job);
        held.set(owner, holding + 1);
        started.push(start(c, job, owner, now));
      });
      busy -= want - (started.length - before);
      // Sent back due now: behind every job already due, so other keys' jobs come first.
      await Promise.all(back.map((job) => opts.queue.retry(job, now)));
      if (jobs.length < want) break;
      want = Math.min(back.length, concurrency - busy);
    }
    return { running: Promise.all(started) };
  }

  async function round(c: WorkerContext): Promise<void> {
    let running: Promise<unknown> = Promise.resolve();
    try {
      ({ running } = await claim(c, concurrency));
      if (opts.queue.depth) events.depth(await opts.queue.depth());
    } finally {
      await running;
    }
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
      const job: PingbackJob = {
        id,
        key,
        face: callback.face,
        deadline: rec.createdAt + opts.ttlMs,
        attempts: 0,
        owner: rec.keyHash,
      };
      if (callback.url !== undefined) job.url = callback.url;
      await opts.queue.add(job, rec.createdAt);
    },
    use(c) {
      ctx = c;
    },
    async tick() {
      const c = ctx;
      if (!c) return;
      await round(c).catch((e: unknown) => c.logger.warn('pingback claim failed', { error: message(e) }));
    },
  };
}
