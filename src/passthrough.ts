/**
 * @module
 * The modern passthrough: `POST /createTask`, `/getTaskResult`, `/getBalance` and the primary
 * upstream's report calls go to that upstream unchanged, and its status and body come back
 * unchanged, so one base URL serves old and new clients. Keys are not mapped: a modern client
 * speaks to the upstream with the upstream's own key and ids.
 */
import type { Env, Hono } from 'hono';
import type { Logger } from './log.ts';
import { affords } from './upstream/budget.ts';
import { faultKind } from './upstream/client.ts';
import type { Dialect } from './upstream/dialects.ts';
import { readCapped } from './upstream/fetch-transport.ts';
import type { Route } from './upstream/router.ts';
import { ResponseTooLarge, type Transport } from './upstream/transport.ts';

/** A createTask carries at most a base64 image of a few hundred kB. */
export const maxRequestBytes = 2 * 1024 * 1024;

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

export interface PassthroughOptions {
  primary: Pick<Route, 'baseUrl' | 'dialect' | 'budget'>;
  transport: Transport;
  timeoutMs: number;
  logger: Logger;
}

/** Adds the passthrough routes to `app`. */
export function mountPassthrough<E extends Env>(app: Hono<E>, opts: PassthroughOptions): void {
  const base = opts.primary.baseUrl.replace(/\/+$/, '');
  for (const call of passthroughCalls(opts.primary.dialect)) {
    app.post(`/${call}`, async (c) => {
      let body: string;
      try {
        body = await readCapped(c.req.raw.body, maxRequestBytes);
      } catch (e) {
        if (e instanceof ResponseTooLarge) return failure(413, 'ERROR_TOO_BIG_CAPTCHA_FILESIZE', 'request body too large');
        throw e;
      }
      // The upstream's rate budget binds modern clients too; vendors say "no slot" with HTTP 200.
      if (!(await affords(opts.primary.budget, call === 'createTask' ? 'createTask' : 'getTaskResult'))) {
        return failure(200, 'ERROR_NO_SLOT_AVAILABLE', 'the upstream rate budget is spent; retry in a few seconds');
      }
      try {
        const res = await opts.transport({ url: `${base}/${call}`, body, timeoutMs: opts.timeoutMs });
        return new Response(res.body, { status: res.status, headers: { 'content-type': 'application/json' } });
      } catch (e) {
        const fault = faultKind(e);
        opts.logger.warn('upstream fault', { path: `/${call}`, fault });
        if (fault === 'timeout') return failure(504, 'ERROR_NO_SLOT_AVAILABLE', 'the upstream did not answer in time');
        return failure(502, 'ERROR_NO_SLOT_AVAILABLE', 'the upstream could not be reached');
      }
    });
  }
}
