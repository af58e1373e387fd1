import { describe, expect, it } from 'vitest';
import { newRequestId, requestIdFrom, validRequestId } from '../../src/http/request-id.ts';

const uuidV8 = /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('request ids', () => {
  it('are UUID-shaped (version 8), one random part per process and a count after it', () => {
    const ids = Array.from({ length: 1000 }, () => newRequestId());
    for (const id of ids) expect(id).toMatch(uuidV8);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(ids.map((id) => id.slice(0, 24))).size).toBe(1);
    const counts = ids.map((id) => parseInt(id.slice(24), 16));
    expect(counts.slice(1).every((n, i) => n === counts[i]! + 1)).toBe(true);
  });

  it('keep a plain incoming id and replace anything else', () => {
    expect(requestIdFrom('trace-abc_123=')).toBe('trace-abc_123=');
    for (const bad of [undefined, '', 'bad id with spaces', 'a'.repeat(256), 'key=abc;x']) {
      expect(requestIdFrom(bad)).toMatch(uuidV8);
    }
    expect(validRequestId.test('a'.repeat(255))).toBe(true);
  });
});
