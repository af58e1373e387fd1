/**
 * @module
 * The gateway for runtimes that serve a fetch handler themselves (Bun, Deno): the portable fetch
 * transport, the runtime's own peer address, and the Redis store and rate counters when
 * `STORE_URL` is set (ioredis, through the runtime's Node compatibility), else the embedded
 * memory store and counters.
 */
import type { SocketIp } from '../src/client-ip.ts';
import { createApp } from '../src/app.ts';
import type { Logger } from '../src/log.ts';
import type { Settings } from '../src/settings.ts';
import { createRedisCounter } from '../src/rate-counter-redis.ts';
import { createRedisStore } from '../src/store/redis.ts';
import { fetchTransport } from '../src/upstream/fetch-transport.ts';
import { createRedisClient, withStoreBudget } from './node/redis-client.ts';

export interface FetchGateway {
  app: ReturnType<typeof createApp>;
  /** Releases the store's connection; call once the server has stopped. */
  close(): Promise<void>;
}

export function createFetchGateway(settings: Settings, logger: Logger, socketIp: SocketIp): FetchGateway {
  const redis = settings.STORE_URL
    ? createRedisClient(settings.STORE_URL, { timeoutMs: settings.STORE_TIMEOUT_MS, waitReplicas: settings.STORE_WAIT_REPLICAS === 1, logger })
    : undefined;
  const store = redis && createRedisStore({ command: redis.command, durable: redis.durable, ttlMs: settings.TASK_TTL_SECONDS * 1000 });
  const rateCounter = redis && createRedisCounter(redis.command);
  const app = createApp(settings, { transport: fetchTransport(), store, rateCounter, sharedCommand: redis?.command, logger, socketIp });
  // Each request's store commands share one timeout (the runtime's AsyncLocalStorage).
  const fetch = app.fetch;
  app.fetch = (request, env, ctx) => withStoreBudget(() => fetch(request, env, ctx));
  return { app, close: async () => redis?.close() };
}
