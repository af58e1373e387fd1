/**
 * @module
 * DBC's error vocabulary: each code with the HTTP status DBC answers it with (its clients act on
 * the status: 403 credentials or balance, 400/413 the image, 501 the type, 503 try later), and
 * how the other layers' error values (a modern errorCode, an upstream fault, a store outage)
 * become one. The names are those of DBC's own API (`invalid-credentials`, `not-implemented`…).
 */
import { QueueFull } from '../pingback/queue.ts';
import { StoreUnavailable } from '../store/types.ts';
import { UpstreamError } from '../upstream/client.ts';

export const dbcCodes = {
  'invalid-credentials': 403,
  banned: 403,
  'insufficient-funds': 403,
  'invalid-captcha': 400,
  'invalid-params': 400,
  'captcha-too-large': 413,
  'captcha-not-found': 404,
  'not-implemented': 501,
  'service-overload': 503,
} as const satisfies Record<string, number>;

export type DbcCode = keyof typeof dbcCodes;

/** An error as a value: raised by any step of a DBC request, rendered once by `reply.ts`. */
export class DbcError extends Error {
  readonly code: DbcCode;
  constructor(code: DbcCode) {
    super(code);
    this.name = 'DbcError';
    this.code = code;
  }
}

/**
 * Modern errorCodes (and the gateway-key table's refusals, spelled alike) → DBC codes. A code
 * not listed is `invalid-params`: the request, not the service, was at fault.
 */
const modernCodes: Readonly<Record<string, DbcCode>> = {
  ERROR_KEY_DOES_NOT_EXIST: 'invalid-credentials',
  ERROR_WRONG_USER_KEY: 'invalid-credentials',
  ERROR_ZERO_BALANCE: 'insufficient-funds',
  ERROR_BANNED: 'banned',
  ERROR_ACCOUNT_SUSPENDED: 'banned',
  IP_BANNED: 'banned',
  ERROR_IP_NOT_ALLOWED: 'banned',
  ERROR_IP_BLOCKED: 'banned',
  TASK_NOT_SUPPORTED: 'not-implemented',
  ERROR_TASK_NOT_SUPPORTED: 'not-implemented',
  ERROR_NO_SUCH_METHOD: 'not-implemented',
  NO_PROVIDERS_AVAILABLE: 'service-overload',
  ERROR_NO_SLOT_AVAILABLE: 'service-overload',
  RATE_LIMITED: 'service-overload',
  ERROR_TOO_MUCH_REQUESTS: 'service-overload',
  ERROR_SERVICE_UNAVALIABLE: 'service-overload',
  ERROR_RATE_LIMIT: 'service-overload',
  ERROR_ZERO_CAPTCHA_FILESIZE: 'invalid-captcha',
  ERROR_IMAGE_TYPE_NOT_SUPPORTED: 'invalid-captcha',
  ERROR_CAPTCHAIMAGE_BLOCKED: 'invalid-captcha',
  ERROR_TOO_BIG_CAPTCHA_FILESIZE: 'captcha-too-large',
  ERROR_WRONG_CAPTCHA_ID: 'captcha-not-found',
  ERROR_NO_SUCH_CAPCHA_ID: 'captcha-not-found',
  ERROR_TASKID_INVALID: 'captcha-not-found',
};

export const dbcCodeFor = (modern: string): DbcCode =>
  Object.hasOwn(modernCodes, modern) ? modernCodes[modern]! : 'invalid-params';

/**
 * The DBC code an error value stands for: a DBC error's own, an upstream's errorCode mapped,
 * "try later" for an unreachable upstream or store, or a full queue of watched tasks; undefined
 * for anything else (a bug).
 */
export function codeOf(e: unknown): DbcCode | undefined {
  if (e instanceof DbcError) return e.code;
  if (e instanceof UpstreamError) return e.modern === undefined ? 'service-overload' : dbcCodeFor(e.modern);
  if (e instanceof StoreUnavailable || e instanceof QueueFull) return 'service-overload';
  return undefined;
}
