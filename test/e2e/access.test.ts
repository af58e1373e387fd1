/**
 * Gateway keys through the Node server: end users hold gateway keys, the upstream sees only
 * the mapped upstream key, ids stay scoped to the gateway key, and refusals use the codes
 * 2captcha clients know.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { keys, startFakeUpstream, type FakeUpstream } from '../support/fake-upstream.ts';
import { startGateway, type TestGateway } from '../support/gateway.ts';

const alice = 'gw_alice_00000000000000000000000001';
const bob = 'gw_bob_0000000000000000000000000002';
const banned = 'gw_banned_000000000000000000000003';
const elsewhere = 'gw_elsewhere_0000000000000000000004';
const table = {
  [alice]: { upstream: keys.good },
  [bob]: { upstream: keys.good, ips: ['127.0.0.0/8', '::1'] },
  [banned]: { upstream: keys.good, banned: true },
  [elsewhere]: { upstream: keys.good, ips: ['203.0.113.0/24'] },
  [keys.other]: {},
};

let fake: FakeUpstream;
let gw: TestGateway;
beforeAll(async () => {
  fake = await startFakeUpstream();
  gw = await startGateway(fake.url, { GATEWAY_KEYS: JSON.stringify(table) });
});
afterAll(async () => {
  await gw.close();
  await fake.close();
});
beforeEach(() => fake.reset());

const recaptcha = {
  method: 'userrecaptcha',
  googlekey: '6Le-wvkSAAAAAPBMRTvw0Q4Muexq9bi0DJwx_mJ-',
  pageurl: 'https://example.com/',
};
const get = (params: Record<string, string>, path = '/res.php') => gw.http.get(path).query(params);

describe('a mapped gateway key', () => {
  it('reaches the upstream as the upstream key, on every call', async () => {
    const submitted = await get({ key: alice, ...recaptcha }, '/in.php');
    const id = /^OK\|(\d+)$/.exec(submitted.text)![1]!;
    await get({ key: alice, action: 'get', id });
    expect((await get({ key: alice, action: 'getbalance' })).text).toBe('12.5000');
    await get({ key: alice, action: 'reportbad', id });
    expect(fake.requests.map((r) => r.body.clientKey)).toEqual(fake.requests.map(() => keys.good));
    expect(fake.requests.map((r) => r.call)).toEqual(['createTask', 'getTaskResult', 'getBalance', 'feedbackTask']);
    expect(JSON.stringify(fake.requests)).not.toContain('gw_');
  });

  it('keeps ids scoped to the gateway key, though two keys share an upstream key', async () => {
    const id = /^OK\|(\d+)$/.exec((await get({ key: alice, ...recaptcha }, '/in.php')).text)![1]!;
    expect((await get({ key: bob, action: 'get', id })).text).toBe('ERROR_WRONG_CAPTCHA_ID');
    expect((await get({ key: alice, action: 'get', id })).text).toBe('CAPCHA_NOT_READY');
  });

  it('passes with an allow-list that holds the client address', async () => {
    expect((await get({ key: bob, action: 'getbalance' })).text).toBe('12.5000');
  });

  it('without an upstream entry is sent upstream as it is', async () => {
    expect((await get({ key: keys.other, action: 'getbalance' })).text).toBe('12.5000');
    expect(fake.sent('getBalance')).toEqual([{ clientKey: keys.other }]);
  });
});

describe('refusals', () => {
  it.each([
    ['an unknown key', keys.good, 'ERROR_KEY_DOES_NOT_EXIST'],
    ['a malformed key', 'bad key with spaces', 'ERROR_WRONG_USER_KEY'],
    ['a missing key', '', 'ERROR_WRONG_USER_KEY'],
    ['a banned key', banned, 'ERROR_BANNED'],
    ['a key used from outside its allow-list', elsewhere, 'IP_BANNED'],
  ])('%s → %s on both endpoints, plain and json=1, without an upstream call', async (_what, key, code) => {
    const submit = await get({ key, ...recaptcha }, '/in.php');
    const poll = await get({ key, action: 'get', id: '123456789012345', json: '1' });
    expect([submit.status, submit.text]).toEqual([200, code]);
    expect(poll.status).toBe(200);
    expect(JSON.parse(poll.text)).toMatchObject({ status: 0, request: code });
    expect(fake.requests).toEqual([]);
  });

  it('a prefix of a real key is unknown', async () => {
    expect((await get({ key: alice.slice(0, -1), action: 'getbalance' })).text).toBe('ERROR_KEY_DOES_NOT_EXIST');
  });
});

describe('the modern face (POST /ucaptcha/createTask …, uCaptcha family statuses) with gateway keys', () => {
  const modern = (call: string, body: unknown) =>
    fetch(`${gw.url}/ucaptcha/${call}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const task = { type: 'RecaptchaV2TaskProxyless', websiteURL: 'https://example.com/', websiteKey: 'k-1' };

  it('a key not in the table: 401 ERROR_KEY_DOES_NOT_EXIST in the modern shape, nothing forwarded', async () => {
    const res = await modern('createTask', { clientKey: 'stranger', task });
    expect(res.status).toBe(401);
    expect(await res.text()).toBe(
      '{"errorId":1,"errorCode":"ERROR_KEY_DOES_NOT_EXIST","errorDescription":"The key is not valid for this gateway."}',
    );
    expect(fake.requests).toEqual([]);
  });

  it('no clientKey, or a body that is no JSON: refused, nothing forwarded', async () => {
    expect(await (await modern('getBalance', {})).json()).toMatchObject({
      errorId: 1,
      errorCode: 'ERROR_KEY_DOES_NOT_EXIST',
    });
    const garbled = await fetch(`${gw.url}/ucaptcha/getBalance`, { method: 'POST', body: 'not json' });
    expect(garbled.status).toBe(400);
    expect(await garbled.json()).toMatchObject({ errorId: 1, errorCode: 'ERROR_BAD_PARAMETERS' });
    expect(fake.requests).toEqual([]);
  });

  it.each([
    [banned, 403, 'ERROR_BANNED'],
    [elsewhere, 403, 'IP_BANNED'],
  ])('%s: %i %s, nothing forwarded', async (key, status, code) => {
    const res = await modern('getBalance', { clientKey: key });
    expect(res.status).toBe(status);
    expect(await res.json()).toMatchObject({ errorId: 1, errorCode: code });
    expect(fake.requests).toEqual([]);
  });

  it("a listed key reaches the upstream with its mapped key; the id is the gateway's, and another key's is unknown", async () => {
    const created = await modern('createTask', { clientKey: alice, task });
    expect(created.status).toBe(200);
    const { taskId } = (await created.json()) as { taskId: string };
    expect(taskId).toMatch(/^\d{15}$/);
    const bobs = await modern('getTaskResult', { clientKey: bob, taskId });
    expect(bobs.status).toBe(404);
    expect(await bobs.json()).toMatchObject({ errorId: 1, errorCode: 'ERROR_WRONG_CAPTCHA_ID' });
    expect(await (await modern('getBalance', { clientKey: keys.other })).json()).toEqual({ errorId: 0, balance: 12.5 });
    expect(fake.requests).toEqual([
      { call: 'createTask', body: { clientKey: keys.good, task } },
      { call: 'getBalance', body: { clientKey: keys.other } },
    ]);
  });
});

describe('the modern face and RATE_LIMIT_PER_KEY', () => {
  it('an admitted gateway key over its limit: 429 RATE_LIMITED, not forwarded; another key still served', async () => {
    const limited = await startGateway(fake.url, {
      GATEWAY_KEYS: JSON.stringify(table),
      RATE_LIMIT_PER_KEY: '2',
      RATE_LIMIT_WINDOW_SECONDS: '3600',
    });
    try {
      const balance = (key: string) =>
        fetch(`${limited.url}/getBalance`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ clientKey: key }),
        });
      expect((await balance(alice)).status).toBe(200);
      expect((await balance(alice)).status).toBe(200);
      const over = await balance(alice);
      expect(over.status).toBe(429);
      expect(await over.json()).toMatchObject({ errorId: 1, errorCode: 'RATE_LIMITED' });
      expect((await balance(keys.other)).status).toBe(200);
      expect(fake.sent('getBalance').map((b) => b.clientKey)).toEqual([keys.good, keys.good, keys.other]);
    } finally {
      await limited.close();
    }
  });
});
