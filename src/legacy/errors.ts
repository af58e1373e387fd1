/**
 * @module
 * The one error table. Every code a legacy client can receive, with the English sentence sent
 * as `error_text` in json=1 mode, and every modern (upstream) code with the legacy code it
 * becomes, and how the other layers' error values (an upstream's failure, a store outage)
 * become legacy codes: those layers speak modern codes and faults only. Handlers raise
 * `LegacyError` values; `reply.ts` renders them.
 */
import { CallbackRefused } from '../core/solver.ts';
import { QueueFull } from '../pingback/queue.ts';
import { StoreUnavailable } from '../store/types.ts';
import { UpstreamError, type Call } from '../upstream/client.ts';

/**
 * Legacy codes inres may answer, with their `error_text`. Every failure contains `ERROR` except
 * 2captcha's own `IP_BANNED`, which clients already know.
 */
export const legacyCodes = {
  CAPCHA_NOT_READY: 'The captcha is not solved yet.',
  ERROR_WRONG_USER_KEY: 'The key parameter is missing or malformed.',
  ERROR_KEY_DOES_NOT_EXIST: 'The key you provided does not exist.',
  ERROR_ZERO_BALANCE: 'Your balance is not sufficient.',
  ERROR_PAGEURL: 'The pageurl parameter is missing or is not a full http(s) URL.',
  ERROR_GOOGLEKEY: 'The googlekey parameter is missing or malformed.',
  ERROR_SITEKEY: 'The sitekey parameter is missing or malformed.',
  ERROR_BAD_TOKEN_OR_PAGEURL: 'The site key and the page URL do not belong together.',
  ERROR_NO_SLOT_AVAILABLE: 'No worker is available right now; retry in a few seconds.',
  ERROR_ZERO_CAPTCHA_FILESIZE: 'The image is empty.',
  ERROR_TOO_BIG_CAPTCHA_FILESIZE: 'The image is too big.',
  ERROR_WRONG_FILE_EXTENSION: 'The file is not an image of a supported type.',
  ERROR_IMAGE_TYPE_NOT_SUPPORTED: 'The image type is not supported (jpg, png, gif, bmp, webp).',
  ERROR_UPLOAD: 'No image data was received, or its base64 is invalid.',
  ERROR_IP_NOT_ALLOWED: 'Requests from your IP address are not allowed for this key.',
  IP_BANNED: 'Your IP address is not allowed for this key.',
  ERROR_BAD_PARAMETERS: 'A required parameter is missing or has a wrong format.',
  ERROR_BAD_PROXY: 'The proxy is invalid or unreachable.',
  ERROR_PROXY_FORMAT: 'The proxy must be login:password@host:port or host:port.',
  ERROR_PROXY_CONNECTION_FAILED: 'The captcha could not be loaded through your proxy.',
  ERROR_NO_SUCH_METHOD: 'The method is unknown or not supported by the upstream.',
  ERROR_CAPTCHA_UNSOLVABLE: 'The captcha could not be solved.',
  ERROR_WRONG_ID_FORMAT: 'The id must be a number.',
  ERROR_WRONG_CAPTCHA_ID: 'The id is unknown or has expired.',
  ERROR_EMPTY_ACTION: 'The action parameter is missing or unknown.',
  ERROR_REPORT_NOT_RECORDED: 'The report was not recorded.',
  ERROR_DUPLICATE_REPORT: 'This captcha was reported already.',
  ERROR_TOKEN_EXPIRED: 'The challenge has expired.',
  ERROR_BAD_DUPLICATES: 'Not enough matching answers were found.',
  ERROR_CAPTCHAIMAGE_BLOCKED: 'The image was marked as unrecognisable.',
  ERROR_IP_BLOCKED: 'Your IP address is blocked.',
  ERROR_BANNED: 'The account is banned.',
  ERROR_ACCOUNT_SUSPENDED: 'The account is suspended.',
  ERROR_PINGBACK_NO_REGISTRATION: 'Pingback URLs need no registration here: pass pingback=<url> to in.php.',
  // inres's own rate limit (per IP, per key). 2captcha's code for "too many requests" is
  // `ERROR: 1005` (its in.php twin MAX_USER_TURN lacks ERROR, so clients would not see a failure).
  'ERROR: 1005': 'Too many requests; retry after the time in the X-RateLimit-Reset header.',
} as const satisfies Record<string, string>;

export type LegacyCode = keyof typeof legacyCodes;

export const isLegacyCode = (code: string): code is LegacyCode => Object.hasOwn(legacyCodes, code);

/** An error as a value: a legacy code, raised by any step and rendered once by `reply.ts`. */
export class LegacyError extends Error {
  readonly code: LegacyCode;
  constructor(code: LegacyCode) {
    super(code);
    this.name = 'LegacyError';
    this.code = code;
  }
}

/** Where a modern code was met: submitting (in.php) or polling/reporting (res.php). */
export type Phase = 'submit' | 'poll';

interface ModernRow {
  /** The legacy code, or one per phase where the two endpoints name the same fault differently. */
  legacy: LegacyCode | Record<Phase, LegacyCode>;
}

const proxyFault = { submit: 'ERROR_BAD_PROXY', poll: 'ERROR_PROXY_CONNECTION_FAILED' } as const;

/**
 * Modern error codes (uCaptcha's table, the anti-captcha family and 2captcha v2) → legacy.
 * Codes without `ERROR` (TASK_NOT_SUPPORTED, NO_PROVIDERS_AVAILABLE, RATE_LIMITED)
 * become the 2captcha code with the same meaning, because clients detect errors by substring.
 */
export const modernCodes: Record<string, ModernRow> = {
  ERROR_KEY_DOES_NOT_EXIST: { legacy: 'ERROR_KEY_DOES_NOT_EXIST' },
  ERROR_WRONG_USER_KEY: { legacy: 'ERROR_WRONG_USER_KEY' },
  ERROR_ZERO_BALANCE: { legacy: 'ERROR_ZERO_BALANCE' },
  ERROR_PAGEURL: { legacy: 'ERROR_PAGEURL' },
  ERROR_SITEKEY: { legacy: 'ERROR_SITEKEY' },
  ERROR_GOOGLEKEY: { legacy: 'ERROR_GOOGLEKEY' },
  ERROR_BAD_PARAMETERS: { legacy: 'ERROR_BAD_PARAMETERS' },
  ERROR_BAD_PROXY: { legacy: proxyFault },
  ERROR_PROXY_FORMAT: { legacy: 'ERROR_PROXY_FORMAT' },
  ERROR_CAPTCHA_UNSOLVABLE: { legacy: 'ERROR_CAPTCHA_UNSOLVABLE' },
  ERROR_WRONG_CAPTCHA_ID: { legacy: 'ERROR_WRONG_CAPTCHA_ID' },
  ERROR_NO_SUCH_CAPCHA_ID: { legacy: 'ERROR_WRONG_CAPTCHA_ID' },
  // 2captcha v2 id 22: no `task` in the createTask body, a bad request (not an unknown id).
  ERROR_TASK_ABSENT: { legacy: 'ERROR_BAD_PARAMETERS' },
  ERROR_EMPTY_ACTION: { legacy: 'ERROR_EMPTY_ACTION' },
  TASK_NOT_SUPPORTED: { legacy: 'ERROR_NO_SUCH_METHOD' },
  ERROR_TASK_NOT_SUPPORTED: { legacy: 'ERROR_NO_SUCH_METHOD' },
  ERROR_NO_SUCH_METHOD: { legacy: 'ERROR_NO_SUCH_METHOD' },
  NO_PROVIDERS_AVAILABLE: { legacy: 'ERROR_NO_SLOT_AVAILABLE' },
  ERROR_NO_SLOT_AVAILABLE: { legacy: 'ERROR_NO_SLOT_AVAILABLE' },
  RATE_LIMITED: { legacy: 'ERROR_NO_SLOT_AVAILABLE' },
  ERROR_TOO_MUCH_REQUESTS: { legacy: 'ERROR_NO_SLOT_AVAILABLE' },
  IP_BANNED: { legacy: 'IP_BANNED' },
  ERROR_IP_NOT_ALLOWED: { legacy: 'ERROR_IP_NOT_ALLOWED' },
  ERROR_IP_BLOCKED: { legacy: 'ERROR_IP_BLOCKED' },
  ERROR_BANNED: { legacy: 'ERROR_BANNED' },
  ERROR_ACCOUNT_SUSPENDED: { legacy: 'ERROR_ACCOUNT_SUSPENDED' },
  ERROR_ZERO_CAPTCHA_FILESIZE: { legacy: 'ERROR_ZERO_CAPTCHA_FILESIZE' },
  ERROR_TOO_BIG_CAPTCHA_FILESIZE: { legacy: 'ERROR_TOO_BIG_CAPTCHA_FILESIZE' },
  ERROR_IMAGE_TYPE_NOT_SUPPORTED: { legacy: 'ERROR_IMAGE_TYPE_NOT_SUPPORTED' },
  ERROR_EMPTY_COMMENT: { legacy: 'ERROR_BAD_PARAMETERS' },
  ERROR_INCORRECT_SESSION_DATA: { legacy: 'ERROR_BAD_PARAMETERS' },
  ERROR_BAD_IMGINSTRUCTIONS: { legacy: 'ERROR_BAD_PARAMETERS' },
  ERROR_BAD_DUPLICATES: { legacy: 'ERROR_BAD_DUPLICATES' },
  ERROR_CAPTCHAIMAGE_BLOCKED: { legacy: 'ERROR_CAPTCHAIMAGE_BLOCKED' },
  ERROR_PROXY_CONNECT_REFUSED: { legacy: proxyFault },
  ERROR_PROXY_CONNECT_TIMEOUT: { legacy: proxyFault },
  ERROR_PROXY_READ_TIMEOUT: { legacy: proxyFault },
  ERROR_PROXY_BANNED: { legacy: proxyFault },
  ERROR_PROXY_TRANSPARENT: { legacy: proxyFault },
  ERROR_PROXY_HAS_NO_IMAGE_SUPPORT: { legacy: proxyFault },
  ERROR_PROXY_INCOMPATIBLE_HTTP_VERSION: { legacy: proxyFault },
  ERROR_PROXY_NOT_AUTHORISED: { legacy: proxyFault },
  ERROR_RECAPTCHA_TIMEOUT: { legacy: 'ERROR_CAPTCHA_UNSOLVABLE' },
  ERROR_RECAPTCHA_OLD_BROWSER: { legacy: 'ERROR_CAPTCHA_UNSOLVABLE' },
  ERROR_RECAPTCHA_INVALID_SITEKEY: {
    legacy: { submit: 'ERROR_GOOGLEKEY', poll: 'ERROR_BAD_TOKEN_OR_PAGEURL' },
  },
  ERROR_RECAPTCHA_INVALID_DOMAIN: { legacy: 'ERROR_BAD_TOKEN_OR_PAGEURL' },
  ERROR_TOKEN_EXPIRED: { legacy: 'ERROR_TOKEN_EXPIRED' },
  ERROR_RECAPTCHA_STOKEN_EXPIRED: { legacy: 'ERROR_TOKEN_EXPIRED' },
  ERROR_FAILED_LOADING_WIDGET: { legacy: 'ERROR_CAPTCHA_UNSOLVABLE' },
  // CapSolver's spellings (docs/dialects.md).
  ERROR_TASKID_INVALID: { legacy: 'ERROR_WRONG_CAPTCHA_ID' },
  ERROR_CAPTCHA_SOLVE_FAILED: { legacy: 'ERROR_CAPTCHA_UNSOLVABLE' },
  ERROR_TASK_TIMEOUT: { legacy: 'ERROR_CAPTCHA_UNSOLVABLE' },
  ERROR_INVALID_TASK_DATA: { legacy: 'ERROR_BAD_PARAMETERS' },
  ERROR_SERVICE_UNAVALIABLE: { legacy: 'ERROR_NO_SLOT_AVAILABLE' },
  ERROR_RATE_LIMIT: { legacy: 'ERROR_NO_SLOT_AVAILABLE' },
  ERROR_DUPLICATE_REPORT: { legacy: 'ERROR_DUPLICATE_REPORT' },
  ERROR_REPORT_NOT_RECORDED: { legacy: 'ERROR_REPORT_NOT_RECORDED' },
};

/**
 * What a modern code means to a legacy client. A code the table does not know falls back to
 * `fallback` (the caller's closest documented code), so no answer ever lacks `ERROR` or
 * carries bytes an upstream chose.
 */
export function legacyCodeFor(modern: string, phase: Phase, fallback: LegacyCode): LegacyCode {
  const row = Object.hasOwn(modernCodes, modern) ? modernCodes[modern] : undefined;
  if (!row) return fallback;
  return typeof row.legacy === 'string' ? row.legacy : row.legacy[phase];
}

interface CallCodes {
  phase: Phase;
  /** What a legacy client gets when the upstream is down or answers garbage. */
  fault: LegacyCode;
  /** What it gets for an error code the error table does not know. */
  unknown: LegacyCode;
  /**
   * What it gets when the vendor no longer knows the task, if not the table's code. A report is
   * only sent for a task the gateway holds, so "no such task" there means the vendor's report
   * window has closed (anti-captcha: 60 s).
   */
  gone?: LegacyCode;
}

/**
 * A poll that meets a fault answers CAPCHA_NOT_READY: the task is still upstream and clients
 * keep polling, where an error code would make them drop a task that will come back.
 * An errorCode the error table lacks is no fault: it takes the `unknown` code (never
 * CAPCHA_NOT_READY, or a client would poll a dead task forever).
 */
const callCodes = {
  createTask: { phase: 'submit', fault: 'ERROR_NO_SLOT_AVAILABLE', unknown: 'ERROR_BAD_PARAMETERS' },
  getTaskResult: { phase: 'poll', fault: 'CAPCHA_NOT_READY', unknown: 'ERROR_CAPTCHA_UNSOLVABLE' },
  getBalance: { phase: 'poll', fault: 'ERROR_NO_SLOT_AVAILABLE', unknown: 'ERROR_BAD_PARAMETERS' },
  report: {
    phase: 'poll',
    fault: 'ERROR_REPORT_NOT_RECORDED',
    unknown: 'ERROR_REPORT_NOT_RECORDED',
    gone: 'ERROR_REPORT_NOT_RECORDED',
  },
} as const satisfies Record<Call, CallCodes>;

/** The legacy answer for a failed upstream call: its fault's, else its errorCode's. */
export function upstreamCode(e: UpstreamError): LegacyCode {
  const codes: CallCodes = callCodes[e.call];
  if (e.modern === undefined) return codes.fault;
  const code = legacyCodeFor(e.modern, codes.phase, codes.unknown);
  return code === 'ERROR_WRONG_CAPTCHA_ID' && codes.gone ? codes.gone : code;
}

/** The legacy answer for a task the upstream failed with `modern` ('' for none), at submit or poll. */
export const failureCode = (modern: string): LegacyCode => legacyCodeFor(modern, 'poll', 'ERROR_CAPTCHA_UNSOLVABLE');

/**
 * The legacy code an error value stands for: a legacy error's own, an upstream failure's
 * mapped one, "retry in a few seconds" for a store outage or a full pingback queue, a bad
 * parameter for a pingback that cannot be delivered; undefined for anything else (a bug).
 */
export function codeOf(e: unknown): LegacyCode | undefined {
  if (e instanceof LegacyError) return e.code;
  if (e instanceof UpstreamError) return upstreamCode(e);
  if (e instanceof StoreUnavailable || e instanceof QueueFull) return 'ERROR_NO_SLOT_AVAILABLE';
  if (e instanceof CallbackRefused) return 'ERROR_BAD_PARAMETERS';
  return undefined;
}
