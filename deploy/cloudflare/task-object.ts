/**
 * @module
 * The task store on Cloudflare Workers: one Durable Object per legacy id.
 *
 * Why a Durable Object: a legacy client polls right after it submits, often through another
 * Worker isolate or colo. Isolate memory is not shared, and Workers KV is eventually consistent
 * (a read elsewhere may miss a write for up to a minute, and then answer ERROR_WRONG_CAPTCHA_ID).
 * A Durable Object is a single instance worldwide with transactional storage, so a poll right
 * after a submit always finds the id. One object per id needs no coordination between ids and
 * has no hot spot; an alarm at the TTL deletes the entry (and with it the object's storage).
 *
 * A pingback for the task lives in the same object: the alarm also comes due when the job does,
 * runs the core's delivery round (`tick()`) over this one job, and is set again for the job's
 * next attempt or the TTL, whichever is sooner.
 */
import { DurableObject } from 'cloudflare:workers';
import type { PingbackJob, PingbackQueue } from '../../src/pingback/queue.ts';
import { StoreUnavailable, type TaskRecord, type TaskStore } from '../../src/store/types.ts';
import { settingsOf, workerGateway } from './gateway.ts';

interface Entry {
  rec: TaskRecord;
  /** ms since the epoch. */
  expires: number;
}

/** A queued pingback and when it is due (ms since the epoch). */
interface Pending {
  job: PingbackJob;
  at: number;
}

/** The entry unless it has expired (an alarm may run a little late). */
async function live(storage: DurableObjectStorage): Promise<Entry | undefined> {
  const entry = await storage.get<Entry>('entry');
  return entry && entry.expires > Date.now() ? entry : undefined;
}

/** This object's one task as a store, for its own alarm: the delivery round reads and updates it. */
function ownStore(storage: DurableObjectStorage): TaskStore {
  return {
    insert: async () => false,
    get: async () => (await live(storage))?.rec,
    update: async (_id, rec) => {
      const entry = await live(storage);
      if (entry) await storage.put<Entry>('entry', { rec, expires: entry.expires });
    },
  };
}

/** This object's one pingback as the queue the delivery round claims from. */
function ownQueue(storage: DurableObjectStorage): PingbackQueue {
  return {
    add: (job, at) => storage.put<Pending>('pingback', { job, at }),
    async claim(now, leaseUntil) {
      const pending = await storage.get<Pending>('pingback');
      if (!pending || pending.at > now) return [];
      await storage.put<Pending>('pingback', { job: pending.job, at: leaseUntil });
      return [pending.job];
    },
    retry: (job, at) => storage.put<Pending>('pingback', { job, at }),
    done: async () => void (await storage.delete('pingback')),
  };
}

/** One task: its record, expiry and pingback. Each method runs alone (input gates), so insert is atomic. */
export class TaskObject extends DurableObject<Record<string, unknown>> {
  async insert(rec: TaskRecord, ttlMs: number): Promise<boolean> {
    if (await live(this.ctx.storage)) return false;
    const expires = Date.now() + ttlMs;
    await this.ctx.storage.put<Entry>('entry', { rec, expires });
    await this.ctx.storage.setAlarm(expires);
    return true;
  }

  async read(): Promise<TaskRecord | undefined> {
    return (await live(this.ctx.storage))?.rec;
  }

  async update(rec: TaskRecord): Promise<void> {
    const entry = await live(this.ctx.storage);
    if (entry) await this.ctx.storage.put<Entry>('entry', { rec, expires: entry.expires });
  }

  async addPingback(job: PingbackJob, at: number): Promise<void> {
    await ownQueue(this.ctx.storage).add(job, at);
    await this.schedule();
  }

  /** The next alarm: the pingback's next attempt, else the TTL. */
  private async schedule(): Promise<void> {
    const entry = await live(this.ctx.storage);
    if (!entry) return;
    const pending = await this.ctx.storage.get<Pending>('pingback');
    await this.ctx.storage.setAlarm(Math.min(pending?.at ?? Infinity, entry.expires));
  }

  override async alarm(): Promise<void> {
    if (!(await live(this.ctx.storage))) return this.ctx.storage.deleteAll();
    const storage = this.ctx.storage;
    if (await storage.get<Pending>('pingback')) {
      const loaded = settingsOf(this.env);
      // Settings gone bad since the submit: no gateway to deliver with, and a job left due would re-fire at once.
      if (!loaded.ok) await storage.delete('pingback');
      else await workerGateway(loaded.settings, { store: ownStore(storage), pingbackQueue: ownQueue(storage) }).tick();
    }
    await this.schedule();
  }
}

/** A failed call to a task object (overloaded, reset, unreachable) is a store outage. */
async function reach<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (e) {
    throw new StoreUnavailable(e instanceof Error ? e.message : String(e));
  }
}

/** Pingback jobs, each kept by its task's object; delivery runs there (the alarm), never in a request. */
export function durableObjectPingbacks(tasks: DurableObjectNamespace<TaskObject>): PingbackQueue {
  return {
    add: (job, at) => reach(() => tasks.get(tasks.idFromName(job.id)).addPingback(job, at)),
    claim: async () => [],
    retry: (job, at) => reach(() => tasks.get(tasks.idFromName(job.id)).addPingback(job, at)),
    done: async () => undefined,
  };
}

/** The `TaskStore` over a namespace of task objects. */
export function durableObjectStore(tasks: DurableObjectNamespace<TaskObject>, ttlMs: number): TaskStore {
  const task = (id: string) => tasks.get(tasks.idFromName(id));
  return {
    insert: (id, rec) => reach(() => task(id).insert(rec, ttlMs)),
    get: (id) => reach(async () => (await task(id).read()) as TaskRecord | undefined),
    update: (id, rec) => reach(() => task(id).update(rec)),
  };
}
