/**
 * @module
 * What every layer says about one task: the task as built for an upstream, its solution, its
 * outcome and the record kept for it. Neither protocol's codes appear here: a failure holds
 * the upstream's modern code, and the legacy side maps it when it answers.
 */

/** A task for createTask: its canonical type, its fields, and fields of the request itself. */
export interface BuiltTask {
  /** The task type in the canonical spelling (a dialect may respell it). */
  type: string;
  task: Record<string, unknown>;
  /** Fields of the createTask request itself (`softId`, `languagePool`); a dialect keeps those it knows. */
  extras: Record<string, unknown>;
}

/** The solution object of a solved task, as the upstream gave it. */
export type Solution = Record<string, unknown>;

/**
 * The final outcome of a task, kept so later polls and reports need no upstream call.
 * `error` is the upstream's errorCode ('' when it gave none). `failed` is the shape inres
 * wrote before outcomes held modern codes (a legacy code already); records live one TTL, so
 * it is read, never written.
 */
export type Outcome = { solution: Solution; cost?: string } | { error: string } | { failed: string };

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
  /** When the outcome became known, ms since the epoch. */
  endedAt?: number;
  /** The client family the face read the task in (the modern face), so later calls answer in it. */
  dialect?: string;
  /** The face that may read the task without its key (DBC's polls), when one asked to. */
  openTo?: string;
  /** The configured upstream holding the current attempt, when there are several (UPSTREAMS). */
  upstream?: string;
  /** The task as first built, kept while an unsolvable attempt may still be resubmitted. */
  retry?: { task: Record<string, unknown>; extras: Record<string, unknown>; attempts: number };
}
