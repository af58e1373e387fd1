/**
 * Two inres processes sharing one Redis behind an imaginary load balancer: any instance
 * answers any id, a killed instance loses nothing, ids stay with their key, and a Redis
 * outage is answered (not hung on) and recovered from without a restart.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { tokens } from '../support/fake-tasks.ts';
import { keys, startFakeUpstream, type FakeUpstream } from '../support/fake-upstream.ts';
import { startRedis, type TestRedis } from '../support/redis.ts';
import { spawnGateway, type SpawnedGateway } from '../support/spawn-gateway.ts';

let fake: FakeUpstream;
let redis: TestRedis;
let a: SpawnedGateway;
let b: SpawnedGateway;
/** The instance the kill -9 test kills. */
let victim: SpawnedGateway;

const env = () => ({
  UPSTREAM_URL: fake.url,
  STORE_URL: redis.url,
  STORE_TIMEOUT_MS: '300',
  UPSTREAM_TIMEOUT_MS: '2000',
});

beforeAll(async () => {
  fake = await startFakeUpstream();
  redis = await startRedis();
  [a, b, victim] = await Promise.all([spawnGateway(env()), spawnGateway(env()), spawnGateway(env())]);
});
afterAll(async () => {
  await Promise.all([a?.kill(), b?.kill(), victim?.kill()]);
  await redis?.stop();
  await fake?.close();
});
beforeEach(() => fake.reset());

const recaptcha = {
  method: 'userrecaptcha',
  googlekey: '6Le-wvkSAAAAAPBMRTvw0Q4Muexq9bi0DJwx_mJ-',
  pageurl: 'https://example.com/login',
};

/** One legacy call; a hang fails the test instead of stalling it. */
async function call(
  gw: SpawnedGateway,
  path: string,
  params: Record<string, string>,
  key = keys.good,
): Promise<string> {
  const res = await fetch(`${gw.url}${path}?${new URLSearchParams({ key, ...params })}`, {
    signal: AbortSignal.timeout(5000),
  });
  expect(res.status).toBe(200);
  return res.text();
}

async function submit(gw: SpawnedGateway, key = keys.good): Promise<string> {
  const text = await call(gw, '/in.php', recaptcha, key);
  const match = /^OK\|(\d{15})$/.exec(text);
  if (!match) throw new Error(`submit failed: ${text}`);
  return match[1]!;
}

describe('two instances, one Redis', () => {
  it('submit on A, poll on B (and A again): the same task', async () => {
    const id = await submit(a);
    expect(await call(b, '/res.php', { action: 'get', id })).toBe('CAPCHA_NOT_READY');
    expect(await call(b, '/res.php', { action: 'get', id })).toBe(`OK|${tokens.recaptcha}`);
    expect(await call(a, '/res.php', { action: 'get', id })).toBe(`OK|${tokens.recaptcha}`);
    expect(fake.sent('getTaskResult')).toHaveLength(2);
  });

  it("key B cannot poll or report key A's id, on either instance", async () => {
    const id = await submit(a);
    expect(await call(b, '/res.php', { action: 'get', id }, keys.other)).toBe('ERROR_WRONG_CAPTCHA_ID');
    expect(await call(a, '/res.php', { action: 'reportbad', id }, keys.other)).toBe('ERROR_WRONG_CAPTCHA_ID');
    expect(fake.sent('getTaskResult')).toEqual([]);
  });

  it('an unknown id is ERROR_WRONG_CAPTCHA_ID on every instance', async () => {
    for (const gw of [a, b]) {
      expect(await call(gw, '/res.php', { action: 'get', id: '123456789012345' })).toBe('ERROR_WRONG_CAPTCHA_ID');
    }
  });
});

describe('an instance killed mid-task', () => {
  it('kill -9 of the instance that took the submit: B still answers the id', async () => {
    fake.fate = () => ({ polls: 2 });
    const id = await submit(victim);
    expect(await call(victim, '/res.php', { action: 'get', id })).toBe('CAPCHA_NOT_READY');
    await victim.kill('SIGKILL');
    expect(await call(b, '/res.php', { action: 'get', id })).toBe('CAPCHA_NOT_READY');
    expect(await call(b, '/res.php', { action: 'get', id })).toBe(`OK|${tokens.recaptcha}`);
  });
});

describe('Redis down and back', () => {
  it('while down a submit answers ERROR_NO_SLOT_AVAILABLE, a poll CAPCHA_NOT_READY; then it serves again by itself', async () => {
    fake.fate = () => ({ polls: 0 });
    const before = await submit(a);
    await redis.stop();
    expect(await call(a, '/in.php', recaptcha)).toBe('ERROR_NO_SLOT_AVAILABLE');
    expect(await call(b, '/res.php', { action: 'get', id: before })).toBe('CAPCHA_NOT_READY');
    expect(JSON.parse(await call(b, '/res.php', { action: 'get', id: before, json: '1' }))).toEqual({
      status: 0,
      request: 'CAPCHA_NOT_READY',
    });
    await redis.start();
    let text = '';
    for (let i = 0; i < 50 && !text.startsWith('OK|'); i++) {
      text = await call(a, '/in.php', recaptcha);
      if (!text.startsWith('OK|')) await new Promise((r) => setTimeout(r, 100));
    }
    expect(text).toMatch(/^OK\|\d{15}$/);
    const id = text.slice(3);
    expect(await call(b, '/res.php', { action: 'get', id })).toBe(`OK|${tokens.recaptcha}`);
    expect(a.logs.some((l) => l.msg === 'store unavailable')).toBe(true);
  });
});
