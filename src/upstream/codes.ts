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

/**
 * The HTTP status the modern APIs answer a code with (uCaptcha's table, the anti-captcha family,
 * 2captcha v2, CapSolver): the sandbox and the modern face answer with it.
 */
export const modernStatus: Readonly<Record<string, number>> = {
  ERROR_KEY_DOES_NOT_EXIST: 401,
  ERROR_WRONG_USER_KEY: 401,
  ERROR_ZERO_BALANCE: 402,
  ERROR_PAGEURL: 400,
  ERROR_SITEKEY: 400,
  ERROR_GOOGLEKEY: 400,
  ERROR_BAD_PARAMETERS: 400,
  ERROR_BAD_PROXY: 400,
  ERROR_PROXY_FORMAT: 400,
  ERROR_CAPTCHA_UNSOLVABLE: 200,
  ERROR_WRONG_CAPTCHA_ID: 404,
  ERROR_NO_SUCH_CAPCHA_ID: 404,
  ERROR_TASK_ABSENT: 400,
  ERROR_EMPTY_ACTION: 400,
  TASK_NOT_SUPPORTED: 400,
  ERROR_TASK_NOT_SUPPORTED: 400,
  ERROR_NO_SUCH_METHOD: 400,
  NO_PROVIDERS_AVAILABLE: 400,
  ERROR_NO_SLOT_AVAILABLE: 200,
  RATE_LIMITED: 429,
  ERROR_TOO_MUCH_REQUESTS: 429,
  IP_BANNED: 403,
  ERROR_IP_NOT_ALLOWED: 403,
  ERROR_IP_BLOCKED: 403,
  ERROR_BANNED: 403,
  ERROR_ACCOUNT_SUSPENDED: 403,
  ERROR_ZERO_CAPTCHA_FILESIZE: 400,
  ERROR_TOO_BIG_CAPTCHA_FILESIZE: 400,
  ERROR_IMAGE_TYPE_NOT_SUPPORTED: 400,
  ERROR_EMPTY_COMMENT: 400,
  ERROR_INCORRECT_SESSION_DATA: 400,
  ERROR_BAD_IMGINSTRUCTIONS: 400,
  ERROR_BAD_DUPLICATES: 200,
  ERROR_CAPTCHAIMAGE_BLOCKED: 200,
  ERROR_PROXY_CONNECT_REFUSED: 200,
  ERROR_PROXY_CONNECT_TIMEOUT: 200,
  ERROR_PROXY_READ_TIMEOUT: 200,
  ERROR_PROXY_BANNED: 200,
  ERROR_PROXY_TRANSPARENT: 200,
  ERROR_PROXY_HAS_NO_IMAGE_SUPPORT: 200,
  ERROR_PROXY_INCOMPATIBLE_HTTP_VERSION: 200,
  ERROR_PROXY_NOT_AUTHORISED: 200,
  ERROR_RECAPTCHA_TIMEOUT: 200,
  ERROR_RECAPTCHA_OLD_BROWSER: 200,
  ERROR_RECAPTCHA_INVALID_SITEKEY: 400,
  ERROR_RECAPTCHA_INVALID_DOMAIN: 200,
  ERROR_TOKEN_EXPIRED: 200,
  ERROR_RECAPTCHA_STOKEN_EXPIRED: 200,
  ERROR_FAILED_LOADING_WIDGET: 200,
  ERROR_TASKID_INVALID: 400,
  ERROR_CAPTCHA_SOLVE_FAILED: 400,
  ERROR_TASK_TIMEOUT: 400,
  ERROR_INVALID_TASK_DATA: 400,
  ERROR_SERVICE_UNAVALIABLE: 400,
  ERROR_RATE_LIMIT: 429,
  ERROR_DUPLICATE_REPORT: 200,
  ERROR_REPORT_NOT_RECORDED: 200,
};

/** The status for `code`; a code no vendor documents is a bad request. */
export const statusOf = (code: string): number => (Object.hasOwn(modernStatus, code) ? modernStatus[code]! : 400);
