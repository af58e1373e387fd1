/**
 * @module
 * The type table: one row per DeathByCaptcha `type` number → the canonical task it becomes
 * (anti-captcha spelling), where its inputs come from, how each input is named there, and how
 * the solution is read back as DBC's `text`. Numbers without a row answer 501, as DBC does for
 * a type it does not implement. Sources: DBC's openapi_http.yaml and the examples of its Node
 * client (deathbycaptcha-api-client-nodejs), CaptchaSharp's DeathByCaptchaService.
 */

import { familyOf } from '../task/type.ts';

/** How an input becomes a task field. */
export type Convert = 'text' | 'number' | 'image' | 'grid';

export interface Input {
  /** The canonical path it fills (`enterprisePayload.rqdata`); a `grid` fills rows and columns. */
  to: string;
  as?: Convert;
  required?: boolean;
  /** Used when the input is absent. */
  default?: unknown;
}

/** How a solution becomes DBC's `text` (`answers.ts` has one renderer per kind). */
export type AnswerKind = 'text' | 'token' | 'json' | 'cookie' | 'points' | 'cells' | 'any';

export interface TypeRow {
  /** The canonical type (the proxyless twin where there is one: a `proxy` selects the proxied one). */
  type: string;
  /** `form`: the upload's own fields; otherwise the form field holding a JSON object of inputs. */
  from: 'form' | readonly string[];
  /** Inputs by DBC name; several names for one path: the first present wins. */
  inputs: Readonly<Record<string, Input>>;
  fixed?: Readonly<Record<string, unknown>>;
  /** Whether the JSON inputs may carry `proxy`/`proxytype`, or must. */
  proxy: 'none' | 'optional' | 'required';
  answer: AnswerKind;
}

const text = (to: string, required = false): Input => ({ to, required });
const page = text('websiteURL', true);
const siteKey = text('websiteKey', true);
const image = (to: string, required = true): Input => ({ to, as: 'image', required });
/** An image field: a file part, `base64:<b64>` text, or `captcha` holding plain base64. */
const imageInputs = { captchafile: image('body', false), captcha: image('body', false) };

const token = (type: string, from: string, inputs: Record<string, Input>, proxy: TypeRow['proxy'] = 'optional') =>
  ({ type, from: [from], inputs: { pageurl: page, ...inputs }, proxy, answer: 'token' }) satisfies TypeRow;

const recaptchaV2 = { googlekey: siteKey, 'data-s': text('recaptchaDataSValue') };

export const typeRows: Readonly<Record<string, TypeRow>> = {
  0: { type: 'ImageToTextTask', from: 'form', inputs: imageInputs, proxy: 'none', answer: 'text' },
  // The legacy "reCAPTCHA coordinates" API: a screenshot in, clicks out as `[[x, y], …]`.
  2: { type: 'CoordinatesTask', from: 'form', inputs: imageInputs, proxy: 'none', answer: 'points' },
  // Image group: the grid image, `banner` (the example tile) and `banner_text` (the instruction).
  3: {
    type: 'GridTask',
    from: 'form',
    inputs: {
      ...imageInputs,
      banner: image('imgInstructions', false),
      banner_text: text('comment'),
      grid: { to: 'rows', as: 'grid' },
    },
    proxy: 'none',
    answer: 'cells',
  },
  4: token('RecaptchaV2TaskProxyless', 'token_params', recaptchaV2),
  5: token('RecaptchaV3TaskProxyless', 'token_params', {
    googlekey: siteKey,
    action: text('pageAction'),
    min_score: { to: 'minScore', as: 'number' },
  }),
  6: token('FunCaptchaTaskProxyless', 'funcaptcha_params', { publickey: text('websitePublicKey', true) }),
  7: token('HCaptchaTaskProxyless', 'hcaptcha_params', {
    sitekey: siteKey,
    rqdata: text('enterprisePayload.rqdata'),
  }),
  8: {
    type: 'GeeTestTaskProxyless',
    from: ['geetest_params'],
    inputs: { pageurl: page, gt: text('gt', true), challenge: text('challenge', true) },
    proxy: 'optional',
    answer: 'json',
  },
  9: {
    type: 'GeeTestTaskProxyless',
    from: ['geetest_params'],
    inputs: { pageurl: page, captcha_id: text('initParameters.captcha_id', true) },
    fixed: { version: 4 },
    proxy: 'optional',
    answer: 'json',
  },
  10: token('KeyCaptchaTaskProxyless', 'keycaptcha_params', {
    s_s_c_user_id: text('s_s_c_user_id', true),
    s_s_c_session_id: text('s_s_c_session_id', true),
    s_s_c_web_server_sign: text('s_s_c_web_server_sign', true),
    s_s_c_web_server_sign2: text('s_s_c_web_server_sign2', true),
  }),
  11: {
    type: 'TextCaptchaTask',
    from: 'form',
    inputs: { textcaptcha: text('comment', true) },
    proxy: 'none',
    answer: 'text',
  },
  12: token('TurnstileTaskProxyless', 'turnstile_params', { sitekey: siteKey, action: text('action') }),
  13: {
    type: 'AudioTask',
    from: 'form',
    inputs: { audio: { to: 'body', as: 'image', required: true }, language: text('lang', true) },
    proxy: 'none',
    answer: 'text',
  },
  14: {
    type: 'LeminTaskProxyless',
    from: ['lemin_params'],
    inputs: {
      pageurl: page,
      captchaid: text('captchaId', true),
      // Lemin's own widget id, which DBC's examples leave out and the canonical task requires.
      divid: { to: 'divId', default: 'lemin-cropped-captcha' },
      apiserver: text('leminApiServerSubdomain'),
    },
    proxy: 'optional',
    answer: 'json',
  },
  // DBC's Node example names the key `googlekey`, CaptchaSharp `captchakey`.
  15: {
    type: 'CapyTaskProxyless',
    from: ['capy_params', 'token_params'],
    inputs: { pageurl: page, captchakey: siteKey, googlekey: siteKey, sitekey: siteKey },
    proxy: 'optional',
    answer: 'json',
  },
  16: {
    type: 'AmazonTaskProxyless',
    from: ['waf_params'],
    inputs: {
      pageurl: page,
      sitekey: siteKey,
      iv: text('iv', true),
      context: text('context', true),
      challengejs: text('challengeScript'),
      captchajs: text('captchaScript'),
    },
    proxy: 'optional',
    answer: 'json',
  },
  17: token('AntiCyberSiAraTaskProxyless', 'siara_params', {
    slideurlid: text('SlideMasterUrlId', true),
    useragent: text('userAgent', true),
  }),
  18: token('MtCaptchaTaskProxyless', 'mtcaptcha_params', { sitekey: siteKey }),
  19: token('CutCaptchaTaskProxyless', 'cutcaptcha_params', {
    apikey: text('apiKey', true),
    miserykey: text('miseryKey', true),
  }),
  20: token('FriendlyCaptchaTaskProxyless', 'friendly_params', { sitekey: siteKey }),
  // DataDome is solved through the client's proxy only.
  21: {
    type: 'DataDomeSliderTask',
    from: ['datadome_params'],
    inputs: { pageurl: page, captcha_url: text('captchaUrl', true), useragent: text('userAgent', true) },
    proxy: 'required',
    answer: 'cookie',
  },
  23: {
    type: 'TencentTaskProxyless',
    from: ['tencent_params'],
    inputs: { pageurl: page, appid: text('appId', true) },
    proxy: 'optional',
    answer: 'json',
  },
  24: token('AtbCaptchaTaskProxyless', 'atb_params', {
    appid: text('appId', true),
    apiserver: text('apiServer', true),
  }),
  25: token('RecaptchaV2EnterpriseTaskProxyless', 'token_enterprise_params', recaptchaV2),
};

/** The row for a `type` field as it came (absent: 0, an image), or undefined for a type without one. */
export function rowFor(type: string | undefined): TypeRow | undefined {
  const t = (type ?? '').trim() || '0';
  return /^\d{1,3}$/.test(t) && Object.hasOwn(typeRows, String(Number(t))) ? typeRows[String(Number(t))] : undefined;
}

/** Answer kinds by task family, read off the table (a record of any face answers by its type). */
const answerKinds = new Map(Object.values(typeRows).map((row) => [familyOf(row.type), row.answer]));

/** How a record of canonical `type` answers; a type no row makes answers as a token, else text, else JSON. */
export const answerKindOf = (type: string): AnswerKind => answerKinds.get(familyOf(type)) ?? 'any';
