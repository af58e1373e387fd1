/**
 * MAX_PARAMS (src/legacy/params.ts): a request holds at most that many parameters, counted over
 * the query and the body together, in every body encoding. At the cap a request reads as before;
 * one past it is ERROR_BAD_PARAMETERS with the query's parameters only (the client's json=1).
 */
import { describe, expect, it } from 'vitest';
import { readParams, readQuery, withBody, type ReadResult } from '../../src/legacy/params.ts';

const max = 16;
const enc = new TextEncoder();
const names = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `p${i + from}`);

const bodies: Record<string, { type: string; of: (n: number) => string }> = {
  urlencoded: {
    type: 'application/x-www-form-urlencoded',
    of: (n) =>
      names(n)
        .map((k) => `${k}=1`)
        .join('&'),
  },
  json: { type: 'application/json', of: (n) => JSON.stringify(Object.fromEntries(names(n).map((k) => [k, 1]))) },
  multipart: {
    type: 'multipart/form-data; boundary=b',
    of: (n) =>
      `${names(n)
        .map((k) => `--b\r\ncontent-disposition: form-data; name="${k}"\r\n\r\n1\r\n`)
        .join('')}--b--\r\n`,
  },
};

const read = (url: string, type: string, body: string): ReadResult =>
  withBody(readQuery(url, max), type, enc.encode(body));

describe.each(Object.entries(bodies))('a %s body', (_name, { type, of }) => {
  it('with query and body at the cap together, reads every parameter', () => {
    const { params, error } = read('/in.php?json=1&q=2', type, of(max - 2));
    expect(error).toBeUndefined();
    expect(params.values.size).toBe(max);
  });

  it('one past the cap: ERROR_BAD_PARAMETERS, the query kept, the body left out', () => {
    const { params, error } = read('/in.php?json=1&q=2', type, of(max - 1));
    expect(error).toBe('ERROR_BAD_PARAMETERS');
    expect(Object.fromEntries(params.values)).toEqual({ json: '1', q: '2' });
  });
});

describe('what counts', () => {
  it('a query over the cap: its first parameters, and the error', () => {
    const { params, error } = read(`/res.php?json=1&${names(max).join('&')}`, '', '');
    expect(error).toBe('ERROR_BAD_PARAMETERS');
    expect(params.values.size).toBe(max);
    expect(params.values.get('json')).toBe('1');
  });

  it('JSON: commas and braces inside strings are not parameters; nested items are', () => {
    const quoted = JSON.stringify({ a: ',{[,'.repeat(100), b: 'x\\",y' });
    expect(read('/in.php', 'application/json', quoted).error).toBeUndefined();
    const nested = JSON.stringify({ a: Array.from({ length: max }, () => 0) });
    expect(read('/in.php', 'application/json', nested).error).toBe('ERROR_BAD_PARAMETERS');
  });

  it('JSON: a string ending in an escaped backslash ends there; escaped quotes do not end it', () => {
    const items = (n: number) => JSON.stringify(Object.fromEntries(names(n).map((k) => [k, 'a\\'])));
    expect(read('/in.php', 'application/json', items(max)).error).toBeUndefined();
    expect(read('/in.php', 'application/json', items(max + 1)).error).toBe('ERROR_BAD_PARAMETERS');
    const quotes = JSON.stringify({ a: '",",",'.repeat(max) });
    expect(read('/in.php', 'application/json', quotes).params.values.get('a')).toBe('",",",'.repeat(max));
  });

  it('JSON: an unterminated string of escaped quotes is refused as JSON, not scanned again and again', () => {
    const { params, error } = read('/in.php?json=1', 'application/json', `{"a":"${'\\"'.repeat(100_000)}`);
    expect([error, Object.fromEntries(params.values)]).toEqual(['ERROR_BAD_PARAMETERS', { json: '1' }]);
  });

  it('a GET through readParams is capped like a body', async () => {
    const over = await readParams(new Request(`http://x/res.php?${names(max + 1).join('&')}`), max);
    expect(over.error).toBe('ERROR_BAD_PARAMETERS');
    const at = await readParams(new Request(`http://x/res.php?${names(max).join('&')}`), max);
    expect([at.error, at.params.values.size]).toEqual([undefined, max]);
  });
});
