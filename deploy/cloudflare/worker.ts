/**
 * @module
 * inres on Cloudflare Workers. Settings come from the Worker's vars (the same names as the
 * environment variables on Node); the app is built on the first request and kept for as long
 * as the isolate sees the same `env`. Task ids live in Durable Objects (see task-object.ts),
 * or, with IDS=stateless, in the ids themselves (no binding needed).
 */
import type { Hono } from 'hono';
import { getConnInfo } from 'hono/cloudflare-workers';
import { createGateway } from '../../src/app.ts';
import { createLogger } from '../../src/log.ts';
import { loadSettings, type Unsupported } from '../../src/settings.ts';
import { fetchTransport } from '../../src/upstream/fetch-transport.ts';
import { durableObjectStore, type TaskObject } from './task-object.ts';

export { TaskObject } from './task-object.ts';

export interface Env {
  TASKS?: DurableObjectNamespace<TaskObject>;
  [setting: string]: unknown;
}

type Gateway = Pick<Hono, 'fetch'>;

const noFiles = 'a Worker cannot read files';
/** What a Worker cannot honour: set, every request answers 503 naming it. */
const unsupported: Unsupported = {
  GATEWAY_KEYS_FILE: `${noFiles}; put the table in the GATEWAY_KEYS secret`,
  CONFIG: `${noFiles}; put the list in the UPSTREAMS variable`,
  TLS_CERT: 'Cloudflare terminates TLS for a Worker',
  TLS_KEY: 'Cloudflare terminates TLS for a Worker',
  MAX_HEADER_BYTES: 'Cloudflare sets the header size limit',
  SHUTDOWN_TIMEOUT_MS: 'the Workers runtime ends requests itself',
  CLIENT_HEADERS_TIMEOUT_MS: 'the Workers runtime manages client connections',
  CLIENT_REQUEST_TIMEOUT_MS: 'the Workers runtime manages client connections',
  PINGBACK_ALLOW: 'pingback is not available on Workers yet; see docs/runtimes.md',
};

/** Answers every request with 503 and the reason: a misconfigured Worker says why. */
function unavailable(message: string): Gateway {
  console.error(`inres: ${message}`);
  return { fetch: () => new Response(`inres: ${message}`, { status: 503 }) };
}

function build(env: Env): Gateway {
  const vars: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) if (typeof value === 'string') vars[name] = value;
  const loaded = loadSettings(vars, unsupported);
  if (!loaded.ok) return unavailable(loaded.message);
  const settings = loaded.settings;
  const stateless = settings.IDS === 'stateless';
  if (!stateless && !env.TASKS) {
    return unavailable('the TASKS Durable Object binding is missing (see wrangler.jsonc); or set IDS=stateless');
  }
  const logger = createLogger(settings.LOG_LEVEL, (line) => console.log(line));
  if (settings.STORE_URL) logger.warn('STORE_URL is not used on Workers: ids live in Durable Objects or, with IDS=stateless, in the ids');
  return createGateway(settings, {
    transport: fetchTransport(),
    store: env.TASKS && !stateless ? durableObjectStore(env.TASKS, settings.TASK_TTL_SECONDS * 1000) : undefined,
    logger,
    socketIp: (c) => getConnInfo(c).remote.address,
  }).app;
}

let cached: { env: Env; gateway: Gateway } | undefined;

export default {
  fetch(req, env, ctx) {
    if (cached?.env !== env) cached = { env, gateway: build(env) };
    return cached.gateway.fetch(req, env, ctx);
  },
} satisfies ExportedHandler<Env>;
