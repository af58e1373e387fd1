/**
 * @module
 * Who a DBC request speaks for, and whether it may: the per-IP limit, the credentials → the key
 * (a `dbc` entry of the gateway-key table, else the token or password itself), the table's
 * verdict on that key, the per-key limit. Refusals are DBC errors; the rate decision travels
 * with every answer as the `X-RateLimit-*` headers.
 */
import type { Access } from '../access/keys.ts';
import { combine, rateHeaders, type RateDecision, type RateLimiter } from '../access/rate-limit.ts';
import { hashKey } from '../ids/ids.ts';
import { credentialsOf, keyOf } from './credentials.ts';
import { DbcError, dbcCodeFor } from './errors.ts';
import type { DbcFields } from './request.ts';

export interface AdmitOptions {
  access?: Access;
  limiter?: RateLimiter;
  onLimited?: () => void;
}

export interface Admitted {
  /** The client's key as the core takes it (a gateway key when the table maps the credentials). */
  key: string;
  headers: Record<string, string>;
}

/** Rate headers so far, kept on the request so a refusal carries them too. */
export class Refusal extends DbcError {
  readonly headers: Record<string, string>;
  constructor(code: DbcError['code'], rate: RateDecision | undefined) {
    super(code);
    this.headers = rate ? rateHeaders(rate) : {};
  }
}

export function createDbcAdmission(opts: AdmitOptions) {
  const { access, limiter } = opts;

  function limited(rate: RateDecision | undefined): void {
    if (!rate?.limited) return;
    opts.onLimited?.();
    throw new Refusal('service-overload', rate);
  }

  /** The per-IP limit alone: requests that carry no credentials (polls, status). */
  async function byIp(ip: string): Promise<Record<string, string>> {
    const rate = await limiter?.hit('ip', ip);
    limited(rate);
    return rate ? rateHeaders(rate) : {};
  }

  /** Every check, for a request that must carry credentials. */
  async function withKey(f: DbcFields, header: (name: string) => string | undefined, ip: string): Promise<Admitted> {
    const ipRate = await limiter?.hit('ip', ip);
    limited(ipRate);
    const credentials = credentialsOf(f, header);
    if (!credentials) throw new Refusal('invalid-credentials', ipRate);
    let key = keyOf(credentials);
    if (access) {
      key = (await access.dbcKey(credentials)) ?? key;
      const verdict = await access.admit(key, ip);
      if (!verdict.ok) throw new Refusal(dbcCodeFor(verdict.code), ipRate);
    }
    const keyRate = limiter?.enabled('key') ? await limiter.hit('key', await hashKey(key)) : undefined;
    const rate = combine(ipRate, keyRate);
    limited(rate);
    return { key, headers: rate ? rateHeaders(rate) : {} };
  }

  return { byIp, withKey };
}
