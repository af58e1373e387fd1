/**
 * Poll coalescing through the Node server against a fake upstream on 127.0.0.1 that counts its
 * calls: concurrent polls of one id share one upstream call; POLL_MIN_INTERVAL_MS answers a
 * poll soon after the last upstream poll from the state it got (in one process on an injected
 * clock, and across two instances on a real redis-server); a solved answer waits no longer.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { tokens } from '../support/fake-tasks.ts';
import { keys, startFakeUpstream, type FakeUpstream } from '../support/fake-upstream.ts';
import { startGateway, type TestGateway } from '../support/gateway.ts';
import { startRedis, type TestRedis } from '../support/redis.ts';

const recaptcha = {
  method: 'userrecaptcha',
  googlekey: '6Le-wvkSAAAAAPBMRTvw0Q4Muexq9bi0DJwx_mJ-',
  pageurl: 'https://example.com/login',
};

let fake: FakeUpstream;
let gateways: TestGateway[] = [];
let clock = 1_700_000_000_000;
const now = () => clock;

beforeAll(async () => {
  fake = await startFakeUpstream();
});
afterEach(async () => {
  await Promise.all(gateways.map((g) => g.close()));
  gateways = [];
  fake.reset();
});
afterAll(async () => {
  await fake?.close();
});

async function start(...args: Parameters<typeof startGateway>): Promise<TestGateway> {
  const gw = await startGateway(...args);
  gateways.push(gw);
  return gw;
}

async function get(gw: TestGateway, path: string, params: Record<string, string>): Promise<string> {
  const res = await gw.http.get(path).query({ key: keys.good, ...params });
  expect(res.status).toBe(200);
  return res.text;
}
async function submit(gw: TestGateway): Promise<string> {
  return /^OK\|(\d{15})$/.exec(await get(gw, '/in.php', recaptcha))![1]!;
}
const poll = (gw: TestGateway, id: string, extra: Record<string, string> = {}) =>
  get(gw, '/res.php', { action: 'get', id, ...extra });

describe('concurrent polls of one id', () => {
  it('share one upstream call and all get its answer', async () => {
    const gw = await start(fake.url, {}, { now });
    fake.fate = () => ({ polls: 0 });
    const id = await submit(gw);
    fake.delayMs = 200;
    const answers = await Promise.all(Array.from({ length: 6 }, (_, i) => poll(gw, id, i % 2 ? { json: '1' } : {})));
    expect(answers).toEqual(
      Array.from({ length: 6 }, (_, i) =>
        i % 2 ? `{"status":1,"request":"${tokens.recaptcha}"}` : `OK|${tokens.recaptcha}`,
      ),
    );
    expect(fake.sent('getTaskResult')).toHaveLength(1);
    expect((await gw.http.get('/metrics')).text).toContain('inres_polls_coalesced_total{how="in-flight"} 5\n');
  });
});

describe('POLL_MIN_INTERVAL_MS=1000 in one process', () => {
  it('answers CAPCHA_NOT_READY from the last state within the interval, and polls upstream once it has passed', async () => {
    const gw = await start(fake.url, { POLL_MIN_INTERVAL_MS: '1000' }, { now });
    fake.fate = () => ({ polls: 1 });
    const id = await submit(gw);
    expect(await poll(gw, id)).toBe('CAPCHA_NOT_READY');
    clock += 999;
    expect(await poll(gw, id)).toBe('CAPCHA_NOT_READY');
    expect(await poll(gw, id, { json: '1' })).toBe('{"status":0,"request":"CAPCHA_NOT_READY"}');
    expect(fake.sent('getTaskResult')).toHaveLength(1);
    clock += 1;
    expect(await poll(gw, id)).toBe(`OK|${tokens.recaptcha}`);
    expect(await poll(gw, id)).toBe(`OK|${tokens.recaptcha}`);
    expect(fake.sent('getTaskResult')).toHaveLength(2);
    expect((await gw.http.get('/metrics')).text).toContain('inres_polls_coalesced_total{how="interval"} 2\n');
  });

  it('with IDS=stateless (no stored outcome) a poll within the interval gets the outcome this process saw', async () => {
    const gw = await start(
      fake.url,
      { POLL_MIN_INTERVAL_MS: '1000', IDS: 'stateless', IDS_SECRET: 'x'.repeat(32) },
      { now },
    );
    fake.fate = () => ({ polls: 0 });
    const text = await get(gw, '/in.php', recaptcha);
    const id = /^OK\|(\d+)$/.exec(text)![1]!;
    expect(await poll(gw, id)).toBe(`OK|${tokens.recaptcha}`);
    expect(await poll(gw, id)).toBe(`OK|${tokens.recaptcha}`);
    expect(fake.sent('getTaskResult')).toHaveLength(1);
  });

  it('0 turns it off: every poll goes upstream', async () => {
    const gw = await start(fake.url, { POLL_MIN_INTERVAL_MS: '0' }, { now });
    fake.fate = () => ({ polls: 5 });
    const id = await submit(gw);
    for (let i = 0; i < 3; i++) expect(await poll(gw, id)).toBe('CAPCHA_NOT_READY');
    expect(fake.sent('getTaskResult')).toHaveLength(3);
  });
});

describe('POLL_MIN_INTERVAL_MS across two instances on one Redis', () => {
  let redis: TestRedis;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  it('a poll on B soon after one on A does not reach the upstream; after the interval it does, and the solved answer is on both', async () => {
    const env = { STORE_URL: redis.url, STORE_TIMEOUT_MS: '500', POLL_MIN_INTERVAL_MS: '300' };
    const [a, b] = await Promise.all([start(fake.url, env), start(fake.url, env)]);
    fake.fate = () => ({ polls: 1 });
    const id = await submit(a);
    expect(await poll(a, id)).toBe('CAPCHA_NOT_READY');
    expect(await poll(b, id)).toBe('CAPCHA_NOT_READY');
    expect(fake.sent('getTaskResult')).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 350));
    expect(await poll(b, id)).toBe(`OK|${tokens.recaptcha}`);
    expect(await poll(a, id)).toBe(`OK|${tokens.recaptcha}`);
    expect(fake.sent('getTaskResult')).toHaveLength(2);
  });
});
