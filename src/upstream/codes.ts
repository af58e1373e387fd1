/**
 * @module
 * What the upstream layer itself does with a modern error code. Only codes that change what
 * it does are here; what a code means to a legacy client is the legacy side's table
 * (`legacy/errors.ts`).
 */

/**
 * `elsewhere`: the upstream has no capacity now, so a new task moves on to the next upstream
 * that takes it. `again`: the captcha, not the request, defeated the solver, so a failed task
 * may be resubmitted within the retry budget (UNSOLVABLE_RETRIES).
 */
export type Retry = 'elsewhere' | 'again';

export const retryCodes: Readonly<Record<string, Retry>> = {
  NO_PROVIDERS_AVAILABLE: 'elsewhere',
  ERROR_NO_SLOT_AVAILABLE: 'elsewhere',
  RATE_LIMITED: 'elsewhere',
  ERROR_TOO_MUCH_REQUESTS: 'elsewhere',
  // CapSolver's spellings (docs/dialects.md).
  ERROR_SERVICE_UNAVALIABLE: 'elsewhere',
  ERROR_RATE_LIMIT: 'elsewhere',
  ERROR_CAPTCHA_UNSOLVABLE: 'again',
  ERROR_RECAPTCHA_TIMEOUT: 'again',
  ERROR_RECAPTCHA_OLD_BROWSER: 'again',
  ERROR_FAILED_LOADING_WIDGET: 'again',
  ERROR_CAPTCHA_SOLVE_FAILED: 'again',
  ERROR_TASK_TIMEOUT: 'again',
};

/** How a failure with `code` may be retried, if at all. A failure without a code counts as unsolvable. */
export function retryOf(code: string | undefined): Retry | undefined {
  if (code === '') return 'again';
  return code !== undefined && Object.hasOwn(retryCodes, code) ? retryCodes[code] : undefined;
}
