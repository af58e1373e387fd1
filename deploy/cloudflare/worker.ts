/**
 * @module
 * inres on Cloudflare Workers. Settings come from the Worker's vars (the same names as the
 * environment variables on Node); the app is built on the first request and kept for as long
 * as the isolate sees the same `env`. Task ids live in Durable Objects (see task-object.ts),
 * or, with IDS=stateless, in the ids themselves (no binding needed). Pingbacks are delivered by
 * the task's own object, from its alarm, so delivery outlives the request that asked for it.
 */
import type { Hono } from 'hono';
import { getConnInfo } from 'hono/cloudflare-workers';
import { createLogger } from '../../src/ops/log.ts';
import { settingsOf, workerGateway } from './gateway.ts';
import { durableObjectPingbacks, durableObjectStore, type TaskObject } from './task-object.ts';

export { TaskObject } from './task-object.ts';

export interface Env {
  TASKS?: DurableObjectNamespace<TaskObject>;
  [setting: string]: unknown;
}

type Gateway = Pick<Hono, 'fetch'>;

/** Answers every request with 503 and the reason: a misconfigured Worker says why. */
function unavailable(message: string): Gateway {
  console.error(`inres: ${message}`);
  return { fetch: () => new Response(`inres: ${message}`, { status: 503 }) };
}

function build(env: Env): Gateway {
  const loaded = settingsOf(env);
  if (!loaded.ok) return unavailable(loaded.message);
  const settings = loaded.settings;
  const stateless = settings.IDS === 'stateless';
  if (!stateless && !env.TASKS) {
    return unavailable('the TASKS Durable Object binding is missing (see wrangler.jsonc); or set IDS=stateless');
  }
  if (stateless && settings.PINGBACK_ALLOW) {
    return unavailable(
      'invalid setting PINGBACK_ALLOW: pingbacks live in the TASKS Durable Objects, which IDS=stateless goes without',
    );
  }
  if (settings.MAX_TASKS_PER_KEY) {
    return unavailable(
      'invalid setting MAX_TASKS_PER_KEY: caps the memory store; a Worker keeps ids in Durable Objects, which it does not cap',
    );
  }
  const logger = createLogger(settings.LOG_LEVEL, (line) => console.log(line));
  if (settings.STORE_URL)
    logger.warn('STORE_URL is not used on Workers: ids live in Durable Objects or, with IDS=stateless, in the ids');
  if (settings.UPSTREAM_RATE_LIMIT || settings.UPSTREAMS?.some((u) => u.rateLimit)) {
    logger.warn('the upstream rate budget counts per Worker isolate here: Workers share no store for it');
  }
  const tasks = stateless ? undefined : env.TASKS;
  return workerGateway(settings, {
    store: tasks && durableObjectStore(tasks, settings.TASK_TTL_SECONDS * 1000),
    pingbackQueue: tasks && durableObjectPingbacks(tasks),
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
