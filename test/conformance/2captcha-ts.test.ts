/**
 * 2captcha-ts (the predecessor of @2captcha/captcha-solver), unchanged, against inres: every
 * solver method, balance, both reports and the error paths. It always sends json=1 and
 * returns only `data` and `id` of an answer.
 */
import { Solver } from '2captcha-ts';
import { describe, expect, it } from 'vitest';
import { keys } from '../support/fake-upstream.ts';
import { solutions, tokens } from '../support/fake-tasks.ts';
import { png } from '../support/images.ts';
import { expectSolve, rejectionCode, useRoutedGateway } from '../support/routed-gateway.ts';

const env = useRoutedGateway();

const solver = (key = keys.good) => new Solver(key, 10);
const pageurl = 'https://example.com/page';
const googlekey = '6LfD3PIbAAAAAJs_eEHvoOl75_83eXSqpPSRFJ_u';
const b64 = png.toString('base64');
const ua = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/120.0.0.0 Safari/537.36';
const proxy = { proxy: 'login:password@127.0.0.1:8080', proxytype: 'SOCKS5' };
const proxyFields = {
  proxyType: 'socks5',
  proxyAddress: '127.0.0.1',
  proxyPort: 8080,
  proxyLogin: 'login',
  proxyPassword: 'password',
};

type Call = (s: Solver) => Promise<{ data: unknown }>;

/** method, the call, the task inres must create, the `data` the client must return. */
const cases: [string, Call, Record<string, unknown>, unknown][] = [
  [
    'recaptcha v2 invisible, proxied',
    (s) => s.recaptcha({ pageurl, googlekey, invisible: true, ...proxy }),
    { type: 'RecaptchaV2Task', websiteURL: pageurl, websiteKey: googlekey, isInvisible: true, ...proxyFields },
    tokens.recaptcha,
  ],
  [
    'recaptcha v3 enterprise',
    (s) => s.recaptcha({ pageurl, googlekey, version: 'v3', enterprise: 1, min_score: 0.3, action: 'login' }),
    {
      type: 'RecaptchaV3TaskProxyless',
      websiteURL: pageurl,
      websiteKey: googlekey,
      minScore: 0.3,
      pageAction: 'login',
      isEnterprise: true,
    },
    tokens.recaptcha,
  ],
  [
    'hcaptcha',
    (s) => s.hcaptcha({ pageurl, sitekey: 'b76cd927-d266-4cfb-a328-3b03ae07ded6', data: 'rqdata' }),
    {
      type: 'HCaptchaTaskProxyless',
      websiteURL: pageurl,
      websiteKey: 'b76cd927-d266-4cfb-a328-3b03ae07ded6',
      enterprisePayload: { rqdata: 'rqdata' },
    },
    tokens.hcaptcha,
  ],
  [
    'geetest',
    (s) => s.geetest({ gt: 'g', challenge: 'c', pageurl }),
    { type: 'GeeTestTaskProxyless', gt: 'g', challenge: 'c', websiteURL: pageurl },
    {
      geetest_challenge: solutions.geetest.challenge,
      geetest_validate: solutions.geetest.validate,
      geetest_seccode: solutions.geetest.seccode,
    },
  ],
  [
    'geetestV4',
    (s) => s.geetestV4({ pageurl, captcha_id: 'e392e1d7fd421dc63325744d5a2b9c73' }),
    {
      type: 'GeeTestTaskProxyless',
      websiteURL: pageurl,
      version: 4,
      initParameters: { captcha_id: 'e392e1d7fd421dc63325744d5a2b9c73' },
      gt: 'e392e1d7fd421dc63325744d5a2b9c73',
    },
    solutions.geetestV4,
  ],
  [
    'yandexSmart',
    (s) => s.yandexSmart({ pageurl, sitekey: 'Y5Lh0tiycconMJGsFd3EbbuNKSp1yaZESUOIHfeV', userAgent: ua }),
    {
      type: 'YandexSmartCaptchaTaskProxyless',
      websiteKey: 'Y5Lh0tiycconMJGsFd3EbbuNKSp1yaZESUOIHfeV',
      websiteURL: pageurl,
      userAgent: ua,
    },
    tokens.token,
  ],
  [
    'imageCaptcha',
    (s) => s.imageCaptcha({ body: b64, regsense: 1, lang: 'ru' }),
    { type: 'ImageToTextTask', body: b64, case: true },
    tokens.imageText,
  ],
  [
    'funCaptcha',
    (s) => s.funCaptcha({ pageurl, publickey: '69A21A01-CC7B-B9C6-0F9A-E7FA06677FFC' }),
    { type: 'FunCaptchaTaskProxyless', websitePublicKey: '69A21A01-CC7B-B9C6-0F9A-E7FA06677FFC', websiteURL: pageurl },
    tokens.funcaptcha,
  ],
  [
    'lemin',
    (s) => s.lemin({ pageurl, captcha_id: 'CROPPED_x', div_id: 'lemin-cropped-captcha' }),
    { type: 'LeminTaskProxyless', captchaId: 'CROPPED_x', divId: 'lemin-cropped-captcha', websiteURL: pageurl },
    solutions.lemin,
  ],
  [
    'amazonWaf',
    (s) => s.amazonWaf({ pageurl, sitekey: 'AQIDAHjcYu', iv: 'CgAHbCe2GgAAAAAj', context: 'ctx' }),
    {
      type: 'AmazonTaskProxyless',
      websiteKey: 'AQIDAHjcYu',
      iv: 'CgAHbCe2GgAAAAAj',
      context: 'ctx',
      websiteURL: pageurl,
    },
    solutions.amazon,
  ],
  [
    'cloudflareTurnstile',
    (s) => s.cloudflareTurnstile({ pageurl, sitekey: '0x4AAAAAAAVrOwQWPlm3Bnr5' }),
    { type: 'TurnstileTaskProxyless', websiteKey: '0x4AAAAAAAVrOwQWPlm3Bnr5', websiteURL: pageurl },
    tokens.turnstile,
  ],
  [
    'coordinates',
    (s) => s.coordinates({ body: b64, textinstructions: 'Click' }),
    { type: 'ImageCoordinatesTask', body: b64, comment: 'Click' },
    [
      { x: '39', y: '59' },
      { x: '252', y: '72' },
    ],
  ],
  [
    'capyPuzzle',
    (s) => s.capyPuzzle({ pageurl, captchakey: 'PUZZLE_x' }),
    { type: 'CapyTaskProxyless', websiteKey: 'PUZZLE_x', websiteURL: pageurl },
    solutions.capy,
  ],
  [
    'dataDome',
    (s) =>
      s.dataDome({ pageurl, captcha_url: 'https://geo.captcha-delivery.com/captcha/?cid=x', userAgent: ua, ...proxy }),
    {
      type: 'DataDomeSliderTask',
      captchaUrl: 'https://geo.captcha-delivery.com/captcha/?cid=x',
      websiteURL: pageurl,
      userAgent: ua,
      ...proxyFields,
    },
    tokens.datadome,
  ],
  [
    'cyberSiARA',
    (s) => s.cyberSiARA({ pageurl, master_url_id: 'm', userAgent: ua }),
    { type: 'AntiCyberSiAraTaskProxyless', SlideMasterUrlId: 'm', websiteURL: pageurl, userAgent: ua },
    tokens.token,
  ],
  [
    'mtCaptcha (userAgent has no modern field and is dropped)',
    (s) => s.mtCaptcha({ pageurl, sitekey: 'MTPublic-KzqLY1cKH', userAgent: ua }),
    { type: 'MtCaptchaTaskProxyless', websiteKey: 'MTPublic-KzqLY1cKH', websiteURL: pageurl },
    tokens.token,
  ],
  [
    'cutCaptcha',
    (s) => s.cutCaptcha({ pageurl, miseryKey: 'mk', apiKey: 'ak' }),
    { type: 'CutCaptchaTaskProxyless', miseryKey: 'mk', apiKey: 'ak', websiteURL: pageurl },
    tokens.token,
  ],
  [
    'friendlyCaptcha',
    (s) => s.friendlyCaptcha({ pageurl, sitekey: 'FCMST5VUMCBOCGQ9' }),
    { type: 'FriendlyCaptchaTaskProxyless', websiteKey: 'FCMST5VUMCBOCGQ9', websiteURL: pageurl },
    tokens.token,
  ],
  [
    'boundingBox',
    (s) => s.boundingBox({ image: b64, imginstructions: b64 }),
    { type: 'BoundingBoxTask', body: b64, imgInstructions: b64 },
    JSON.stringify(solutions.boundingBox.bounding_boxes),
  ],
];

describe('2captcha-ts, every solver method', () => {
  it.each(cases)('%s', async (_name, call, task, data) => {
    await expectSolve(env, call(solver()), { data, id: expect.stringMatching(/^\d{15}$/) }, task);
  });
});

describe('2captcha-ts account calls and errors', () => {
  it('polls through CAPCHA_NOT_READY', async () => {
    env.fake.fate = () => ({ polls: 3 });
    expect((await solver().mtCaptcha({ pageurl, sitekey: 'S' })).data).toBe(tokens.token);
    expect(env.fake.sent('getTaskResult')).toHaveLength(4);
  });

  it('balance', async () => {
    env.fake.balance = 3.14159;
    expect(await solver().balance()).toBe(3.14159);
  });

  it('goodReport and badReport', async () => {
    const { id } = await solver().geetestV4({ pageurl, captcha_id: 'c' });
    expect(await solver().goodReport(id)).toBe('OK_REPORT_RECORDED');
    expect(await solver().badReport(id)).toBe('OK_REPORT_RECORDED');
    expect(env.fake.sent('feedbackTask').map((b) => (b.result as { invalid: boolean }).invalid)).toEqual([false, true]);
  });

  it('a report on an unknown id → ERROR_WRONG_CAPTCHA_ID', async () => {
    expect(await rejectionCode(solver().badReport('123456789012345'))).toBe('ERROR_WRONG_CAPTCHA_ID');
  });

  it('an unknown key → ERROR_KEY_DOES_NOT_EXIST, on submit and on balance', async () => {
    expect(await rejectionCode(solver(keys.unknown).lemin({ pageurl, captcha_id: 'c', div_id: 'd' }))).toBe(
      'ERROR_KEY_DOES_NOT_EXIST',
    );
    // balance() rethrows whatever it caught with the raw body as the message.
    const body = await rejectionCode(solver(keys.unknown).balance());
    expect(JSON.parse(body)).toMatchObject({ status: 0, request: 'ERROR_KEY_DOES_NOT_EXIST' });
  });

  it('an unsolvable captcha → ERROR_CAPTCHA_UNSOLVABLE', async () => {
    env.fake.fate = () => ({ polls: 1, fail: 'ERROR_CAPTCHA_UNSOLVABLE' });
    expect(await rejectionCode(solver().capyPuzzle({ pageurl, captchakey: 'k' }))).toBe('ERROR_CAPTCHA_UNSOLVABLE');
  });

  it('bad parameters → their legacy code, no upstream call', async () => {
    expect(await rejectionCode(solver().funCaptcha({ pageurl: 'example.com', publickey: 'PK' }))).toBe('ERROR_PAGEURL');
    expect(await rejectionCode(solver().imageCaptcha({ body: Buffer.from('%PDF-1.4').toString('base64') }))).toBe(
      'ERROR_IMAGE_TYPE_NOT_SUPPORTED',
    );
    // The client checks that instructions are present, not that they say anything.
    expect(await rejectionCode(solver().boundingBox({ image: b64, textinstructions: '' }))).toBe(
      'ERROR_BAD_PARAMETERS',
    );
    expect(env.fake.sent('createTask')).toEqual([]);
  });
});
