/**
 * @module
 * Pingback jobs waiting to be delivered, and the in-memory queue (one instance). The queue
 * leases a due job to one worker until `leaseUntil`: meanwhile no other worker (or instance,
 * with the Redis queue) gets it, and if its worker dies the job comes due again.
 */
export interface PingbackJob {
  /** The gateway's id of the task. */
  id: string;
  /** The client key: inres must poll the upstream for the client. Dropped with the job. */
  key: string;
  /** Where the outcome goes; absent: the task is only watched until its outcome is stored. */
  url?: string;
  /** The face whose form is delivered; absent on jobs queued before faces: the legacy one. */
  face?: string;
  /** After this (ms since the epoch) the job is given up. */
  deadline: number;
  /** Failed deliveries so far. */
  attempts: number;
  /** The key's hash (the task's keyHash): whose share of the delivery slots the job takes. Absent on older jobs. */
  owner?: string;
}

export interface PingbackQueue {
  add(job: PingbackJob, at: number): Promise<void>;
  /**
   * Up to `max` jobs due at `now`, those due longest first, each leased to the caller until
   * `leaseUntil`. Jobs whose `owner` is in `skip` (keys holding their share) stay due for a later
   * claim; a queue may look at only a bounded number of due jobs past them.
   */
  claim(now: number, leaseUntil: number, max: number, skip?: ReadonlySet<string>): Promise<PingbackJob[]>;
  /** Puts a job back, due at `at`, behind the jobs due before it (a job due now: at the end of those due). */
  retry(job: PingbackJob, at: number): Promise<void>;
  done(id: string): Promise<void>;
  /** Jobs held, due or not, for metrics; absent where the queue cannot count them. */
  depth?(): Promise<number>;
}

export interface MemoryQueueOptions {
  /** The most jobs held; past it new jobs are refused (the submit answers an error). */
  maxJobs: number;
}

/** Thrown by `add` when the queue is full: the client is told to retry later. */
export class QueueFull extends Error {
  readonly code = 'QUEUE_FULL';
  constructor() {
    super('the pingback queue is full');
    this.name = 'QueueFull';
  }
}

export function createMemoryQueue(opts: MemoryQueueOptions): PingbackQueue {
  const jobs = new Map<string, { job: PingbackJob; at: number }>();
  return {
    async add(job, at) {
      if (jobs.size >= opts.maxJobs) throw new QueueFull();
      jobs.set(job.id, { job, at });
    },
    async claim(now, leaseUntil, max, skip) {
      const due: PingbackJob[] = [];
      for (const entry of jobs.values()) {
        if (due.length >= max) break;
        if (entry.at > now || (entry.job.owner !== undefined && skip?.has(entry.job.owner))) continue;
        entry.at = leaseUntil;
        due.push(entry.job);
      }
      return due;
    },
    async retry(job, at) {
      // Deleted and set again: to the end of the Map's order, which is the order claims read.
      if (jobs.delete(job.id)) jobs.set(job.id, { job, at });
    },
    async done(id) {
      jobs.delete(id);
    },
    depth: async () => jobs.size,
  };
}
