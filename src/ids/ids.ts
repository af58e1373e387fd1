/**
 * @module
 * Legacy ids ↔ stored tasks. Clients get a short decimal id (many match `\d+`, some parse it
 * as an integer); the store maps it to the upstream task. Ids are random, not sequential, and
 * scoped to the key that created them.
 */
import type { TaskStore } from '../store/types.ts';
import type { TaskRecord } from '../task/record.ts';

export interface TaskIds {
  /** A fresh id for a new task. */
  issue(rec: TaskRecord): Promise<string>;
  /** The task behind `id` if `keyHash` created it. */
  find(id: string, keyHash: string): Promise<TaskRecord | undefined>;
  /** The task behind `id` whoever created it; undefined where an id cannot be read without its key. */
  peek(id: string): Promise<TaskRecord | undefined>;
  /** Records what became of a task. */
  settle(id: string, rec: TaskRecord): Promise<void>;
  /** False while a new id could not be recorded (the store is down); absent: always true. */
  ready?(): boolean;
  /** False while a new running task of this key would be refused (its cap); absent: always true. */
  room?(keyHash: string): boolean;
}

/** Random words drawn in batches: getRandomValues costs ~9 µs a call on Node, whatever its size. */
let pool: Uint32Array<ArrayBuffer> | undefined;
let pooled = 0;

function randomWord(): number {
  if (pooled === 0) {
    crypto.getRandomValues((pool ??= new Uint32Array(256)));
    pooled = pool.length;
  }
  return pool![--pooled]!;
}

/** 15 digits: below 2^53, so the id survives a double as well as an int64. */
export function randomId(): string {
  return String(1e14 + (randomWord() % 900_000) * 1e9 + (randomWord() % 1e9));
}

/**
 * An id is digits: 15 from the store, up to 510 in stateless mode (`signed-ids.ts`).
 * A longer or non-numeric one is malformed; a well-formed one nobody issued is unknown.
 */
export const isIdFormat = (id: string): boolean => /^\d{1,520}$/.test(id);

export function storeIds(store: TaskStore, newId: () => string = randomId): TaskIds {
  return {
    async issue(rec) {
      for (;;) {
        const id = newId();
        if (await store.insert(id, rec)) return id;
      }
    },
    async find(id, keyHash) {
      const rec = await store.get(id);
      return rec && rec.keyHash === keyHash ? rec : undefined;
    },
    peek: (id) => store.get(id),
    settle: (id, rec) => store.update(id, rec),
    ready: () => store.ready?.() ?? true,
    room: (keyHash) => store.room?.(keyHash) ?? true,
  };
}

const hex = (bytes: ArrayBuffer): string =>
  Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, '0')).join('');

/**
 * Hashes of recent keys. A farm polls with a few keys thousands of times a second, and
 * crypto.subtle costs a thread-pool round trip per call (~80 µs here, the largest item of a
 * poll's profile); one shared string per key also keeps stored records small. The keys stay
 * in memory only, as in any request; bounded by clearing when full.
 */
const keyHashes = new Map<string, string>();
const maxKeyHashes = 10_000;

/** SHA-256 of a client key, truncated to 128 bits: enough to tell keys apart, never the key. */
export async function hashKey(key: string): Promise<string> {
  const known = keyHashes.get(key);
  if (known !== undefined) return known;
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(key));
  const hash = hex(digest.slice(0, 16));
  if (keyHashes.size >= maxKeyHashes) keyHashes.clear();
  keyHashes.set(key, hash);
  return hash;
}
