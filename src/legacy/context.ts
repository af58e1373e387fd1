/**
 * @module
 * What the legacy handlers work with, and the checks both endpoints share.
 */
import type { TaskIds } from '../ids/ids.ts';
import type { Logger } from '../ops/log.ts';
import type { TaskRecord } from '../task/record.ts';
import type { Router } from '../upstream/router.ts';
import type { Polls } from './coalesce.ts';
import { LegacyError } from './errors.ts';
import type { Params } from './params.ts';

/**
 * What in.php needs of pingback delivery (`pingback/worker.ts` provides it). Declared here,
 * on the side that uses it, so the worker depends on the legacy handlers and not back.
 */
export interface PingbackIntake {
  /** Checks a pingback URL before the task is created; throws ERROR_BAD_PARAMETERS. */
  accept(url: string): void;
  /** Queues delivery of the task's answer. */
  add(id: string, key: string, url: string, rec: TaskRecord): Promise<void>;
}

export interface LegacyContext {
  upstream: Router;
  ids: TaskIds;
  logger: Logger;
  now: () => number;
  /** Pingback delivery, where the runtime drives it; in.php refuses `pingback=` without. */
  pingbacks?: PingbackIntake;
  /** Poll coalescing (coalesce.ts); absent: every poll goes upstream. */
  polls?: Polls;
}

/**
 * The client's API key. Its shape is not checked beyond sanity (uCaptcha's keys are not
 * 2captcha's 32 hex characters); whether it exists is the upstream's answer.
 */
export function requireKey(p: Params): string {
  const key = p.values.get('key')?.trim();
  if (!key || key.length > 256 || !/^[\x21-\x7e]+$/.test(key)) throw new LegacyError('ERROR_WRONG_USER_KEY');
  return key;
}
