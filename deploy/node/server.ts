/**
 * @module
 * The gateway as a Node HTTP server: the app, the undici transport, and the limits a legacy
 * listener needs (long query strings from the JS client; slow clients cut off).
 */
import { getRequestListener } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { createServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createGateway, type Deps, type Gateway } from '../../src/app.ts';
import { silentLogger } from '../../src/ops/log.ts';
import type { Settings } from '../../src/settings.ts';
import type { TlsFiles } from '../shared/files.ts';
import { createRedisClient, withStoreBudget } from '../shared/redis-client.ts';
import { withLegacyFastPath } from './legacy-listener.ts';
import { nodePost, resolveHost } from './pingback-post.ts';
import type { Base64Encoder } from '../../src/task/base64.ts';
import { createUndiciTransport } from './undici-transport.ts';

export interface NodeGateway {
  server: Server;
  /** Pingback delivery: the entrypoint calls it on a timer. */
  tick: Gateway['tick'];
  /**
   * Releases upstream and store connections; call after the server has closed. `force` drops
   * upstream calls still running (after a shutdown deadline) instead of waiting for them.
   */
  close(force?: boolean): Promise<void>;
  /** The gateway key table, when GATEWAY_KEYS was set at start-up (for reloads). */
  access: Gateway['access'];
}

/** Node's base64, ~6× the core's table on a 30 KB image. */
export const nodeBase64: Base64Encoder = (bytes) =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');

export function createNodeGateway(settings: Settings, deps: Partial<Deps> = {}, tls?: TlsFiles): NodeGateway {
  const { transport, agent } = createUndiciTransport({ timeoutMs: settings.UPSTREAM_TIMEOUT_MS });
  const redis =
    settings.STORE_URL && !deps.store
      ? createRedisClient(settings.STORE_URL, {
          timeoutMs: settings.STORE_TIMEOUT_MS,
          waitReplicas: settings.STORE_WAIT_REPLICAS === 1,
          logger: deps.logger ?? silentLogger,
        })
      : undefined;
  const gateway = createGateway(settings, {
    transport,
    socketIp: (c) => getConnInfo(c).remote.address,
    redis: redis?.command,
    redisDurable: redis?.durable,
    redisReady: redis?.ready,
    onStoreFailover: redis?.onFailover,
    pingbackDelivery: { post: nodePost, resolve: resolveHost },
    base64: nodeBase64,
    ...deps,
  });
  const { app, legacy } = gateway;
  const requestTimeout = settings.CLIENT_REQUEST_TIMEOUT_MS;
  const headersTimeout = Math.min(settings.CLIENT_HEADERS_TIMEOUT_MS, requestTimeout);
  const serverOptions = {
    // Turnstile `pagedata` and Amazon `context` arrive in GET query strings past Node's 16 KiB.
    maxHeaderSize: settings.MAX_HEADER_BYTES,
    headersTimeout,
    requestTimeout,
    keepAliveTimeout: 5_000,
    // Node checks both timeouts only this often (30 s by default): a slow client would hold
    // its socket that much past the limit.
    connectionsCheckingInterval: Math.min(1_000, headersTimeout),
  };
  const served = withLegacyFastPath(legacy, getRequestListener(app.fetch), {
    maxBodyBytes: settings.MAX_BODY_BYTES,
    maxParams: settings.MAX_PARAMS,
  });
  // Only store commands read the per-request deadline: without a Redis there is nothing to share.
  const listener: typeof served = redis ? (req, res) => withStoreBudget(() => served(req, res)) : served;
  const server: Server = tls
    ? createHttpsServer({ ...serverOptions, ...tls }, listener)
    : createServer(serverOptions, listener);
  return {
    server,
    tick: gateway.tick,
    access: gateway.access,
    async close(force = false) {
      await Promise.all([force ? agent.destroy() : agent.close(), redis?.close()]);
    },
  };
}
