/**
 * @module
 * The gateway as a Node HTTP server: the app, the undici transport, and the limits a legacy
 * listener needs (long query strings from the JS client; slow clients cut off).
 */
import { createAdaptorServer } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Server } from 'node:http';
import { createApp, type Deps } from '../../src/app.ts';
import { silentLogger } from '../../src/log.ts';
import type { Settings } from '../../src/settings.ts';
import { createRedisStore } from '../../src/store/redis.ts';
import { createRedisClient } from './redis-client.ts';
import { createUndiciTransport } from './undici-transport.ts';

export interface NodeGateway {
  server: Server;
  /** Releases upstream and store connections; call after the server has closed. */
  close(): Promise<void>;
}

/** Turnstile `pagedata` and Amazon `context` arrive in GET query strings past Node's 16 KiB. */
const maxHeaderSize = 256 * 1024;

export function createNodeGateway(settings: Settings, deps: Partial<Deps> = {}): NodeGateway {
  const { transport, agent } = createUndiciTransport({ timeoutMs: settings.UPSTREAM_TIMEOUT_MS });
  const redis = settings.STORE_URL && !deps.store
    ? createRedisClient(settings.STORE_URL, { timeoutMs: settings.STORE_TIMEOUT_MS, logger: deps.logger ?? silentLogger })
    : undefined;
  const store = redis ? createRedisStore({ command: redis.command, ttlMs: settings.TASK_TTL_SECONDS * 1000 }) : deps.store;
  const app = createApp(settings, { transport, socketIp: (c) => getConnInfo(c).remote.address, ...deps, store });
  const server = createAdaptorServer({
    fetch: app.fetch,
    serverOptions: { maxHeaderSize, headersTimeout: 20_000, requestTimeout: 60_000, keepAliveTimeout: 5_000 },
  }) as Server;
  return {
    server,
    async close() {
      await Promise.all([agent.close(), redis?.close()]);
    },
  };
}
