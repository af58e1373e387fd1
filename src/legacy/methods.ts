/**
 * @module
 * The method table: which legacy `method` (and switches) becomes which modern task, and how
 * each legacy parameter maps onto a task field. `build-task.ts` is the engine that reads it;
 * adding a captcha type is adding a row here (and one in `answers.ts`).
 */
import type { LegacyCode } from './errors.ts';
import { bool, decimal, image, int, languagePool, siteKey, text, url, type Convert } from './fields.ts';

export interface Field {
  /** Legacy parameter names, the first one present wins (clients spell some two ways). */
  from: string | readonly string[];
  /**
   * Where the value goes: a task field, a dotted path for nested objects
   * (`enterprisePayload.rqdata`), or `@name` for a field of the createTask request itself.
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

export interface MethodRow {
  /** Legacy `method` values this row serves. */
  method: string | readonly string[];
  /** Switches that select this row among rows of the same method: `true` reads a 0/1 switch. */
  when?: Readonly<Record<string, true | string>>;
  /** The proxyless task type, in the anti-captcha / 2captcha v2 spelling. */
  type: string;
  /** `optional`: `proxy` selects the proxied twin (the type without `Proxyless`). */
  proxy: 'optional' | 'required' | 'none';
  fields: readonly Field[];
  /** Fixed task fields. */
  fixed?: Readonly<Record<string, unknown>>;
}

const pageurl: Field = { from: 'pageurl', to: 'websiteURL', as: url, required: 'ERROR_PAGEURL' };
const userAgent: Field = { from: ['userAgent', 'useragent', 'user_agent'], to: 'userAgent' };
const cookies: Field = { from: 'cookies', to: 'cookies' };
const sitekey: Field = { from: 'sitekey', to: 'websiteKey', as: siteKey, required: 'ERROR_SITEKEY' };
const googlekey: Field = { from: ['googlekey', 'sitekey'], to: 'websiteKey', as: siteKey, required: 'ERROR_GOOGLEKEY' };
const invisible: Field = { from: 'invisible', to: 'isInvisible', as: bool };
const apiDomain: Field = { from: 'domain', to: 'apiDomain' };
const softId: Field = { from: 'soft_id', to: '@softId', as: int(0, 2 ** 31 - 1) };

/** The options of 2captcha's normal (image) captcha. */
const imageOptions: readonly Field[] = [
  { from: 'phrase', to: 'phrase', as: bool },
  { from: 'regsense', to: 'case', as: bool },
  { from: 'numeric', to: 'numeric', as: int(0, 4) },
  { from: 'calc', to: 'math', as: bool },
  { from: 'min_len', to: 'minLength', as: int(0, 20) },
  { from: 'max_len', to: 'maxLength', as: int(0, 20) },
  { from: ['language', 'lang'], to: '@languagePool', as: languagePool },
  { from: 'textinstructions', to: 'comment' },
  { from: 'imginstructions', to: 'imgInstructions', as: image },
];

export const methods: readonly MethodRow[] = [
  {
    method: 'userrecaptcha',
    when: { version: 'v3' },
    type: 'RecaptchaV3TaskProxyless',
    // 2captcha takes no proxy for v3; the parameters are ignored as it ignores them.
    proxy: 'none',
    fields: [
      googlekey, pageurl, apiDomain, softId,
      { from: ['min_score', 'minScore'], to: 'minScore', as: decimal(0.1, 0.9), default: 0.4 },
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
      googlekey, pageurl, invisible, userAgent, cookies, apiDomain, softId,
      { from: ['data-s', 'datas'], to: 'enterprisePayload.s' },
    ],
  },
  {
    method: 'userrecaptcha',
    type: 'RecaptchaV2TaskProxyless',
    proxy: 'optional',
    fields: [
      googlekey, pageurl, invisible, userAgent, cookies, apiDomain, softId,
      { from: ['data-s', 'datas'], to: 'recaptchaDataSValue' },
    ],
  },
  {
    method: 'hcaptcha',
    type: 'HCaptchaTaskProxyless',
    proxy: 'optional',
    fields: [
      sitekey, pageurl, invisible, userAgent, softId,
      { from: 'data', to: 'enterprisePayload.rqdata' },
    ],
  },
  {
    method: 'turnstile',
    type: 'TurnstileTaskProxyless',
    proxy: 'optional',
    fields: [
      sitekey, pageurl, userAgent, softId,
      { from: 'action', to: 'action' },
      { from: 'data', to: 'data' },
      { from: 'pagedata', to: 'pagedata' },
    ],
  },
  {
    method: ['post', 'base64'],
    type: 'ImageToTextTask',
    proxy: 'none',
    fields: [{ from: ['file', 'body'], to: 'body', as: image, required: 'ERROR_UPLOAD' }, ...imageOptions, softId],
  },
];
