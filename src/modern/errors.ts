/**
 * @module
 * The modern face's error vocabulary: every code it may answer, with inres's own description
 * and the HTTP status for the families that answer errors with one (CapSolver, uCaptcha; the
 * anti-captcha family answers 200). An upstream's description or body is never relayed (it may
 * echo a key): a code the table knows passes with the table's sentence, any other code, fault or
 * non-JSON answer becomes `unavailable`.
 */
import { CallbackRefused } from '../core/solver.ts';
import { StoreUnavailable } from '../store/types.ts';
import { UpstreamError } from '../upstream/client.ts';

interface Row {
  http: number;
  description: string;
}

const row = (http: number, description: string): Row => ({ http, description });
const refused = (description: string): Row => row(200, description);

export const modernErrors = {
  ERROR_KEY_DOES_NOT_EXIST: row(401, 'The key is not valid for this gateway.'),
  ERROR_WRONG_USER_KEY: row(401, 'The key is not valid for this gateway.'),
  ERROR_ZERO_BALANCE: row(402, 'The account behind this key has no funds.'),
  ERROR_IP_NOT_ALLOWED: row(403, 'This key may not be used from this address.'),
  ERROR_IP_BLOCKED: row(403, 'This address is blocked.'),
  IP_BANNED: row(403, 'This address is blocked.'),
  ERROR_BANNED: row(403, 'This key is blocked.'),
  ERROR_ACCOUNT_SUSPENDED: row(403, 'This key is blocked.'),
  ERROR_NO_SUCH_CAPCHA_ID: row(404, 'No task with this id was created with this key.'),
  ERROR_WRONG_CAPTCHA_ID: row(404, 'No task with this id was created with this key.'),
  ERROR_TASKID_INVALID: row(400, 'No task with this id was created with this key.'),
  ERROR_TASK_NOT_SUPPORTED: row(400, 'This task type is not supported.'),
  TASK_NOT_SUPPORTED: row(400, 'This task type is not supported.'),
  ERROR_INVALID_TASK_DATA: row(400, 'The task is not valid.'),
  ERROR_TASK_ABSENT: row(400, 'The request has no task.'),
  ERROR_BAD_PARAMETERS: row(400, 'The request is not valid.'),
  ERROR_PAGEURL: row(400, 'The page URL is missing or not valid.'),
  ERROR_SITEKEY: row(400, 'The site key is missing or not valid.'),
  ERROR_GOOGLEKEY: row(400, 'The site key is missing or not valid.'),
  ERROR_BAD_PROXY: row(400, 'The proxy is not valid.'),
  ERROR_PROXY_FORMAT: row(400, 'The proxy is not valid.'),
  ERROR_ZERO_CAPTCHA_FILESIZE: row(400, 'The image is empty.'),
  ERROR_TOO_BIG_CAPTCHA_FILESIZE: row(413, 'The request body is too large.'),
  ERROR_IMAGE_TYPE_NOT_SUPPORTED: row(400, 'The image format is not supported.'),
  ERROR_RECAPTCHA_INVALID_SITEKEY: row(400, 'The site key is not valid.'),
  ERROR_NO_SLOT_AVAILABLE: row(503, 'No worker is available now; retry in a few seconds.'),
  RATE_LIMITED: row(429, 'Too many requests with this key; retry later.'),
  // Task failures: the task is over, its cost refunded by the vendor.
  ERROR_CAPTCHA_UNSOLVABLE: refused('The captcha could not be solved.'),
  ERROR_CAPTCHA_SOLVE_FAILED: refused('The captcha could not be solved.'),
  ERROR_TASK_TIMEOUT: refused('The captcha was not solved in time.'),
  ERROR_RECAPTCHA_TIMEOUT: refused('The captcha was not solved in time.'),
  ERROR_RECAPTCHA_OLD_BROWSER: refused('The captcha could not be solved.'),
  ERROR_RECAPTCHA_INVALID_DOMAIN: refused('The site key is not valid for this domain.'),
  ERROR_TOKEN_EXPIRED: refused('The captcha token expired.'),
  ERROR_RECAPTCHA_STOKEN_EXPIRED: refused('The captcha token expired.'),
  ERROR_BAD_DUPLICATES: refused('Workers did not agree on an answer.'),
  ERROR_CAPTCHAIMAGE_BLOCKED: refused('The image was refused.'),
  ERROR_FAILED_LOADING_WIDGET: refused('The captcha widget did not load.'),
  ERROR_PROXY_CONNECT_REFUSED: refused('The proxy refused the connection.'),
  ERROR_PROXY_CONNECT_TIMEOUT: refused('The proxy did not answer in time.'),
  ERROR_PROXY_READ_TIMEOUT: refused('The proxy did not answer in time.'),
  ERROR_PROXY_BANNED: refused('The proxy is banned by the site.'),
  ERROR_PROXY_TRANSPARENT: refused('The proxy is transparent.'),
  ERROR_PROXY_HAS_NO_IMAGE_SUPPORT: refused('The proxy cannot load images.'),
  ERROR_PROXY_INCOMPATIBLE_HTTP_VERSION: refused('The proxy speaks an unsupported HTTP version.'),
  ERROR_PROXY_NOT_AUTHORISED: refused('The proxy refused its login.'),
  ERROR_CALLBACK_REFUSED: row(400, 'The callbackUrl cannot be used.'),
  ERROR_SERVICE_UNAVAILABLE: row(503, 'The service is unavailable; retry later.'),
} as const satisfies Record<string, Row>;

export type ModernCode = keyof typeof modernErrors;

/** What a client hears when an upstream fault or an unknown code cannot be said any better. */
export const unavailable: ModernCode = 'ERROR_NO_SLOT_AVAILABLE';

export const isModernCode = (code: string): code is ModernCode => Object.hasOwn(modernErrors, code);

/**
 * The code a thrown value is answered with: a known upstream code as it is, anything else (a
 * fault, an unknown code) the fixed `unavailable`, a store outage, an unusable callback and a
 * task too deep to copy their own; anything else is a bug, and rethrown.
 */
export function codeOfThrown(e: unknown): ModernCode {
  if (e instanceof CallbackRefused) return 'ERROR_CALLBACK_REFUSED';
  if (e instanceof UpstreamError && e.modern && isModernCode(e.modern)) return e.modern;
  if (e instanceof StoreUnavailable) return 'ERROR_SERVICE_UNAVAILABLE';
  if (e instanceof UpstreamError) return unavailable;
  // A task nested deeper than the runtime's stack (MAX_PARAMS set high): copying or encoding it overflows.
  if (e instanceof RangeError) return 'ERROR_BAD_PARAMETERS';
  throw e;
}
