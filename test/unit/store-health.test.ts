/**
 * The store's health: a watched store's calls say whether the store was reached (a key at its cap
 * is a store that answered), and a probe's answer stands for a second, shared by concurrent readers.
 */
import { describe, expect, it } from 'vitest';
import { createStoreHealth, watchStore } from '../../src/store/health.ts';
import { StoreFull, StoreUnavailable, type TaskStore } from '../../src/store/types.ts';

const failing = (e: Error): TaskStore => ({
  insert: () => Promise.reject(e),
  get: () => Promise.resolve(undefined),
  update: () => Promise.resolve(),
});

describe('store health', () => {
  it("follows a watched store's calls; StoreFull is a store that answered", async () => {
    const health = createStoreHealth({ now: () => 0 });
    const down = watchStore(failing(new StoreUnavailable('timeout')), health);
    await expect(down.insert('1', {} as never)).rejects.toThrow(StoreUnavailable);
    expect([health.up(), await health.check()]).toEqual([false, false]);
    await down.get('1');
    expect(health.up()).toBe(true);
    const full = watchStore(failing(new StoreFull('key at its task cap')), health);
    await expect(full.insert('1', {} as never)).rejects.toThrow(StoreFull);
    expect(health.up()).toBe(true);
  });

  it('probes at most once a second; concurrent checks share one probe', async () => {
    let t = 0;
    let probes = 0;
    let answers = true;
    const health = createStoreHealth({
      now: () => t,
      probe: async () => {
        probes++;
        if (!answers) throw new Error('connection refused');
      },
    });
    expect(await Promise.all([health.check(), health.check()])).toEqual([true, true]);
    answers = false;
    t = 999;
    expect([await health.check(), probes]).toEqual([true, 1]);
    t = 1000;
    expect([await health.check(), health.up(), probes]).toEqual([false, false, 2]);
  });
});
