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
 */
import { DurableObject } from 'cloudflare:workers';
import { StoreUnavailable, type TaskRecord, type TaskStore } from '../../src/store/types.ts';

interface Entry {
  rec: TaskRecord;
  /** ms since the epoch. */
  expires: number;
}

/** The entry unless it has expired (an alarm may run a little late). */
async function live(storage: DurableObjectStorage): Promise<Entry | undefined> {
  const entry = await storage.get<Entry>('entry');
  return entry && entry.expires > Date.now() ? entry : undefined;
}

/** One task: its record and expiry. Each method runs alone (input gates), so insert is atomic. */
export class TaskObject extends DurableObject {
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

  override async alarm(): Promise<void> {
    await this.ctx.storage.deleteAll();
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

/** The `TaskStore` over a namespace of task objects. */
export function durableObjectStore(tasks: DurableObjectNamespace<TaskObject>, ttlMs: number): TaskStore {
  const task = (id: string) => tasks.get(tasks.idFromName(id));
  return {
    insert: (id, rec) => reach(() => task(id).insert(rec, ttlMs)),
    get: (id) => reach(async () => (await task(id).read()) as TaskRecord | undefined),
    update: (id, rec) => reach(() => task(id).update(rec)),
  };
}
