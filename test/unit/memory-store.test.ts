import { describe, expect, it } from 'vitest';
import { hashKey, isIdFormat, randomId, storeIds } from '../../src/ids/ids.ts';
import { createMemoryStore } from '../../src/store/memory.ts';
import { StoreFull, StoreUnavailable, type TaskRecord } from '../../src/store/types.ts';

const rec = (n: number): TaskRecord => ({
  upstreamId: `u${n}`,
  type: 'RecaptchaV2TaskProxyless',
  keyHash: 'k',
  createdAt: n,
});

describe('memory store', () => {
  it('forgets an entry after its TTL', async () => {
    let t = 0;
    const store = createMemoryStore({ ttlMs: 1000, maxEntries: 10, now: () => t });
    await store.insert('1', rec(1));
    t = 999;
    expect(await store.get('1')).toEqual(rec(1));
    t = 1000;
    expect(await store.get('1')).toBeUndefined();
    expect(store.size()).toBe(0);
  });

  it('keeps at most maxEntries, dropping the oldest', async () => {
    const store = createMemoryStore({ ttlMs: 60_000, maxEntries: 3, now: () => 0 });
    for (let i = 1; i <= 5; i++) await store.insert(String(i), rec(i));
    expect(store.size()).toBe(3);
    expect(await store.get('1')).toBeUndefined();
    expect(await store.get('2')).toBeUndefined();
    expect(await store.get('5')).toEqual(rec(5));
  });

  it('refuses to insert over a live id; update keeps the expiry', async () => {
    let t = 0;
    const store = createMemoryStore({ ttlMs: 1000, maxEntries: 10, now: () => t });
    expect(await store.insert('1', rec(1))).toBe(true);
    expect(await store.insert('1', rec(2))).toBe(false);
    t = 500;
    await store.update('1', { ...rec(1), outcome: { failed: 'ERROR_CAPTCHA_UNSOLVABLE' } });
    t = 1000;
    expect(await store.get('1')).toBeUndefined();
  });
});

describe('ids', () => {
  it('are 15 digits, below 2^53', () => {
    for (let i = 0; i < 1000; i++) {
      const id = randomId();
      expect(id).toMatch(/^[1-9]\d{14}$/);
      expect(Number(id)).toBeLessThan(2 ** 53);
    }
  });

  it('retries on a collision and scopes lookups to the creating key', async () => {
    const store = createMemoryStore({ ttlMs: 60_000, maxEntries: 10 });
    const seq = ['100000000000001', '100000000000001', '100000000000002'];
    const ids = storeIds(store, () => seq.shift()!);
    const a = await hashKey('key-a');
    expect(await ids.issue({ ...rec(1), keyHash: a })).toBe('100000000000001');
    expect(await ids.issue({ ...rec(2), keyHash: a })).toBe('100000000000002');
    expect(await ids.find('100000000000001', a)).toMatchObject({ upstreamId: 'u1' });
    expect(await ids.find('100000000000001', await hashKey('key-b'))).toBeUndefined();
  });

  it('the key hash is not the key', async () => {
    const h = await hashKey('ucap_secret');
    expect(h).toMatch(/^[0-9a-f]{32}$/);
    expect(h).not.toContain('secret');
  });

  it('isIdFormat takes digits only', () => {
    expect(isIdFormat('123')).toBe(true);
    expect(isIdFormat('12a')).toBe(false);
    expect(isIdFormat('')).toBe(false);
  });

  it('holds at most maxRunningPerKey running tasks of a key; a finished one makes room', async () => {
    const store = createMemoryStore({ ttlMs: 60_000, maxEntries: 10, maxRunningPerKey: 2, now: () => 0 });
    const of = (n: number, keyHash: string): TaskRecord => ({ ...rec(n), keyHash });
    expect(await store.insert('1', of(1, 'a'))).toBe(true);
    expect(store.room('a')).toBe(true);
    expect(await store.insert('2', of(2, 'a'))).toBe(true);
    expect([store.room('a'), store.room('b')]).toEqual([false, true]);
    const refused = store.insert('3', of(3, 'a'));
    await expect(refused).rejects.toBeInstanceOf(StoreFull);
    await expect(refused).rejects.toBeInstanceOf(StoreUnavailable);
    expect(await store.insert('4', of(4, 'b'))).toBe(true);
    // An outcome known at submit is stored finished: it does not count.
    expect(await store.insert('5', { ...of(5, 'a'), outcome: { solution: { token: 'x' } } })).toBe(true);
    await store.update('1', { ...of(1, 'a'), outcome: { solution: { token: 'y' } } });
    expect(await store.insert('3', of(3, 'a'))).toBe(true);
  });

  it('an expired running task no longer counts for its key', async () => {
    let t = 0;
    const store = createMemoryStore({ ttlMs: 1000, maxEntries: 10, maxRunningPerKey: 1, now: () => t });
    expect(await store.insert('1', rec(1))).toBe(true);
    await expect(store.insert('2', rec(2))).rejects.toBeInstanceOf(StoreFull);
    t = 1000;
    expect(await store.insert('2', rec(2))).toBe(true);
  });

  it('counts only live entries, with no insert to sweep them', async () => {
    let t = 0;
    const store = createMemoryStore({ ttlMs: 1000, maxEntries: 10, now: () => t });
    for (let i = 1; i <= 3; i++) await store.insert(String(i), rec(i));
    t = 1000;
    expect(store.size()).toBe(0);
  });
});
