/**
 * @module
 * The gateway for runtimes that serve a fetch handler themselves (Bun, Deno): the portable fetch
 * transport, the runtime's own peer address, and the Redis connection when `STORE_URL` is set
 * (ioredis, through the runtime's Node compatibility). Everything else is the core's.
 */
import { createGateway, type Gateway } from '../src/app.ts';
import type { SocketIp } from '../src/client-ip.ts';
import type { Logger } from '../src/log.ts';
import type { Settings, Unsupported } from '../src/settings.ts';
import { fetchTransport } from '../src/upstream/fetch-transport.ts';
import { createRedisClient } from './shared/redis-client.ts';

/** What Bun.serve and Deno.serve cannot do that Node's server does. */
export const fetchServerUnsupported: Unsupported = {
  CLIENT_HEADERS_TIMEOUT_MS: 'this runtime\'s server has no header timeout (Node only)',
  CLIENT_REQUEST_TIMEOUT_MS: 'this runtime\'s server has no request timeout (Node only)',
  PINGBACK_ALLOW: 'pingback is not available on this runtime yet (Node only); see docs/runtimes.md',
};

export interface FetchGateway extends Gateway {
  /** Releases the store's connection; call once the server has stopped. */
  close(): Promise<void>;
}

export function createFetchGateway(settings: Settings, logger: Logger, socketIp: SocketIp): FetchGateway {
  const redis = settings.STORE_URL
    ? createRedisClient(settings.STORE_URL, { timeoutMs: settings.STORE_TIMEOUT_MS, logger })
    : undefined;
  const gateway = createGateway(settings, { transport: fetchTransport(), redis: redis?.command, logger, socketIp });
  return { ...gateway, close: async () => redis?.close() };
}
