/**
 * The task stores: one suite run against the memory store and against Redis (a real
 * redis-server of the test's own), then what only one of them has to show.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisClient, type RedisClient } from '../../deploy/shared/redis-client.ts';
import { silentLogger } from '../../src/ops/log.ts';
import { createMemoryStore } from '../../src/store/memory.ts';
import { createRedisStore } from '../../src/redis/store.ts';
import { StoreUnavailable, type TaskRecord, type TaskStore } from '../../src/store/types.ts';
import { startRedis, type TestRedis } from '../support/redis.ts';

const rec = (n: number, extra: Partial<TaskRecord> = {}): TaskRecord => ({
  upstreamId: `up-${n}`,
  type: 'RecaptchaV2TaskProxyless',
  keyHash: 'k'.repeat(32),
  createdAt: 1_700_000_000_000 + n,
  ...extra,
});
const solved = (n: number) => rec(n, { outcome: { solution: { gRecaptchaResponse: `token-${n}` }, cost: '0.001' } });
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

let redis: TestRedis;
let client: RedisClient;
beforeAll(async () => {
  redis = await startRedis();
  client = createRedisClient(redis.url, { timeoutMs: 500, logger: silentLogger });
});
afterAll(async () => {
  await client?.close();
  await redis?.stop();
});

interface Subject {
  store: TaskStore;
  /** Lets `ms` pass for the store. */
  pass(ms: number): Promise<void>;
}

const subjects: Record<string, (ttlMs: number) => Subject> = {
  memory(ttlMs) {
    let t = 1_000;
    const store = createMemoryStore({ ttlMs, maxEntries: 1000, now: () => t });
    return { store, pass: async (ms) => void (t += ms) };
  },
  redis(ttlMs) {
    const prefix = `t${Math.random().toString(36).slice(2)}:`;
    return { store: createRedisStore({ command: client.command, ttlMs, prefix }), pass: sleep };
  },
};

describe.each(Object.keys(subjects))('%s store', (name) => {
  const make = subjects[name]!;

  it('keeps a record whole, fields it does not know included', async () => {
    const { store } = make(60_000);
    const withExtras = { ...rec(1), attempts: 2, route: { upstream: 'b', ids: ['x', 'y'] } } as TaskRecord;
    expect(await store.insert('100000000000001', withExtras)).toBe(true);
    expect(await store.get('100000000000001')).toEqual(withExtras);
  });

  it('refuses an id already taken, and keeps the first record', async () => {
    const { store } = make(60_000);
    expect(await store.insert('100000000000002', rec(1))).toBe(true);
    expect(await store.insert('100000000000002', rec(2))).toBe(false);
    expect(await store.get('100000000000002')).toEqual(rec(1));
  });

  it('update replaces a live record; an unknown id stays unknown', async () => {
    const { store } = make(60_000);
    await store.insert('100000000000003', rec(3));
    await store.update('100000000000003', solved(3));
    expect(await store.get('100000000000003')).toEqual(solved(3));
    await store.update('100000000000004', solved(4));
    expect(await store.get('100000000000004')).toBeUndefined();
  });

  it('forgets a record after its TTL, even one updated meanwhile', async () => {
    const { store, pass } = make(300);
    await store.insert('100000000000005', rec(5));
    await pass(150);
    await store.update('100000000000005', solved(5));
    expect(await store.get('100000000000005')).toEqual(solved(5));
    await pass(400);
    expect(await store.get('100000000000005')).toBeUndefined();
    await store.update('100000000000005', solved(5));
    expect(await store.get('100000000000005')).toBeUndefined();
  });
});

describe('memory store bounds', () => {
  it('never holds more than maxEntries', async () => {
    const store = createMemoryStore({ ttlMs: 60_000, maxEntries: 100 });
    for (let i = 0; i < 1000; i++) await store.insert(String(i), rec(i));
    expect(store.size()).toBe(100);
    expect(await store.get('999')).toEqual(rec(999));
    expect(await store.get('899')).toBeUndefined();
  });

  it('when full, drops the oldest finished task before any running one', async () => {
    const store = createMemoryStore({ ttlMs: 60_000, maxEntries: 3 });
    await store.insert('1', rec(1));
    await store.insert('2', rec(2));
    await store.insert('3', rec(3));
    await store.update('3', solved(3));
    await store.update('2', solved(2));
    await store.insert('4', rec(4));
    expect(await store.get('1')).toEqual(rec(1));
    expect(await store.get('3')).toBeUndefined();
    expect(await store.get('2')).toEqual(solved(2));
    await store.insert('5', rec(5));
    expect(await store.get('2')).toBeUndefined();
    await store.insert('6', rec(6));
    expect(await store.get('1')).toBeUndefined();
    expect(store.size()).toBe(3);
  });

  it('sweeps expired entries on insert, so they take no room', async () => {
    let t = 0;
    const store = createMemoryStore({ ttlMs: 1000, maxEntries: 10, now: () => t });
    for (let i = 0; i < 10; i++) await store.insert(String(i), rec(i));
    t = 2000;
    await store.insert('new', rec(99));
    expect(store.size()).toBe(1);
  });
});

describe('redis store', () => {
  it('every key carries a TTL, kept across updates', async () => {
    const store = createRedisStore({ command: client.command, ttlMs: 60_000, prefix: 'ttl:' });
    await store.insert('100000000000007', rec(7));
    await store.update('100000000000007', solved(7));
    const ttl = Number((await redis.raw('PTTL ttl:task:100000000000007')).slice(1));
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);
  });

  it('an unreadable value reads as unknown', async () => {
    const store = createRedisStore({ command: client.command, ttlMs: 60_000, prefix: 'bad:' });
    await redis.raw('SET bad:task:100000000000008 not-json');
    expect(await store.get('100000000000008')).toBeUndefined();
  });

  it('Redis down: StoreUnavailable, not a hang; back: works again without a restart', async () => {
    const store = createRedisStore({ command: client.command, ttlMs: 60_000, prefix: 'down:' });
    await store.insert('100000000000009', rec(9));
    await redis.stop();
    await expect(store.get('100000000000009')).rejects.toBeInstanceOf(StoreUnavailable);
    // Its legacy answer (ERROR_NO_SLOT_AVAILABLE) is the legacy side's: test/unit/errors.test.ts.
    await expect(store.insert('100000000000010', rec(10))).rejects.toBeInstanceOf(StoreUnavailable);
    await redis.start();
    let back: TaskRecord | undefined | 'down' = 'down';
    for (let i = 0; i < 50 && back === 'down'; i++) {
      back = await store.get('100000000000009').catch(() => 'down' as const);
      if (back === 'down') await sleep(100);
    }
    // The test's redis-server keeps nothing on disk: the record is gone, the store is not.
    expect(back).toBeUndefined();
    expect(await store.insert('100000000000011', rec(11))).toBe(true);
  });
});

describe('redis store: settled records are answered from this process', () => {
  const counted = () => {
    const sent: string[] = [];
    const command = (args: readonly (string | number)[]) => {
      sent.push(String(args[0]));
      return client.command(args);
    };
    return { sent, command };
  };
  const at = 1_700_000_000_000;

  it('a re-poll of a solved task sends nothing; an unsolved one is read every time', async () => {
    const { sent, command } = counted();
    const store = createRedisStore({ command, ttlMs: 60_000, prefix: 'settled:', now: () => at + 10 });
    await store.insert('100000000000021', rec(21));
    await store.update('100000000000021', solved(21));
    await store.insert('100000000000022', rec(22));
    sent.length = 0;
    for (let i = 0; i < 3; i++) {
      expect(await store.get('100000000000021')).toEqual(solved(21));
      expect(await store.get('100000000000022')).toEqual(rec(22));
    }
    expect(sent).toEqual(['GET', 'GET', 'GET']);
  });

  it('an outcome another instance stored is kept once read', async () => {
    const writer = createRedisStore({ command: client.command, ttlMs: 60_000, prefix: 'settled2:' });
    await writer.insert('100000000000023', solved(23));
    const { sent, command } = counted();
    const reader = createRedisStore({ command, ttlMs: 60_000, prefix: 'settled2:', now: () => at + 10 });
    expect(await reader.get('100000000000023')).toEqual(solved(23));
    expect(await reader.get('100000000000023')).toEqual(solved(23));
    expect(sent).toEqual(['GET']);
  });

  it('not kept when its write failed (a replica did not acknowledge it), nor past its TTL', async () => {
    let t = at + 10;
    const { sent, command } = counted();
    const refusing = async () => Promise.reject(new Error('no replica acknowledged the write in time'));
    const store = createRedisStore({ command, durable: refusing, ttlMs: 60_000, prefix: 'settled3:', now: () => t });
    await client.command(['SET', 'settled3:task:100000000000024', JSON.stringify(rec(24))]);
    await expect(store.update('100000000000024', solved(24))).rejects.toBeInstanceOf(StoreUnavailable);
    expect(await store.get('100000000000024')).toEqual(rec(24));
    await client.command(['SET', 'settled3:task:100000000000024', JSON.stringify(solved(24))]);
    expect(await store.get('100000000000024')).toEqual(solved(24));
    t = at + 24 + 60_000;
    await client.command(['DEL', 'settled3:task:100000000000024']);
    expect(await store.get('100000000000024')).toBeUndefined();
    expect(sent).toEqual(['GET', 'GET', 'GET']);
  });
});
