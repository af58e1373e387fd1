/**
 * Only GET and POST reach the legacy handlers (src/legacy/endpoint.ts): a HEAD or PUT to /in.php
 * once created a task whose id nobody saw. The rule is the endpoint's, so Node's fast path and
 * the Hono route answer alike; the fake upstream shows that no call was made.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createUndiciTransport } from '../../deploy/node/undici-transport.ts';
import { createGateway } from '../../src/app.ts';
import { defaultSettings } from '../../src/settings.ts';
import { keys, startFakeUpstream, type FakeUpstream } from '../support/fake-upstream.ts';
import { startGateway, type TestGateway } from '../support/gateway.ts';

interface Raw {
  status: number;
  allow: string | null;
  body: string;
}

let fake: FakeUpstream;
let gw: TestGateway;
let app: ReturnType<typeof createGateway>['app'];
beforeAll(async () => {
  fake = await startFakeUpstream();
  gw = await startGateway(fake.url);
  const settings = defaultSettings({ UPSTREAM_URL: fake.url, UPSTREAM_TIMEOUT_MS: '1000' });
  app = createGateway(settings, { transport: createUndiciTransport({ timeoutMs: 1000 }).transport }).app;
});
afterAll(async () => {
  await gw.close();
  await fake.close();
});
beforeEach(() => fake.reset());

/** Over node:http, which sends any method with a body (fetch refuses a HEAD with one). */
function viaFastPath(method: string, path: string, body?: string): Promise<Raw> {
  const { hostname, port } = new URL(gw.url);
  return new Promise((resolve, reject) => {
    const headers = body
      ? { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(body.length) }
      : {};
    const req = request({ hostname, port, path, method, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => {
        const allow = res.headers.allow ?? null;
        resolve({ status: res.statusCode!, allow, body: text });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function viaHono(method: string, path: string, body?: string): Promise<Raw> {
  const headers = body ? { 'content-type': 'application/x-www-form-urlencoded' } : undefined;
  const res = await app.request(path, { method, body, headers });
  return { status: res.status, allow: res.headers.get('allow'), body: await res.text() };
}

const submit = `key=${keys.good}&method=userrecaptcha&googlekey=6Le-wvkSAAAAAPBMRTvw0Q4Muexq9bi0DJwx_mJ-&pageurl=https://example.com/`;
const balance = `key=${keys.good}&action=getbalance`;

describe.each([
  ['the Node fast path', viaFastPath],
  ['the Hono route', viaHono],
])('%s', (_name, send) => {
  it.each(['HEAD', 'PUT', 'DELETE', 'PATCH', 'PROPFIND'])(
    '%s /in.php → 405 with Allow, and no task is created',
    async (method) => {
      const withBody = method === 'HEAD' ? undefined : submit;
      const res = await send(method, `/in.php?${submit}`, withBody);
      expect(res).toEqual({ status: 405, allow: 'GET, POST, OPTIONS', body: '' });
      expect(fake.requests).toEqual([]);
    },
  );

  it.each(['PUT', 'DELETE', 'PATCH'])('%s /res.php → 405 with Allow, and no upstream call', async (method) => {
    const res = await send(method, `/res.php?${balance}`, balance);
    expect(res).toEqual({ status: 405, allow: 'GET, HEAD, POST, OPTIONS', body: '' });
    expect(fake.requests).toEqual([]);
  });

  it('HEAD /res.php → 200 headers only, without asking the upstream', async () => {
    expect(await send('HEAD', `/res.php?${balance}`)).toEqual({ status: 200, allow: null, body: '' });
    expect(fake.requests).toEqual([]);
  });

  it('OPTIONS keeps its preflight answer; GET and POST still submit', async () => {
    expect((await send('OPTIONS', '/in.php')).status).toBe(204);
    expect((await send('GET', `/in.php?${submit}`)).body).toMatch(/^OK\|\d{15}$/);
    expect((await send('POST', '/in.php', submit)).body).toMatch(/^OK\|\d{15}$/);
    expect(fake.sent('createTask')).toHaveLength(2);
  });
});
