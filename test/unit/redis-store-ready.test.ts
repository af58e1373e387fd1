/**
 * The Redis store's readiness (src/redis/store.ts), which the core checks before it creates a
 * task upstream: the client's own state when it has one, and the last command's result.
 */
import { describe, expect, it } from 'vitest';
import { createRedisStore, type RedisCommand } from '../../src/redis/store.ts';
import { StoreUnavailable, type TaskRecord } from '../../src/store/types.ts';

const rec: TaskRecord = { upstreamId: '1', type: 'RecaptchaV2TaskProxyless', keyHash: 'h', createdAt: 0 };

describe('ready()', () => {
  it('false for a second after a command failed, true again once one is answered', async () => {
    let clock = 0;
    let down = true;
    const command: RedisCommand = async () => {
      if (down) throw new Error('connect ECONNREFUSED');
      return 'OK';
    };
    const store = createRedisStore({ command, ttlMs: 60_000, now: () => clock });
    expect(store.ready!()).toBe(true);
    await expect(store.insert('1', rec)).rejects.toBeInstanceOf(StoreUnavailable);
    expect(store.ready!()).toBe(false);
    clock = 999;
    expect(store.ready!()).toBe(false);
    clock = 1000;
    down = false;
    expect(store.ready!()).toBe(true);
    await store.insert('2', rec);
    expect(store.ready!()).toBe(true);
  });

  it("follows the client's state (disconnected, stalled) without sending anything", () => {
    let connected = false;
    const store = createRedisStore({ command: async () => 'OK', ttlMs: 60_000, ready: () => connected });
    expect(store.ready!()).toBe(false);
    connected = true;
    expect(store.ready!()).toBe(true);
  });
});
