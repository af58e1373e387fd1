/**
 * @module
 * The embedded store: bounded in size and age, every operation O(1) (amortised). Two Maps,
 * each with its ids in insertion order: one for tasks still running, one for finished ones. When full, the
 * oldest finished entry goes first (its answer has most likely been read); a running task is
 * dropped only when nothing has finished, and one key holds at most `maxRunningPerKey` running
 * tasks, so one key's flood cannot push out another key's running task. Expired entries are
 * swept from the heads on every insert, read and count (no timer: every runtime has reads), and
 * dropped on access.
 */
import { StoreFull, type TaskRecord, type TaskStore } from './types.ts';

export interface MemoryStoreOptions {
  /** How long an id stays pollable, in ms. */
  ttlMs: number;
  /** The most live ids kept; past it the oldest finished (else oldest running) is dropped. */
  maxEntries: number;
  /** The most running (not yet finished) tasks of one key; past it an insert throws StoreFull. */
  maxRunningPerKey?: number;
  now?: () => number;
}

interface Slot {
  rec: TaskRecord;
  expires: number;
}

/**
 * A map and its ids in the order they entered it. The oldest entry is read from the order,
 * not from a new iterator over the map: V8 keeps deleted entries in a Map's table until it
 * rehashes and an iterator walks all of them before the first live one, so with expiry
 * deleting at the head an insert went from ~2.5 to ~150 µs at 200 k live ids.
 */
interface Lane {
  map: Map<string, Slot>;
  /** The order in chunks of fixed size (no copying as it moves, ~8 bytes an id). */
  chunks: string[][];
  /** Next place to read in the first chunk, next place to write in the last. */
  head: number;
  tail: number;
}

const chunkSize = 1024;
const lane = (): Lane => ({ map: new Map(), chunks: [], head: 0, tail: chunkSize });

function add(l: Lane, id: string, slot: Slot): void {
  l.map.set(id, slot);
  if (l.tail === chunkSize) {
    l.chunks.push(new Array<string>(chunkSize));
    l.tail = 0;
  }
  l.chunks[l.chunks.length - 1]![l.tail++] = id;
}

/**
 * The id of the oldest entry, passing over ids since deleted or moved. (An id issued again
 * after its entry expired stands twice in the order; the first place then holds the new entry.)
 */
function oldest(l: Lane): string | undefined {
  for (;;) {
    const first = l.chunks[0];
    if (!first) return undefined;
    const end = l.chunks.length === 1 ? l.tail : chunkSize;
    for (; l.head < end; l.head++) {
      if (l.map.has(first[l.head]!)) return first[l.head];
    }
    if (l.chunks.length === 1) return undefined;
    l.chunks.shift();
    l.head = 0;
  }
}

export type MemoryStore = TaskStore & { size(): number; room(keyHash: string): boolean };

export function createMemoryStore(opts: MemoryStoreOptions): MemoryStore {
  const now = opts.now ?? Date.now;
  const maxRunning = opts.maxRunningPerKey ?? Infinity;
  const running = lane();
  const finished = lane();
  /** Running tasks per key hash. */
  const runningOf = new Map<string, number>();
  const size = () => running.map.size + finished.map.size;
  const room = (keyHash: string) => (runningOf.get(keyHash) ?? 0) < maxRunning;

  /** Takes `id` out of `l`; a running task no longer counts for its key. */
  function remove(l: Lane, id: string): void {
    const slot = l.map.get(id);
    if (!slot || !l.map.delete(id) || l !== running) return;
    const left = runningOf.get(slot.rec.keyHash)! - 1;
    if (left > 0) runningOf.set(slot.rec.keyHash, left);
    else runningOf.delete(slot.rec.keyHash);
  }

  /** Drops the oldest entry (`id`, as `oldest` found it). */
  function dropOldest(l: Lane, id: string): void {
    remove(l, id);
    l.head++;
  }

  function sweepLane(l: Lane, t: number): void {
    for (let id = oldest(l); id !== undefined && l.map.get(id)!.expires <= t; id = oldest(l)) dropOldest(l, id);
  }

  /** Drops expired entries at the heads: O(1) when none has expired. */
  function sweep(t: number): void {
    sweepLane(running, t);
    sweepLane(finished, t);
  }

  /** Drops the oldest entries while there is no room. */
  function makeRoom(): void {
    while (size() >= opts.maxEntries) {
      const l = finished.map.size > 0 ? finished : running;
      dropOldest(l, oldest(l)!);
    }
  }

  function live(id: string, t: number): Slot | undefined {
    const slot = running.map.get(id) ?? finished.map.get(id);
    if (!slot) return undefined;
    if (slot.expires <= t) {
      remove(running, id);
      remove(finished, id);
      return undefined;
    }
    return slot;
  }

  return {
    async insert(id, rec) {
      const t = now();
      if (live(id, t)) return false;
      sweep(t);
      if (!rec.outcome && !room(rec.keyHash)) throw new StoreFull('key at its task cap');
      makeRoom();
      add(rec.outcome ? finished : running, id, { rec, expires: t + opts.ttlMs });
      if (!rec.outcome) runningOf.set(rec.keyHash, (runningOf.get(rec.keyHash) ?? 0) + 1);
      return true;
    },
    async get(id) {
      const t = now();
      sweep(t);
      return live(id, t)?.rec;
    },
    async update(id, rec) {
      const slot = live(id, now());
      if (!slot) return;
      if (rec.outcome && running.map.has(id)) {
        remove(running, id);
        slot.rec = rec;
        add(finished, id, slot);
      } else slot.rec = rec;
    },
    size() {
      sweep(now());
      return size();
    },
    room(keyHash) {
      sweep(now());
      return room(keyHash);
    },
  };
}
