/**
 * DeathByCaptcha's clients from npm, unchanged, against inres on 127.0.0.1 in front of a fake
 * upstream in every dialect: DBC's official Node client (deathbycaptcha-lib, its hard-coded
 * https://api.dbcapi.me routed here as a hosts file would) and samcday's deathbycaptcha (its
 * endpoint a constructor argument). Each solves what it can upload, reads the balance and
 * reports, and must return the exact text the upstream solved. Neither client sends
 * credentials when it polls: the gateway watches each task and the poll reads the stored record.
 */
import https from 'node:https';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeDialectNames } from '../support/fake-dialects.ts';
import { solutions, tokens } from '../support/fake-tasks.ts';
import { keys, startFakeUpstream, type FakeUpstream } from '../support/fake-upstream.ts';
import { startGateway, type TestGateway } from '../support/gateway.ts';
import { png } from '../support/images.ts';
import { routeHostsTo } from '../support/route-2captcha.ts';

const require = createRequire(import.meta.url);

interface Captcha {
  captcha: number;
  text: string;
  is_correct: boolean | number;
}
interface LibClient {
  decode(args: { captcha?: Buffer; extra: Record<string, unknown> }, cb: (c: Captcha | null) => void): void;
  get_balance(cb: (balance: number | null) => void): void;
  report(id: number, cb: (ok: boolean) => void): void;
}
const lib = require('deathbycaptcha-lib') as { HttpClient: new (username: string, password: string) => LibClient };

type Callback<T extends unknown[]> = (err: Error | null, ...rest: T) => void;
interface SamcdayClient {
  solve(img: Buffer, cb: Callback<[id: string, solution: string]>): void;
  get(id: string, cb: Callback<[solution: string, isCorrect: unknown]>): void;
  report(id: string, cb: (err: Error | null) => void): void;
  balance(cb: Callback<[credits: number, balance: number, rate: number]>): void;
}
const Samcday = require('deathbycaptcha') as new (
  username: string,
  password: string,
  endpoint: string,
) => SamcdayClient;

const pageurl = 'https://example.com/login';
const googlekey = '6Le-wvkSAAAAAPBMRTvw0Q4Muexq9bi0DJwx_mJ-';
const hcaptchaKey = 'b76cd927-d266-4cfb-a328-3b03ae07ded6';
const turnstileKey = '0x4AAAAAAAGlwMzq_9z6S9Mh';

/** DBC type, its upload fields, the answer text, and the canonical task inres must create. */
const tokenCases: [string, Record<string, unknown>, string, Record<string, unknown>][] = [
  [
    'reCAPTCHA v2 (type 4)',
    {
      type: 4,
      token_params: JSON.stringify({ googlekey, pageurl, proxy: 'http://user:pw@127.0.0.1:3128', proxytype: 'HTTP' }),
    },
    tokens.recaptcha,
    {
      type: 'RecaptchaV2Task',
      websiteURL: pageurl,
      websiteKey: googlekey,
      proxyType: 'http',
      proxyAddress: '127.0.0.1',
      proxyPort: 3128,
      proxyLogin: 'user',
      proxyPassword: 'pw',
    },
  ],
  [
    'hCaptcha (type 7)',
    { type: 7, hcaptcha_params: JSON.stringify({ sitekey: hcaptchaKey, pageurl }) },
    tokens.hcaptcha,
    { type: 'HCaptchaTaskProxyless', websiteURL: pageurl, websiteKey: hcaptchaKey },
  ],
  [
    'Turnstile (type 12)',
    { type: 12, turnstile_params: JSON.stringify({ sitekey: turnstileKey, pageurl, action: 'login' }) },
    tokens.turnstile,
    { type: 'TurnstileTaskProxyless', websiteURL: pageurl, websiteKey: turnstileKey, action: 'login' },
  ],
  [
    'reCAPTCHA v3 (type 5)',
    { type: 5, token_params: JSON.stringify({ googlekey, pageurl, action: 'login', min_score: 0.3 }) },
    tokens.recaptcha,
    {
      type: 'RecaptchaV3TaskProxyless',
      websiteURL: pageurl,
      websiteKey: googlekey,
      pageAction: 'login',
      minScore: 0.3,
    },
  ],
  [
    'reCAPTCHA v2 Enterprise (type 25)',
    { type: 25, token_enterprise_params: JSON.stringify({ googlekey, pageurl }) },
    tokens.recaptcha,
    { type: 'RecaptchaV2EnterpriseTaskProxyless', websiteURL: pageurl, websiteKey: googlekey },
  ],
  [
    'GeeTest v4 (type 9)',
    { type: 9, geetest_params: JSON.stringify({ captcha_id: solutions.geetestV4.captcha_id, pageurl }) },
    JSON.stringify(solutions.geetestV4),
    {
      type: 'GeeTestTaskProxyless',
      websiteURL: pageurl,
      version: 4,
      initParameters: { captcha_id: solutions.geetestV4.captcha_id },
      gt: solutions.geetestV4.captcha_id,
    },
  ],
  [
    'GeeTest v3 (type 8)',
    { type: 8, geetest_params: JSON.stringify({ gt: 'g', challenge: 'c', pageurl }) },
    JSON.stringify(solutions.geetest),
    { type: 'GeeTestTaskProxyless', websiteURL: pageurl, gt: 'g', challenge: 'c' },
  ],
];

const decode = (client: LibClient, args: Parameters<LibClient['decode']>[0]) =>
  new Promise<Captcha | null>((resolve) => client.decode(args, resolve));
const promised = <T extends unknown[]>(call: (cb: Callback<T>) => void) =>
  new Promise<T>((resolve, reject) => call((err, ...rest) => (err ? reject(err) : resolve(rest))));

/** What each dialect's fake lacks: the gateway answers 501 (capsolver has no hCaptcha). */
const lacking: Record<string, string[]> = { capsolver: ['hCaptcha (type 7)'] };
/**
 * What a fake cannot answer as its vendor would: the fake CapSolver tells GeeTest v4 from v3 by
 * `version`, which CapSolver's form of the task drops (its v4 is a top-level `captchaId`).
 */
const fakeQuirks: Record<string, string[]> = { capsolver: ['GeeTest v4 (type 9)'] };

describe.each(fakeDialectNames)('through the %s dialect', (dialect) => {
  let fake: FakeUpstream;
  let gw: TestGateway;
  let timer: ReturnType<typeof setInterval>;
  let unroute: () => void;
  beforeAll(async () => {
    fake = await startFakeUpstream({ dialect });
    gw = await startGateway(fake.url, { UPSTREAM_DIALECT: dialect });
    // The entrypoint's pingback timer, quicker: watched tasks are polled in the background.
    timer = setInterval(() => void gw.tick(), 50);
    unroute = routeHostsTo(new Set(['api.dbcapi.me']), Number(new URL(gw.url).port));
    fake.fate = () => ({ polls: 0 });
  });
  afterAll(async () => {
    clearInterval(timer);
    unroute();
    // Kept-alive sockets lead to this gateway, which is going away.
    https.globalAgent.destroy();
    await gw.close();
    await fake.close();
  });

  describe('deathbycaptcha-lib (DBC official, HttpClient)', () => {
    it('solves an image (type 0) with username and password', async () => {
      const client = new lib.HttpClient('bot', keys.good);
      const captcha = await decode(client, { captcha: png, extra: {} });
      expect(captcha).toMatchObject({ text: tokens.imageText, is_correct: 1 });
      expect(String(captcha!.captcha)).toMatch(/^\d{15}$/);
    });

    const served = tokenCases.filter(
      ([name]) => !lacking[dialect]?.includes(name) && !fakeQuirks[dialect]?.includes(name),
    );
    it.each(served)('solves %s with an authtoken', async (_, extra, text, task) => {
      const before = fake.sent('createTask').length;
      const captcha = await decode(new lib.HttpClient('authtoken', keys.good), { extra });
      expect(captcha).toMatchObject({ text, is_correct: 1 });
      expect(fake.sent('createTask')).toHaveLength(before + 1);
      if (dialect === 'ucaptcha') expect(fake.sent('createTask').at(-1)).toEqual({ clientKey: keys.good, task });
    });

    // The client throws where it cannot be caught on a 501: the answer is checked on the wire.
    const missing = tokenCases.filter(([name]) => lacking[dialect]?.includes(name));
    if (missing.length > 0) {
      it.each(missing)('answers %s with 501 not-implemented, before any upstream call', async (_, extra) => {
        const before = fake.sent('createTask').length;
        const r = await gw.http
          .post('/api/captcha')
          .set('accept', 'application/json')
          .field({ authtoken: keys.good, ...extra });
        expect([r.status, r.text]).toEqual([501, '{"status":255,"error":"not-implemented"}']);
        expect(fake.sent('createTask')).toHaveLength(before);
      });
    }

    it('reads the balance in US cents', async () => {
      const client = new lib.HttpClient('authtoken', keys.good);
      expect(await new Promise((resolve) => client.get_balance(resolve))).toBe(1250);
    });

    it('reports a solved captcha', async () => {
      const client = new lib.HttpClient('bot', keys.good);
      const captcha = await decode(client, { extra: tokenCases[0]![1] });
      const reports = fake.requests.length;
      expect(await new Promise((resolve) => client.report(captcha!.captcha, resolve))).toBe(true);
      expect(fake.requests.slice(reports)).toEqual(fake.dialect.recaptchaReports(keys.good).slice(0, 1));
    });
  });

  describe('deathbycaptcha (samcday)', () => {
    const client = () => new Samcday('bot', keys.good, `${gw.url}/api`);

    it('solves an image, polls it again by id, reads the balance, reports', async () => {
      const [id, solution] = await promised<[string, string]>((cb) => client().solve(png, cb));
      expect([id, solution]).toEqual([expect.stringMatching(/^\d{15}$/), tokens.imageText]);
      expect(await promised<[string, unknown]>((cb) => client().get(id, cb))).toEqual([tokens.imageText, 1]);
      expect(await promised<[number, number, number]>((cb) => client().balance(cb))).toEqual([Infinity, 1250, 0]);
      await expect(
        new Promise<void>((resolve, reject) => client().report(id, (e) => (e ? reject(e) : resolve()))),
      ).resolves.toBeUndefined();
    });
  });
});

describe('with GATEWAY_KEYS: DBC credentials of their own stand for a gateway key', () => {
  let fake: FakeUpstream;
  let gw: TestGateway;
  let unroute: () => void;
  beforeAll(async () => {
    fake = await startFakeUpstream();
    gw = await startGateway(fake.url, {
      GATEWAY_KEYS: JSON.stringify({
        gw_bot: { upstream: keys.good, dbc: { username: 'bot', password: 's3cret', authtoken: 'tok_bot' } },
      }),
    });
    unroute = routeHostsTo(new Set(['api.dbcapi.me']), Number(new URL(gw.url).port));
  });
  afterAll(async () => {
    unroute();
    https.globalAgent.destroy();
    await gw.close();
    await fake.close();
  });

  it('deathbycaptcha-lib with the login, then the token: the upstream sees its own key only', async () => {
    expect(await decode(new lib.HttpClient('bot', 's3cret'), { captcha: png, extra: {} })).toMatchObject({
      text: tokens.imageText,
    });
    const client = new lib.HttpClient('authtoken', 'tok_bot');
    expect(await new Promise((resolve) => client.get_balance(resolve))).toBe(1250);
    expect(fake.requests.map((r) => r.body.clientKey)).toEqual([keys.good, keys.good]);
  });

  it("samcday's deathbycaptcha with the login", async () => {
    const samcday = new Samcday('bot', 's3cret', `${gw.url}/api`);
    const [, solution] = await promised<[string, string]>((cb) => samcday.solve(png, cb));
    expect(solution).toBe(tokens.imageText);
  });
});
