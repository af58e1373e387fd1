/**
 * Node, Bun and Deno instances of inres sharing one Redis: an id submitted on one runtime is
 * polled and reported on the others (the Bun and Deno entrypoints honour STORE_URL too, with
 * ioredis through their Node compatibility), each knows the client's address, and Bun and
 * Deno stop cleanly on SIGTERM. With IDS=stateless, ids signed on one runtime verify on the others.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokens } from '../support/fake-tasks.ts';
import { keys, startFakeUpstream, type FakeUpstream } from '../support/fake-upstream.ts';
import { startRedis, type TestRedis } from '../support/redis.ts';
import { spawnGateway, type Runtime, type SpawnedGateway } from '../support/spawn-gateway.ts';

let fake: FakeUpstream;
let redis: TestRedis;
const gateways = {} as Record<Runtime, SpawnedGateway>;

beforeAll(async () => {
  fake = await startFakeUpstream();
  redis = await startRedis();
  const env = { UPSTREAM_URL: fake.url, STORE_URL: redis.url, STORE_TIMEOUT_MS: '1000', UPSTREAM_TIMEOUT_MS: '2000' };
  await Promise.all((['node', 'bun', 'deno'] as const).map(async (r) => (gateways[r] = await spawnGateway(env, r))));
});
afterAll(async () => {
  await Promise.all(Object.values(gateways).map((gw) => gw.kill('SIGKILL')));
  await redis?.stop();
  await fake?.close();
});

async function call(gw: SpawnedGateway, path: string, params: Record<string, string>): Promise<string> {
  const res = await fetch(`${gw.url}${path}?${new URLSearchParams({ key: keys.good, ...params })}`, {
    signal: AbortSignal.timeout(5000),
  });
  expect(res.status).toBe(200);
  return res.text();
}

const recaptcha = {
  method: 'userrecaptcha',
  googlekey: '6Le-wvkSAAAAAPBMRTvw0Q4Muexq9bi0DJwx_mJ-',
  pageurl: 'https://example.com/login',
};

describe('one Redis, three runtimes', () => {
  it.each([
    ['bun', 'deno', 'node'],
    ['deno', 'node', 'bun'],
    ['node', 'bun', 'deno'],
  ] as const)('submit on %s, poll on %s, poll and report on %s', async (first, second, third) => {
    const submitted = await call(gateways[first], '/in.php', recaptcha);
    expect(submitted).toMatch(/^OK\|\d{15}$/);
    const id = submitted.slice(3);
    expect(await call(gateways[second], '/res.php', { action: 'get', id })).toBe('CAPCHA_NOT_READY');
    expect(await call(gateways[third], '/res.php', { action: 'get', id })).toBe(`OK|${tokens.recaptcha}`);
    expect(await call(gateways[third], '/res.php', { action: 'reportgood', id })).toBe('OK_REPORT_RECORDED');
  });

  it('DBC: uploaded on Deno, polled without credentials on Bun until the watch (any instance) stores it, read on Node', async () => {
    const upload = await fetch(`${gateways.deno.url}/api/captcha`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        authtoken: keys.good,
        type: '4',
        token_params: JSON.stringify({ googlekey: recaptcha.googlekey, pageurl: recaptcha.pageurl }),
      }),
      redirect: 'manual',
      signal: AbortSignal.timeout(5000),
    });
    expect(upload.status).toBe(303);
    const id = /(\d{15})$/.exec(upload.headers.get('location') ?? '')![1]!;
    let text = '';
    for (let waited = 0; !text.includes(tokens.recaptcha) && waited < 15_000; waited += 200) {
      text = await (await fetch(`${gateways.bun.url}/api/captcha/${id}`, { signal: AbortSignal.timeout(5000) })).text();
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(text).toBe(`status=0&captcha=${id}&text=${tokens.recaptcha}&is_correct=1`);
    expect(await (await fetch(`${gateways.node.url}/api/captcha/${id}`)).text()).toBe(text);
  });

  it('each runtime tells inres the client’s address (access log, rate limits)', () => {
    for (const gw of Object.values(gateways)) {
      const ips = gw.logs.filter((l) => l.msg === 'request').map((l) => l.ip);
      expect(ips.length).toBeGreaterThan(0);
      for (const ip of ips) expect(ip).toMatch(/^(::ffff:)?127\.0\.0\.1$/);
    }
  });

  it('Bun and Deno stop cleanly on SIGTERM, with their log saying so', async () => {
    await Promise.all([gateways.bun.kill('SIGTERM'), gateways.deno.kill('SIGTERM')]);
    for (const r of ['bun', 'deno'] as const) {
      expect(gateways[r].logs.map((l) => l.msg)).toEqual(expect.arrayContaining(['store connected', 'shutting down']));
    }
  });
});

describe('IDS=stateless, nothing shared but the secret', () => {
  const stateless: Partial<Record<Runtime, SpawnedGateway>> = {};
  beforeAll(async () => {
    const env = {
      UPSTREAM_URL: fake.url,
      IDS: 'stateless',
      IDS_SECRET: 'cross-runtime-secret-0123456789abcdef',
      UPSTREAM_TIMEOUT_MS: '2000',
    };
    await Promise.all((['node', 'bun', 'deno'] as const).map(async (r) => (stateless[r] = await spawnGateway(env, r))));
  });
  afterAll(async () => {
    await Promise.all(Object.values(stateless).map((gw) => gw.kill('SIGKILL')));
  });

  it('an id signed on Deno is answered on Bun and Node', async () => {
    const submitted = await call(stateless.deno!, '/in.php', recaptcha);
    expect(submitted).toMatch(/^OK\|\d+$/);
    const id = submitted.slice(3);
    expect(await call(stateless.bun!, '/res.php', { action: 'get', id })).toBe('CAPCHA_NOT_READY');
    expect(await call(stateless.node!, '/res.php', { action: 'get', id })).toBe(`OK|${tokens.recaptcha}`);
  });
});
