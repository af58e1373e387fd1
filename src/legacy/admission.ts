/**
 * @module
 * Whether a legacy request may go on, checked after its parameters are read and before any
 * handler runs: parameter sizes, the per-IP limit, the gateway key table, the per-key limit.
 * The answer carries the rate decision even when it refuses, so every answer has the headers.
 */
import type { Access } from '../access/keys.ts';
import { hashKey } from '../ids/ids.ts';
import { combine, type RateDecision, type RateLimiter } from '../access/rate-limit.ts';
import { keyOf, requireKey } from './context.ts';
import { LegacyError, type LegacyCode } from './errors.ts';
import type { Params } from './params.ts';

export interface AdmissionOptions {
  limiter?: RateLimiter;
  access?: Access;
  /** The longest text parameter; image data (`body`) is bounded by the body cap and the image checks. */
  maxParamBytes: number;
}

export interface Verdict {
  /** Set when the request is refused. */
  code?: LegacyCode;
  rate?: RateDecision;
}

const rateLimited: LegacyCode = 'ERROR: 1005';
const unbounded = new Set(['body']);

function oversized(p: Params, max: number): boolean {
  for (const [name, value] of p.values) {
    if (value.length > max && !unbounded.has(name)) return true;
  }
  return false;
}

export function createAdmission(opts: AdmissionOptions): (p: Params, ip: string) => Promise<Verdict> {
  const { limiter, access } = opts;
  return async function admit(p, ip) {
    const byIp = limiter?.enabled('ip') ? await limiter.hit('ip', ip) : undefined;
    if (byIp?.limited) return { code: rateLimited, rate: byIp };
    if (oversized(p, opts.maxParamBytes)) return { code: 'ERROR_BAD_PARAMETERS', rate: byIp };
    let key: string | undefined;
    if (access) {
      try {
        key = requireKey(p);
      } catch (e) {
        return { code: (e as LegacyError).code, rate: byIp };
      }
      const admission = await access.admit(key, ip);
      if (!admission.ok) return { code: admission.code, rate: byIp };
    }
    // The handlers' key: a padded key is the same key, and shares its limit.
    key ??= keyOf(p);
    const byKey = limiter?.enabled('key') && key ? await limiter.hit('key', await hashKey(key)) : undefined;
    const rate = combine(byIp, byKey);
    return rate?.limited ? { code: rateLimited, rate } : { rate };
  };
}
