/**
 * The method table through its engine: for every legacy method, legacy parameters → the exact
 * modern task (and createTask extras), and the legacy code of each missing or bad parameter.
 */
import { describe, expect, it } from 'vitest';
import { buildTask, type BuiltTask } from '../../src/legacy/build-task.ts';
import { LegacyError } from '../../src/legacy/errors.ts';
import type { Params } from '../../src/legacy/params.ts';
import { checkTask } from '../support/fake-tasks.ts';
import { png } from '../support/images.ts';

type Input = Record<string, string | Uint8Array>;

function params(input: Input): Params {
  const values = new Map<string, string>();
  const files = new Map<string, Uint8Array>();
  for (const [k, v] of Object.entries(input)) {
    if (typeof v === 'string') values.set(k, v);
    else files.set(k, v);
  }
  return { values, files };
}

/** The task as it goes on the wire: base64 fields (task/base64.ts) as their text. */
const build = (input: Input): BuiltTask => JSON.parse(JSON.stringify(buildTask(params(input)))) as BuiltTask;

function codeOf(input: Input): string {
  try {
    build(input);
  } catch (e) {
    if (e instanceof LegacyError) return e.code;
    throw e;
  }
  return 'no error';
}

const pageurl = 'https://example.com/page';
const b64 = png.toString('base64');
const ua = 'Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0';
const proxy = { proxy: 'user:secret@127.0.0.1:3128', proxytype: 'HTTPS' };
const proxyFields = {
  proxyType: 'https',
  proxyAddress: '127.0.0.1',
  proxyPort: 3128,
  proxyLogin: 'user',
  proxyPassword: 'secret',
};

/** name, legacy parameters, the exact task (type included). */
const cases: [string, Input, Record<string, unknown>][] = [
  [
    'funcaptcha with data[blob] and data[x]',
    {
      method: 'funcaptcha',
      publickey: '69A21A01-CC7B-B9C6-0F9A-E7FA06677FFC',
      pageurl,
      surl: 'https://client-api.arkoselabs.com',
      'data[blob]': 'BLOB+/=',
      'data[x]': '1',
      userAgent: ua,
    },
    {
      type: 'FunCaptchaTaskProxyless',
      websitePublicKey: '69A21A01-CC7B-B9C6-0F9A-E7FA06677FFC',
      websiteURL: pageurl,
      funcaptchaApiJSSubdomain: 'client-api.arkoselabs.com',
      data: '{"blob":"BLOB+/=","x":"1"}',
      userAgent: ua,
    },
  ],
  [
    'funcaptcha with data as a JSON string',
    { method: 'funcaptcha', publickey: 'PK', pageurl, data: '{"blob":"B"}' },
    {
      type: 'FunCaptchaTaskProxyless',
      websitePublicKey: 'PK',
      websiteURL: pageurl,
      data: '{"blob":"B"}',
    },
  ],
  [
    'funcaptcha proxied',
    { method: 'funcaptcha', publickey: 'PK', pageurl, ...proxy },
    {
      type: 'FunCaptchaTask',
      websitePublicKey: 'PK',
      websiteURL: pageurl,
      ...proxyFields,
    },
  ],
  [
    'geetest v3',
    {
      method: 'geetest',
      gt: 'f1ab2cdefa3456789012345b6c78d90e',
      challenge: '12345678abc90123d45678ef90123a456b',
      pageurl,
      api_server: 'api-na.geetest.com',
      userAgent: ua,
    },
    {
      type: 'GeeTestTaskProxyless',
      gt: 'f1ab2cdefa3456789012345b6c78d90e',
      challenge: '12345678abc90123d45678ef90123a456b',
      websiteURL: pageurl,
      geetestApiServerSubdomain: 'api-na.geetest.com',
      userAgent: ua,
    },
  ],
  [
    'geetest v3 proxied',
    { method: 'geetest', gt: 'g', challenge: 'c', pageurl, ...proxy },
    {
      type: 'GeeTestTask',
      gt: 'g',
      challenge: 'c',
      websiteURL: pageurl,
      ...proxyFields,
    },
  ],
  [
    'geetest_v4 with risk_type',
    { method: 'geetest_v4', captcha_id: 'e392e1d7fd421dc63325744d5a2b9c73', risk_type: 'slide', pageurl },
    {
      type: 'GeeTestTaskProxyless',
      websiteURL: pageurl,
      version: 4,
      initParameters: { captcha_id: 'e392e1d7fd421dc63325744d5a2b9c73', risk_type: 'slide' },
    },
  ],
  [
    'amazon_waf',
    {
      method: 'amazon_waf',
      sitekey: 'AQIDAHjcYu/GjX+QlghicBg',
      iv: 'CgAHbCe2GgAAAAAj',
      context: 'ctx+/=',
      challenge_script: 'https://x.token.awswaf.com/challenge.js',
      captcha_script: 'https://x.captcha.awswaf.com/captcha.js',
      pageurl,
    },
    {
      type: 'AmazonTaskProxyless',
      websiteKey: 'AQIDAHjcYu/GjX+QlghicBg',
      iv: 'CgAHbCe2GgAAAAAj',
      context: 'ctx+/=',
      challengeScript: 'https://x.token.awswaf.com/challenge.js',
      captchaScript: 'https://x.captcha.awswaf.com/captcha.js',
      websiteURL: pageurl,
    },
  ],
  [
    'capy',
    {
      method: 'capy',
      captchakey: 'PUZZLE_Cz04hZLjuZRMYC3ee10C32D3uNms5w',
      pageurl,
      api_server: 'https://jp.api.capy.me/',
    },
    {
      type: 'CapyTaskProxyless',
      websiteKey: 'PUZZLE_Cz04hZLjuZRMYC3ee10C32D3uNms5w',
      websiteURL: pageurl,
    },
  ],
  [
    'keycaptcha',
    {
      method: 'keycaptcha',
      s_s_c_user_id: '184015',
      s_s_c_session_id: 'sess',
      s_s_c_web_server_sign: 'sign1',
      s_s_c_web_server_sign2: 'sign2',
      pageurl,
    },
    {
      type: 'KeyCaptchaTaskProxyless',
      websiteURL: pageurl,
      s_s_c_user_id: '184015',
      s_s_c_session_id: 'sess',
      s_s_c_web_server_sign: 'sign1',
      s_s_c_web_server_sign2: 'sign2',
    },
  ],
  [
    'lemin',
    {
      method: 'lemin',
      captcha_id: 'CROPPED_3dfdd5c_d1872b526b794d83ba3b365eb15a200b',
      div_id: 'lemin-cropped-captcha',
      api_server: 'api.leminnow.com',
      pageurl,
    },
    {
      type: 'LeminTaskProxyless',
      captchaId: 'CROPPED_3dfdd5c_d1872b526b794d83ba3b365eb15a200b',
      divId: 'lemin-cropped-captcha',
      leminApiServerSubdomain: 'api.leminnow.com',
      websiteURL: pageurl,
    },
  ],
  [
    'mt_captcha',
    { method: 'mt_captcha', sitekey: 'MTPublic-KzqLY1cKH', pageurl },
    { type: 'MtCaptchaTaskProxyless', websiteKey: 'MTPublic-KzqLY1cKH', websiteURL: pageurl },
  ],
  [
    'friendly_captcha',
    { method: 'friendly_captcha', sitekey: 'FCMST5VUMCBOCGQ9', pageurl },
    { type: 'FriendlyCaptchaTaskProxyless', websiteKey: 'FCMST5VUMCBOCGQ9', websiteURL: pageurl },
  ],
  [
    'cutcaptcha',
    { method: 'cutcaptcha', misery_key: 'a1488b66da00bf332a1488993a5443c79047e752', api_key: 'SAb83IIB', pageurl },
    {
      type: 'CutCaptchaTaskProxyless',
      miseryKey: 'a1488b66da00bf332a1488993a5443c79047e752',
      apiKey: 'SAb83IIB',
      websiteURL: pageurl,
    },
  ],
  [
    'tencent',
    {
      method: 'tencent',
      app_id: '190014885',
      pageurl,
      captcha_script: 'https://turing.captcha.qcloud.com/TCaptcha.js',
    },
    {
      type: 'TencentTaskProxyless',
      appId: '190014885',
      websiteURL: pageurl,
      captchaScript: 'https://turing.captcha.qcloud.com/TCaptcha.js',
    },
  ],
  [
    'datadome (proxy required)',
    {
      method: 'datadome',
      captcha_url: 'https://geo.captcha-delivery.com/captcha/?initialCid=x&cid=y',
      pageurl,
      userAgent: ua,
      proxy: '127.0.0.1:8080',
      proxytype: 'http',
    },
    {
      type: 'DataDomeSliderTask',
      captchaUrl: 'https://geo.captcha-delivery.com/captcha/?initialCid=x&cid=y',
      websiteURL: pageurl,
      userAgent: ua,
      proxyType: 'http',
      proxyAddress: '127.0.0.1',
      proxyPort: 8080,
    },
  ],
  [
    'atb_captcha',
    {
      method: 'atb_captcha',
      app_id: 'af23e041b22d000a11e22a230fa8991c',
      api_server: 'https://cap.aisecurius.com',
      pageurl,
    },
    {
      type: 'AtbCaptchaTaskProxyless',
      appId: 'af23e041b22d000a11e22a230fa8991c',
      apiServer: 'https://cap.aisecurius.com',
      websiteURL: pageurl,
    },
  ],
  [
    'yandex',
    {
      method: 'yandex',
      sitekey: 'Y5Lh0tiycconMJGsFd3EbbuNKSp1yaZESUOIHfeV',
      pageurl,
      userAgent: ua,
      cookies: 'a:1;b:2',
    },
    {
      type: 'YandexSmartCaptchaTaskProxyless',
      websiteKey: 'Y5Lh0tiycconMJGsFd3EbbuNKSp1yaZESUOIHfeV',
      websiteURL: pageurl,
      userAgent: ua,
      cookies: 'a:1;b:2',
    },
  ],
  [
    'cybersiara',
    { method: 'cybersiara', master_url_id: 'tpjOCKjjpdzv3d8Ub2E9COEWKt1vl1Mv', pageurl, userAgent: ua },
    {
      type: 'AntiCyberSiAraTaskProxyless',
      SlideMasterUrlId: 'tpjOCKjjpdzv3d8Ub2E9COEWKt1vl1Mv',
      websiteURL: pageurl,
      userAgent: ua,
    },
  ],
  [
    'prosopo',
    { method: 'prosopo', sitekey: '5EZVvsHMrKCFKp5NYNoTyDjTjetoVo1Z4UNNbTwJf1GfN6Xm', pageurl },
    {
      type: 'ProsopoTaskProxyless',
      websiteKey: '5EZVvsHMrKCFKp5NYNoTyDjTjetoVo1Z4UNNbTwJf1GfN6Xm',
      websiteURL: pageurl,
    },
  ],
  [
    'captchafox (proxy required, lowercase useragent)',
    {
      method: 'captchafox',
      sitekey: 'sk_ILKWNruBBVKDOM7dZs59KHnDLEWiH',
      pageurl,
      useragent: ua,
      api_server: 'https://api.captchafox.com',
      ...proxy,
    },
    {
      type: 'CaptchaFoxTask',
      websiteKey: 'sk_ILKWNruBBVKDOM7dZs59KHnDLEWiH',
      websiteURL: pageurl,
      userAgent: ua,
      apiServer: 'https://api.captchafox.com',
      ...proxyFields,
    },
  ],
  [
    'vkcaptcha (proxy required)',
    { method: 'vkcaptcha', redirect_uri: 'https://id.vk.com/not_robot_captcha?domain=vk.com', useragent: ua, ...proxy },
    {
      type: 'VKCaptchaTask',
      redirectUri: 'https://id.vk.com/not_robot_captcha?domain=vk.com',
      userAgent: ua,
      ...proxyFields,
    },
  ],
  [
    'altcha with challenge_url',
    { method: 'altcha', pageurl, challenge_url: 'https://example.com/altcha/challenge' },
    {
      type: 'AltchaTaskProxyless',
      websiteURL: pageurl,
      challengeURL: 'https://example.com/altcha/challenge',
    },
  ],
  [
    'altcha with challenge_json',
    { method: 'altcha', pageurl, challenge_json: '{"algorithm":"SHA-256"}' },
    {
      type: 'AltchaTaskProxyless',
      websiteURL: pageurl,
      challengeJSON: '{"algorithm":"SHA-256"}',
    },
  ],
  [
    'binance',
    { method: 'binance', sitekey: 'register', validate_id: '0a05453c44e2411195c0d0c15654d966', pageurl, useragent: ua },
    {
      type: 'BinanceTaskProxyless',
      websiteKey: 'register',
      validateId: '0a05453c44e2411195c0d0c15654d966',
      websiteURL: pageurl,
      userAgent: ua,
    },
  ],
  [
    'binance proxied',
    { method: 'binance', sitekey: 'register', validate_id: 'v', pageurl, ...proxy },
    {
      type: 'BinanceTask',
      websiteKey: 'register',
      validateId: 'v',
      websiteURL: pageurl,
      ...proxyFields,
    },
  ],
  [
    'yidun with every option',
    {
      method: 'yidun',
      sitekey: 'fd6d0b6a2f0a4d7f9a1e5c3b2d8e6f4a',
      pageurl,
      useragent: ua,
      yidun_get_lib: 'https://cstaticdun.126.net/load.min.js',
      yidun_api_server_subdomain: 'c.dun.163.com',
      challenge: 'chal',
      hcg: 'hash',
      hct: '1700000000000',
    },
    {
      type: 'YidunTaskProxyless',
      websiteKey: 'fd6d0b6a2f0a4d7f9a1e5c3b2d8e6f4a',
      websiteURL: pageurl,
      userAgent: ua,
      yidunGetLib: 'https://cstaticdun.126.net/load.min.js',
      yidunApiServerSubdomain: 'c.dun.163.com',
      challenge: 'chal',
      hcg: 'hash',
      hct: 1700000000000,
    },
  ],
  [
    'hunt (proxy required)',
    {
      method: 'hunt',
      pageurl,
      api_get_lib: 'https://example.com/hd-api/external/apps/app-id/api.js',
      data: 'META',
      useragent: ua,
      ...proxy,
    },
    {
      type: 'HuntTask',
      websiteURL: pageurl,
      apiGetLib: 'https://example.com/hd-api/external/apps/app-id/api.js',
      data: 'META',
      userAgent: ua,
      ...proxyFields,
    },
  ],
  [
    'alibaba with every option',
    {
      method: 'alibaba',
      pageurl,
      scene_id: 'abc123xyz4',
      prefix: 'dlw3kug',
      user_id: 'u1',
      user_user_id: 'uu1',
      verify_type: '1.0',
      region: 'sgp',
      user_certify_id: 'trace',
      api_get_lib: 'https://o.example.com/AliyunCaptcha.js',
      useragent: ua,
    },
    {
      type: 'AlibabaTaskProxyless',
      websiteURL: pageurl,
      sceneId: 'abc123xyz4',
      prefix: 'dlw3kug',
      userId: 'u1',
      userUserId: 'uu1',
      verifyType: '1.0',
      region: 'sgp',
      userCertifyId: 'trace',
      apiGetLib: 'https://o.example.com/AliyunCaptcha.js',
      userAgent: ua,
    },
  ],
  [
    'tspd (proxy required)',
    {
      method: 'tspd',
      pageurl,
      tspd_cookie: 'TS386a400d029=0826',
      html_page_base64: 'PCFET0NUWVBFIGh0bWw+',
      useragent: ua,
      ...proxy,
    },
    {
      type: 'TspdTask',
      websiteURL: pageurl,
      tspdCookie: 'TS386a400d029=0826',
      htmlPageBase64: 'PCFET0NUWVBFIGh0bWw+',
      userAgent: ua,
      ...proxyFields,
    },
  ],
  [
    'basilisk',
    { method: 'basilisk', sitekey: 'b7890hre5cf2544b2759c19fb2600897', pageurl, useragent: ua },
    {
      type: 'BasiliskTaskProxyless',
      websiteKey: 'b7890hre5cf2544b2759c19fb2600897',
      websiteURL: pageurl,
      userAgent: ua,
    },
  ],
  [
    'textcaptcha without method',
    { textcaptcha: 'If tomorrow is Saturday, what day is today?' },
    {
      type: 'TextCaptchaTask',
      comment: 'If tomorrow is Saturday, what day is today?',
    },
  ],
  [
    'textcaptcha as method=post without a file',
    { method: 'post', textcaptcha: 'What is 2+2?' },
    { type: 'TextCaptchaTask', comment: 'What is 2+2?' },
  ],
  [
    'grid (recaptcha=1) with every option',
    {
      method: 'base64',
      recaptcha: '1',
      body: b64,
      textinstructions: 'Select cars',
      imginstructions: b64,
      recaptcharows: '4',
      recaptchacols: '4',
      previousID: '7130521829',
      can_no_answer: '1',
      min_clicks: '2',
      max_clicks: '5',
      img_type: 'recaptcha',
    },
    {
      type: 'GridTask',
      body: b64,
      comment: 'Select cars',
      imgInstructions: b64,
      rows: 4,
      columns: 4,
      previousId: '7130521829',
      canNoAnswer: 1,
      minClicks: 2,
      maxClicks: 5,
      imgType: 'recaptcha',
    },
  ],
  [
    'grid from a multipart file',
    { method: 'post', recaptcha: '1', file: png, textinstructions: 'Select cars' },
    {
      type: 'GridTask',
      body: b64,
      comment: 'Select cars',
    },
  ],
  [
    'grid as 2captcha-php sends it: recaptcharows without recaptcha=1',
    { method: 'post', file: png, recaptcharows: '3', textinstructions: 'Select cars' },
    {
      type: 'GridTask',
      body: b64,
      rows: 3,
      comment: 'Select cars',
    },
  ],
  [
    'grid from recaptchacols alone',
    { method: 'base64', body: b64, recaptchacols: '4', imginstructions: b64 },
    {
      type: 'GridTask',
      body: b64,
      columns: 4,
      imgInstructions: b64,
    },
  ],
  [
    'canvas (recaptcha=1, canvas=1)',
    { method: 'base64', recaptcha: '1', canvas: '1', body: b64, textinstructions: 'Circle the cat' },
    {
      type: 'DrawAroundTask',
      body: b64,
      comment: 'Circle the cat',
    },
  ],
  [
    'coordinates (coordinatescaptcha=1)',
    {
      method: 'base64',
      coordinatescaptcha: '1',
      body: `data:image/png;base64,${b64}`,
      textinstructions: 'Click the dots',
      min_clicks: '1',
      max_clicks: '3',
    },
    {
      type: 'CoordinatesTask',
      body: b64,
      comment: 'Click the dots',
      minClicks: 1,
      maxClicks: 3,
    },
  ],
  [
    'rotatecaptcha',
    { method: 'rotatecaptcha', body: b64, angle: '15', textinstructions: 'Rotate upright' },
    {
      type: 'RotateTask',
      body: b64,
      angle: 15,
      comment: 'Rotate upright',
    },
  ],
  ['rotatecaptcha from file_1', { method: 'rotatecaptcha', file_1: png }, { type: 'RotateTask', body: b64 }],
  [
    'bounding_box',
    { method: 'bounding_box', image: b64, textinstructions: 'Select cars', can_no_answer: '0' },
    {
      type: 'BoundingBoxTask',
      body: b64,
      comment: 'Select cars',
      canNoAnswer: 0,
    },
  ],
  [
    'drag_drop',
    { method: 'drag_drop', body: b64, images: JSON.stringify([b64, b64]), textinstructions: 'Drag them' },
    {
      type: 'DragAndDropTask',
      background: b64,
      images: [b64, b64],
      comment: 'Drag them',
    },
  ],
  [
    'audio',
    { method: 'audio', body: Buffer.from('ID3\x03\x00\x00\x00fake-mp3').toString('base64'), lang: 'EN' },
    {
      type: 'AudioTask',
      body: Buffer.from('ID3\x03\x00\x00\x00fake-mp3').toString('base64'),
      lang: 'en',
    },
  ],
  [
    'vkimage',
    { method: 'vkimage', body: b64, steps: '[5,4,7,7,14,22]' },
    { type: 'VKCaptchaImageTask', image: b64, steps: [5, 4, 7, 7, 14, 22] },
  ],
  [
    'temuimage',
    { method: 'temuimage', body: b64, part1: b64, part2: b64, part3: b64 },
    { type: 'TemuImageTask', image: b64, parts: [b64, b64, b64] },
  ],
];

describe('every method: legacy parameters → the exact task', () => {
  it.each(cases)('%s', (_name, input, task) => {
    const built = build(input);
    expect(built.task).toEqual(task);
    expect(built.type).toBe(task.type);
    // The fake upstream (strict, per type) takes exactly this task.
    expect(checkTask(built.task)).toBeUndefined();
  });
});

describe('common parameters', () => {
  it('soft_id goes to the createTask request, on every method', () => {
    expect(build({ method: 'capy', captchakey: 'K', pageurl, soft_id: '4587' }).extras).toEqual({ softId: 4587 });
    expect(build({ textcaptcha: 'q', soft_id: '2658' }).extras).toEqual({ softId: 2658 });
    // Optional metadata at 2captcha (vendor-audit.md D12): a bad value is dropped, not refused.
    expect(build({ method: 'capy', captchakey: 'K', pageurl, soft_id: 'x' }).extras).toEqual({});
  });

  it('lang/language pick the worker pool of text and image methods', () => {
    expect(build({ textcaptcha: 'q', lang: 'ru' }).extras).toEqual({ languagePool: 'rn' });
    expect(build({ method: 'base64', recaptcha: '1', body: b64, textinstructions: 't', language: '2' }).extras).toEqual(
      { languagePool: 'en' },
    );
  });

  it('proxy host:port without credentials, and type://', () => {
    expect(build({ method: 'mt_captcha', sitekey: 'S', pageurl, proxy: 'socks5://127.0.0.1:1080' }).task).toEqual({
      type: 'MtCaptchaTask',
      websiteKey: 'S',
      websiteURL: pageurl,
      proxyType: 'socks5',
      proxyAddress: '127.0.0.1',
      proxyPort: 1080,
    });
  });

  it('proxytype without proxy is ignored; a proxy for a method without one is ignored', () => {
    expect(build({ method: 'prosopo', sitekey: 'S', pageurl, proxytype: 'HTTP' }).type).toBe('ProsopoTaskProxyless');
    expect(build({ method: 'rotatecaptcha', body: b64, ...proxy }).task).toEqual({ type: 'RotateTask', body: b64 });
  });

  it('userAgent, useragent and user_agent are one parameter', () => {
    for (const name of ['userAgent', 'useragent', 'user_agent']) {
      expect(build({ method: 'basilisk', sitekey: 'S', pageurl, [name]: ua }).task).toMatchObject({ userAgent: ua });
    }
  });
});

/** name, legacy parameters, the legacy code. */
const errors: [string, Input, string][] = [
  ['an unknown method', { method: 'tiktok', pageurl }, 'ERROR_NO_SUCH_METHOD'],
  ['no method and no textcaptcha', { pageurl }, 'ERROR_NO_SUCH_METHOD'],
  ['funcaptcha without publickey', { method: 'funcaptcha', pageurl }, 'ERROR_SITEKEY'],
  ['funcaptcha without pageurl', { method: 'funcaptcha', publickey: 'PK' }, 'ERROR_PAGEURL'],
  ['funcaptcha with a relative pageurl', { method: 'funcaptcha', publickey: 'PK', pageurl: '/login' }, 'ERROR_PAGEURL'],
  [
    'funcaptcha with a bad proxy',
    { method: 'funcaptcha', publickey: 'PK', pageurl, proxy: 'nohostport' },
    'ERROR_PROXY_FORMAT',
  ],
  [
    'funcaptcha with a bad proxytype',
    { method: 'funcaptcha', publickey: 'PK', pageurl, proxy: '127.0.0.1:80', proxytype: 'FTP' },
    'ERROR_PROXY_FORMAT',
  ],
  ['geetest without gt', { method: 'geetest', challenge: 'c', pageurl }, 'ERROR_BAD_PARAMETERS'],
  ['geetest without challenge', { method: 'geetest', gt: 'g', pageurl }, 'ERROR_BAD_PARAMETERS'],
  ['geetest without pageurl', { method: 'geetest', gt: 'g', challenge: 'c' }, 'ERROR_PAGEURL'],
  ['geetest_v4 without captcha_id', { method: 'geetest_v4', pageurl }, 'ERROR_BAD_PARAMETERS'],
  ['amazon_waf without sitekey', { method: 'amazon_waf', iv: 'i', context: 'c', pageurl }, 'ERROR_SITEKEY'],
  ['amazon_waf without iv', { method: 'amazon_waf', sitekey: 'S', context: 'c', pageurl }, 'ERROR_BAD_PARAMETERS'],
  ['amazon_waf without context', { method: 'amazon_waf', sitekey: 'S', iv: 'i', pageurl }, 'ERROR_BAD_PARAMETERS'],
  ['capy without captchakey', { method: 'capy', pageurl }, 'ERROR_SITEKEY'],
  [
    'keycaptcha without s_s_c_web_server_sign2',
    { method: 'keycaptcha', s_s_c_user_id: '1', s_s_c_session_id: 's', s_s_c_web_server_sign: 'x', pageurl },
    'ERROR_BAD_PARAMETERS',
  ],
  ['lemin without div_id', { method: 'lemin', captcha_id: 'c', pageurl }, 'ERROR_BAD_PARAMETERS'],
  ['mt_captcha without sitekey', { method: 'mt_captcha', pageurl }, 'ERROR_SITEKEY'],
  ['mt_captcha with a sitekey holding spaces', { method: 'mt_captcha', sitekey: 'a b', pageurl }, 'ERROR_SITEKEY'],
  ['friendly_captcha without pageurl', { method: 'friendly_captcha', sitekey: 'S' }, 'ERROR_PAGEURL'],
  ['cutcaptcha without api_key', { method: 'cutcaptcha', misery_key: 'm', pageurl }, 'ERROR_BAD_PARAMETERS'],
  ['tencent without app_id', { method: 'tencent', pageurl }, 'ERROR_BAD_PARAMETERS'],
  [
    'datadome without proxy',
    { method: 'datadome', captcha_url: 'https://geo.captcha-delivery.com/c', pageurl, userAgent: ua },
    'ERROR_BAD_PARAMETERS',
  ],
  [
    'datadome without userAgent',
    { method: 'datadome', captcha_url: 'https://geo.captcha-delivery.com/c', pageurl, ...proxy },
    'ERROR_BAD_PARAMETERS',
  ],
  [
    'datadome with a captcha_url that is no URL',
    { method: 'datadome', captcha_url: 'geo', pageurl, userAgent: ua, ...proxy },
    'ERROR_BAD_PARAMETERS',
  ],
  ['atb_captcha without api_server', { method: 'atb_captcha', app_id: 'a', pageurl }, 'ERROR_BAD_PARAMETERS'],
  ['yandex without sitekey', { method: 'yandex', pageurl }, 'ERROR_SITEKEY'],
  ['cybersiara without userAgent', { method: 'cybersiara', master_url_id: 'm', pageurl }, 'ERROR_BAD_PARAMETERS'],
  ['cybersiara without master_url_id', { method: 'cybersiara', pageurl, userAgent: ua }, 'ERROR_BAD_PARAMETERS'],
  ['prosopo without sitekey', { method: 'prosopo', pageurl }, 'ERROR_SITEKEY'],
  ['captchafox without proxy', { method: 'captchafox', sitekey: 'S', pageurl, useragent: ua }, 'ERROR_BAD_PARAMETERS'],
  ['captchafox without useragent', { method: 'captchafox', sitekey: 'S', pageurl, ...proxy }, 'ERROR_BAD_PARAMETERS'],
  ['vkcaptcha without redirect_uri', { method: 'vkcaptcha', useragent: ua, ...proxy }, 'ERROR_BAD_PARAMETERS'],
  [
    'vkcaptcha without proxy',
    { method: 'vkcaptcha', redirect_uri: 'https://id.vk.com/x', useragent: ua },
    'ERROR_BAD_PARAMETERS',
  ],
  ['altcha without a challenge', { method: 'altcha', pageurl }, 'ERROR_BAD_PARAMETERS'],
  ['binance without validate_id', { method: 'binance', sitekey: 'S', pageurl }, 'ERROR_BAD_PARAMETERS'],
  ['yidun with a non-numeric hct', { method: 'yidun', sitekey: 'S', pageurl, hct: 'soon' }, 'ERROR_BAD_PARAMETERS'],
  ['hunt without api_get_lib', { method: 'hunt', pageurl, ...proxy }, 'ERROR_BAD_PARAMETERS'],
  [
    'hunt without proxy',
    { method: 'hunt', pageurl, api_get_lib: 'https://example.com/api.js' },
    'ERROR_BAD_PARAMETERS',
  ],
  ['alibaba without prefix', { method: 'alibaba', pageurl, scene_id: 's' }, 'ERROR_BAD_PARAMETERS'],
  ['tspd without html_page_base64', { method: 'tspd', pageurl, tspd_cookie: 'c', ...proxy }, 'ERROR_BAD_PARAMETERS'],
  ['basilisk without pageurl', { method: 'basilisk', sitekey: 'S' }, 'ERROR_PAGEURL'],
  ['grid without instructions', { method: 'base64', recaptcha: '1', body: b64 }, 'ERROR_BAD_PARAMETERS'],
  ['grid without an image', { method: 'base64', recaptcha: '1', textinstructions: 't' }, 'ERROR_UPLOAD'],
  [
    'grid with 11 rows',
    { method: 'base64', recaptcha: '1', body: b64, textinstructions: 't', recaptcharows: '11' },
    'ERROR_BAD_PARAMETERS',
  ],
  [
    'grid with an unknown img_type',
    { method: 'base64', recaptcha: '1', body: b64, textinstructions: 't', img_type: 'kittens' },
    'ERROR_BAD_PARAMETERS',
  ],
  ['canvas without instructions', { method: 'base64', recaptcha: '1', canvas: '1', body: b64 }, 'ERROR_BAD_PARAMETERS'],
  [
    'coordinates with a non-image body',
    { method: 'base64', coordinatescaptcha: '1', body: Buffer.from('%PDF-1.4').toString('base64') },
    'ERROR_IMAGE_TYPE_NOT_SUPPORTED',
  ],
  ['coordinates with broken base64', { method: 'base64', coordinatescaptcha: '1', body: '***' }, 'ERROR_UPLOAD'],
  [
    'coordinates with padding where atob refuses it',
    { method: 'base64', coordinatescaptcha: '1', body: 'iVBORw0KG=' },
    'ERROR_UPLOAD',
  ],
  ['rotatecaptcha without an image', { method: 'rotatecaptcha' }, 'ERROR_UPLOAD'],
  ['rotatecaptcha with angle 0', { method: 'rotatecaptcha', body: b64, angle: '0' }, 'ERROR_BAD_PARAMETERS'],
  ['bounding_box without instructions', { method: 'bounding_box', image: b64 }, 'ERROR_BAD_PARAMETERS'],
  ['drag_drop without images', { method: 'drag_drop', body: b64 }, 'ERROR_BAD_PARAMETERS'],
  [
    'drag_drop with images that are no list',
    { method: 'drag_drop', body: b64, images: '[broken' },
    'ERROR_BAD_PARAMETERS',
  ],
  ['audio without lang', { method: 'audio', body: 'SUQz' }, 'ERROR_BAD_PARAMETERS'],
  ['audio in an unsupported language', { method: 'audio', body: 'SUQz', lang: 'xx' }, 'ERROR_BAD_PARAMETERS'],
  ['audio without body', { method: 'audio', lang: 'en' }, 'ERROR_UPLOAD'],
  [
    'audio over 1 MB',
    { method: 'audio', body: Buffer.alloc(1024 * 1024 + 1).toString('base64'), lang: 'en' },
    'ERROR_TOO_BIG_CAPTCHA_FILESIZE',
  ],
  ['vkimage without steps', { method: 'vkimage', body: b64 }, 'ERROR_BAD_PARAMETERS'],
  ['vkimage with steps that are not numbers', { method: 'vkimage', body: b64, steps: '[a,b]' }, 'ERROR_BAD_PARAMETERS'],
  ['temuimage without part3', { method: 'temuimage', body: b64, part1: b64, part2: b64 }, 'ERROR_BAD_PARAMETERS'],
  ['textcaptcha=""', { method: 'post', textcaptcha: '' }, 'ERROR_UPLOAD'],
];

describe('every method: the legacy code of each missing or bad parameter', () => {
  it.each(errors)('%s', (_name, input, code) => {
    expect(codeOf(input)).toBe(code);
  });
});
