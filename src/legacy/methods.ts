/**
 * @module
 * The method table: which legacy `method` (and switches) becomes which modern task, and how
 * each legacy parameter maps onto a task field. `build-task.ts` is the engine that reads it;
 * adding a captcha type is adding a row here (and one in `answers.ts`).
 */
import type { LegacyCode } from './errors.ts';
import {
  audio,
  bool,
  cookies as cookieText,
  decimal,
  image,
  int,
  jsonCookies,
  languagePool,
  list,
  oneOf,
  orNothing,
  previousId,
  siteKey,
  subdomain,
  url,
  type Convert,
} from './fields.ts';

export interface Field {
  /**
   * Legacy parameter names, the first one present wins (clients spell some two ways). A name
   * ending in `[*]` (`data[*]`) gathers every `data[key]` parameter into a JSON object string.
   */
  from: string | readonly string[];
  /**
   * Where the value goes: a task field, a dotted path for nested objects
   * (`enterprisePayload.rqdata`; a numeric part indexes an array, `parts.0`), or `@name` for a
   * field of the createTask request itself.
   */
  to: string;
  as?: Convert;
  /** The legacy code for a missing value; absent means optional. */
  required?: LegacyCode;
  /** The legacy code for a malformed value (default: `required`, else ERROR_BAD_PARAMETERS). */
  bad?: LegacyCode;
  /** The value 2captcha assumes when the parameter is absent. */
  default?: unknown;
}

/**
 * A condition on one parameter that selects a row: `true` reads a 0/1 switch, a string is the
 * value wanted, `present`/`absent` test whether the parameter (text or file) was sent at all.
 */
export type Switch = true | string | { present: boolean };

export interface MethodRow {
  /** Legacy `method` values this row serves. */
  method: string | readonly string[];
  /** Switches that select this row among rows of the same method. */
  when?: Readonly<Record<string, Switch>>;
  /**
   * The task type in the anti-captcha / 2captcha v2 spelling: the proxyless one when `proxy` is
   * `optional`, the proxied one when it is `required`.
   */
  type: string;
  /** `optional`: `proxy` selects the proxied twin (the type without `Proxyless`). */
  proxy: 'optional' | 'required' | 'none';
  fields: readonly Field[];
  /** Groups of parameters of which at least one must be sent (ERROR_BAD_PARAMETERS otherwise). */
  oneOf?: readonly (readonly string[])[];
  /** Fixed task fields. */
  fixed?: Readonly<Record<string, unknown>>;
}

const present = { present: true } as const;
const absent = { present: false } as const;

const pageurl: Field = { from: 'pageurl', to: 'websiteURL', as: url, required: 'ERROR_PAGEURL' };
const userAgent: Field = { from: ['userAgent', 'useragent', 'user_agent'], to: 'userAgent' };
const requiredUserAgent: Field = { ...userAgent, required: 'ERROR_BAD_PARAMETERS' };
/**
 * reCAPTCHA's cookies, in the `name=value; …` form of the vendors' reCAPTCHA tasks: `cookies`
 * (`KEY:Value;` pairs) or `json_cookies` (an array of cookie objects, legacy-reference.md §2;
 * it wins when both come).
 */
const cookies: Field = { from: 'cookies', to: 'cookies', as: cookieText };
const jsonCookie: Field = { from: 'json_cookies', to: 'cookies', as: jsonCookies };
const sitekey: Field = { from: 'sitekey', to: 'websiteKey', as: siteKey, required: 'ERROR_SITEKEY' };
const googlekey: Field = { from: ['googlekey', 'sitekey'], to: 'websiteKey', as: siteKey, required: 'ERROR_GOOGLEKEY' };
const invisible: Field = { from: 'invisible', to: 'isInvisible', as: bool };
const apiDomain: Field = { from: 'domain', to: 'apiDomain' };
const language: Field = { from: ['language', 'lang'], to: '@languagePool', as: languagePool };

/** A text parameter copied under another name; `required` makes it mandatory (ERROR_BAD_PARAMETERS). */
const named = (from: string | readonly string[], to: string, required = false): Field =>
  required ? { from, to, required: 'ERROR_BAD_PARAMETERS' } : { from, to };

/** `api_server` for a vendor's `…ApiServerSubdomain` field: a host, whatever the client sent. */
const apiServer = (to: string): Field => ({ from: 'api_server', to, as: subdomain });

/** Parameters every method takes: they go to the createTask request, not the task. */
export const commonFields: readonly Field[] = [
  // Optional metadata at 2captcha: a value that is no id is dropped, not refused.
  { from: 'soft_id', to: '@softId', as: orNothing(int(0, 2 ** 31 - 1)) },
];

/** The main image of an image method: a file part or base64 text. */
const imageBody = (to = 'body', from: readonly string[] = ['file', 'body']): Field => ({
  from,
  to,
  as: image,
  required: 'ERROR_UPLOAD',
});
const instructions: readonly Field[] = [
  { from: 'textinstructions', to: 'comment' },
  { from: 'imginstructions', to: 'imgInstructions', as: image },
];
const needInstructions = [['textinstructions', 'imginstructions']] as const;
const clicks: readonly Field[] = [
  { from: 'min_clicks', to: 'minClicks', as: int(1, 100) },
  { from: 'max_clicks', to: 'maxClicks', as: int(1, 100) },
];

/** The options of 2captcha's normal (image) captcha. */
const imageOptions: readonly Field[] = [
  { from: 'phrase', to: 'phrase', as: bool },
  { from: 'regsense', to: 'case', as: bool },
  { from: 'numeric', to: 'numeric', as: int(0, 4) },
  { from: 'calc', to: 'math', as: bool },
  { from: 'min_len', to: 'minLength', as: int(0, 20) },
  { from: 'max_len', to: 'maxLength', as: int(0, 20) },
  language,
  ...instructions,
];

/** 2captcha's grid (reCAPTCHA-style tiles): the answer is the cells to click. */
const grid: MethodRow = {
  method: ['post', 'base64'],
  type: 'GridTask',
  proxy: 'none',
  fields: [
    imageBody(),
    ...instructions,
    ...clicks,
    language,
    { from: 'recaptcharows', to: 'rows', as: int(1, 10) },
    { from: 'recaptchacols', to: 'columns', as: int(1, 10) },
    { from: 'previousID', to: 'previousId', as: previousId },
    { from: 'can_no_answer', to: 'canNoAnswer', as: int(0, 1) },
    { from: 'img_type', to: 'imgType', as: oneOf('recaptcha', 'hcaptcha', 'funcaptcha', 'funcaptcha_compare') },
  ],
  oneOf: needInstructions,
};

/** A token method whose only inputs are a site key and the page (plus what `more` adds). */
const siteToken = (method: string, type: string, ...more: Field[]): MethodRow => ({
  method,
  type,
  proxy: 'optional',
  fields: [sitekey, pageurl, ...more],
});

export const methods: readonly MethodRow[] = [
  {
    method: 'userrecaptcha',
    when: { version: 'v3' },
    type: 'RecaptchaV3TaskProxyless',
    // 2captcha takes no proxy for v3; the parameters are ignored as it ignores them.
    proxy: 'none',
    fields: [
      googlekey,
      pageurl,
      apiDomain,
      // No default: a dialect with score queues picks the queue, the others take none (2captcha-python sends none).
      { from: ['min_score', 'minScore'], to: 'minScore', as: decimal(0.1, 0.9) },
      { from: 'action', to: 'pageAction', default: 'verify' },
      { from: 'enterprise', to: 'isEnterprise', as: bool },
    ],
  },
  {
    method: 'userrecaptcha',
    when: { enterprise: true },
    type: 'RecaptchaV2EnterpriseTaskProxyless',
    proxy: 'optional',
    fields: [
      googlekey,
      pageurl,
      invisible,
      userAgent,
      cookies,
      jsonCookie,
      apiDomain,
      { from: ['data-s', 'datas'], to: 'enterprisePayload.s' },
    ],
  },
  {
    method: 'userrecaptcha',
    type: 'RecaptchaV2TaskProxyless',
    proxy: 'optional',
    fields: [
      googlekey,
      pageurl,
      invisible,
      userAgent,
      cookies,
      jsonCookie,
      apiDomain,
      { from: ['data-s', 'datas'], to: 'recaptchaDataSValue' },
    ],
  },
  {
    method: 'hcaptcha',
    type: 'HCaptchaTaskProxyless',
    proxy: 'optional',
    fields: [sitekey, pageurl, invisible, userAgent, { from: 'data', to: 'enterprisePayload.rqdata' }],
  },
  {
    method: 'turnstile',
    type: 'TurnstileTaskProxyless',
    proxy: 'optional',
    fields: [
      sitekey,
      pageurl,
      userAgent,
      named('action', 'action'),
      named('data', 'data'),
      named('pagedata', 'pagedata'),
    ],
  },
  {
    method: 'funcaptcha',
    type: 'FunCaptchaTaskProxyless',
    proxy: 'optional',
    fields: [
      { from: 'publickey', to: 'websitePublicKey', as: siteKey, required: 'ERROR_SITEKEY' },
      pageurl,
      userAgent,
      { from: 'surl', to: 'funcaptchaApiJSSubdomain', as: subdomain },
      // `data[blob]=…` (every `data[key]`) becomes the JSON string the modern task wants.
      named(['data[*]', 'data'], 'data'),
    ],
  },
  {
    method: 'geetest',
    type: 'GeeTestTaskProxyless',
    proxy: 'optional',
    fields: [
      named('gt', 'gt', true),
      named('challenge', 'challenge', true),
      pageurl,
      userAgent,
      apiServer('geetestApiServerSubdomain'),
    ],
  },
  {
    method: 'geetest_v4',
    type: 'GeeTestTaskProxyless',
    proxy: 'optional',
    fields: [
      pageurl,
      userAgent,
      named('captcha_id', 'initParameters.captcha_id', true),
      named('risk_type', 'initParameters.risk_type'),
      apiServer('geetestApiServerSubdomain'),
    ],
    fixed: { version: 4 },
  },
  {
    method: 'amazon_waf',
    type: 'AmazonTaskProxyless',
    proxy: 'optional',
    fields: [
      sitekey,
      pageurl,
      named('iv', 'iv', true),
      named('context', 'context', true),
      named('challenge_script', 'challengeScript'),
      named('captcha_script', 'captchaScript'),
    ],
  },
  {
    method: 'capy',
    type: 'CapyTaskProxyless',
    proxy: 'optional',
    fields: [{ from: 'captchakey', to: 'websiteKey', as: siteKey, required: 'ERROR_SITEKEY' }, pageurl, userAgent],
  },
  {
    method: 'keycaptcha',
    type: 'KeyCaptchaTaskProxyless',
    proxy: 'optional',
    fields: [
      pageurl,
      ...['s_s_c_user_id', 's_s_c_session_id', 's_s_c_web_server_sign', 's_s_c_web_server_sign2'].map((n) =>
        named(n, n, true),
      ),
    ],
  },
  {
    method: 'lemin',
    type: 'LeminTaskProxyless',
    proxy: 'optional',
    fields: [
      named('captcha_id', 'captchaId', true),
      named('div_id', 'divId', true),
      pageurl,
      userAgent,
      apiServer('leminApiServerSubdomain'),
    ],
  },
  siteToken('mt_captcha', 'MtCaptchaTaskProxyless'),
  siteToken('friendly_captcha', 'FriendlyCaptchaTaskProxyless'),
  {
    method: 'cutcaptcha',
    type: 'CutCaptchaTaskProxyless',
    proxy: 'optional',
    fields: [named('misery_key', 'miseryKey', true), named('api_key', 'apiKey', true), pageurl],
  },
  {
    method: 'tencent',
    type: 'TencentTaskProxyless',
    proxy: 'optional',
    fields: [named('app_id', 'appId', true), pageurl, named('captcha_script', 'captchaScript')],
  },
  {
    method: 'datadome',
    type: 'DataDomeSliderTask',
    proxy: 'required',
    fields: [
      { from: 'captcha_url', to: 'captchaUrl', as: url, required: 'ERROR_BAD_PARAMETERS' },
      pageurl,
      requiredUserAgent,
    ],
  },
  {
    method: 'atb_captcha',
    type: 'AtbCaptchaTaskProxyless',
    proxy: 'optional',
    fields: [named('app_id', 'appId', true), named('api_server', 'apiServer', true), pageurl],
  },
  siteToken('yandex', 'YandexSmartCaptchaTaskProxyless', userAgent, named('cookies', 'cookies')),
  {
    method: 'cybersiara',
    type: 'AntiCyberSiAraTaskProxyless',
    proxy: 'optional',
    fields: [named('master_url_id', 'SlideMasterUrlId', true), pageurl, requiredUserAgent],
  },
  siteToken('prosopo', 'ProsopoTaskProxyless'),
  {
    method: 'captchafox',
    type: 'CaptchaFoxTask',
    proxy: 'required',
    fields: [sitekey, pageurl, requiredUserAgent, named('api_server', 'apiServer')],
  },
  {
    method: 'vkcaptcha',
    type: 'VKCaptchaTask',
    proxy: 'required',
    fields: [{ from: 'redirect_uri', to: 'redirectUri', as: url, required: 'ERROR_BAD_PARAMETERS' }, requiredUserAgent],
  },
  {
    method: 'altcha',
    type: 'AltchaTaskProxyless',
    proxy: 'optional',
    // 2captcha-go spells them websiteURL, challengeUrl and challenge.
    fields: [
      { ...pageurl, from: ['pageurl', 'websiteURL'] },
      { from: ['challenge_url', 'challengeUrl'], to: 'challengeURL', as: url },
      named(['challenge_json', 'challenge'], 'challengeJSON'),
    ],
    oneOf: [['challenge_url', 'challengeUrl', 'challenge_json', 'challenge']],
  },
  siteToken('binance', 'BinanceTaskProxyless', named('validate_id', 'validateId', true), userAgent),
  siteToken(
    'yidun',
    'YidunTaskProxyless',
    userAgent,
    named('yidun_get_lib', 'yidunGetLib'),
    { from: 'yidun_api_server_subdomain', to: 'yidunApiServerSubdomain', as: subdomain },
    named('challenge', 'challenge'),
    named('hcg', 'hcg'),
    { from: 'hct', to: 'hct', as: int(0, Number.MAX_SAFE_INTEGER) },
  ),
  {
    method: 'hunt',
    type: 'HuntTask',
    proxy: 'required',
    fields: [
      pageurl,
      { from: 'api_get_lib', to: 'apiGetLib', as: url, required: 'ERROR_BAD_PARAMETERS' },
      named('data', 'data'),
      userAgent,
    ],
  },
  {
    method: 'alibaba',
    type: 'AlibabaTaskProxyless',
    proxy: 'optional',
    fields: [
      pageurl,
      named(['scene_id', 'sceneId'], 'sceneId', true),
      named('prefix', 'prefix', true),
      userAgent,
      named('user_id', 'userId'),
      named('user_user_id', 'userUserId'),
      named('verify_type', 'verifyType'),
      named('region', 'region'),
      named('user_certify_id', 'userCertifyId'),
      named('api_get_lib', 'apiGetLib'),
    ],
  },
  {
    method: 'tspd',
    type: 'TspdTask',
    proxy: 'required',
    fields: [
      pageurl,
      named('tspd_cookie', 'tspdCookie', true),
      named('html_page_base64', 'htmlPageBase64', true),
      userAgent,
    ],
  },
  siteToken('basilisk', 'BasiliskTaskProxyless', userAgent),

  // Image and recognition methods.
  {
    method: ['textcaptcha', 'post'],
    // Text captchas come as `textcaptcha=…` alone, or as `method=post` without any image.
    when: { textcaptcha: present, file: absent, body: absent },
    type: 'TextCaptchaTask',
    proxy: 'none',
    fields: [named('textcaptcha', 'comment', true), language],
  },
  {
    method: ['post', 'base64'],
    when: { canvas: true },
    type: 'DrawAroundTask',
    proxy: 'none',
    fields: [imageBody(), ...instructions, language],
    oneOf: needInstructions,
  },
  // 2captcha-php's grid() sends the grid size without `recaptcha=1`: the size alone means grid.
  { ...grid, when: { recaptcha: true } },
  { ...grid, when: { recaptcharows: present } },
  { ...grid, when: { recaptchacols: present } },
  {
    method: ['post', 'base64'],
    when: { coordinatescaptcha: true },
    type: 'CoordinatesTask',
    proxy: 'none',
    fields: [imageBody(), ...instructions, ...clicks, language],
  },
  {
    method: ['post', 'base64'],
    type: 'ImageToTextTask',
    proxy: 'none',
    fields: [imageBody(), ...imageOptions],
  },
  {
    method: 'rotatecaptcha',
    type: 'RotateTask',
    proxy: 'none',
    // One image per task: 2captcha's several `file_N` images would be several tasks.
    fields: [
      imageBody('body', ['file', 'file_1', 'body']),
      { from: 'angle', to: 'angle', as: int(1, 360) },
      ...instructions,
      language,
    ],
  },
  {
    method: 'bounding_box',
    type: 'BoundingBoxTask',
    proxy: 'none',
    fields: [
      imageBody('body', ['image', 'file', 'body']),
      ...instructions,
      { from: 'can_no_answer', to: 'canNoAnswer', as: int(0, 1) },
    ],
    oneOf: needInstructions,
  },
  {
    method: 'drag_drop',
    type: 'DragAndDropTask',
    proxy: 'none',
    fields: [
      imageBody('background'),
      named('textinstructions', 'comment'),
      language,
      { from: 'images', to: 'images', as: list(image), required: 'ERROR_BAD_PARAMETERS' },
    ],
  },
  {
    method: 'audio',
    type: 'AudioTask',
    proxy: 'none',
    fields: [
      { from: ['file', 'body'], to: 'body', as: audio, required: 'ERROR_UPLOAD' },
      { from: 'lang', to: 'lang', as: oneOf('en', 'fr', 'de', 'el', 'pt', 'ru'), required: 'ERROR_BAD_PARAMETERS' },
    ],
  },
  {
    method: 'vkimage',
    type: 'VKCaptchaImageTask',
    proxy: 'none',
    fields: [
      imageBody('image', ['file', 'file_1', 'body']),
      { from: 'steps', to: 'steps', as: list(int(0, 1000)), required: 'ERROR_BAD_PARAMETERS' },
    ],
  },
  {
    method: 'temuimage',
    type: 'TemuImageTask',
    proxy: 'none',
    fields: [
      imageBody('image'),
      ...['part1', 'part2', 'part3'].map((n, i): Field => ({
        from: n,
        to: `parts.${i}`,
        as: image,
        required: 'ERROR_BAD_PARAMETERS',
      })),
    ],
  },
];
