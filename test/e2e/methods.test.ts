/**
 * Every method through the Node server against the fake upstream: the createTask it becomes,
 * and the exact answer bytes of each answer shape, plain and json=1. Also `ids=` polls, `get2`
 * and unknown actions.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { maxIds } from '../../src/legacy/res.ts';
import { keys, startFakeUpstream, type FakeUpstream } from '../support/fake-upstream.ts';
import { tokens } from '../support/fake-tasks.ts';
import { startGateway, type TestGateway } from '../support/gateway.ts';
import { png } from '../support/images.ts';

let fake: FakeUpstream;
let gw: TestGateway;
beforeAll(async () => {
  fake = await startFakeUpstream();
  gw = await startGateway(fake.url);
});
afterAll(async () => {
  await gw.close();
  await fake.close();
});
beforeEach(() => {
  fake.reset();
  fake.fate = () => ({ polls: 0 });
});

const pageurl = 'https://example.com/page';
const b64 = png.toString('base64');
const ua = 'Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0';
const proxy = { proxy: 'user:secret@127.0.0.1:3128', proxytype: 'HTTP' };

/** POSTs a urlencoded submit; returns the id. */
async function submit(params: Record<string, string>): Promise<string> {
  const res = await gw.http
    .post('/in.php')
    .type('form')
    .send({ key: keys.good, ...params });
  const match = /^OK\|(\d+)$/.exec(res.text);
  if (!match) throw new Error(`submit failed: ${res.text}`);
  return match[1]!;
}

async function res(params: Record<string, string>): Promise<string> {
  const r = await gw.http.get('/res.php').query({ key: keys.good, ...params });
  expect(r.status).toBe(200);
  return r.text;
}

const json = (request: unknown, extras: Record<string, unknown> = {}) =>
  JSON.stringify({ status: 1, request, ...extras });

/** name, legacy parameters, the exact plain answer, the exact json=1 answer. */
const shapes: [string, Record<string, string>, string, string][] = [
  [
    'funcaptcha: a token holding |, never escaped',
    { method: 'funcaptcha', publickey: 'PK', pageurl, 'data[blob]': 'B' },
    `OK|${tokens.funcaptcha}`,
    json(tokens.funcaptcha),
  ],
  [
    'keycaptcha: the pipe-joined token',
    {
      method: 'keycaptcha',
      s_s_c_user_id: '1',
      s_s_c_session_id: 's',
      s_s_c_web_server_sign: 'a',
      s_s_c_web_server_sign2: 'b',
      pageurl,
    },
    `OK|${tokens.keycaptcha}`,
    json(tokens.keycaptcha),
  ],
  [
    'geetest v3: geetest_* keys, an object in json=1',
    { method: 'geetest', gt: 'g', challenge: 'c', pageurl },
    'OK|{"geetest_challenge":"1a2b3c4d5e6f","geetest_validate":"7a8b9c0d1e2f","geetest_seccode":"7a8b9c0d1e2f|jordan"}',
    '{"status":1,"request":{"geetest_challenge":"1a2b3c4d5e6f","geetest_validate":"7a8b9c0d1e2f","geetest_seccode":"7a8b9c0d1e2f|jordan"}}',
  ],
  [
    'geetest v4: its five fields',
    { method: 'geetest_v4', captcha_id: 'e392e1d7fd421dc63325744d5a2b9c73', pageurl },
    'OK|{"captcha_id":"e392e1d7fd421dc63325744d5a2b9c73","lot_number":"7f6d8a0c1b2e","pass_token":"f4e5d6c7b8a9","gen_time":"1693924478","captcha_output":"fFPVh7jZ2ThHdWq3Rc8b"}',
    '{"status":1,"request":{"captcha_id":"e392e1d7fd421dc63325744d5a2b9c73","lot_number":"7f6d8a0c1b2e","pass_token":"f4e5d6c7b8a9","gen_time":"1693924478","captcha_output":"fFPVh7jZ2ThHdWq3Rc8b"}}',
  ],
  [
    'amazon_waf: captcha_voucher and existing_token',
    { method: 'amazon_waf', sitekey: 'S', iv: 'i', context: 'c', pageurl },
    'OK|{"captcha_voucher":"eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.voucher","existing_token":"f8ab5749-f916-4b1a-8b2c:EQoAf0APpGIKAAAA"}',
    '{"status":1,"request":{"captcha_voucher":"eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.voucher","existing_token":"f8ab5749-f916-4b1a-8b2c:EQoAf0APpGIKAAAA"}}',
  ],
  [
    'capy: captchakey, challengekey, answer',
    { method: 'capy', captchakey: 'PUZZLE_x', pageurl },
    'OK|{"captchakey":"PUZZLE_Abc1dEFghIJKLM2no34P56q7rStu8v","challengekey":"qHAPtn68KTnXFM8VQ3mtYRtmy3cSKuHJ","answer":"0xax8ex0xax84x0xkx7qx0xux7qx0xux7qx0xux7qx0xux7qx"}',
    '{"status":1,"request":{"captchakey":"PUZZLE_Abc1dEFghIJKLM2no34P56q7rStu8v","challengekey":"qHAPtn68KTnXFM8VQ3mtYRtmy3cSKuHJ","answer":"0xax8ex0xax84x0xkx7qx0xux7qx0xux7qx0xux7qx0xux7qx"}}',
  ],
  [
    'lemin: answer and challenge_id',
    { method: 'lemin', captcha_id: 'c', div_id: 'd', pageurl },
    'OK|{"answer":"0xaxakx0xaxaqx0xax9ex0xax9kx0x9vx9kx0x9mx9gx0x9cx98x0x8sx8w","challenge_id":"e0348984-92ec-23af-1488-446e3a58946c"}',
    '{"status":1,"request":{"answer":"0xaxakx0xaxaqx0xax9ex0xax9kx0x9vx9kx0x9mx9gx0x9cx98x0x8sx8w","challenge_id":"e0348984-92ec-23af-1488-446e3a58946c"}}',
  ],
  [
    'tencent: ret stays a number',
    { method: 'tencent', app_id: '190014885', pageurl },
    'OK|{"appid":"190014885","ret":0,"ticket":"tr03lHUhdnuW3neJZu.....","randstr":"@KVN"}',
    '{"status":1,"request":{"appid":"190014885","ret":0,"ticket":"tr03lHUhdnuW3neJZu.....","randstr":"@KVN"}}',
  ],
  [
    'datadome: the cookie',
    {
      method: 'datadome',
      captcha_url: 'https://geo.captcha-delivery.com/captcha/?cid=x',
      pageurl,
      userAgent: ua,
      ...proxy,
    },
    `OK|${tokens.datadome}`,
    json(tokens.datadome),
  ],
  [
    'coordinates: coordinates:x=…,y=…; json=1 an array of string pairs',
    { method: 'base64', coordinatescaptcha: '1', body: b64 },
    'OK|coordinates:x=39,y=59;x=252,y=72',
    '{"status":1,"request":[{"x":"39","y":"59"},{"x":"252","y":"72"}]}',
  ],
  [
    'grid: click:3/6/8',
    { method: 'base64', recaptcha: '1', body: b64, textinstructions: 'cars' },
    'OK|click:3/6/8',
    '{"status":1,"request":"click:3/6/8"}',
  ],
  [
    'canvas: canvas:x,y,…;x,y,…',
    { method: 'base64', recaptcha: '1', canvas: '1', body: b64, textinstructions: 'circle' },
    'OK|canvas:10,20,30,40,50,20;5,5,9,9',
    '{"status":1,"request":[[{"x":"10","y":"20"},{"x":"30","y":"40"},{"x":"50","y":"20"}],[{"x":"5","y":"5"},{"x":"9","y":"9"}]]}',
  ],
  ['rotatecaptcha: the angle', { method: 'rotatecaptcha', body: b64 }, 'OK|40', '{"status":1,"request":"40"}'],
  [
    'bounding_box: the boxes as JSON text',
    { method: 'bounding_box', image: b64, textinstructions: 'cars' },
    'OK|[{"xMin":559,"xMax":797,"yMin":164,"yMax":430}]',
    '{"status":1,"request":"[{\\"xMin\\":559,\\"xMax\\":797,\\"yMin\\":164,\\"yMax\\":430}]"}',
  ],
  [
    'textcaptcha: the text',
    { textcaptcha: 'If tomorrow is Saturday, what day is today?' },
    'OK|Sunday',
    '{"status":1,"request":"Sunday"}',
  ],
  [
    'audio: the text',
    { method: 'audio', body: 'SUQzAwAAAAA=', lang: 'en' },
    'OK|Sunday',
    '{"status":1,"request":"Sunday"}',
  ],
  [
    'temuimage: coordinates',
    { method: 'temuimage', body: b64, part1: b64, part2: b64, part3: b64 },
    'OK|coordinates:x=155,y=358;x=152,y=153',
    '{"status":1,"request":[{"x":"155","y":"358"},{"x":"152","y":"153"}]}',
  ],
  [
    'drag_drop: the positions text',
    { method: 'drag_drop', body: b64, images: JSON.stringify([b64, b64]) },
    'OK|120,340|null|210,90',
    '{"status":1,"request":"120,340|null|210,90"}',
  ],
  ...(
    [
      ['mt_captcha', { method: 'mt_captcha', sitekey: 'S', pageurl }],
      ['friendly_captcha', { method: 'friendly_captcha', sitekey: 'S', pageurl }],
      ['cutcaptcha', { method: 'cutcaptcha', misery_key: 'm', api_key: 'a', pageurl }],
      ['atb_captcha', { method: 'atb_captcha', app_id: 'a', api_server: 'https://cap.aisecurius.com', pageurl }],
      ['yandex', { method: 'yandex', sitekey: 'S', pageurl }],
      ['cybersiara', { method: 'cybersiara', master_url_id: 'm', pageurl, userAgent: ua }],
      ['prosopo', { method: 'prosopo', sitekey: 'S', pageurl }],
      ['captchafox', { method: 'captchafox', sitekey: 'S', pageurl, useragent: ua, ...proxy }],
      ['vkcaptcha', { method: 'vkcaptcha', redirect_uri: 'https://id.vk.com/x', useragent: ua, ...proxy }],
      ['vkimage', { method: 'vkimage', body: b64, steps: '[5,4,7]' }],
      ['altcha', { method: 'altcha', pageurl, challenge_url: 'https://example.com/challenge' }],
      ['binance', { method: 'binance', sitekey: 'S', validate_id: 'v', pageurl }],
      ['yidun', { method: 'yidun', sitekey: 'S', pageurl }],
      ['hunt', { method: 'hunt', pageurl, api_get_lib: 'https://example.com/api.js', ...proxy }],
      ['alibaba', { method: 'alibaba', pageurl, scene_id: 's', prefix: 'p' }],
      ['tspd', { method: 'tspd', pageurl, tspd_cookie: 'TS=1', html_page_base64: 'PGh0bWw+', ...proxy }],
      ['basilisk', { method: 'basilisk', sitekey: 'S', pageurl }],
    ] as const
  ).map(([name, params]): [string, Record<string, string>, string, string] => [
    `${name}: the token`,
    { ...params },
    `OK|${tokens.token}`,
    json(tokens.token),
  ]),
];

describe('answer shapes, exact bytes', () => {
  it.each(shapes)('%s', async (_name, params, plain, jsonAnswer) => {
    const id = await submit(params);
    expect(await res({ action: 'get', id })).toBe(plain);
    expect(await res({ action: 'get', id, json: '1' })).toBe(jsonAnswer);
    // The createTask the fake (strict per type) accepted, with the client key.
    expect(fake.sent('createTask')).toHaveLength(1);
  });

  it('a proxied token method answers like its proxyless twin', async () => {
    const id = await submit({ method: 'prosopo', sitekey: 'S', pageurl, ...proxy });
    expect(fake.sent('createTask')[0]).toEqual({
      clientKey: keys.good,
      task: {
        type: 'ProsopoTask',
        websiteKey: 'S',
        websiteURL: pageurl,
        proxyType: 'http',
        proxyAddress: '127.0.0.1',
        proxyPort: 3128,
        proxyLogin: 'user',
        proxyPassword: 'secret',
      },
    });
    expect(await res({ action: 'get', id })).toBe(`OK|${tokens.token}`);
  });

  it('recaptcha: cookies the solver returns come as a json=1 extra', async () => {
    fake.fate = () => ({ polls: 0, solution: { gRecaptchaResponse: tokens.recaptcha, cookies: { NID: 'abc' } } });
    const id = await submit({
      method: 'userrecaptcha',
      googlekey: '6Le-wvkSAAAAAPBMRTvw0Q4Muexq9bi0DJwx_mJ-',
      pageurl,
    });
    expect(await res({ action: 'get', id, json: '1' })).toBe(json(tokens.recaptcha, { cookies: { NID: 'abc' } }));
    expect(await res({ action: 'get', id })).toBe(`OK|${tokens.recaptcha}`);
  });

  it('a solution missing what its type needs → ERROR_CAPTCHA_UNSOLVABLE', async () => {
    fake.fate = () => ({ polls: 0, solution: { nothing: 'useful' } });
    const id = await submit({ method: 'base64', coordinatescaptcha: '1', body: b64 });
    expect(await res({ action: 'get', id })).toBe('ERROR_CAPTCHA_UNSOLVABLE');
  });
});

describe('in.php validation through the server', () => {
  it('a missing parameter answers its code, plain and json=1, without an upstream call', async () => {
    const r = await gw.http.get('/in.php').query({ key: keys.good, method: 'lemin', captcha_id: 'c', pageurl });
    expect(r.text).toBe('ERROR_BAD_PARAMETERS');
    const j = await gw.http
      .get('/in.php')
      .query({ key: keys.good, method: 'lemin', captcha_id: 'c', pageurl, json: '1' });
    expect(JSON.parse(j.text)).toEqual({ status: 0, request: 'ERROR_BAD_PARAMETERS', error_text: expect.any(String) });
    expect(fake.sent('createTask')).toEqual([]);
  });

  it('a type the upstream does not support (TASK_NOT_SUPPORTED) → ERROR_NO_SUCH_METHOD', async () => {
    fake.unsupported.add('BasiliskTaskProxyless');
    const r = await gw.http.get('/in.php').query({ key: keys.good, method: 'basilisk', sitekey: 'S', pageurl });
    expect(r.text).toBe('ERROR_NO_SUCH_METHOD');
  });

  it('an unknown method → ERROR_NO_SUCH_METHOD', async () => {
    const r = await gw.http.get('/in.php').query({ key: keys.good, method: 'tiktok', pageurl, json: '1' });
    expect(JSON.parse(r.text)).toMatchObject({ status: 0, request: 'ERROR_NO_SUCH_METHOD' });
  });

  it('funcaptcha data[blob] from a query string reaches the task as a JSON string', async () => {
    await gw.http
      .get('/in.php')
      .query({ key: keys.good, method: 'funcaptcha', publickey: 'PK', pageurl, 'data[blob]': 'a+b/c=' });
    expect(fake.sent('createTask')[0]!.task).toEqual({
      type: 'FunCaptchaTaskProxyless',
      websitePublicKey: 'PK',
      websiteURL: pageurl,
      data: '{"blob":"a+b/c="}',
    });
  });

  it('a multipart rotatecaptcha upload', async () => {
    const r = await gw.http
      .post('/in.php')
      .field('key', keys.good)
      .field('method', 'rotatecaptcha')
      .field('angle', '30')
      .attach('file', png, 'captcha');
    expect(r.text).toMatch(/^OK\|\d+$/);
    expect(fake.sent('createTask')[0]!.task).toEqual({ type: 'RotateTask', body: b64, angle: 30 });
  });
});

describe('action=get with ids=', () => {
  it('answers in request order, joined by |, without OK| per item; json=1 as one string', async () => {
    const ready = await submit({ method: 'mt_captcha', sitekey: 'S', pageurl });
    fake.fate = () => ({ polls: 5 });
    const pending = await submit({ method: 'mt_captcha', sitekey: 'S', pageurl });
    fake.fate = () => ({ polls: 0, fail: 'ERROR_CAPTCHA_UNSOLVABLE' });
    const failed = await submit({ method: 'mt_captcha', sitekey: 'S', pageurl });
    const ids = [pending, ready, '123456789012345', failed, 'abc'].join(',');
    const items = `CAPCHA_NOT_READY|${tokens.token}|ERROR_WRONG_CAPTCHA_ID|ERROR_CAPTCHA_UNSOLVABLE|ERROR_WRONG_ID_FORMAT`;
    expect(await res({ action: 'get', ids })).toBe(items);
    expect(await res({ action: 'get', ids, json: '1' })).toBe(json(items));
  });

  it('object answers appear as their compact JSON', async () => {
    const id = await submit({ method: 'tencent', app_id: 'a', pageurl });
    expect(await res({ action: 'get', ids: `${id},${id}` })).toBe(
      '{"appid":"190014885","ret":0,"ticket":"tr03lHUhdnuW3neJZu.....","randstr":"@KVN"}|{"appid":"190014885","ret":0,"ticket":"tr03lHUhdnuW3neJZu.....","randstr":"@KVN"}',
    );
  });

  it(`more than ${maxIds} ids → ERROR_BAD_PARAMETERS, without upstream calls`, async () => {
    const ids = Array.from({ length: maxIds + 1 }, (_, i) => String(100000000000000 + i)).join(',');
    expect(await res({ action: 'get', ids })).toBe('ERROR_BAD_PARAMETERS');
    expect(fake.sent('getTaskResult')).toEqual([]);
  });

  it(`${maxIds} ids are fine`, async () => {
    const ids = Array.from({ length: maxIds }, (_, i) => String(100000000000000 + i)).join(',');
    expect(await res({ action: 'get', ids })).toBe(Array(maxIds).fill('ERROR_WRONG_CAPTCHA_ID').join('|'));
  });
});

describe('action=get2', () => {
  it('OK|<answer>|<price>; json=1 with the price as a string', async () => {
    const id = await submit({ method: 'mt_captcha', sitekey: 'S', pageurl });
    expect(await res({ action: 'get2', id })).toBe(`OK|${tokens.token}|0.00299`);
    expect(await res({ action: 'get2', id, json: '1' })).toBe(json(tokens.token, { price: '0.00299' }));
  });

  it('keeps the json=1 extras and object answers', async () => {
    fake.fate = () => ({ polls: 0, cost: 0.0012 });
    const id = await submit({ method: 'turnstile', sitekey: '0x4AAAAAAAVrOwQWPlm3Bnr5', pageurl });
    expect(await res({ action: 'get2', id, json: '1' })).toBe(
      json(tokens.turnstile, { useragent: tokens.userAgent, price: '0.0012' }),
    );
    const obj = await submit({ method: 'lemin', captcha_id: 'c', div_id: 'd', pageurl });
    expect(await res({ action: 'get2', id: obj })).toBe(
      'OK|{"answer":"0xaxakx0xaxaqx0xax9ex0xax9kx0x9vx9kx0x9mx9gx0x9cx98x0x8sx8w","challenge_id":"e0348984-92ec-23af-1488-446e3a58946c"}|0.0012',
    );
  });

  it('not ready, failed and unknown answer as get does', async () => {
    fake.fate = () => ({ polls: 1 });
    const id = await submit({ method: 'mt_captcha', sitekey: 'S', pageurl });
    expect(await res({ action: 'get2', id })).toBe('CAPCHA_NOT_READY');
    expect(await res({ action: 'get2', id: '123456789012345' })).toBe('ERROR_WRONG_CAPTCHA_ID');
    fake.fate = () => ({ polls: 0, fail: 'ERROR_CAPTCHA_UNSOLVABLE' });
    const failed = await submit({ method: 'mt_captcha', sitekey: 'S', pageurl });
    expect(await res({ action: 'get2', id: failed })).toBe('ERROR_CAPTCHA_UNSOLVABLE');
  });
});

describe('other actions', () => {
  it('userinfo (not a 2captcha action) → ERROR_EMPTY_ACTION, plain and json=1', async () => {
    expect(await res({ action: 'userinfo' })).toBe('ERROR_EMPTY_ACTION');
    expect(JSON.parse(await res({ action: 'userinfo', json: '1' }))).toEqual({
      status: 0,
      request: 'ERROR_EMPTY_ACTION',
      error_text: expect.any(String),
    });
  });
});
