import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashKey } from '../../src/ids/ids.ts';

const sha128 = (key: string) => createHash('sha256').update(key).digest('hex').slice(0, 32);

describe('hashKey', () => {
  it('is the first 128 bits of SHA-256, on the first call and when remembered', async () => {
    const key = 'ucap_hash_key_test_0123456789abcdef';
    expect(await hashKey(key)).toBe(sha128(key));
    expect(await hashKey(key)).toBe(sha128(key));
  });

  it('stays right for more keys than it remembers', async () => {
    const keys = Array.from({ length: 10_050 }, (_, i) => `ucap_many_${i}`);
    for (const key of keys) await hashKey(key);
    for (const key of [keys[0]!, keys[5_000]!, keys[10_049]!]) expect(await hashKey(key)).toBe(sha128(key));
  });
});
