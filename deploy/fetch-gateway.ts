/**
 * @module
 * The gateway for runtimes that serve a fetch handler themselves (Bun, Deno): the portable fetch
 * transport, the runtime's own peer address, pingback as the runtime sends it, and the Redis
 * connection when `STORE_URL` is set (ioredis, through the runtime's Node compatibility).
 * Everything else is the core's.
 */
import { createGateway, type Deps, type Gateway } from '../src/app.ts';
import type { SocketIp } from '../src/access/client-ip.ts';
import type { Logger } from '../src/ops/log.ts';
import type { Settings, Support } from '../src/settings.ts';
import { fetchTransport } from '../src/upstream/fetch-transport.ts';
import { createRedisClient, withStoreBudget } from './shared/redis-client.ts';

/** What Bun.serve and Deno.serve do with the server settings; each entrypoint adds MAX_HEADER_BYTES. */
export const fetchServerSupport: Omit<Support, 'MAX_HEADER_BYTES'> = {
  GATEWAY_KEYS_FILE: true,
  CONFIG: true,
  TLS_CERT: true,
  TLS_KEY: true,
  SHUTDOWN_TIMEOUT_MS: true,
  CLIENT_HEADERS_TIMEOUT_MS: "this runtime's server has no header timeout (Node only)",
  CLIENT_REQUEST_TIMEOUT_MS: "this runtime's server has no request timeout (Node only)",
};

export interface FetchGateway extends Gateway {
  /** Releases the store's connection; call once the server has stopped. */
  close(): Promise<void>;
}

/** The runtime's parts: its peer address and how a pingback leaves it. */
export type FetchPlatform = { socketIp: SocketIp } & Required<Pick<Deps, 'pingbackDelivery'>>;

export function createFetchGateway(settings: Settings, logger: Logger, platform: FetchPlatform): FetchGateway {
  const redis = settings.STORE_URL
    ? createRedisClient(settings.STORE_URL, {
        timeoutMs: settings.STORE_TIMEOUT_MS,
        waitReplicas: settings.STORE_WAIT_REPLICAS === 1,
        logger,
      })
    : undefined;
  const gateway = createGateway(settings, {
    transport: fetchTransport(),
    redis: redis?.command,
    redisDurable: redis?.durable,
    redisReady: redis?.ready,
    onStoreFailover: redis?.onFailover,
    logger,
    ...platform,
  });
  // Each request's store commands share one timeout (the runtime's AsyncLocalStorage).
  if (redis) {
    const fetch = gateway.app.fetch;
    gateway.app.fetch = (request, env, ctx) => withStoreBudget(() => fetch(request, env, ctx));
  }
  return { ...gateway, close: async () => redis?.close() };
}
