/**
 * @module
 * The Redis connection behind `STORE_URL` on Node (ioredis), as the command function the core's
 * Redis store takes. Tuned to fail fast rather than hang: every command has a short timeout,
 * commands sent while disconnected are rejected at the next reconnect attempt, and the client
 * reconnects forever in the background, so the instance recovers by itself when Redis returns.
 */
import { Redis } from 'ioredis';
import type { Logger } from '../../src/log.ts';
import type { RedisCommand } from '../../src/store/redis.ts';

export interface RedisClient {
  command: RedisCommand;
  close(): Promise<void>;
}

export interface RedisClientOptions {
  /** Longest wait for one command, in ms. */
  timeoutMs: number;
  logger: Logger;
}

/** Reconnect delay: quick at first, then once a second. */
const retryDelay = (attempt: number) => Math.min(attempt * 100, 1000);

export function createRedisClient(url: string, opts: RedisClientOptions): RedisClient {
  const redis = new Redis(url, {
    commandTimeout: opts.timeoutMs,
    connectTimeout: opts.timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: retryDelay,
    enableReadyCheck: true,
  });
  // Log state changes, not every failed reconnect; never the URL (it may hold a password).
  let down = false;
  redis.on('ready', () => {
    down = false;
    opts.logger.info('store connected');
  });
  redis.on('error', (e: Error) => {
    if (down) return;
    down = true;
    opts.logger.warn('store unreachable', { error: e.message });
  });
  return {
    command: ([name, ...args]) => redis.call(String(name), ...args),
    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
