/**
 * Node answers /in.php and /res.php straight from node:http (deploy/node/legacy-listener.ts),
 * every other path through Hono. Both must answer the same bytes: this compares the fast path
 * with the Hono route for the same requests, and checks what only the fast path does itself.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createGateway } from '../../src/app.ts';
import { defaultSettings } from '../../src/settings.ts';
import { keys, startFakeUpstream, type FakeUpstream } from '../support/fake-upstream.ts';
import { startGateway, type TestGateway } from '../support/gateway.ts';
import { createUndiciTransport } from '../../deploy/node/undici-transport.ts';

let fake: FakeUpstream;
let gw: TestGateway;
beforeAll(async () => {
  fake = await startFakeUpstream();
  gw = await startGateway(fake.url, { MAX_BODY_BYTES: '65536' });
});
afterAll(async () => {
  await gw.close();
  await fake.close();
});
beforeEach(() => fake.reset());

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function send(method: string, path: string, body?: string, headers: Record<string, string> = {}): Promise<Raw> {
  const { hostname, port } = new URL(gw.url);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, method, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Headers that differ between any two answers (time, ids, the limiter's count). */
const comparable = (headers: Record<string, unknown>) =>
  Object.fromEntries(
    Object.entries(headers).filter(
      ([k]) =>
        ![
          'date',
          'x-request-id',
          'x-ratelimit-remaining',
          'x-ratelimit-reset',
          'connection',
          'keep-alive',
          'content-length',
        ].includes(k),
    ),
  );

const recaptcha = `key=${keys.good}&method=userrecaptcha&googlekey=6Le-wvkSAAAAAPBMRTvw0Q4Muexq9bi0DJwx_mJ-&pageurl=https://example.com/`;
const form = { 'content-type': 'application/x-www-form-urlencoded' };

describe('the fast path answers as the Hono route does', () => {
  let app: ReturnType<typeof createGateway>['app'];
  beforeAll(() => {
    const settings = defaultSettings({ UPSTREAM_URL: fake.url, UPSTREAM_TIMEOUT_MS: '1000', MAX_BODY_BYTES: '65536' });
    app = createGateway(settings, { transport: createUndiciTransport({ timeoutMs: 1000 }).transport }).app;
  });

  it.each([
    ['GET', `/res.php?key=${keys.good}&action=getbalance`, undefined, {}],
    ['GET', `/res.php?key=${keys.good}&action=get&id=12345&json=1&header_acao=1`, undefined, {}],
    ['GET', '/res.php?action=get', undefined, {}],
    ['POST', '/res.php', `key=${keys.good}&action=nonsense`, form],
    ['POST', '/in.php', '{"key":"x","method":"nonsense","json":1}', { 'content-type': 'application/json' }],
    ['POST', '/in.php', '--b\r\ngarbage', { 'content-type': 'multipart/form-data; boundary=b' }],
    ['OPTIONS', '/in.php', undefined, {}],
  ] as const)('%s %s', async (method, path, body, headers) => {
    const [fast, viaHono] = [
      await send(method, path, body, headers),
      await app.request(path, { method, body, headers }),
    ];
    expect(fast.status).toBe(viaHono.status);
    expect(fast.body).toBe(await viaHono.text());
    expect(comparable(fast.headers)).toEqual(comparable(Object.fromEntries(viaHono.headers)));
    expect(fast.headers['x-request-id']).toMatch(/^[\w-]+$/);
  });
});

describe('what the fast path does itself', () => {
  it('sends a Content-Length, not a chunked body (old clients read up to it)', async () => {
    const res = await send('GET', `/in.php?${recaptcha}`);
    expect(res.body).toMatch(/^OK\|\d{15}$/);
    expect(res.headers['content-length']).toBe(String(res.body.length));
    expect(res.headers['transfer-encoding']).toBeUndefined();
  });

  it('keeps a client request id, and answers HEAD without a body', async () => {
    const res = await send('HEAD', `/res.php?key=${keys.good}&action=getbalance`, undefined, {
      'x-request-id': 'bot-7-poll-1',
    });
    expect([res.status, res.body, res.headers['x-request-id']]).toEqual([200, '', 'bot-7-poll-1']);
  });

  it('reads a POST body and the query string together, the body winning', async () => {
    const res = await send('POST', `/in.php?method=nonsense&json=1`, recaptcha, form);
    expect(JSON.parse(res.body)).toMatchObject({ status: 1 });
  });

  it('survives a client that goes away mid-upload, and answers the next request', async () => {
    const { hostname, port } = new URL(gw.url);
    await new Promise<void>((resolve) => {
      const req = request({
        hostname,
        port,
        path: '/in.php',
        method: 'POST',
        headers: { ...form, 'content-length': '5000' },
      });
      req.on('error', () => resolve());
      req.write(recaptcha);
      setTimeout(() => {
        req.destroy();
        resolve();
      }, 50);
    });
    const res = await send('GET', `/res.php?key=${keys.good}&action=getbalance`);
    expect([res.status, res.body]).toEqual([200, '12.5000']);
    expect(fake.sent('createTask')).toEqual([]);
  });

  it('leaves other paths, and legacy paths spelled otherwise, to Hono', async () => {
    expect((await send('GET', '/healthz')).body).toBe('ok');
    const spelled = await send('GET', `/res.php/?key=${keys.good}&action=getbalance`);
    expect(spelled.status).toBe(404);
  });
});
