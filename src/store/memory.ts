/**
 * @module
 * The embedded store: bounded in size and age, every operation O(1) (amortised). Two Maps in
 * insertion order, one for tasks still running and one for finished ones. When full, the
 * oldest finished entry goes first (its answer has most likely been read); a running task is
 * dropped only when nothing has finished. Expired entries are swept from the heads and
 * dropped on access.
 */
import type { TaskRecord, TaskStore } from './types.ts';

export interface MemoryStoreOptions {
  /** How long an id stays pollable, in ms. */
  ttlMs: number;
  /** The most live ids kept; past it the oldest finished (else oldest running) is dropped. */
  maxEntries: number;
  now?: () => number;
}

interface Slot {
  rec: TaskRecord;
  expires: number;
}

export type MemoryStore = TaskStore & { size(): number };

export function createMemoryStore(opts: MemoryStoreOptions): MemoryStore {
  const now = opts.now ?? Date.now;
  const running = new Map<string, Slot>();
  const finished = new Map<string, Slot>();
  const size = () => running.size + finished.size;

  /** Drops expired entries at the heads, then the oldest ones while there is no room. */
  function makeRoom(t: number): void {
    for (const map of [running, finished]) {
      for (const [id, slot] of map) {
        if (slot.expires > t) break;
        map.delete(id);
      }
    }
    while (size() >= opts.maxEntries) {
      const map = finished.size > 0 ? finished : running;
      map.delete(map.keys().next().value!);
    }
  }

  function live(id: string, t: number): Slot | undefined {
    const slot = running.get(id) ?? finished.get(id);
    if (!slot) return undefined;
    if (slot.expires <= t) {
      running.delete(id);
      finished.delete(id);
      return undefined;
    }
    return slot;
  }

  return {
    async insert(id, rec) {
      const t = now();
      if (live(id, t)) return false;
      makeRoom(t);
      (rec.outcome ? finished : running).set(id, { rec, expires: t + opts.ttlMs });
      return true;
    },
    async get(id) {
      return live(id, now())?.rec;
    },
    async update(id, rec) {
      const slot = live(id, now());
      if (!slot) return;
      slot.rec = rec;
      if (rec.outcome && running.delete(id)) finished.set(id, slot);
    },
    size,
  };
}
