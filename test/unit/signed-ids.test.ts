/**
 * Stateless ids: what goes in comes out, for this key and this secret only, until the TTL;
 * anything altered, foreign or expired is unknown.
 */
import { describe, expect, it } from 'vitest';
import { isIdFormat } from '../../src/ids/ids.ts';
import { methods } from '../../src/legacy/methods.ts';
import { knownTypes, signedIds } from '../../src/ids/signed-ids.ts';
import type { TaskRecord } from '../../src/store/types.ts';

const secret = 'test-secret-0123456789abcdefghijklmnop';
const keyHash = '0123456789abcdef0123456789abcdef';
const otherKeyHash = 'fedcba9876543210fedcba9876543210';
const t0 = 1_780_000_000_000;

const rec = (upstreamId: string, type = 'RecaptchaV2TaskProxyless'): TaskRecord => ({
  upstreamId,
  type,
  keyHash,
  createdAt: t0,
});

function make(now = () => t0 + 1000, key = secret) {
  return signedIds({ secret: key, ttlMs: 3_600_000, now, types });
}

const types = methods.map((r) => r.type);

describe('stateless ids', () => {
  it.each([
    ['a UUID', 'e3b0c442-98fc-1c14-9afb-f4c8996fb924'],
    ['an integer', '72345678901'],
    ['zero', '0'],
    ['the largest 64-bit integer', '18446744073709551615'],
    ['an integer past 64 bits', '18446744073709551616'],
    ['an integer with a leading zero', '0123'],
    ['an upper-case UUID', 'E3B0C442-98FC-1C14-9AFB-F4C8996FB924'],
    ['free text', 'task/ü-42'],
  ])('carry %s upstream id through, as digits only', async (_, upstreamId) => {
    const ids = make();
    const id = await ids.issue(rec(upstreamId));
    expect(id).toMatch(/^[1-9]\d*$/);
    expect(isIdFormat(id)).toBe(true);
    expect(await ids.find(id, keyHash)).toEqual({ ...rec(upstreamId), createdAt: t0 });
  });

  it('carry every type of the method table, and types it does not know', async () => {
    const ids = make();
    const types = [...new Set(methods.flatMap((r) => [r.type, r.type.replace(/Proxyless$/, '')])), 'SomeFutureTask'];
    for (const type of types) {
      const id = await ids.issue(rec('72345678901', type));
      expect((await ids.find(id, keyHash))?.type).toBe(type);
    }
  });

  it('carry the name of the upstream holding the task, when there are several', async () => {
    const ids = make();
    const id = await ids.issue({ ...rec('72345678901'), upstream: 'backup-eu' });
    expect(await ids.find(id, keyHash)).toEqual({ ...rec('72345678901'), upstream: 'backup-eu' });
  });

  it('no two known types share a hash', () => {
    const distinct = new Set(methods.flatMap((r) => [r.type, r.type.replace(/Proxyless$/, '')]));
    expect(knownTypes(types).size).toBe(distinct.size);
  });

  it('a UUID task of a known type gives an id under 90 digits; the longest fits isIdFormat', async () => {
    const ids = make();
    expect((await ids.issue(rec('e3b0c442-98fc-1c14-9afb-f4c8996fb924'))).length).toBeLessThan(90);
    const longest = await ids.issue({ ...rec('u'.repeat(64), 'T'.repeat(64)), upstream: 'n'.repeat(64) });
    expect(isIdFormat(longest)).toBe(true);
    await expect(ids.issue(rec('u'.repeat(65)))).rejects.toThrow();
  });

  it("another key's id is unknown", async () => {
    const ids = make();
    const id = await ids.issue(rec('72345678901'));
    expect(await ids.find(id, otherKeyHash)).toBeUndefined();
  });

  it('an id signed with another secret is unknown', async () => {
    const id = await make(undefined, 'another-secret-0123456789abcdefghijkl').issue(rec('72345678901'));
    expect(await make().find(id, keyHash)).toBeUndefined();
  });

  it('any altered digit makes the id unknown', async () => {
    const ids = make();
    const id = await ids.issue(rec('e3b0c442-98fc-1c14-9afb-f4c8996fb924'));
    for (let i = 0; i < id.length; i++) {
      const d = String((Number(id[i]) + 1 + (i % 8)) % 10);
      expect(await ids.find(id.slice(0, i) + d + id.slice(i + 1), keyHash)).toBeUndefined();
    }
    expect(await ids.find(`${id}0`, keyHash)).toBeUndefined();
    expect(await ids.find(id.slice(0, -1), keyHash)).toBeUndefined();
  });

  it('ids nobody issued are unknown, not errors', async () => {
    const ids = make();
    for (const id of ['1', '123456789012345', `0${'9'.repeat(80)}`, '9'.repeat(520)]) {
      expect(await ids.find(id, keyHash)).toBeUndefined();
    }
  });

  it('an id past its TTL is unknown', async () => {
    let t = t0;
    const ids = make(() => t);
    const id = await ids.issue(rec('72345678901'));
    t = t0 + 3_599_000;
    expect(await ids.find(id, keyHash)).toBeDefined();
    t = t0 + 3_600_000;
    expect(await ids.find(id, keyHash)).toBeUndefined();
  });
});
