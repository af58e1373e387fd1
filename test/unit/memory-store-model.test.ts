/**
 * The memory store against a plain model of its rules (two lists in insertion order, expiry
 * swept from their heads on insert, read and count, the oldest finished entry dropped first when full), over
 * random runs of inserts, reads, updates and time, across chunk boundaries of its order.
 */
import { fc, test } from '@fast-check/vitest';
import { expect } from 'vitest';
import { createMemoryStore } from '../../src/store/memory.ts';
import type { TaskRecord } from '../../src/store/types.ts';

interface Entry {
  id: string;
  rec: TaskRecord;
  expires: number;
}

function model(ttlMs: number, maxEntries: number) {
  const running: Entry[] = [];
  const finished: Entry[] = [];
  const find = (id: string) => running.find((e) => e.id === id) ?? finished.find((e) => e.id === id);
  const remove = (list: Entry[], id: string) => {
    const i = list.findIndex((e) => e.id === id);
    if (i >= 0) list.splice(i, 1);
    return i >= 0;
  };
  const live = (id: string, t: number) => {
    const e = find(id);
    if (e && e.expires <= t) {
      remove(running, id);
      remove(finished, id);
      return undefined;
    }
    return e;
  };
  const sweep = (t: number) => {
    for (const list of [running, finished]) while (list[0] && list[0].expires <= t) list.shift();
  };
  return {
    insert(id: string, rec: TaskRecord, t: number): boolean {
      if (live(id, t)) return false;
      sweep(t);
      while (running.length + finished.length >= maxEntries) (finished.length > 0 ? finished : running).shift();
      (rec.outcome ? finished : running).push({ id, rec, expires: t + ttlMs });
      return true;
    },
    get(id: string, t: number) {
      sweep(t);
      return live(id, t)?.rec;
    },
    update(id: string, rec: TaskRecord, t: number): void {
      const e = live(id, t);
      if (!e) return;
      e.rec = rec;
      if (rec.outcome && remove(running, id)) finished.push(e);
    },
    size(t: number) {
      sweep(t);
      return running.length + finished.length;
    },
  };
}

const op = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('insert' as const), done: fc.boolean() }), weight: 3 },
  fc.record({ kind: fc.constant('get' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('update' as const), pick: fc.nat(), done: fc.boolean() }),
  fc.record({ kind: fc.constant('wait' as const), ms: fc.integer({ min: 0, max: 400 }) }),
);

test.prop([fc.array(op, { minLength: 2500, maxLength: 6000 }), fc.integer({ min: 1, max: 2500 })], { numRuns: 60 })(
  'answers as the model does',
  async (ops, maxEntries) => {
    let t = 0;
    const ttlMs = 1000;
    const store = createMemoryStore({ ttlMs, maxEntries, now: () => t });
    const m = model(ttlMs, maxEntries);
    const issued: string[] = [];
    const rec = (n: number, done: boolean): TaskRecord => ({
      upstreamId: `u${n}`,
      type: 'RecaptchaV2TaskProxyless',
      keyHash: 'k',
      createdAt: n,
      ...(done ? { outcome: { failed: 'ERROR_CAPTCHA_UNSOLVABLE' as const } } : {}),
    });
    for (const [n, o] of ops.entries()) {
      if (o.kind === 'wait') t += o.ms;
      else if (o.kind === 'insert') {
        // Ids are random in use: a fresh one each time.
        const id = String(n);
        issued.push(id);
        expect(await store.insert(id, rec(n, o.done))).toBe(m.insert(id, rec(n, o.done), t));
      } else if (issued.length > 0) {
        const id = issued[o.pick % issued.length]!;
        if (o.kind === 'get') expect(await store.get(id)).toEqual(m.get(id, t));
        else {
          await store.update(id, rec(n, o.done));
          m.update(id, rec(n, o.done), t);
        }
      }
      expect(store.size()).toBe(m.size(t));
    }
  },
);
