/**
 * @module
 * What inres remembers about a task, and the store interface behind it: the memory store is
 * the embedded default; a shared store (Redis) lets several instances answer the same ids.
 */
import { LegacyError, type LegacyCode } from '../legacy/errors.ts';
import type { Solution } from '../legacy/answers.ts';

/** The final outcome of a task, kept so later polls and reports need no upstream call. */
export type Outcome =
  | { solution: Solution; cost?: string }
  | { failed: LegacyCode };

/**
 * A task entry. Stores keep the whole record as JSON, so fields added here travel through
 * every store unchanged.
 */
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
  /** The configured upstream holding the current attempt, when there are several (UPSTREAMS). */
  upstream?: string;
  /** The task as first built, kept while an unsolvable attempt may still be resubmitted. */
  retry?: { task: Record<string, unknown>; extras: Record<string, unknown>; attempts: number };
}

export interface TaskStore {
  /** Stores `rec` under `id` unless the id is taken; false when it is. */
  insert(id: string, rec: TaskRecord): Promise<boolean>;
  get(id: string): Promise<TaskRecord | undefined>;
  /** Replaces the record of a live id (keeping its expiry); a no-op for an expired one. */
  update(id: string, rec: TaskRecord): Promise<void>;
  /** Live entries, for metrics; absent where counting is not cheap (a shared store). */
  size?(): number;
}

/**
 * The shared store cannot be reached (or did not answer in time). Clients get
 * ERROR_NO_SLOT_AVAILABLE, the legacy "retry in a few seconds", rather than a hang or a
 * verdict on their id that a store outage cannot justify.
 */
export class StoreUnavailable extends LegacyError {
  readonly reason: string;
  constructor(reason: string) {
    super('ERROR_NO_SLOT_AVAILABLE');
    this.name = 'StoreUnavailable';
    this.reason = reason;
  }
}
