/**
 * @module
 * Limits for the modern face (/createTask, /getTaskResult…), in the modern API's own
 * terms: 413 for a body over the cap, 429 `RATE_LIMITED` over the per-IP limit, and the
 * `X-RateLimit-*` headers on every answer. Legacy paths and the operator endpoints skip it.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { bodyFits } from './body-limit.ts';
import type { ObserveVariables } from '../ops/observe.ts';
import { rateHeaders, type RateLimiter } from '../access/rate-limit.ts';

/** The modern calls, as their paths name them (bare, or after a family prefix such as `/capsolver/`). */
export const modernCalls = [
  'createTask',
  'getTaskResult',
  'getBalance',
  'reportIncorrectImageCaptcha',
  'reportIncorrectRecaptcha',
  'reportCorrectRecaptcha',
  'reportIncorrectHcaptcha',
  'reportIncorrectTokenCaptcha',
  'reportIncorrect',
  'reportCorrect',
  'feedbackTask',
] as const;

export interface ModernGuardOptions {
  limiter: RateLimiter;
  maxBodyBytes: number;
  /** Paths with their own rules (legacy endpoints, health, metrics). */
  skip: ReadonlySet<string>;
  onLimited: () => void;
}

const modernError = (
  c: Context,
  status: 413 | 429,
  errorCode: string,
  errorDescription: string,
  headers?: Record<string, string>,
) => c.json({ errorId: 1, errorCode, errorDescription }, status, headers);

export function modernGuard(opts: ModernGuardOptions): MiddlewareHandler<{ Variables: ObserveVariables }> {
  return async function guardModern(c, next) {
    if (opts.skip.has(c.req.path)) return next();
    const rate = await opts.limiter.hit('ip', c.get('ip'));
    const headers = rate ? rateHeaders(rate) : undefined;
    if (rate?.limited) {
      opts.onLimited();
      return modernError(
        c,
        429,
        'RATE_LIMITED',
        'Too many requests from this IP; retry after X-RateLimit-Reset.',
        headers,
      );
    }
    if (!(await bodyFits(c, opts.maxBodyBytes))) {
      return modernError(c, 413, 'ERROR_TOO_BIG_CAPTCHA_FILESIZE', 'The request body is too large.', headers);
    }
    await next();
    if (headers) for (const [name, value] of Object.entries(headers)) c.res.headers.set(name, value);
  };
}
