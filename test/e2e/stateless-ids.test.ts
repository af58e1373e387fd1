/**
 * IDS=stateless through the Node server: two instances that share nothing but the secret
 * answer each other's ids; other keys, forged ids and other secrets get ERROR_WRONG_CAPTCHA_ID.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { tokens } from '../support/fake-tasks.ts';
import { keys, startFakeUpstream, type FakeUpstream } from '../support/fake-upstream.ts';
import { startGateway, type TestGateway } from '../support/gateway.ts';

const secret = 'stateless-test-secret-0123456789abcdef';
let fake: FakeUpstream;
let a: TestGateway;
let b: TestGateway;
let stranger: TestGateway;
beforeAll(async () => {
  fake = await startFakeUpstream();
  a = await startGateway(fake.url, { IDS: 'stateless', IDS_SECRET: secret });
  b = await startGateway(fake.url, { IDS: 'stateless', IDS_SECRET: secret });
  stranger = await startGateway(fake.url, { IDS: 'stateless', IDS_SECRET: `${secret}-other` });
});
afterAll(async () => {
  await Promise.all([a?.close(), b?.close(), stranger?.close()]);
  await fake?.close();
});
beforeEach(() => fake.reset());

const recaptcha = {
  method: 'userrecaptcha',
  googlekey: '6Le-wvkSAAAAAPBMRTvw0Q4Muexq9bi0DJwx_mJ-',
  pageurl: 'https://example.com/login',
};

async function res(gw: TestGateway, params: Record<string, string>, key = keys.good): Promise<string> {
  return (await gw.http.get('/res.php').query({ key, ...params })).text;
}

async function submit(gw: TestGateway): Promise<string> {
  const text = (await gw.http.get('/in.php').query({ key: keys.good, ...recaptcha })).text;
  const match = /^OK\|(\d+)$/.exec(text);
  if (!match) throw new Error(`submit failed: ${text}`);
  return match[1]!;
}

describe('IDS=stateless', () => {
  it('an id from A is answered by B, which has never seen it', async () => {
    const id = await submit(a);
    expect(await res(b, { action: 'get', id })).toBe('CAPCHA_NOT_READY');
    expect(await res(b, { action: 'get', id })).toBe(`OK|${tokens.recaptcha}`);
    expect(await res(a, { action: 'get', id, json: '1' })).toBe(`{"status":1,"request":"${tokens.recaptcha}"}`);
    expect(await res(b, { action: 'reportgood', id })).toBe('OK_REPORT_RECORDED');
  });

  it('another key, a forged id, or another secret: ERROR_WRONG_CAPTCHA_ID without asking the upstream', async () => {
    const id = await submit(a);
    const forged = id.slice(0, -3) + String((Number(id.slice(-3)) + 1) % 1000).padStart(3, '0');
    expect(await res(b, { action: 'get', id }, keys.other)).toBe('ERROR_WRONG_CAPTCHA_ID');
    expect(await res(b, { action: 'get', id: forged })).toBe('ERROR_WRONG_CAPTCHA_ID');
    expect(await res(stranger, { action: 'get', id })).toBe('ERROR_WRONG_CAPTCHA_ID');
    expect(await res(b, { action: 'get', id: '123456789012345' })).toBe('ERROR_WRONG_CAPTCHA_ID');
    expect(fake.sent('getTaskResult')).toEqual([]);
  });

  it('a number longer than any id is a wrong format', async () => {
    expect(await res(b, { action: 'get', id: '1'.repeat(521) })).toBe('ERROR_WRONG_ID_FORMAT');
  });
});
