/**
 * Size and concurrency limits through the Node server: an oversized body is drained and
 * answered with the legacy code (never a connection reset), long parameters are refused, and
 * upstream calls past the in-flight cap fail at once instead of queueing.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { keys, startFakeUpstream, type FakeUpstream } from '../support/fake-upstream.ts';
import { startGateway, type TestGateway } from '../support/gateway.ts';
import { png } from '../support/images.ts';

let fake: FakeUpstream;
let gw: TestGateway;
beforeAll(async () => {
  fake = await startFakeUpstream();
  gw = await startGateway(fake.url, { MAX_BODY_BYTES: '65536', MAX_PARAM_BYTES: '4096', MAX_UPSTREAM_IN_FLIGHT: '1' });
});
afterAll(async () => {
  await gw.close();
  await fake.close();
});
beforeEach(() => fake.reset());

interface Sent {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw POST, so the test decides between a Content-Length and a chunked body. */
function post(path: string, body: Buffer, headers: Record<string, string>, chunked: boolean): Promise<Sent> {
  const { hostname, port } = new URL(gw.url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        hostname,
        port,
        path,
        method: 'POST',
        headers: chunked ? headers : { ...headers, 'content-length': String(body.length) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    // Written in pieces, as a real upload is: the server answers only after reading them all.
    for (let at = 0; at < body.length; at += 16 * 1024) req.write(body.subarray(at, at + 16 * 1024));
    req.end();
  });
}

function multipart(fields: Record<string, string>, file: Buffer): { body: Buffer; type: string } {
  const boundary = 'inres-test-boundary';
  const parts = Object.entries(fields).map(
    ([k, v]) => `--${boundary}\r\ncontent-disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`,
  );
  const head = `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="a.png"\r\ncontent-type: image/png\r\n\r\n`;
  return {
    body: Buffer.concat([Buffer.from(parts.join('') + head), file, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    type: `multipart/form-data; boundary=${boundary}`,
  };
}

describe('request body cap', () => {
  const big = Buffer.alloc(1024 * 1024, 0x41);

  it.each([
    ['with a Content-Length', false],
    ['chunked', true],
  ])(
    'an upload over the cap, %s → ERROR_TOO_BIG_CAPTCHA_FILESIZE, read to the end, every time',
    async (_how, chunked) => {
      const { body, type } = multipart({ key: keys.good, method: 'post' }, big);
      for (let i = 0; i < 5; i++) {
        const res = await post('/in.php?json=1', body, { 'content-type': type }, chunked);
        expect(res.status).toBe(200);
        expect(JSON.parse(res.body)).toMatchObject({ status: 0, request: 'ERROR_TOO_BIG_CAPTCHA_FILESIZE' });
      }
      expect(fake.requests).toEqual([]);
    },
  );

  it('a chunked body under the cap is read as usual', async () => {
    const form = Buffer.from(new URLSearchParams({ key: keys.good, action: 'getbalance' }).toString());
    const res = await post('/res.php', form, { 'content-type': 'application/x-www-form-urlencoded' }, true);
    expect([res.status, res.body]).toEqual([200, '12.5000']);
  });

  it('the modern side answers 413 for a body over the cap', async () => {
    const res = await post(
      '/createTask',
      Buffer.alloc(100 * 1024, 0x20),
      { 'content-type': 'application/json' },
      false,
    );
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body)).toMatchObject({ errorId: 1 });
  });
});

describe('parameter sizes', () => {
  it('a text parameter over MAX_PARAM_BYTES → ERROR_BAD_PARAMETERS', async () => {
    const res = await gw.http
      .post('/in.php')
      .type('form')
      .send({
        key: keys.good,
        method: 'turnstile',
        sitekey: '0x4AAAAAAAVrOwQWPlm3Bnr5',
        pageurl: 'https://example.com/',
        pagedata: 'x'.repeat(5000),
      });
    expect(res.text).toBe('ERROR_BAD_PARAMETERS');
    expect(fake.requests).toEqual([]);
  });

  it('image data in `body` is bounded by the body cap, not the parameter cap', async () => {
    const body = Buffer.concat([png, Buffer.alloc(6000)]).toString('base64');
    const res = await gw.http.post('/in.php').type('form').send({ key: keys.good, method: 'base64', body });
    expect(res.text).toMatch(/^OK\|\d+$/);
  });
});

describe('upstream calls in flight', () => {
  it('past the cap a submit answers ERROR_NO_SLOT_AVAILABLE at once, without calling the upstream', async () => {
    fake.fault = 'hang';
    const recaptcha = {
      key: keys.good,
      method: 'userrecaptcha',
      googlekey: '6Le-wvkSAAAAAPBMRTvw0Q4Muexq9bi0DJwx_mJ-',
      pageurl: 'https://example.com/',
    };
    const first = gw.http
      .get('/in.php')
      .query(recaptcha)
      .then((r) => r.text);
    for (let i = 0; i < 200 && fake.requests.length === 0; i++) await new Promise((r) => setTimeout(r, 5));
    expect(fake.requests.length).toBe(1);
    const second = await gw.http.get('/in.php').query(recaptcha);
    expect(second.text).toBe('ERROR_NO_SLOT_AVAILABLE');
    expect(fake.requests.length).toBe(1);
    expect(await first).toBe('ERROR_NO_SLOT_AVAILABLE');
    const metrics = (await gw.http.get('/metrics')).text;
    expect(metrics).toMatch(/^inres_upstream_calls_total\{dialect="ucaptcha",call="createTask",outcome="busy"\} 1$/m);
    expect(metrics).toMatch(
      /^inres_upstream_calls_total\{dialect="ucaptcha",call="createTask",outcome="timeout"\} 1$/m,
    );
    expect(metrics).toMatch(/^inres_upstream_in_flight 0$/m);
  });
});
