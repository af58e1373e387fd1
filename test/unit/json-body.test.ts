// A createTask body with an image, put together around its base64 (src/upstream/json-body.ts),
// must be exactly JSON.stringify over the same body with the image as its base64 text. Node's
// Buffer base64 is the independent encoder here.
import { describe, expect, it } from 'vitest';
import { Base64, encodeBase64, encodeBase64ByTable, useBase64Encoder } from '../../src/task/base64.ts';
import { imageBody, uploadBody } from '../../src/legacy/image.ts';
import { LegacyError } from '../../src/legacy/errors.ts';
import { jsonBody } from '../../src/upstream/json-body.ts';

function randomBytes(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

describe('base64 fields', () => {
  it.each([0, 1, 2, 3, 4, 5, 30 * 1024, 30 * 1024 + 1, 30 * 1024 + 2])('%i bytes encode as Buffer does', (n) => {
    const bytes = randomBytes(n, n + 7);
    const expected = Buffer.from(bytes).toString('base64');
    expect(encodeBase64(bytes)).toBe(expected);
    expect(JSON.stringify({ body: new Base64(bytes) })).toBe(JSON.stringify({ body: expected }));
  });

  it("the table gives the text of Node's Buffer, which Node's gateway installs instead", () => {
    for (const n of [0, 1, 2, 3, 1000, 30 * 1024 + 1]) {
      const bytes = randomBytes(n, n + 11);
      expect(encodeBase64ByTable(bytes)).toBe(Buffer.from(bytes).toString('base64'));
    }
    const calls: number[] = [];
    useBase64Encoder((bytes) => (calls.push(bytes.length), Buffer.from(bytes).toString('base64')));
    try {
      expect(jsonBody({ body: new Base64(new Uint8Array([1, 2, 3])) })).toBe('{"body":"AQID"}');
      expect(calls).toEqual([3]);
    } finally {
      useBase64Encoder(encodeBase64ByTable);
    }
  });

  it('a small image after a large one is its own text (one buffer is reused for the encoding)', () => {
    const large = randomBytes(40_000, 5);
    const small = randomBytes(7, 6);
    expect(encodeBase64(large)).toBe(Buffer.from(large).toString('base64'));
    expect(encodeBase64(small)).toBe(Buffer.from(small).toString('base64'));
  });

  it('canonical base64 text is sent as it came; other spellings as btoa(atob(text))', () => {
    expect(String(uploadBody('YWJj', 100))).toBe('YWJj');
    expect(String(uploadBody('YQ==', 100))).toBe('YQ==');
    // Unused bits set in the last character, or padding left out: what btoa gives back.
    expect(String(uploadBody('YR==', 100))).toBe('YQ==');
    expect(String(uploadBody('YQ', 100))).toBe('YQ==');
    // An unescaped form turned `+` into a space.
    expect(String(uploadBody('YW j', 100))).toBe('YW+j');
    expect(() => uploadBody('Y$==', 100)).toThrow(LegacyError);
  });
});

describe('jsonBody', () => {
  it('is the JSON text itself when there is no base64 field', () => {
    const body = { clientKey: 'k', task: { type: 'RecaptchaV2TaskProxyless', websiteURL: 'https://é.example/' } };
    expect(jsonBody(body)).toBe(JSON.stringify(body));
  });

  it('is the same JSON with each field put in place', () => {
    const image = randomBytes(30 * 1024, 3);
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...randomBytes(100, 9)]);
    const body = {
      clientKey: 'ключ',
      task: {
        type: 'ImageToTextTask',
        body: new Base64(image),
        comment: 'say "ok" \u2028 😀',
        images: [imageBody(png)],
      },
      softId: 7,
    };
    const built = jsonBody(body);
    const expected = JSON.stringify({
      clientKey: 'ключ',
      task: {
        type: 'ImageToTextTask',
        body: Buffer.from(image).toString('base64'),
        comment: 'say "ok" \u2028 😀',
        images: [Buffer.from(png).toString('base64')],
      },
      softId: 7,
    });
    expect(built).toBe(expected);
  });

  it('a client text that looks like the stand-in is kept as the client wrote it', () => {
    const body = { comment: '\u0001deadbeefdeadbeef\u0001', body: new Base64('YWJj') };
    expect(jsonBody(body)).toBe(JSON.stringify({ comment: '\u0001deadbeefdeadbeef\u0001', body: 'YWJj' }));
  });
});
