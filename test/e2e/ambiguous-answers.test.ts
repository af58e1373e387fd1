/**
 * An upstream's answer that plain text cannot carry exactly: a `|` where answers are `|`-joined
 * (ids= items; get2's answer before its price, for types whose answers never hold one), a line
 * break or NUL anywhere. 2captcha documents no escape, so plain text refuses it with
 * ERROR_CAPTCHA_UNSOLVABLE and a logged reason; json=1 answers it exactly; answers that hold `|`
 * by design (FunCaptcha) keep every byte.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/ops/log.ts';
import { tokens } from '../support/fake-tasks.ts';
import { keys, startFakeUpstream, type FakeUpstream } from '../support/fake-upstream.ts';
import { startGateway, type TestGateway } from '../support/gateway.ts';

let fake: FakeUpstream;
let gw: TestGateway;
const lines: string[] = [];
beforeAll(async () => {
  fake = await startFakeUpstream();
  gw = await startGateway(fake.url, {}, { logger: createLogger('info', (line) => lines.push(line)) });
});
afterAll(async () => {
  await gw.close();
  await fake.close();
});
beforeEach(() => {
  fake.reset();
  lines.length = 0;
});

const recaptcha = {
  method: 'userrecaptcha',
  googlekey: '6Le-wvkSAAAAAPBMRTvw0Q4Muexq9bi0DJwx_mJ-',
  pageurl: 'https://example.com/login',
};
const funcaptcha = {
  method: 'funcaptcha',
  publickey: '69A21A01-CC7B-B9C6-0F9A-E7FA06677FFC',
  pageurl: recaptcha.pageurl,
};

async function get(path: string, params: Record<string, string>): Promise<string> {
  const res = await fetch(`${gw.url}${path}?${new URLSearchParams({ key: keys.good, ...params })}`);
  expect(res.status).toBe(200);
  return res.text();
}

/** Submits a task the upstream solves with `solution` at once; its id. */
async function solved(solution: Record<string, unknown>, params: Record<string, string> = recaptcha): Promise<string> {
  fake.fate = () => ({ polls: 0, solution, cost: 0.002 });
  const body = await get('/in.php', params);
  expect(body).toMatch(/^OK\|\d+$/);
  return body.slice(3);
}

const refusals = () =>
  lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.msg === 'answer refused in plain text');

describe('get', () => {
  it('a | in a token is kept (clients take all after the first OK|)', async () => {
    const id = await solved({ gRecaptchaResponse: 'abc|def' });
    expect(await get('/res.php', { action: 'get', id })).toBe('OK|abc|def');
  });

  it.each([
    ['CR LF', 'abc\r\ndef'],
    ['LF', 'abc\ndef'],
    ['NUL', 'abc\0def'],
  ])('a %s inside: plain refuses it with a logged reason, json=1 answers it exactly', async (_name, token) => {
    const id = await solved({ gRecaptchaResponse: token });
    expect(await get('/res.php', { action: 'get', id })).toBe('ERROR_CAPTCHA_UNSOLVABLE');
    expect(JSON.parse(await get('/res.php', { action: 'get', id, json: '1' }))).toEqual({ status: 1, request: token });
    expect(refusals()).toEqual([
      expect.objectContaining({ level: 'warn', id, type: 'RecaptchaV2TaskProxyless', reason: expect.any(String) }),
    ]);
  });
});

describe('get2', () => {
  it('a | in a reCAPTCHA token would split answer and price: refused in plain, exact in json=1', async () => {
    const id = await solved({ gRecaptchaResponse: 'abc|0.5' });
    expect(await get('/res.php', { action: 'get2', id })).toBe('ERROR_CAPTCHA_UNSOLVABLE');
    expect(JSON.parse(await get('/res.php', { action: 'get2', id, json: '1' }))).toMatchObject({
      status: 1,
      request: 'abc|0.5',
    });
    expect(refusals()).toHaveLength(1);
  });

  it("a FunCaptcha token's own | keeps every byte, the price last", async () => {
    const id = await solved({ token: tokens.funcaptcha }, funcaptcha);
    expect(await get('/res.php', { action: 'get2', id })).toBe(`OK|${tokens.funcaptcha}|0.002`);
    expect(refusals()).toEqual([]);
  });
});

describe('ids=', () => {
  it('one field per id: an item holding | or a line break is refused, in plain and json=1', async () => {
    const good = await solved({ gRecaptchaResponse: 'TOKEN-1' });
    const piped = await solved({ gRecaptchaResponse: 'a|b|c' });
    const broken = await solved({ gRecaptchaResponse: 'x\ny' });
    const ids = [good, piped, broken, good].join(',');
    const plain = await get('/res.php', { action: 'get', ids });
    expect(plain).toBe('TOKEN-1|ERROR_CAPTCHA_UNSOLVABLE|ERROR_CAPTCHA_UNSOLVABLE|TOKEN-1');
    const json = JSON.parse(await get('/res.php', { action: 'get', ids, json: '1' })) as { request: string };
    expect(json.request.split('|')).toHaveLength(4);
    // Logged once each: the json=1 poll's refusals repeat the plain poll's word for word, and a
    // repeated warning is written at most once per 10 s (ops/log.ts).
    expect(refusals().map((l) => l.id)).toEqual([piped, broken]);
  });
});
