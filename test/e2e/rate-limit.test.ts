/**
 * Rate limits through the Node server: legacy answers stay HTTP 200 and say `ERROR: 1005`,
 * the modern face answers 429 RATE_LIMITED, and both carry X-RateLimit-* headers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys, startFakeUpstream, type FakeUpstream } from '../support/fake-upstream.ts';
import { startGateway, type TestGateway } from '../support/gateway.ts';

let fake: FakeUpstream;
beforeAll(async () => {
  fake = await startFakeUpstream();
});
afterAll(async () => {
  await fake.close();
});

const balance = { key: keys.good, action: 'getbalance' };

/** A gateway with `overrides` for the enclosing describe block. */
function gatewayWith(overrides: Record<string, string>): { readonly http: TestGateway['http'] } {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startGateway(fake.url, { RATE_LIMIT_WINDOW_SECONDS: '3600', ...overrides });
  });
  afterAll(() => gw.close());
  return {
    get http() {
      return gw.http;
    },
  };
}

describe('per IP', () => {
  const gw = gatewayWith({ RATE_LIMIT_PER_IP: '3' });

  it('counts down in the headers, then answers ERROR: 1005 with HTTP 200 on the legacy side', async () => {
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await gw.http.get('/res.php').query(balance));
    expect(answers.map((r) => [r.status, r.text, r.headers['x-ratelimit-remaining']])).toEqual([
      [200, '12.5000', '2'],
      [200, '12.5000', '1'],
      [200, '12.5000', '0'],
      [200, 'ERROR: 1005', '0'],
    ]);
    for (const r of answers) expect(r.headers['x-ratelimit-limit']).toBe('3');
    const reset = Number(answers[3]!.headers['x-ratelimit-reset']);
    expect(reset).toBeGreaterThan(Date.now() / 1000);
    expect(reset).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000) + 3600);
  });

  it('json=1 gives status 0 with the code, and the modern side answers 429 RATE_LIMITED', async () => {
    const legacy = await gw.http.get('/res.php').query({ ...balance, json: '1' });
    expect(legacy.status).toBe(200);
    expect(JSON.parse(legacy.text)).toMatchObject({ status: 0, request: 'ERROR: 1005' });
    const modern = await gw.http.post('/getBalance').send({ clientKey: keys.good });
    expect(modern.status).toBe(429);
    expect(modern.body).toMatchObject({ errorId: 1, errorCode: 'RATE_LIMITED' });
    expect(modern.headers['x-ratelimit-remaining']).toBe('0');
  });

  it('does not call the upstream for a refused request, and counts refusals', async () => {
    const before = fake.requests.length;
    await gw.http.get('/res.php').query(balance);
    expect(fake.requests.length).toBe(before);
    const metrics = (await gw.http.get('/metrics')).text;
    expect(metrics).toMatch(/^inres_rate_limited_total\{endpoint="res\.php"\} [1-9]\d*$/m);
    expect(metrics).toMatch(
      /^inres_requests_total\{face="legacy",endpoint="res\.php",action="getbalance",method="none",code="ERROR: 1005"\} [1-9]\d*$/m,
    );
  });

  it('leaves health and metrics unlimited', async () => {
    expect((await gw.http.get('/healthz')).status).toBe(200);
    expect((await gw.http.get('/metrics')).status).toBe(200);
  });
});

describe('per key', () => {
  const gw = gatewayWith({ RATE_LIMIT_PER_IP: '100', RATE_LIMIT_PER_KEY: '2' });

  it('limits each key on its own, and the headers show the tighter limit', async () => {
    const a = [];
    for (let i = 0; i < 3; i++) a.push(await gw.http.get('/res.php').query(balance));
    expect(a.map((r) => r.text)).toEqual(['12.5000', '12.5000', 'ERROR: 1005']);
    expect(a[0]!.headers['x-ratelimit-limit']).toBe('2');
    const other = await gw.http.get('/res.php').query({ key: keys.other, action: 'getbalance' });
    expect(other.text).toBe('12.5000');
  });

  it('counts a key padded with spaces as the key itself: padding does not buy a new limit', async () => {
    const answers = [];
    for (const pad of [' ', '  ', '\t', '   ', '    ']) {
      const form = `key=${encodeURIComponent(`${pad}${keys.broke}${pad}`)}&action=getbalance`;
      answers.push((await gw.http.post('/res.php').type('form').send(form)).text);
    }
    expect(answers).toEqual(['0.0000', '0.0000', 'ERROR: 1005', 'ERROR: 1005', 'ERROR: 1005']);
  });
});

describe('modern face', () => {
  const gw = gatewayWith({ RATE_LIMIT_PER_IP: '5' });

  it('carries the headers on answers under the limit too', async () => {
    const res = await gw.http.post('/getBalance').send({ clientKey: keys.good });
    expect(res.status).not.toBe(429);
    expect(res.headers['x-ratelimit-limit']).toBe('5');
    expect(res.headers['x-ratelimit-remaining']).toBe('4');
  });
});

describe('trusted proxies', () => {
  const gw = gatewayWith({ RATE_LIMIT_PER_IP: '1', TRUSTED_PROXIES: '127.0.0.1' });

  it('counts by the forwarded client address when the peer is a trusted proxy', async () => {
    const a = await gw.http.get('/res.php').query(balance).set('X-Forwarded-For', '198.51.100.7');
    const b = await gw.http.get('/res.php').query(balance).set('X-Forwarded-For', '198.51.100.8');
    const c = await gw.http.get('/res.php').query(balance).set('X-Forwarded-For', '203.0.113.1, 198.51.100.7');
    expect([a.text, b.text, c.text]).toEqual(['12.5000', '12.5000', 'ERROR: 1005']);
  });
});

describe('untrusted X-Forwarded-For', () => {
  const gw = gatewayWith({ RATE_LIMIT_PER_IP: '1' });

  it('is ignored: a client cannot pick its own address', async () => {
    const a = await gw.http.get('/res.php').query(balance).set('X-Forwarded-For', '198.51.100.7');
    const b = await gw.http.get('/res.php').query(balance).set('X-Forwarded-For', '198.51.100.8');
    expect([a.text, b.text]).toEqual(['12.5000', 'ERROR: 1005']);
  });
});
