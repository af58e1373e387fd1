/**
 * What differs between vendors, through the Node server against a fake upstream in each
 * dialect: the exact wire bodies inres sends, and what a legacy client gets back.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { DialectName } from '../../src/upstream/dialects.ts';
import { tokens } from '../support/fake-tasks.ts';
import { keys, startFakeUpstream, type FakeUpstream } from '../support/fake-upstream.ts';
import { startGateway, type TestGateway } from '../support/gateway.ts';
import { png } from '../support/images.ts';

const pageurl = 'https://example.com/login';
const recaptcha = { method: 'userrecaptcha', googlekey: '6Le-wvkSAAAAAPBMRTvw0Q4Muexq9bi0DJwx_mJ-', pageurl };
const hcaptcha = { method: 'hcaptcha', sitekey: 'b76cd927-d266-4cfb-a328-3b03ae07ded6', pageurl };
const turnstile = {
  method: 'turnstile',
  sitekey: '0x4AAAAAAAVrOwQWPlm3Bnr5',
  pageurl,
  action: 'login',
  data: 'cd',
  pagedata: 'pd',
};
const image = { method: 'base64', body: png.toString('base64') };

/** One gateway and one fake per dialect, started on first use. */
const running = new Map<DialectName, { fake: FakeUpstream; gw: TestGateway }>();
async function setup(dialect: DialectName): Promise<{ fake: FakeUpstream; gw: TestGateway }> {
  let pair = running.get(dialect);
  if (!pair) {
    const fake = await startFakeUpstream({ dialect });
    pair = { fake, gw: await startGateway(fake.url, { UPSTREAM_DIALECT: dialect }) };
    running.set(dialect, pair);
  }
  pair.fake.reset();
  return pair;
}
afterAll(async () => {
  for (const { fake, gw } of running.values()) {
    await gw.close();
    await fake.close();
  }
});

async function legacy(gw: TestGateway, path: string, params: Record<string, string>): Promise<string> {
  const r = await gw.http.get(path).query({ key: keys.good, ...params });
  expect(r.status).toBe(200);
  return r.text;
}
async function submit(gw: TestGateway, params: Record<string, string>): Promise<string> {
  const text = await legacy(gw, '/in.php', params);
  const match = /^OK\|(\d+)$/.exec(text);
  if (!match) throw new Error(`submit failed: ${text}`);
  return match[1]!;
}
const lastTask = (fake: FakeUpstream) => fake.sent('createTask').at(-1)!;

describe('task ids: UUID strings or integers sent back as JSON numbers', () => {
  it.each([
    ['ucaptcha', 'string'],
    ['capsolver', 'string'],
    ['anticaptcha', 'number'],
    ['capmonster', 'number'],
    ['2captcha', 'number'],
  ] as const)('%s polls with a %s', async (dialect, kind) => {
    const { fake, gw } = await setup(dialect);
    const id = await submit(gw, recaptcha);
    expect(await legacy(gw, '/res.php', { action: 'get', id })).toBe('CAPCHA_NOT_READY');
    const polled = fake.sent('getTaskResult')[0]!.taskId;
    expect(typeof polled).toBe(kind);
  });
});

describe('"not found", however the vendor spells it, is ERROR_WRONG_CAPTCHA_ID', () => {
  it.each(['ucaptcha', 'anticaptcha', 'capmonster', 'capsolver', '2captcha'] as const)('%s', async (dialect) => {
    const { fake, gw } = await setup(dialect);
    const id = await submit(gw, recaptcha);
    fake.reset(); // the upstream forgets the task
    expect(await legacy(gw, '/res.php', { action: 'get', id })).toBe('ERROR_WRONG_CAPTCHA_ID');
    expect(fake.requests.at(-1)!.call).toBe('getTaskResult');
  });
});

describe('a failed task: status:"failed" or a request error, kept as the outcome either way', () => {
  it.each(['ucaptcha', 'anticaptcha', 'capmonster', 'capsolver', '2captcha'] as const)('%s', async (dialect) => {
    const { fake, gw } = await setup(dialect);
    fake.fate = () => ({
      polls: 0,
      fail: dialect === 'capsolver' ? 'ERROR_CAPTCHA_SOLVE_FAILED' : 'ERROR_CAPTCHA_UNSOLVABLE',
    });
    const id = await submit(gw, recaptcha);
    expect(await legacy(gw, '/res.php', { action: 'get', id })).toBe('ERROR_CAPTCHA_UNSOLVABLE');
    expect(await legacy(gw, '/res.php', { action: 'get', id })).toBe('ERROR_CAPTCHA_UNSOLVABLE');
    expect(fake.sent('getTaskResult')).toHaveLength(1);
  });

  it('anticaptcha: a proxy failure reported as a request error becomes the poll-time proxy code', async () => {
    const { fake, gw } = await setup('anticaptcha');
    fake.fate = () => ({ polls: 0, fail: 'ERROR_PROXY_CONNECT_TIMEOUT' });
    const id = await submit(gw, recaptcha);
    expect(await legacy(gw, '/res.php', { action: 'get', id })).toBe('ERROR_PROXY_CONNECTION_FAILED');
    expect(await legacy(gw, '/res.php', { action: 'get', id })).toBe('ERROR_PROXY_CONNECTION_FAILED');
    expect(fake.sent('getTaskResult')).toHaveLength(1);
  });

  it('anticaptcha: a request error that is no task outcome is answered, not kept', async () => {
    const { fake, gw } = await setup('anticaptcha');
    const id = await submit(gw, recaptcha);
    await gw.http.get('/res.php').query({ key: keys.good, action: 'get', id });
    fake.fault = 'html500';
    expect(await legacy(gw, '/res.php', { action: 'get', id })).toBe('CAPCHA_NOT_READY');
    fake.fault = undefined;
    expect(await legacy(gw, '/res.php', { action: 'get', id })).toBe(`OK|${tokens.recaptcha}`);
  });
});

describe('capsolver answers images in createTask itself', () => {
  it('OK|<id> from in.php, then OK|<text> from res.php without a poll', async () => {
    const { fake, gw } = await setup('capsolver');
    const id = await submit(gw, image);
    expect(lastTask(fake).task).toEqual({ type: 'ImageToTextTask', body: image.body });
    expect(await legacy(gw, '/res.php', { action: 'get', id })).toBe(`OK|${tokens.imageText}`);
    expect(fake.sent('getTaskResult')).toEqual([]);
  });
});

describe('task types and fields in each vendor’s spelling', () => {
  it('capsolver: ReCaptchaV2TaskProxyLess; a proxy as one type:host:port:login:password string', async () => {
    const { fake, gw } = await setup('capsolver');
    await submit(gw, recaptcha);
    expect(lastTask(fake).task).toEqual({
      type: 'ReCaptchaV2TaskProxyLess',
      websiteURL: pageurl,
      websiteKey: recaptcha.googlekey,
    });
    await submit(gw, { ...recaptcha, proxy: 'user:p@ss@10.1.2.3:3128', proxytype: 'SOCKS5' });
    expect(lastTask(fake).task).toEqual({
      type: 'ReCaptchaV2Task',
      websiteURL: pageurl,
      websiteKey: recaptcha.googlekey,
      proxy: 'socks5:10.1.2.3:3128:user:p@ss',
    });
  });

  it('capsolver: reCAPTCHA v3 enterprise is its own type, without minScore', async () => {
    const { fake, gw } = await setup('capsolver');
    await submit(gw, { ...recaptcha, version: 'v3', enterprise: '1', action: 'login' });
    expect(lastTask(fake).task).toEqual({
      type: 'ReCaptchaV3EnterpriseTaskProxyLess',
      websiteURL: pageurl,
      websiteKey: recaptcha.googlekey,
      pageAction: 'login',
    });
  });

  const turnstileWire: [DialectName, Record<string, unknown>][] = [
    ['ucaptcha', { type: 'TurnstileTaskProxyless', action: 'login', data: 'cd', pagedata: 'pd' }],
    ['2captcha', { type: 'TurnstileTaskProxyless', action: 'login', data: 'cd', pagedata: 'pd' }],
    ['anticaptcha', { type: 'TurnstileTaskProxyless', action: 'login', cData: 'cd', chlPageData: 'pd' }],
    // capmonstercloud-client's TaskType has one TurnstileTask, proxy or not.
    ['capmonster', { type: 'TurnstileTask', pageAction: 'login', data: 'cd', pageData: 'pd' }],
    ['capsolver', { type: 'AntiTurnstileTaskProxyLess', metadata: { action: 'login', cdata: 'cd' } }],
  ];
  it.each(turnstileWire)('%s: Turnstile action, cData and chlPageData as %o', async (dialect, fields) => {
    const { fake, gw } = await setup(dialect);
    await submit(gw, turnstile);
    expect(lastTask(fake).task).toEqual({ websiteURL: pageurl, websiteKey: turnstile.sitekey, ...fields });
  });

  it('capsolver takes no proxy for Turnstile: the task goes proxyless', async () => {
    const { fake, gw } = await setup('capsolver');
    await submit(gw, { ...turnstile, proxy: '1.2.3.4:1080', proxytype: 'socks5' });
    expect(lastTask(fake).task).toMatchObject({ type: 'AntiTurnstileTaskProxyLess' });
    expect(lastTask(fake).task).not.toHaveProperty('proxy');
  });

  it('capmonster: image options it does not take are left out', async () => {
    const { fake, gw } = await setup('capmonster');
    await submit(gw, { ...image, numeric: '1', min_len: '4', textinstructions: 'red' });
    expect(lastTask(fake).task).toEqual({ type: 'ImageToTextTask', body: image.body, numeric: 1 });
  });
});

describe('createTask extras: softId, languagePool, where each vendor takes them', () => {
  const extras = { ...image, soft_id: '1234', lang: 'ru' };
  it.each([
    ['2captcha', { softId: 1234, languagePool: 'rn' }, {}],
    ['anticaptcha', { softId: 1234 }, { languagePool: 'rn' }],
    ['capmonster', {}, {}],
    ['capsolver', {}, {}],
    ['ucaptcha', {}, {}],
  ] as const)('%s: request %o, task %o', async (dialect, request, inTask) => {
    const { fake, gw } = await setup(dialect);
    await submit(gw, extras);
    const { clientKey, task, ...rest } = lastTask(fake);
    expect(clientKey).toBe(keys.good);
    expect(rest).toEqual(request);
    expect(task).toMatchObject({ type: 'ImageToTextTask', ...inTask });
    if (Object.keys(inTask).length === 0) expect(task).not.toHaveProperty('languagePool');
  });
});

describe('reports: the call chosen by the task type of the id', () => {
  const cases: [DialectName, Record<string, string>, string, string | undefined][] = [
    ['anticaptcha', image, 'reportIncorrectImageCaptcha', undefined],
    ['anticaptcha', hcaptcha, 'reportIncorrectHcaptcha', undefined],
    ['anticaptcha', recaptcha, 'reportIncorrectRecaptcha', 'reportCorrectRecaptcha'],
    ['anticaptcha', turnstile, '', undefined],
    ['capmonster', image, 'reportIncorrectImageCaptcha', undefined],
    ['capmonster', turnstile, 'reportIncorrectTokenCaptcha', undefined],
    ['2captcha', image, 'reportIncorrect', 'reportCorrect'],
    ['capsolver', turnstile, 'feedbackTask', 'feedbackTask'],
  ];
  it.each(cases)('%s %o: reportbad → %s, reportgood → %s', async (dialect, params, bad, good) => {
    const { fake, gw } = await setup(dialect);
    const id = await submit(gw, params);
    expect(await legacy(gw, '/res.php', { action: 'reportbad', id })).toBe('OK_REPORT_RECORDED');
    expect(await legacy(gw, '/res.php', { action: 'reportgood', id })).toBe('OK_REPORT_RECORDED');
    const sent = fake.requests.filter((r) => r.call !== 'createTask').map((r) => r.call);
    expect(sent).toEqual([bad, good].filter(Boolean));
  });

  // The id is the gateway's own: a vendor that no longer knows it has closed its report window.
  it('a report the vendor refuses (late, unknown id) → ERROR_REPORT_NOT_RECORDED', async () => {
    const { fake, gw } = await setup('anticaptcha');
    const id = await submit(gw, recaptcha);
    fake.reset();
    expect(await legacy(gw, '/res.php', { action: 'reportbad', id })).toBe('ERROR_REPORT_NOT_RECORDED');
  });
});

describe('balance is the same call everywhere', () => {
  it.each(['anticaptcha', 'capsolver'] as const)('%s', async (dialect) => {
    const { gw } = await setup(dialect);
    expect(await legacy(gw, '/res.php', { action: 'getbalance' })).toBe('12.5000');
  });
});
