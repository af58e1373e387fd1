/**
 * @module
 * createApp(settings, deps): the whole gateway as a Hono app, with no runtime specifics.
 * Entrypoints under deploy/ build the deps (transport, store, logger) and serve it.
 */
import { Hono } from 'hono';
import { storeIds } from './ids.ts';
import type { LegacyContext } from './legacy/context.ts';
import { LegacyError } from './legacy/errors.ts';
import { isTrue } from './legacy/fields.ts';
import { submit } from './legacy/in.ts';
import { readParams, wantsJson, type Params } from './legacy/params.ts';
import { code, render, type Answer } from './legacy/reply.ts';
import { result } from './legacy/res.ts';
import { silentLogger, type Logger } from './log.ts';
import type { Settings } from './settings.ts';
import { createMemoryStore } from './store/memory.ts';
import { StoreUnavailable, type TaskStore } from './store/types.ts';
import { createUpstream, UpstreamError } from './upstream/client.ts';
import { dialects } from './upstream/dialects.ts';
import type { Transport } from './upstream/transport.ts';

export interface Deps {
  /** How upstream calls leave the process: undici on Node, fetch elsewhere. */
  transport: Transport;
  /** Where task ids live; the bounded memory store by default. */
  store?: TaskStore;
  logger?: Logger;
  now?: () => number;
}

type Handler = (p: Params, ctx: LegacyContext) => Promise<Answer>;

const preflightHeaders = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST',
  'access-control-allow-headers': 'content-type',
};

/** Builds the gateway. Nothing here reads the environment, listens or starts timers. */
export function createApp(settings: Settings, deps: Deps): Hono {
  const now = deps.now ?? Date.now;
  const logger = deps.logger ?? silentLogger;
  const store = deps.store ?? createMemoryStore({ ttlMs: settings.TASK_TTL_SECONDS * 1000, maxEntries: settings.MAX_TASKS, now });
  const ctx: LegacyContext = {
    upstream: createUpstream({
      baseUrl: settings.UPSTREAM_URL,
      dialect: dialects[settings.UPSTREAM_DIALECT],
      transport: deps.transport,
      timeoutMs: settings.UPSTREAM_TIMEOUT_MS,
    }),
    ids: storeIds(store),
    logger,
    now,
  };

  /** Runs a legacy handler: every outcome, even a bug, becomes an HTTP 200 legacy answer. */
  async function legacy(req: Request, path: string, handler: Handler): Promise<Response> {
    if (req.method === 'OPTIONS') return new Response(null, { status: 204, headers: preflightHeaders });
    const { params, error } = await readParams(req);
    let answer: Answer;
    try {
      answer = error ? code(error) : await handler(params, ctx);
    } catch (e) {
      if (e instanceof UpstreamError && e.fault) {
        logger.warn('upstream fault', { path, fault: e.fault, code: e.code });
      } else if (e instanceof StoreUnavailable) {
        logger.warn('store unavailable', { path, reason: e.reason });
      } else if (!(e instanceof LegacyError)) {
        logger.error('internal error', { path, error: e instanceof Error ? e.message : String(e) });
      }
      answer = code(e instanceof LegacyError ? e.code : 'ERROR_NO_SLOT_AVAILABLE');
    }
    return render(answer, { json: wantsJson(params), acao: isTrue(params.values.get('header_acao')) });
  }

  const app = new Hono();
  app.all('/in.php', (c) => legacy(c.req.raw, '/in.php', submit));
  app.all('/res.php', (c) => legacy(c.req.raw, '/res.php', result));
  app.get('/healthz', (c) => c.text('ok'));
  app.notFound((c) => c.text('Not Found', 404));
  app.onError((e, c) => {
    logger.error('unhandled error', { path: c.req.path, error: e.message });
    return c.text('Internal Server Error', 500);
  });
  return app;
}
