/**
 * The `2captcha` npm package, v3 (the legacy-protocol line), unchanged, against inres: every
 * solver method, balance, both reports and the error paths. Its quirks: recaptcha and hcaptcha
 * send `invisible=false` unless told otherwise, and imageCaptcha POSTs `{"body":…}` as JSON
 * without a Content-Type (node-fetch labels it text/plain) while the rest sits in the query.
 */
import { Solver } from '2captcha';
import { describe, expect, it } from 'vitest';
import { keys } from '../support/fake-upstream.ts';
import { solutions, tokens } from '../support/fake-tasks.ts';
import { png } from '../support/images.ts';
import { expectSolve, rejectionCode, useRoutedGateway } from '../support/routed-gateway.ts';

const env = useRoutedGateway();

const solver = (key = keys.good) => new Solver(key, 10);
const pageurl = 'https://example.com/page';
const googlekey = '6LfD3PIbAAAAAJs_eEHvoOl75_83eXSqpPSRFJ_u';
const hsitekey = 'b76cd927-d266-4cfb-a328-3b03ae07ded6';
const b64 = png.toString('base64');

type Call = (s: Solver) => Promise<{ data: unknown }>;

/** method, the call, the task inres must create, the `data` the client must return. */
const cases: [string, Call, Record<string, unknown>, unknown][] = [
  [
    'recaptcha (invisible=false by default)',
    (s) => s.recaptcha(googlekey, pageurl),
    { type: 'RecaptchaV2TaskProxyless', websiteKey: googlekey, websiteURL: pageurl, isInvisible: false },
    tokens.recaptcha,
  ],
  [
    'recaptcha with data-s and enterprise',
    (s) => s.recaptcha(googlekey, pageurl, { invisible: true, 'data-s': 'sval', enterprise: 1 }),
    {
      type: 'RecaptchaV2EnterpriseTaskProxyless',
      websiteKey: googlekey,
      websiteURL: pageurl,
      isInvisible: true,
      enterprisePayload: { s: 'sval' },
    },
    tokens.recaptcha,
  ],
  [
    'recaptcha v3',
    (s) => s.recaptcha(googlekey, pageurl, { version: 'v3', min_score: 0.7, action: 'submit' }),
    {
      type: 'RecaptchaV3TaskProxyless',
      websiteKey: googlekey,
      websiteURL: pageurl,
      minScore: 0.7,
      pageAction: 'submit',
    },
    tokens.recaptcha,
  ],
  [
    'hcaptcha, proxied',
    (s) => s.hcaptcha(hsitekey, pageurl, { proxy: '127.0.0.1:3128', proxytype: 'HTTPS' }),
    {
      type: 'HCaptchaTask',
      websiteKey: hsitekey,
      websiteURL: pageurl,
      isInvisible: false,
      proxyType: 'https',
      proxyAddress: '127.0.0.1',
      proxyPort: 3128,
    },
    tokens.hcaptcha,
  ],
  [
    'geetest',
    (s) => s.geetest('f3bf6dbdcf7886856696502e1d55e00c', '12345678abc90123d45678ef90123a456b', pageurl),
    {
      type: 'GeeTestTaskProxyless',
      gt: 'f3bf6dbdcf7886856696502e1d55e00c',
      challenge: '12345678abc90123d45678ef90123a456b',
      websiteURL: pageurl,
    },
    {
      geetest_challenge: solutions.geetest.challenge,
      geetest_validate: solutions.geetest.validate,
      geetest_seccode: solutions.geetest.seccode,
    },
  ],
  [
    'imageCaptcha (a JSON body labelled text/plain)',
    (s) => s.imageCaptcha(b64, { numeric: 1, min_len: 4, max_len: 6 }),
    { type: 'ImageToTextTask', body: b64, numeric: 1, minLength: 4, maxLength: 6 },
    tokens.imageText,
  ],
  [
    'funCaptcha with a service URL',
    (s) => s.funCaptcha('69A21A01-CC7B-B9C6-0F9A-E7FA06677FFC', pageurl, 'https://client-api.arkoselabs.com'),
    {
      type: 'FunCaptchaTaskProxyless',
      websitePublicKey: '69A21A01-CC7B-B9C6-0F9A-E7FA06677FFC',
      websiteURL: pageurl,
      funcaptchaApiJSSubdomain: 'client-api.arkoselabs.com',
    },
    tokens.funcaptcha,
  ],
  [
    'turnstile',
    (s) => s.turnstile('0x4AAAAAAAVrOwQWPlm3Bnr5', pageurl),
    { type: 'TurnstileTaskProxyless', websiteKey: '0x4AAAAAAAVrOwQWPlm3Bnr5', websiteURL: pageurl },
    tokens.turnstile,
  ],
];

describe('2captcha v3, every solver method', () => {
  it.each(cases)('%s', async (_name, call, task, data) => {
    await expectSolve(env, call(solver()), { data, id: expect.stringMatching(/^\d{15}$/) }, task);
  });
});

describe('2captcha v3 account calls and errors', () => {
  it('polls through CAPCHA_NOT_READY', async () => {
    env.fake.fate = () => ({ polls: 2 });
    expect((await solver().turnstile('0x4AAAAAAAVrOwQWPlm3Bnr5', pageurl)).data).toBe(tokens.turnstile);
    expect(env.fake.sent('getTaskResult')).toHaveLength(3);
  });

  it('balance', async () => {
    expect(await solver().balance()).toBe(12.5);
  });

  it('goodReport and report (bad)', async () => {
    const { id } = await solver().hcaptcha(hsitekey, pageurl);
    await expect(solver().goodReport(id)).resolves.toBeUndefined();
    await expect(solver().report(id)).resolves.toBeUndefined();
    expect(env.fake.sent('feedbackTask').map((b) => (b.result as { invalid: boolean }).invalid)).toEqual([false, true]);
  });

  it('a report on an unknown id → ERROR_WRONG_CAPTCHA_ID', async () => {
    expect(await rejectionCode(solver().goodReport('123456789012345'))).toBe('ERROR_WRONG_CAPTCHA_ID');
  });

  it('an unknown key → ERROR_KEY_DOES_NOT_EXIST', async () => {
    expect(await rejectionCode(solver(keys.unknown).recaptcha(googlekey, pageurl))).toBe('ERROR_KEY_DOES_NOT_EXIST');
  });

  it('an unsolvable captcha → ERROR_CAPTCHA_UNSOLVABLE', async () => {
    env.fake.fate = () => ({ polls: 1, fail: 'ERROR_CAPTCHA_UNSOLVABLE' });
    expect(await rejectionCode(solver().imageCaptcha(b64))).toBe('ERROR_CAPTCHA_UNSOLVABLE');
  });

  it('bad parameters → their legacy code, no upstream call', async () => {
    expect(await rejectionCode(solver().geetest('g', 'c', 'not a url'))).toBe('ERROR_PAGEURL');
    expect(await rejectionCode(solver().recaptcha('', pageurl))).toBe('ERROR_GOOGLEKEY');
    expect(await rejectionCode(solver().imageCaptcha('***'))).toBe('ERROR_UPLOAD');
    expect(env.fake.sent('createTask')).toEqual([]);
  });
});
