/**
 * Outcomes in a shared store (a real redis-server of the test's own) hold the upstream's
 * modern code, and the legacy answer is made when a client asks. Records written by an inres
 * from before that change hold the legacy code itself (`{"failed":"<legacy code>"}`); they live
 * one TASK_TTL_SECONDS, so during a rolling deploy both shapes are read and answered exactly.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createRedisClient, type RedisClient } from '../../deploy/shared/redis-client.ts';
import { hashKey } from '../../src/ids/ids.ts';
import { silentLogger } from '../../src/ops/log.ts';
import { keys, startFakeUpstream, type FakeUpstream } from '../support/fake-upstream.ts';
import { startGateway, type TestGateway } from '../support/gateway.ts';
import { startRedis, type TestRedis } from '../support/redis.ts';

const recaptcha = {
  method: 'userrecaptcha',
  googlekey: '6Le-wvkSAAAAAPBMRTvw0Q4Muexq9bi0DJwx_mJ-',
  pageurl: 'https://example.com/login',
};

let fake: FakeUpstream;
let redis: TestRedis;
let client: RedisClient;
let gw: TestGateway;

beforeAll(async () => {
  fake = await startFakeUpstream();
  redis = await startRedis();
  client = createRedisClient(redis.url, { timeoutMs: 1000, logger: silentLogger });
  gw = await startGateway(fake.url, { STORE_URL: redis.url });
});
afterEach(() => fake.reset());
afterAll(async () => {
  await gw?.close();
  await client?.close();
  await redis?.stop();
  await fake?.close();
});

async function res(params: Record<string, string>): Promise<string> {
  const r = await gw.http.get('/res.php').query({ key: keys.good, ...params });
  expect(r.status).toBe(200);
  return r.text;
}

const stored = async (id: string): Promise<unknown> =>
  JSON.parse(String(await client.command(['GET', `inres:task:${id}`])));

describe('a failure kept in Redis', () => {
  it('is written as the modern code and answered as the legacy one, without asking the upstream again', async () => {
    fake.fate = () => ({ polls: 0, fail: 'ERROR_PROXY_CONNECT_REFUSED' });
    const submitted = await gw.http.get('/in.php').query({ key: keys.good, ...recaptcha });
    const id = /^OK\|(\d{15})$/.exec(submitted.text)![1]!;
    expect(await res({ action: 'get', id })).toBe('ERROR_PROXY_CONNECTION_FAILED');
    expect(await stored(id)).toMatchObject({ outcome: { error: 'ERROR_PROXY_CONNECT_REFUSED' } });
    expect(await res({ action: 'get', id, json: '1' })).toBe(
      '{"status":0,"request":"ERROR_PROXY_CONNECTION_FAILED","error_text":"The captcha could not be loaded through your proxy."}',
    );
    expect(fake.sent('getTaskResult')).toHaveLength(1);
  });

  // Legacy codes a modern → legacy mapping would get wrong: neither is a modern code.
  // One id each: an outcome is final, and a gateway that read one keeps it (redis/store.ts).
  it.each([
    ['ERROR_PROXY_CONNECTION_FAILED', 'The captcha could not be loaded through your proxy.', '100000000000042'],
    ['ERROR_BAD_TOKEN_OR_PAGEURL', 'The site key and the page URL do not belong together.', '100000000000043'],
  ])('written by the previous version as {"failed":"%s"} is answered as it was', async (legacy, text, id) => {
    const old = {
      upstreamId: 'up-old',
      type: 'RecaptchaV2TaskProxyless',
      keyHash: await hashKey(keys.good),
      createdAt: Date.now(),
      outcome: { failed: legacy },
    };
    expect(await client.command(['SET', `inres:task:${id}`, JSON.stringify(old), 'PX', '60000'])).toBe('OK');
    expect(await res({ action: 'get', id })).toBe(legacy);
    expect(await res({ action: 'get', id, json: '1' })).toBe(
      `{"status":0,"request":"${legacy}","error_text":"${text}"}`,
    );
    expect(await res({ action: 'get', ids: `${id},${id}` })).toBe(`${legacy}|${legacy}`);
    expect(fake.requests).toEqual([]);
  });
});
