/**
 * @module
 * The embedded store: one Map in insertion order, bounded in size and age. Entries all live
 * for the same TTL, so the oldest are at the head: expiry and eviction only ever look there,
 * and every operation is O(1) (amortised).
 */
import type { TaskRecord, TaskStore } from './types.ts';

export interface MemoryStoreOptions {
  /** How long an id stays pollable, in ms. */
  ttlMs: number;
  /** The most live ids kept; past it the oldest is dropped. */
  maxEntries: number;
  now?: () => number;
}

interface Slot {
  rec: TaskRecord;
  expires: number;
}

export function createMemoryStore(opts: MemoryStoreOptions): TaskStore {
  const now = opts.now ?? Date.now;
  const map = new Map<string, Slot>();

  function sweep(t: number): void {
    for (const [id, slot] of map) {
      if (slot.expires > t && map.size < opts.maxEntries) return;
      map.delete(id);
    }
  }

  function live(id: string, t: number): Slot | undefined {
    const slot = map.get(id);
    if (!slot) return undefined;
    if (slot.expires <= t) {
      map.delete(id);
      return undefined;
    }
    return slot;
  }

  return {
    async insert(id, rec) {
      const t = now();
      if (live(id, t)) return false;
      sweep(t);
      map.set(id, { rec, expires: t + opts.ttlMs });
      return true;
    },
    async get(id) {
      return live(id, now())?.rec;
    },
    async update(id, rec) {
      const slot = live(id, now());
      if (slot) slot.rec = rec;
    },
    size: () => map.size,
  };
}
