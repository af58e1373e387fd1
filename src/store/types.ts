/**
 * @module
 * What inres remembers about a task, and the store interface behind it: the memory store is
 * the embedded default; a shared store (Redis) lets several instances answer the same ids.
 */
import type { LegacyCode } from '../legacy/errors.ts';
import type { Solution } from '../legacy/answers.ts';

/** The final outcome of a task, kept so later polls and reports need no upstream call. */
export type Outcome =
  | { solution: Solution; cost?: string }
  | { failed: LegacyCode };

export interface TaskRecord {
  /** The upstream's task id (integers kept as their decimal text). */
  upstreamId: string;
  /** The canonical task type: it picks the answer format and the report call. */
  type: string;
  /** A hash of the client key that created it (never the key): ids are scoped to their key. */
  keyHash: string;
  /** Creation time, ms since the epoch. */
  createdAt: number;
  outcome?: Outcome;
}

export interface TaskStore {
  /** Stores `rec` under `id` unless the id is taken; false when it is. */
  insert(id: string, rec: TaskRecord): Promise<boolean>;
  get(id: string): Promise<TaskRecord | undefined>;
  /** Replaces the record of a live id (keeping its expiry); a no-op for an expired one. */
  update(id: string, rec: TaskRecord): Promise<void>;
  /** Live entries, for metrics. */
  size(): number;
}
