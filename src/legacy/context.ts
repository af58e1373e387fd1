/**
 * @module
 * What the legacy handlers work with, and the checks both endpoints share.
 */
import type { Solver } from '../core/solver.ts';
import type { Logger } from '../ops/log.ts';
import { LegacyError } from './errors.ts';
import type { Params } from './params.ts';

export interface LegacyContext {
  solver: Solver;
  logger: Logger;
}

/** The key as every step reads it (admission, limits, handlers): trimmed, or undefined when absent. */
export const keyOf = (p: Params): string | undefined => p.values.get('key')?.trim() || undefined;

/**
 * The client's API key. Its shape is not checked beyond sanity (uCaptcha's keys are not
 * 2captcha's 32 hex characters); whether it exists is the upstream's answer.
 */
export function requireKey(p: Params): string {
  const key = keyOf(p);
  if (!key || key.length > 256 || !/^[\x21-\x7e]+$/.test(key)) throw new LegacyError('ERROR_WRONG_USER_KEY');
  return key;
}
