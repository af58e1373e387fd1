/**
 * @module
 * The store interface behind task ids: the memory store is the embedded default; a shared
 * store (Redis) lets several instances answer the same ids. What a record holds is the task
 * vocabulary's (`task/record.ts`).
 */
import type { TaskRecord } from '../task/record.ts';

export type { Outcome, TaskRecord } from '../task/record.ts';

export interface TaskStore {
  /** Stores `rec` under `id` unless the id is taken; false when it is. */
  insert(id: string, rec: TaskRecord): Promise<boolean>;
  get(id: string): Promise<TaskRecord | undefined>;
  /** Replaces the record of a live id (keeping its expiry); a no-op for an expired one. */
  update(id: string, rec: TaskRecord): Promise<void>;
  /** Live entries, for metrics; absent where counting is not cheap (a shared store). */
  size?(): number;
  /**
   * False when a running task of this key would be refused now (StoreFull): checked before
   * the upstream task is created, so a refused submit bills nothing. Absent: never refused.
   */
  room?(keyHash: string): boolean;
  /**
   * Whether a write sent now is expected to be recorded; false while the store is known to be
   * down or stalled. Absent: always (the memory store).
   */
  ready?(): boolean;
}

/**
 * The shared store cannot be reached (or did not answer in time). The legacy side answers
 * ERROR_NO_SLOT_AVAILABLE, "retry in a few seconds", rather than a hang or a verdict on the
 * id that a store outage cannot justify.
 */
export class StoreUnavailable extends Error {
  readonly reason: string;
  constructor(reason: string) {
    super('store unavailable');
    this.name = 'StoreUnavailable';
    this.reason = reason;
  }
}

/**
 * The store has no room for this task now (a key at its running-task cap): a kind of
 * unavailability, so every face answers it as one (legacy: ERROR_NO_SLOT_AVAILABLE, retry later).
 */
export class StoreFull extends StoreUnavailable {
  constructor(reason: string) {
    super(reason);
    this.name = 'StoreFull';
  }
}
