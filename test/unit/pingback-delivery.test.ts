/**
 * What the callback worker hands a sender: a POST as rendered, on the checked URL; a GET with
 * its query after the URL's own query, whose bytes stay as the client wrote them.
 */
import { describe, expect, it } from 'vitest';
import { formPost, sentOf } from '../../src/pingback/worker.ts';

describe('sentOf', () => {
  const query = new URLSearchParams({ captcha_id: '7', status: '1', code: 'a b&c' });

  it('a POST goes to the URL as it is', () => {
    const url = new URL('https://hooks.example.com/cb?x=1');
    expect(sentOf(url, formPost(new URLSearchParams({ id: '7', code: 'T' })))).toEqual({
      method: 'POST',
      url,
      contentType: 'application/x-www-form-urlencoded',
      body: 'id=7&code=T',
    });
  });

  it("a GET's query follows the URL's own, which is not re-encoded", () => {
    const cases = [
      ['https://hooks.example.com/cb', 'https://hooks.example.com/cb?captcha_id=7&status=1&code=a+b%26c'],
      ['https://hooks.example.com/cb?', 'https://hooks.example.com/cb?captcha_id=7&status=1&code=a+b%26c'],
      [
        'https://hooks.example.com/cb?k=a%20b',
        'https://hooks.example.com/cb?k=a%20b&captcha_id=7&status=1&code=a+b%26c',
      ],
    ];
    for (const [from, to] of cases) {
      expect(sentOf(new URL(from!), { method: 'GET', query })).toEqual({ method: 'GET', url: new URL(to!) });
      expect(sentOf(new URL(from!), { method: 'GET', query }).url.href).toBe(to);
    }
  });
});
