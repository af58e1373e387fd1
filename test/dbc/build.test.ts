/**
 * The DBC face's pure parts: an upload's fields → the canonical task (the type table), proxies,
 * credentials, and the answers' fields and bytes.
 */
import { describe, expect, it } from 'vitest';
import { captchaFields, cents, renderers, userFields } from '../../src/dbc/answers.ts';
import { buildTask, maxUploadBytes, parseProxy } from '../../src/dbc/build.ts';
import { credentialsOf, keyOf } from '../../src/dbc/credentials.ts';
import { DbcError, codeOf } from '../../src/dbc/errors.ts';
import type { DbcFields } from '../../src/dbc/request.ts';
import { errorReply, reply, uploaded, wantsJson } from '../../src/dbc/reply.ts';
import { typeRows } from '../../src/dbc/types.ts';
import { QueueFull } from '../../src/pingback/queue.ts';
import { StoreUnavailable } from '../../src/store/types.ts';
import { UpstreamError } from '../../src/upstream/client.ts';
import { png } from '../support/images.ts';

const form = (values: Record<string, string>, files: Record<string, Uint8Array> = {}): DbcFields => ({
  values: new Map(Object.entries(values)),
  files: new Map(Object.entries(files)),
});
/** The task as JSON, as it would travel (Base64 bodies become their text). */
const built = (f: DbcFields) => JSON.parse(JSON.stringify(buildTask(f))) as unknown;
const failure = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    if (e instanceof DbcError) return e.code;
    throw e;
  }
  throw new Error('no DbcError');
};
const b64 = png.toString('base64');
const pageurl = 'https://example.com/login';
const googlekey = '6Le-wvkSAAAAAPBMRTvw0Q4Muexq9bi0DJwx_mJ-';

describe('buildTask', () => {
  it.each([
    ['a file part', form({}, { captchafile: new Uint8Array(png) })],
    ['base64: text', form({ captchafile: `base64:${b64}` })],
    ['plain base64 in captcha', form({ captcha: b64, type: '0' })],
  ])('type 0 from %s is an ImageToTextTask', (_, f) => {
    expect(built(f)).toEqual({ type: 'ImageToTextTask', task: { type: 'ImageToTextTask', body: b64 }, extras: {} });
  });

  it('type 4 with a proxy is the proxied reCAPTCHA v2 task, the proxy split', () => {
    const token_params = JSON.stringify({
      googlekey,
      pageurl,
      proxy: 'http://user:p%40ss@10.0.0.1:3128',
      proxytype: 'HTTP',
    });
    expect(built(form({ type: '4', token_params }))).toEqual({
      type: 'RecaptchaV2Task',
      task: {
        type: 'RecaptchaV2Task',
        websiteURL: pageurl,
        websiteKey: googlekey,
        proxyType: 'http',
        proxyAddress: '10.0.0.1',
        proxyPort: 3128,
        proxyLogin: 'user',
        proxyPassword: 'p@ss',
      },
      extras: {},
    });
  });

  it('type 4 with an empty proxy is proxyless', () => {
    const token_params = JSON.stringify({ googlekey, pageurl, proxy: '', proxytype: 'HTTP' });
    expect(built(form({ type: '4', token_params }))).toMatchObject({ type: 'RecaptchaV2TaskProxyless' });
  });

  it.each<[string, Record<string, string>, unknown]>([
    [
      'v3: action and min_score',
      { type: '5', token_params: JSON.stringify({ googlekey, pageurl, action: 'login', min_score: 0.3 }) },
      {
        type: 'RecaptchaV3TaskProxyless',
        websiteURL: pageurl,
        websiteKey: googlekey,
        pageAction: 'login',
        minScore: 0.3,
      },
    ],
    [
      'hCaptcha with rqdata',
      { type: '7', hcaptcha_params: JSON.stringify({ sitekey: 'sk', pageurl, rqdata: 'rq' }) },
      { type: 'HCaptchaTaskProxyless', websiteURL: pageurl, websiteKey: 'sk', enterprisePayload: { rqdata: 'rq' } },
    ],
    [
      'GeeTest v3',
      { type: '8', geetest_params: JSON.stringify({ gt: 'g', challenge: 'c', pageurl }) },
      { type: 'GeeTestTaskProxyless', websiteURL: pageurl, gt: 'g', challenge: 'c' },
    ],
    [
      'GeeTest v4',
      { type: '9', geetest_params: JSON.stringify({ captcha_id: 'cid', pageurl }) },
      { type: 'GeeTestTaskProxyless', websiteURL: pageurl, initParameters: { captcha_id: 'cid' }, version: 4 },
    ],
    ['text question', { type: '11', textcaptcha: 'Which day?' }, { type: 'TextCaptchaTask', comment: 'Which day?' }],
    [
      'Turnstile',
      { type: '12', turnstile_params: JSON.stringify({ sitekey: '0x4AAA', pageurl, action: 'login' }) },
      { type: 'TurnstileTaskProxyless', websiteURL: pageurl, websiteKey: '0x4AAA', action: 'login' },
    ],
    [
      'Lemin, its div id defaulted',
      { type: '14', lemin_params: JSON.stringify({ captchaid: 'CROPPED_1', pageurl }) },
      { type: 'LeminTaskProxyless', websiteURL: pageurl, captchaId: 'CROPPED_1', divId: 'lemin-cropped-captcha' },
    ],
    [
      "Capy under the Node example's token_params and googlekey",
      { type: '15', token_params: JSON.stringify({ googlekey: 'PUZZLE_1', pageurl }) },
      { type: 'CapyTaskProxyless', websiteURL: pageurl, websiteKey: 'PUZZLE_1' },
    ],
    [
      'reCAPTCHA v2 Enterprise',
      { type: '25', token_enterprise_params: JSON.stringify({ googlekey, pageurl }) },
      { type: 'RecaptchaV2EnterpriseTaskProxyless', websiteURL: pageurl, websiteKey: googlekey },
    ],
  ])('%s', (_, values, task) => {
    expect(buildTask(form(values)).task).toEqual(task);
  });

  it('type 3: the grid image, the banner, its text and the grid size', () => {
    const f = form({
      type: '3',
      captchafile: `base64:${b64}`,
      banner: `base64:${b64}`,
      banner_text: 'all cars',
      grid: '3x4',
    });
    expect(built(f)).toMatchObject({
      task: { type: 'GridTask', body: b64, imgInstructions: b64, comment: 'all cars', rows: 3, columns: 4 },
    });
  });

  it.each<[string, DbcFields, string]>([
    ['a type without a row', form({ type: '22' }), 'not-implemented'],
    ['a type that is not a number', form({ type: 'recaptcha' }), 'not-implemented'],
    ['no image', form({ type: '0' }), 'invalid-captcha'],
    ['an empty file', form({}, { captchafile: new Uint8Array() }), 'invalid-captcha'],
    ['base64 that is not', form({ captchafile: 'base64:%%%' }), 'invalid-captcha'],
    ['an oversized file', form({}, { captchafile: new Uint8Array(maxUploadBytes + 1) }), 'captcha-too-large'],
    ['token_params missing', form({ type: '4' }), 'invalid-params'],
    ['token_params not JSON', form({ type: '4', token_params: '{' }), 'invalid-params'],
    ['token_params an array', form({ type: '4', token_params: '[]' }), 'invalid-params'],
    ['no googlekey', form({ type: '4', token_params: JSON.stringify({ pageurl }) }), 'invalid-params'],
    [
      'min_score not a number',
      form({ type: '5', token_params: JSON.stringify({ googlekey, pageurl, min_score: 'high' }) }),
      'invalid-params',
    ],
    [
      'DataDome without a proxy',
      form({ type: '21', datadome_params: JSON.stringify({ pageurl, captcha_url: pageurl, useragent: 'UA' }) }),
      'invalid-params',
    ],
    ['a bad grid', form({ type: '3', captchafile: `base64:${b64}`, grid: 'big' }), 'invalid-params'],
  ])('%s → %s', (_, f, code) => {
    expect(failure(() => buildTask(f))).toBe(code);
  });

  it('every row names a canonical type and an answer kind renderers has', () => {
    for (const row of Object.values(typeRows)) {
      expect(row.type).toMatch(/^[A-Z]\w+Task(Proxyless)?$/);
      expect(renderers[row.answer]).toBeTypeOf('function');
    }
  });
});

describe('parseProxy', () => {
  it.each<[string, string | undefined, unknown]>([
    ['http://1.2.3.4:80', undefined, { proxyType: 'http', proxyAddress: '1.2.3.4', proxyPort: 80 }],
    ['1.2.3.4:8080', 'SOCKS5', { proxyType: 'socks5', proxyAddress: '1.2.3.4', proxyPort: 8080 }],
    [
      'socks4://u:p:w@proxy.example:1080',
      undefined,
      { proxyType: 'socks4', proxyAddress: 'proxy.example', proxyPort: 1080, proxyLogin: 'u', proxyPassword: 'p:w' },
    ],
    ['http://[::1]:3128', 'HTTP', { proxyType: 'http', proxyAddress: '::1', proxyPort: 3128 }],
  ])('%s (%s)', (proxy, type, fields) => {
    expect(parseProxy(proxy, type)).toEqual(fields);
  });

  it.each([['1.2.3.4'], ['ftp://1.2.3.4:21'], ['http://1.2.3.4:99999'], ['http://1.2.3.4:80/path']])(
    '%s is refused',
    (proxy) => {
      expect(failure(() => parseProxy(proxy, undefined))).toBe('invalid-params');
    },
  );
});

describe('credentials', () => {
  const none = () => undefined;
  it('a token wins over the username the Node client sends beside it', () => {
    expect(credentialsOf(form({ username: 'authtoken', authtoken: 'tok' }), none)).toEqual({ authtoken: 'tok' });
  });
  it('username and password; HTTP Basic; an authtoken header', () => {
    expect(credentialsOf(form({ username: 'u', password: 'p' }), none)).toEqual({ username: 'u', password: 'p' });
    const basic = (name: string) => (name === 'authorization' ? `Basic ${btoa('u:p:q')}` : undefined);
    expect(credentialsOf(form({}), basic)).toEqual({ username: 'u', password: 'p:q' });
    expect(credentialsOf(form({}), (n) => (n === 'authtoken' ? 'tok' : undefined))).toEqual({ authtoken: 'tok' });
  });
  it('none, or half a login, is no credential', () => {
    expect(credentialsOf(form({ username: 'u' }), none)).toBeUndefined();
    expect(credentialsOf(form({}), (n) => (n === 'authorization' ? 'Basic !!' : undefined))).toBeUndefined();
  });
  it('without a table entry the token or the password is the key', () => {
    expect(keyOf({ authtoken: 'tok' })).toBe('tok');
    expect(keyOf({ username: 'anyone', password: 'ucap_key' })).toBe('ucap_key');
  });
});

describe('answers', () => {
  it('pending, solved, failed, unrenderable', () => {
    expect(captchaFields('123456789012345', 'token', undefined)).toEqual({
      status: 0,
      captcha: 123456789012345,
      text: '',
      is_correct: 1,
    });
    expect(captchaFields('1', 'token', { solution: { gRecaptchaResponse: 'TOK' } })).toMatchObject({
      text: 'TOK',
      is_correct: 1,
    });
    expect(captchaFields('1', 'text', { error: 'ERROR_CAPTCHA_UNSOLVABLE' })).toMatchObject({
      text: '',
      is_correct: 0,
    });
    expect(captchaFields('1', 'text', { solution: { token: 'x' } })).toMatchObject({ text: '', is_correct: 0 });
  });
  it('object, coordinate and grid solutions are JSON text', () => {
    expect(renderers.json({ challenge: 'c', validate: 'v', seccode: 's' })).toBe(
      '{"challenge":"c","validate":"v","seccode":"s"}',
    );
    expect(renderers.points({ coordinates: [{ x: 39, y: 59 }, [252, 72]] })).toBe('[[39,59],[252,72]]');
    expect(renderers.cells({ click: [3, 6, 8] })).toBe('[3,6,8]');
  });
  it('balance in cents, without float noise', () => {
    expect(cents(12.5)).toBe(1250);
    expect(cents(0.07)).toBe(7);
    expect(userFields(0.123456)).toEqual({ status: 0, user: 1, rate: 0, balance: 12.346, is_banned: false });
  });
});

describe('reply', () => {
  it('urlencoded unless Accept names JSON', async () => {
    expect(wantsJson('application/json, text/plain, */*')).toBe(true);
    expect(wantsJson(undefined)).toBe(false);
    const form = reply({ status: 0, captcha: 7, text: 'a b&c', is_correct: 1 }, false);
    expect(form.headers.get('content-type')).toBe('application/x-www-form-urlencoded');
    expect(await form.text()).toBe('status=0&captcha=7&text=a+b%26c&is_correct=1');
    expect(await reply(userFields(1), false).text()).toBe('status=0&user=1&rate=0&balance=100&is_banned=0');
    expect(await reply(userFields(1), true).text()).toBe(
      '{"status":0,"user":1,"rate":0,"balance":100,"is_banned":false}',
    );
  });
  it('errors carry status 255, the name and its HTTP status', async () => {
    const r = errorReply('insufficient-funds', true);
    expect([r.status, await r.text()]).toEqual([403, '{"status":255,"error":"insufficient-funds"}']);
    const n = errorReply('not-implemented', false);
    expect([n.status, await n.text()]).toEqual([501, 'status=255&error=not-implemented']);
  });
  it('an upload is a 303 to the captcha, absolute, with the body', async () => {
    const r = uploaded({ status: 0, captcha: 5, text: '', is_correct: 1 }, true, 'http://127.0.0.1:8080/api/captcha');
    expect([r.status, r.headers.get('location'), await r.text()]).toEqual([
      303,
      'http://127.0.0.1:8080/api/captcha/5',
      '{"status":0,"captcha":5,"text":"","is_correct":1}',
    ]);
  });
  it('errors of the other layers become DBC codes', () => {
    expect(codeOf(new UpstreamError('createTask', 'ERROR_ZERO_BALANCE'))).toBe('insufficient-funds');
    expect(codeOf(new UpstreamError('createTask', 'ERROR_TASK_NOT_SUPPORTED'))).toBe('not-implemented');
    expect(codeOf(new UpstreamError('createTask', 'ERROR_PAGEURL'))).toBe('invalid-params');
    expect(codeOf(new UpstreamError('getTaskResult', undefined, 'timeout'))).toBe('service-overload');
    expect(codeOf(new StoreUnavailable('down'))).toBe('service-overload');
    expect(codeOf(new QueueFull())).toBe('service-overload');
    expect(codeOf(new Error('bug'))).toBeUndefined();
  });
});
