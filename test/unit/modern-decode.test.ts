/**
 * The modern face reads a createTask in any vendor's dialect into the canonical task. Each wire
 * body below is what the vendor's SDK or documentation sends (cited per case); the expected task
 * is the canonical one the legacy face would build for the same captcha.
 */
import { describe, expect, it } from 'vitest';
import { dialectOfCreate } from '../../src/modern/choose.ts';
import { decodeCreateTask, vendorOfType } from '../../src/modern/decode.ts';
import type { DialectName } from '../../src/upstream/dialects.ts';

const known = new Set([
  'RecaptchaV2TaskProxyless',
  'RecaptchaV2Task',
  'RecaptchaV3TaskProxyless',
  'HCaptchaTaskProxyless',
  'HCaptchaTask',
  'TurnstileTaskProxyless',
  'TurnstileTask',
  'GeeTestTaskProxyless',
  'GeeTestTask',
  'ImageToTextTask',
  'GridTask',
  'CoordinatesTask',
]);
const url = 'https://example.com/login';
const key = 'SITEKEY';
const proxy = { proxyType: 'http', proxyAddress: '1.2.3.4', proxyPort: 8080, proxyLogin: 'u', proxyPassword: 'p' };

interface Case {
  name: string;
  dialect: DialectName;
  body: Record<string, unknown>;
  type: string;
  task: Record<string, unknown>;
  extras?: Record<string, unknown>;
}

const cases: Case[] = [
  {
    // anticaptchaofficial index.js solveRecaptchaV2Proxyless: null for its unset fields.
    name: 'anti-captcha reCAPTCHA v2, the SDK null fields dropped',
    dialect: 'anticaptcha',
    body: {
      task: {
        type: 'RecaptchaV2TaskProxyless',
        websiteURL: url,
        websiteKey: key,
        websiteSToken: null,
        isInvisible: true,
      },
      softId: 0,
    },
    type: 'RecaptchaV2TaskProxyless',
    task: { websiteURL: url, websiteKey: key, isInvisible: true },
    extras: { softId: 0 },
  },
  {
    // anticaptchaofficial solveTurnstileProxyless: cData, chlPageData.
    name: 'anti-captcha Turnstile: cData and chlPageData',
    dialect: 'anticaptcha',
    body: {
      task: {
        type: 'TurnstileTaskProxyless',
        websiteURL: url,
        websiteKey: key,
        action: 'a',
        cData: 'c',
        chlPageData: 'p',
      },
    },
    type: 'TurnstileTaskProxyless',
    task: { websiteURL: url, websiteKey: key, action: 'a', data: 'c', pagedata: 'p' },
  },
  {
    // anticaptchaofficial solveImage: languagePool inside the task.
    name: 'anti-captcha image: languagePool moves to the extras',
    dialect: 'anticaptcha',
    body: { task: { type: 'ImageToTextTask', body: 'AAAA', phrase: false, languagePool: 'rn' } },
    type: 'ImageToTextTask',
    task: { body: 'AAAA', phrase: false },
    extras: { languagePool: 'rn' },
  },
  {
    // anticaptchaofficial solveGeeTestV4Proxyless: gt holds the captcha_id, version 4.
    name: 'anti-captcha GeeTest v4: gt is the captcha_id',
    dialect: 'anticaptcha',
    body: {
      task: {
        type: 'GeeTestTaskProxyless',
        websiteURL: url,
        gt: 'CID',
        version: 4,
        initParameters: { riskType: 'slide' },
      },
    },
    type: 'GeeTestTaskProxyless',
    task: { websiteURL: url, version: 4, initParameters: { captcha_id: 'CID', risk_type: 'slide' } },
  },
  {
    name: 'anti-captcha GeeTest v3: gt stays gt',
    dialect: 'anticaptcha',
    body: { task: { type: 'GeeTestTaskProxyless', websiteURL: url, gt: 'GT', challenge: 'CH' } },
    type: 'GeeTestTaskProxyless',
    task: { websiteURL: url, gt: 'GT', challenge: 'CH' },
  },
  {
    // anticaptchaofficial solveImageToCoordinates: mode "points".
    name: 'anti-captcha ImageToCoordinatesTask → CoordinatesTask',
    dialect: 'anticaptcha',
    body: { task: { type: 'ImageToCoordinatesTask', body: 'AAAA', comment: 'click', mode: 'points' } },
    type: 'CoordinatesTask',
    task: { body: 'AAAA', comment: 'click' },
  },
  {
    // capmonstercloud-client HCaptchaRequest: one HCaptchaTask, rqdata as `data`.
    name: 'CapMonster HCaptchaTask without proxy → the proxyless twin, data → enterprisePayload.rqdata',
    dialect: 'capmonster',
    body: { task: { type: 'HCaptchaTask', websiteURL: url, websiteKey: key, data: 'RQ' } },
    type: 'HCaptchaTaskProxyless',
    task: { websiteURL: url, websiteKey: key, enterprisePayload: { rqdata: 'RQ' } },
  },
  {
    name: 'CapMonster HCaptchaTask with proxy → the proxied twin',
    dialect: 'capmonster',
    body: { task: { type: 'HCaptchaTask', websiteURL: url, websiteKey: key, ...proxy } },
    type: 'HCaptchaTask',
    task: { websiteURL: url, websiteKey: key, ...proxy },
  },
  {
    // capmonstercloud-client TurnstileRequest: pageAction, pageData.
    name: 'CapMonster TurnstileTask: pageAction, pageData',
    dialect: 'capmonster',
    body: { task: { type: 'TurnstileTask', websiteURL: url, websiteKey: key, pageAction: 'a', pageData: 'p' } },
    type: 'TurnstileTaskProxyless',
    task: { websiteURL: url, websiteKey: key, action: 'a', pagedata: 'p' },
  },
  {
    // capmonstercloud-client RecaptchaV3EnterpriseRequest.
    name: 'CapMonster RecaptchaV3EnterpriseTask → v3 with isEnterprise',
    dialect: 'capmonster',
    body: { task: { type: 'RecaptchaV3EnterpriseTask', websiteURL: url, websiteKey: key, minScore: 0.7 } },
    type: 'RecaptchaV3TaskProxyless',
    task: { websiteURL: url, websiteKey: key, minScore: 0.7, isEnterprise: true },
  },
  {
    // capmonstercloud-client ComplexImageRecaptchaRequest.
    name: 'CapMonster ComplexImageTask class recaptcha → GridTask',
    dialect: 'capmonster',
    body: {
      task: {
        type: 'ComplexImageTask',
        class: 'recaptcha',
        imagesBase64: ['AAAA'],
        metadata: { Grid: '4x4', Task: 'buses' },
      },
    },
    type: 'GridTask',
    task: { body: 'AAAA', comment: 'buses', rows: 4, columns: 4 },
  },
  {
    // capmonstercloud-client ImageToTextRequest: `Case`.
    name: 'CapMonster ImageToTextTask: Case → case',
    dialect: 'capmonster',
    body: { task: { type: 'ImageToTextTask', body: 'AAAA', Case: true } },
    type: 'ImageToTextTask',
    task: { body: 'AAAA', case: true },
  },
  {
    // docs.capsolver.com/guide/captcha/ReCaptchaV2: ReCaptchaV2Task with one proxy string, cookies as a list.
    name: 'CapSolver ReCaptchaV2Task: the proxy string split, cookies joined',
    dialect: 'capsolver',
    body: {
      task: {
        type: 'ReCaptchaV2Task',
        websiteURL: url,
        websiteKey: key,
        proxy: 'http:1.2.3.4:8080:u:p',
        cookies: [
          { name: 'a', value: '1' },
          { name: 'b', value: '2' },
        ],
      },
    },
    type: 'RecaptchaV2Task',
    task: { websiteURL: url, websiteKey: key, ...proxy, cookies: 'a=1; b=2' },
  },
  {
    name: 'CapSolver proxy as a URL',
    dialect: 'capsolver',
    body: { task: { type: 'ReCaptchaV2Task', websiteURL: url, websiteKey: key, proxy: 'socks5://u:p@1.2.3.4:8080' } },
    type: 'RecaptchaV2Task',
    task: { websiteURL: url, websiteKey: key, ...proxy, proxyType: 'socks5' },
  },
  {
    // capsolver-npm src/Solver.ts recaptchav2proxyless: 'ReCaptchaV2TaskProxyless', appId at the request.
    name: "capsolver-npm's ReCaptchaV2TaskProxyless spelling",
    dialect: 'anticaptcha',
    body: { appId: 'X', task: { type: 'ReCaptchaV2TaskProxyless', websiteURL: url, websiteKey: key } },
    type: 'RecaptchaV2TaskProxyless',
    task: { websiteURL: url, websiteKey: key },
  },
  {
    // docs.capsolver.com/guide/captcha/cloudflare_turnstile: metadata.action, metadata.cdata.
    name: 'CapSolver AntiTurnstileTaskProxyLess: metadata',
    dialect: 'capsolver',
    body: {
      task: {
        type: 'AntiTurnstileTaskProxyLess',
        websiteURL: url,
        websiteKey: key,
        metadata: { action: 'a', cdata: 'c' },
      },
    },
    type: 'TurnstileTaskProxyless',
    task: { websiteURL: url, websiteKey: key, action: 'a', data: 'c' },
  },
  {
    // docs.capsolver.com/guide/captcha/Geetest: v4 is a top-level captchaId.
    name: 'CapSolver GeeTest v4: captchaId',
    dialect: 'capsolver',
    body: { task: { type: 'GeeTestTaskProxyLess', websiteURL: url, captchaId: 'CID' } },
    type: 'GeeTestTaskProxyless',
    task: { websiteURL: url, initParameters: { captcha_id: 'CID' }, version: 4 },
  },
  {
    name: 'CapSolver v3 Enterprise spelling',
    dialect: 'capsolver',
    body: { task: { type: 'ReCaptchaV3EnterpriseTaskProxyLess', websiteURL: url, websiteKey: key } },
    type: 'RecaptchaV3TaskProxyless',
    task: { websiteURL: url, websiteKey: key, isEnterprise: true },
  },
  {
    // uCaptcha: gt sent beside initParameters.captcha_id; the canonical one stays.
    name: 'uCaptcha GeeTest v4 with both spellings',
    dialect: 'ucaptcha',
    body: {
      task: {
        type: 'GeeTestTaskProxyless',
        websiteURL: url,
        version: 4,
        gt: 'CID',
        initParameters: { captcha_id: 'CID' },
      },
      callbackUrl: 'https://hooks.example.com/x',
    },
    type: 'GeeTestTaskProxyless',
    task: { websiteURL: url, version: 4, initParameters: { captcha_id: 'CID' } },
  },
  {
    // 2captcha.com/api-docs/recaptcha-v2: the canonical spelling.
    name: '2captcha v2 proxied reCAPTCHA as it is',
    dialect: '2captcha',
    body: { task: { type: 'RecaptchaV2Task', websiteURL: url, websiteKey: key, ...proxy }, softId: 3898 },
    type: 'RecaptchaV2Task',
    task: { websiteURL: url, websiteKey: key, ...proxy },
    extras: { softId: 3898 },
  },
];

describe('decodeCreateTask', () => {
  it.each(cases)('$name', ({ dialect, body, type, task, extras }) => {
    const decoded = decodeCreateTask(dialect, body, known);
    expect(decoded).toMatchObject({ built: { type, task: { type, ...task }, extras: extras ?? {} } });
    expect('built' in decoded && decoded.built.task).toEqual({ type, ...task });
  });

  it('keeps the callbackUrl apart from the task', () => {
    const decoded = decodeCreateTask('ucaptcha', cases.at(-2)!.body, known);
    expect(decoded).toMatchObject({ callbackUrl: 'https://hooks.example.com/x' });
  });

  it('refuses a type nobody spells, and a body without a task', () => {
    expect(decodeCreateTask('anticaptcha', { task: { type: 'NoSuchTask' } }, known)).toEqual({
      unsupported: 'NoSuchTask',
    });
    expect(decodeCreateTask('anticaptcha', {}, known)).toEqual({ bad: 'task' });
    expect(decodeCreateTask('capsolver', { task: { type: 'ReCaptchaV2Task', proxy: 'nonsense' } }, known)).toEqual({
      bad: 'task.proxy',
    });
  });
});

describe('the caller family of a createTask without a prefix', () => {
  it.each([
    ['ReCaptchaV2TaskProxyLess', 'capsolver'],
    ['ReCaptchaV2TaskProxyless', 'capsolver'],
    ['AntiTurnstileTaskProxyless', 'capsolver'],
    ['ComplexImageTask', 'capmonster'],
    ['ImageToCoordinatesTask', 'anticaptcha'],
    ['ImageCoordinatesTask', 'ucaptcha'],
    ['RecaptchaV2TaskProxyless', undefined],
    ['HCaptchaTask', undefined],
    ['ImageToTextTask', undefined],
  ])('%s → %s', (type, dialect) => {
    expect(vendorOfType(type)).toBe(dialect);
    expect(dialectOfCreate({ task: { type } })).toBe(dialect);
  });

  it("CapSolver's request-level appId (capsolver-npm src/Handler.ts) names CapSolver", () => {
    expect(dialectOfCreate({ appId: 'FC3D8005', task: { type: 'ImageToTextTask' } })).toBe('capsolver');
  });
});
