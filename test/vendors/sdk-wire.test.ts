/**
 * The vendors' own clients as the oracle for inres's dialects. Each official SDK builds a task
 * against a recording server on 127.0.0.1; inres, set to that vendor's dialect, gets the
 * equivalent legacy request and sends its createTask to another recorder. The two tasks must be
 * the same: same type, same fields, same values (an SDK's `null` is its "not set").
 *
 * SDKs: `@antiadmin/anticaptchaofficial` (index.js, hard-codes https://api.anti-captcha.com, so its
 * connections are routed here), `@zennolab_com/capmonstercloud-client` (its `serviceUrl` option).
 * CapSolver and 2captcha publish no official npm client for their createTask API (docs/dialects.md).
 */
import ac from '@antiadmin/anticaptchaofficial';
import cm from '@zennolab_com/capmonstercloud-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DialectName } from '../../src/upstream/dialects.ts';
import { startGateway, type TestGateway } from '../support/gateway.ts';
import { png } from '../support/images.ts';
import { routeHost, shape, startRecorder, type Recorder } from './recorder.ts';

const url = 'https://example.com/login';
const siteKey = '6Le-wvkSAAAAAPBMRTvw0Q4Muexq9bi0DJwx_mJ-';
const ua = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/120.0 Safari/537.36';
const b64 = png.toString('base64');

interface Case {
  name: string;
  /** Builds the vendor's task with its SDK (pointed at `sdk`). */
  sdk: () => Promise<unknown>;
  /** The legacy request a 2captcha client sends for the same captcha. */
  legacy: Record<string, string>;
  /** What the SDK sends that inres, on purpose, sends otherwise (with the source). */
  except?: Record<string, unknown>;
}

let sdk: Recorder;
let wire: Recorder;
const gateways = new Map<DialectName, TestGateway>();
beforeAll(async () => {
  sdk = await startRecorder();
  wire = await startRecorder();
});
afterAll(async () => {
  for (const gw of gateways.values()) await gw.close();
  await sdk.close();
  await wire.close();
});

async function inresTask(dialect: DialectName, params: Record<string, string>): Promise<Record<string, unknown>> {
  let gw = gateways.get(dialect);
  if (!gw) {
    gw = await startGateway(wire.url, { UPSTREAM_DIALECT: dialect });
    gateways.set(dialect, gw);
  }
  const r = await gw.http
    .post('/in.php')
    .type('form')
    .send({ key: 'k', ...params });
  expect(r.status).toBe(200);
  return wire.lastTask();
}

const withoutNulls = (task: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(task).filter(([, v]) => v !== null && v !== undefined));

function compare(dialect: DialectName, cases: Case[]): void {
  it.each(cases)('$name', async ({ sdk: build, legacy, except }) => {
    await build().catch(() => undefined);
    const expected = { ...withoutNulls(sdk.lastTask()), ...except };
    const sent = await inresTask(dialect, legacy);
    expect(shape(sent)).toEqual(shape(expected));
    expect(sent).toEqual(expected);
  });
}

describe('anticaptcha: @antiadmin/anticaptchaofficial', () => {
  let unroute: () => void;
  beforeAll(() => {
    unroute = routeHost('api.anti-captcha.com', sdk.port);
    ac.setAPIKey('k');
    ac.shutUp();
  });
  afterAll(() => unroute());

  compare('anticaptcha', [
    {
      name: 'reCAPTCHA v3 with no score: the 0.3 queue (D4)',
      sdk: () => ac.solveRecaptchaV3(url, siteKey, 0.3, 'verify'),
      legacy: { method: 'userrecaptcha', version: 'v3', googlekey: siteKey, pageurl: url },
    },
    {
      name: 'reCAPTCHA v3 min_score=0.5: up to the 0.7 queue',
      sdk: () => ac.solveRecaptchaV3(url, siteKey, 0.7, 'submit'),
      legacy: {
        method: 'userrecaptcha',
        version: 'v3',
        googlekey: siteKey,
        pageurl: url,
        min_score: '0.5',
        action: 'submit',
      },
    },
    {
      name: 'reCAPTCHA v3 Enterprise min_score=0.8: RecaptchaV3TaskProxyless + isEnterprise, the 0.9 queue',
      sdk: () => ac.solveRecaptchaV3Enterprise(url, siteKey, 0.9, 'verify'),
      legacy: {
        method: 'userrecaptcha',
        version: 'v3',
        enterprise: '1',
        googlekey: siteKey,
        pageurl: url,
        min_score: '0.8',
      },
    },
    {
      name: 'reCAPTCHA v2 through an HTTPS proxy with cookies: proxyType http, cookies name=value (D7, D8)',
      sdk: () =>
        ac.solveRecaptchaV2ProxyOn(url, siteKey, 'http', '1.2.3.4', 8080, 'user', 'pass', ua, 'KEY1=Val1; KEY2=Val2'),
      legacy: {
        method: 'userrecaptcha',
        googlekey: siteKey,
        pageurl: url,
        proxy: 'user:pass@1.2.3.4:8080',
        proxytype: 'HTTPS',
        userAgent: ua,
        cookies: 'KEY1:Val1;KEY2:Val2',
      },
    },
    {
      name: 'GeeTest v4: gt holds the captcha_id, riskType in initParameters, the API host without scheme (D3, D10)',
      sdk: () =>
        ac.solveGeeTestV4Proxyless(url, 'e392e1d7fd421dc63325744d5a2b9c73', 'api.geetest.com', { riskType: 'slide' }),
      legacy: {
        method: 'geetest_v4',
        captcha_id: 'e392e1d7fd421dc63325744d5a2b9c73',
        risk_type: 'slide',
        pageurl: url,
        api_server: 'https://api.geetest.com/',
      },
    },
    {
      name: 'GeeTest v3',
      sdk: () =>
        ac.solveGeeTestProxyless(
          url,
          '81dc9bdb52d04dc20036dbd8313ed055',
          '1d3f0d1bd9d2a8c6f2b5c9e8a7b6c5d4',
          'api.geetest.com',
          null,
        ),
      legacy: {
        method: 'geetest',
        gt: '81dc9bdb52d04dc20036dbd8313ed055',
        challenge: '1d3f0d1bd9d2a8c6f2b5c9e8a7b6c5d4',
        pageurl: url,
        api_server: 'http://api.geetest.com',
      },
    },
    {
      name: 'coordinates: ImageToCoordinatesTask, mode points',
      sdk: () => ac.solveImageToCoordinates(b64, 'click the cats', 'points'),
      legacy: { method: 'base64', coordinatescaptcha: '1', body: b64, textinstructions: 'click the cats' },
    },
    {
      name: 'Turnstile: cData and chlPageData',
      sdk: () => ac.solveTurnstileProxyless(url, '0x4AAAAAAAVrOwQWPlm3Bnr5', 'login', 'cd', 'pd'),
      legacy: {
        method: 'turnstile',
        sitekey: '0x4AAAAAAAVrOwQWPlm3Bnr5',
        pageurl: url,
        action: 'login',
        data: 'cd',
        pagedata: 'pd',
      },
    },
    {
      name: 'reCAPTCHA v2 invisible with data-s',
      sdk: () => {
        ac.settings.recaptchaDataSValue = 'dsvalue';
        return ac.solveRecaptchaV2Proxyless(url, siteKey, true);
      },
      legacy: { method: 'userrecaptcha', googlekey: siteKey, pageurl: url, invisible: '1', 'data-s': 'dsvalue' },
    },
    {
      name: 'reCAPTCHA v2 Enterprise: data-s in enterprisePayload.s',
      sdk: () => ac.solveRecaptchaV2EnterpriseProxyless(url, siteKey, { s: 'dsvalue' }),
      legacy: { method: 'userrecaptcha', enterprise: '1', googlekey: siteKey, pageurl: url, 'data-s': 'dsvalue' },
    },
    {
      name: 'hCaptcha: rqdata in enterprisePayload, invisible',
      sdk: () => ac.solveHCaptchaProxyless(url, 'b76cd927-d266-4cfb-a328-3b03ae07ded6', ua, { rqdata: 'rq' }, true),
      legacy: {
        method: 'hcaptcha',
        sitekey: 'b76cd927-d266-4cfb-a328-3b03ae07ded6',
        pageurl: url,
        userAgent: ua,
        data: 'rq',
        invisible: '1',
      },
    },
    {
      name: 'Amazon WAF',
      sdk: () =>
        ac.solveAmazonProxyless(
          url,
          'AQIDAHjcYu',
          'CgAHbCe2GgAAAAAj',
          'ctx',
          'https://c.example/captcha.js',
          'https://c.example/challenge.js',
        ),
      legacy: {
        method: 'amazon_waf',
        sitekey: 'AQIDAHjcYu',
        pageurl: url,
        iv: 'CgAHbCe2GgAAAAAj',
        context: 'ctx',
        captcha_script: 'https://c.example/captcha.js',
        challenge_script: 'https://c.example/challenge.js',
      },
    },
    {
      name: 'Altcha: challengeURL',
      sdk: () => ac.solveAltchaProxyless(url, 'https://example.com/altcha', null),
      legacy: { method: 'altcha', pageurl: url, challenge_url: 'https://example.com/altcha' },
    },
    {
      name: 'Friendly Captcha',
      sdk: () => ac.solveFriendlyCaptchaProxyless(url, 'FCMST5VUMCBOCGQ9'),
      legacy: { method: 'friendly_captcha', sitekey: 'FCMST5VUMCBOCGQ9', pageurl: url },
    },
    {
      name: 'Prosopo',
      sdk: () => ac.solveProsopoProxyless(url, '5EZVvsHMrKCFKp5NYNoTyDjTjetoVo1Z4UNNbTwJf1GfN6Xm'),
      legacy: { method: 'prosopo', sitekey: '5EZVvsHMrKCFKp5NYNoTyDjTjetoVo1Z4UNNbTwJf1GfN6Xm', pageurl: url },
    },
    {
      name: 'FunCaptcha: the subdomain without scheme, data[blob] as the JSON string',
      sdk: () => {
        ac.settings.funcaptchaApiJSSubdomain = 'client-api.arkoselabs.com';
        ac.settings.funcaptchaDataBlob = 'blob-1';
        return ac.solveFunCaptchaProxyless(url, '69A21A01-CC7B-B9C6-0F9A-E7FA06677FFC');
      },
      legacy: {
        method: 'funcaptcha',
        publickey: '69A21A01-CC7B-B9C6-0F9A-E7FA06677FFC',
        pageurl: url,
        surl: 'https://client-api.arkoselabs.com',
        'data[blob]': 'blob-1',
      },
    },
  ]);
});

describe('capmonster: @zennolab_com/capmonstercloud-client', () => {
  let client: ReturnType<typeof cm.CapMonsterCloudClientFactory.Create>;
  beforeAll(() => {
    client = cm.CapMonsterCloudClientFactory.Create(new cm.ClientOptions({ clientKey: 'k', serviceUrl: sdk.url }));
  });
  // Solve's overloads take one request class each; the recorder refuses the task at once anyway.
  const solve = (task: object) => () =>
    (client.Solve as (t: object, timeouts: object) => Promise<unknown>)(task, {
      firstRequestDelay: 0,
      requestsInterval: 0,
      timeout: 1,
    });

  compare('capmonster', [
    {
      name: 'reCAPTCHA v3: minScore as asked (CapMonster takes 0.1–0.9)',
      sdk: solve(
        new cm.RecaptchaV3ProxylessRequest({
          websiteURL: url,
          websiteKey: siteKey,
          minScore: 0.5,
          pageAction: 'verify',
        }),
      ),
      legacy: { method: 'userrecaptcha', version: 'v3', googlekey: siteKey, pageurl: url, min_score: '0.5' },
    },
    {
      name: 'reCAPTCHA v3 Enterprise: its own type RecaptchaV3EnterpriseTask (D6)',
      sdk: solve(
        new cm.RecaptchaV3EnterpriseRequest({
          websiteURL: url,
          websiteKey: siteKey,
          minScore: 0.7,
          pageAction: 'verify',
        }),
      ),
      legacy: {
        method: 'userrecaptcha',
        version: 'v3',
        enterprise: '1',
        googlekey: siteKey,
        pageurl: url,
        min_score: '0.7',
      },
    },
    {
      name: 'GeeTest v4: GeeTestTask, gt holds the captcha_id, riskType in initParameters (D3)',
      sdk: solve(
        new cm.GeeTestRequest({
          // The SDK's .d.ts types `version` as '3' | '4'; it sends what it is given, and CapMonster's
          // Rust client (docs.rs capmonstercloud-client, requests/geetest.rs) serialises the number 4.
          websiteURL: url,
          gt: 'e392e1d7fd421dc63325744d5a2b9c73',
          version: 4 as unknown as '4',
          initParameters: { riskType: 'slide' },
          geetestApiServerSubdomain: 'api.geetest.com',
        }),
      ),
      legacy: {
        method: 'geetest_v4',
        captcha_id: 'e392e1d7fd421dc63325744d5a2b9c73',
        risk_type: 'slide',
        pageurl: url,
        api_server: 'api.geetest.com',
      },
    },
    {
      name: 'reCAPTCHA v2 through a proxy with cookies',
      sdk: solve(
        new cm.RecaptchaV2Request({
          websiteURL: url,
          websiteKey: siteKey,
          userAgent: ua,
          cookies: 'KEY1=Val1; KEY2=Val2',
          proxy: {
            proxyType: 'https',
            proxyAddress: '1.2.3.4',
            proxyPort: 8080,
            proxyLogin: 'user',
            proxyPassword: 'pass',
          },
        }),
      ),
      legacy: {
        method: 'userrecaptcha',
        googlekey: siteKey,
        pageurl: url,
        proxy: 'user:pass@1.2.3.4:8080',
        proxytype: 'HTTPS',
        userAgent: ua,
        cookies: 'KEY1:Val1;KEY2:Val2',
      },
      // The SDK still says NoCaptchaTask; CapMonster's reCAPTCHA v2 page names RecaptchaV2Task, as inres sends.
      except: { type: 'RecaptchaV2Task' },
    },
    {
      name: 'Turnstile without options: one TurnstileTask type, proxy or not',
      sdk: solve(new cm.TurnstileRequest({ websiteURL: url, websiteKey: '0x4AAAAAAAVrOwQWPlm3Bnr5' })),
      legacy: { method: 'turnstile', sitekey: '0x4AAAAAAAVrOwQWPlm3Bnr5', pageurl: url },
    },
    {
      name: 'a reCAPTCHA grid: ComplexImageTask class recaptcha, metadata Grid and Task',
      sdk: solve(
        new cm.ComplexImageRecaptchaRequest({
          imagesBase64: [b64],
          metaData: { Grid: '3x3', Task: 'Select all buses' },
        }),
      ),
      legacy: {
        method: 'base64',
        recaptcha: '1',
        body: b64,
        recaptcharows: '3',
        recaptchacols: '3',
        textinstructions: 'Select all buses',
      },
    },
    {
      name: 'hCaptcha: HCaptchaTask, rqdata as `data`',
      sdk: solve(
        new cm.HCaptchaRequest({
          websiteURL: url,
          websiteKey: 'b76cd927-d266-4cfb-a328-3b03ae07ded6',
          isInvisible: true,
          data: 'rq',
          userAgent: ua,
        }),
      ),
      legacy: {
        method: 'hcaptcha',
        sitekey: 'b76cd927-d266-4cfb-a328-3b03ae07ded6',
        pageurl: url,
        invisible: '1',
        data: 'rq',
        userAgent: ua,
      },
    },
    {
      name: 'reCAPTCHA v2 Enterprise: RecaptchaV2EnterpriseTask',
      sdk: solve(
        new cm.RecaptchaV2EnterpriseRequest({ websiteURL: url, websiteKey: siteKey, enterprisePayload: { s: 'S' } }),
      ),
      legacy: { method: 'userrecaptcha', enterprise: '1', googlekey: siteKey, pageurl: url, 'data-s': 'S' },
    },
    {
      name: 'FunCaptcha: FunCaptchaTask',
      sdk: solve(
        new cm.FunCaptchaRequest({
          websiteURL: url,
          websitePublicKey: '69A21A01-CC7B-B9C6-0F9A-E7FA06677FFC',
          funcaptchaApiJSSubdomain: 'client-api.arkoselabs.com',
          data: '{"blob":"b"}',
        }),
      ),
      legacy: {
        method: 'funcaptcha',
        publickey: '69A21A01-CC7B-B9C6-0F9A-E7FA06677FFC',
        pageurl: url,
        surl: 'https://client-api.arkoselabs.com',
        'data[blob]': 'b',
      },
    },
    {
      name: 'Amazon WAF: AmazonTask',
      sdk: solve(
        new cm.AmazonRequest({
          websiteURL: url,
          websiteKey: 'AQIDAHjcYu',
          iv: 'CgAHbCe2GgAAAAAj',
          context: 'ctx',
          challengeScript: 'https://c.example/challenge.js',
          captchaScript: 'https://c.example/captcha.js',
        }),
      ),
      legacy: {
        method: 'amazon_waf',
        sitekey: 'AQIDAHjcYu',
        pageurl: url,
        iv: 'CgAHbCe2GgAAAAAj',
        context: 'ctx',
        challenge_script: 'https://c.example/challenge.js',
        captcha_script: 'https://c.example/captcha.js',
      },
    },
    {
      name: 'Binance: BinanceTask',
      sdk: solve(new cm.BinanceRequest({ websiteURL: url, websiteKey: 'login', validateId: 'v1', userAgent: ua })),
      legacy: { method: 'binance', sitekey: 'login', pageurl: url, validate_id: 'v1', userAgent: ua },
    },
    {
      name: 'Prosopo: ProsopoTask',
      sdk: solve(
        new cm.ProsopoRequest({ websiteURL: url, websiteKey: '5EZVvsHMrKCFKp5NYNoTyDjTjetoVo1Z4UNNbTwJf1GfN6Xm' }),
      ),
      legacy: { method: 'prosopo', sitekey: '5EZVvsHMrKCFKp5NYNoTyDjTjetoVo1Z4UNNbTwJf1GfN6Xm', pageurl: url },
    },
    {
      name: 'Yidun: YidunTask',
      sdk: solve(new cm.YidunRequest({ websiteURL: url, websiteKey: 'yd-key', userAgent: ua })),
      legacy: { method: 'yidun', sitekey: 'yd-key', pageurl: url, userAgent: ua },
    },
    {
      name: 'MTCaptcha: MTCaptchaTask, capitalised',
      sdk: solve(new cm.MTCaptchaRequest({ websiteURL: url, websiteKey: 'MTPublic-abc' })),
      legacy: { method: 'mt_captcha', sitekey: 'MTPublic-abc', pageurl: url },
    },
    {
      name: 'image to text: Case capitalised, numeric, math',
      sdk: solve(new cm.ImageToTextRequest({ body: b64, Case: true, numeric: 1, math: false })),
      legacy: { method: 'base64', body: b64, regsense: '1', numeric: '1', calc: '0' },
    },
  ]);
});
