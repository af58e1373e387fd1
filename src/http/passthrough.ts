/**
 * @module
 * The modern passthrough: `POST /createTask`, `/getTaskResult`, `/getBalance` and the primary
 * upstream's report calls go to that upstream, and its status and body come back unchanged,
 * so one base URL serves old and new clients. The call goes through the primary's client
 * (`forward`), so it is counted, capped and watched by the breaker like a legacy one. With
 * gateway keys, only a listed key is served, and its upstream key is what leaves; without
 * them a modern client speaks to the upstream with the upstream's own key and the body goes
 * out as it came.
 */
import type { Context, Env, Hono } from 'hono';
import type { Access } from '../access/keys.ts';
import { hashKey } from '../ids/ids.ts';
import { modernStatus } from '../upstream/codes.ts';
import type { Logger } from '../ops/log.ts';
import type { RateLimiter } from '../access/rate-limit.ts';
import { affords } from '../upstream/budget.ts';
import { UpstreamError, type FaultKind } from '../upstream/client.ts';
import type { Dialect } from '../upstream/dialects.ts';
import type { Route } from '../upstream/router.ts';

/** The calls passed through: the three every vendor has, and the dialect's report calls. */
export function passthroughCalls(dialect: Dialect): string[] {
  const calls = new Set(['createTask', 'getTaskResult', 'getBalance']);
  for (const { bad, good } of Object.values(dialect.reports)) {
    if (bad) calls.add(bad);
    if (good) calls.add(good);
  }
  return [...calls];
}

const json = (status: number, body: unknown): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

const failure = (status: number, errorCode: string, errorDescription: string): Response =>
  json(status, { errorId: 1, errorCode, errorDescription });

/** A refused key, as the modern API answers it: its code at the status the error table gives it. */
const refusal = (code: string): Response =>
  failure(
    Object.hasOwn(modernStatus, code) ? modernStatus[code]! : 401,
    code,
    'The key is not valid for this gateway.',
  );

/** What a client gets when the call could not be made or answered. */
const faults: Partial<Record<FaultKind, [status: number, description: string]>> = {
  timeout: [504, 'the upstream did not answer in time'],
  open: [503, 'the upstream is failing; calls are paused'],
  busy: [503, 'too many upstream calls in flight'],
};
const unreachable: [number, string] = [502, 'the upstream could not be reached'];

export interface PassthroughOptions {
  primary: Pick<Route, 'dialect' | 'client' | 'breaker' | 'budget'>;
  /** Gateway keys; absent: every key goes upstream as it is. */
  access?: Access;
  /** The client address the access rules judge (an IP allow-list). */
  ip: (c: Context) => string;
  /** Its per-key limit (RATE_LIMIT_PER_KEY) holds for an admitted gateway key, as on the legacy face. */
  limiter: RateLimiter;
  onLimited: () => void;
  logger: Logger;
}

type Keyed = { body: string } | { refused: Response };

/** The body with the gateway key admitted and swapped for its upstream key, or the refusal. */
async function keyed(access: Access, opts: PassthroughOptions, text: string, ip: string): Promise<Keyed> {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { refused: failure(400, 'ERROR_BAD_PARAMETERS', 'The request body is not JSON.') };
  }
  const key =
    typeof body === 'object' && body !== null && !Array.isArray(body)
      ? (body as Record<string, unknown>).clientKey
      : undefined;
  if (typeof key !== 'string' || key === '') return { refused: refusal('ERROR_KEY_DOES_NOT_EXIST') };
  const admission = await access.admit(key, ip);
  if (!admission.ok) return { refused: refusal(admission.code) };
  const rate = opts.limiter.enabled('key') ? await opts.limiter.hit('key', await hashKey(key)) : undefined;
  if (rate?.limited) {
    opts.onLimited();
    return { refused: failure(429, 'RATE_LIMITED', 'Too many requests with this key; retry later.') };
  }
  return { body: JSON.stringify({ ...(body as Record<string, unknown>), clientKey: access.upstreamKey(key) }) };
}

/** Adds the passthrough routes to `app`. Body size is modernGuard's (MAX_BODY_BYTES). */
export function mountPassthrough<E extends Env>(app: Hono<E>, opts: PassthroughOptions): void {
  const { client, breaker } = opts.primary;
  for (const call of passthroughCalls(opts.primary.dialect)) {
    app.post(`/${call}`, async (c) => {
      let body = await c.req.text();
      if (opts.access) {
        const k = await keyed(opts.access, opts, body, opts.ip(c));
        if ('refused' in k) return k.refused;
        body = k.body;
      }
      // The upstream's rate budget binds modern clients too; vendors say "no slot" with HTTP 200.
      if (!(await affords(opts.primary.budget, call === 'createTask' ? 'createTask' : 'getTaskResult'))) {
        return failure(200, 'ERROR_NO_SLOT_AVAILABLE', 'the upstream rate budget is spent; retry in a few seconds');
      }
      if (!breaker.allow()) return failure(503, 'ERROR_NO_SLOT_AVAILABLE', faults.open![1]);
      try {
        const res = await client.forward(call, body);
        if (res.status >= 500) breaker.failure();
        else breaker.success();
        return new Response(res.body, { status: res.status, headers: { 'content-type': 'application/json' } });
      } catch (e) {
        const fault = e instanceof UpstreamError && e.fault ? e.fault : 'network';
        // As the router counts a legacy call's fault (router.ts isDown).
        breaker.failure();
        const traced = e instanceof UpstreamError ? { upstream: e.upstream, cause: e.faultCause } : {};
        opts.logger.warn('upstream fault', { path: `/${call}`, fault, ...traced });
        const [status, description] = faults[fault] ?? unreachable;
        return failure(status, 'ERROR_NO_SLOT_AVAILABLE', description);
      }
    });
  }
}
