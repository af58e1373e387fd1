/**
 * Every solver method of @2captcha/captcha-solver (beyond those in captcha-solver.test.ts),
 * unchanged, against inres: what it sends becomes the right modern task, and the answer it
 * parses is the one 2captcha would give. The client always asks for json=1.
 */
import { Solver } from '@2captcha/captcha-solver';
import { describe, expect, it } from 'vitest';
import { keys } from '../support/fake-upstream.ts';
import { solutions, tokens } from '../support/fake-tasks.ts';
import { png } from '../support/images.ts';
import { expectSolve, rejectionCode, useRoutedGateway } from '../support/routed-gateway.ts';

const env = useRoutedGateway();

/** Polls every 10 ms instead of 5 s. */
const solver = (key = keys.good) => new Solver(key, 10);
const pageurl = 'https://example.com/page';
const b64 = png.toString('base64');
const ua = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/138.0.0.0 Safari/537.36';
const proxy = { proxy: 'login:password@127.0.0.1:8080', proxytype: 'HTTP' };
const proxyFields = {
  proxyType: 'http',
  proxyAddress: '127.0.0.1',
  proxyPort: 8080,
  proxyLogin: 'login',
  proxyPassword: 'password',
};

type Call = (s: Solver) => Promise<{ data: unknown }>;

/** method, the call, the task inres must create, the `data` the client must return. */
const cases: [string, Call, Record<string, unknown>, unknown][] = [
  [
    'geetest',
    (s) =>
      s.geetest({
        gt: 'f3bf6dbdcf7886856696502e1d55e00c',
        challenge: '12345678abc90123d45678ef90123a456b',
        pageurl,
        api_server: 'api.geetest.com',
      }),
    {
      type: 'GeeTestTaskProxyless',
      gt: 'f3bf6dbdcf7886856696502e1d55e00c',
      challenge: '12345678abc90123d45678ef90123a456b',
      websiteURL: pageurl,
      geetestApiServerSubdomain: 'api.geetest.com',
    },
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
    (s) => s.yandexSmart({ pageurl, sitekey: 'X1sX6ZoGTAVMWCIXPtqrf1pTXfeT2ZyRg5ZDG6HR' }),
    {
      type: 'YandexSmartCaptchaTaskProxyless',
      websiteKey: 'X1sX6ZoGTAVMWCIXPtqrf1pTXfeT2ZyRg5ZDG6HR',
      websiteURL: pageurl,
    },
    tokens.token,
  ],
  [
    'funCaptcha with data',
    (s) =>
      s.funCaptcha({
        pageurl,
        publickey: '69A21A01-CC7B-B9C6-0F9A-E7FA06677FFC',
        surl: 'https://client-api.arkoselabs.com',
        data: '{"blob":"Ab+/c="}',
      }),
    {
      type: 'FunCaptchaTaskProxyless',
      websitePublicKey: '69A21A01-CC7B-B9C6-0F9A-E7FA06677FFC',
      websiteURL: pageurl,
      funcaptchaApiJSSubdomain: 'client-api.arkoselabs.com',
      data: '{"blob":"Ab+/c="}',
    },
    tokens.funcaptcha,
  ],
  [
    'lemin',
    (s) =>
      s.lemin({
        pageurl,
        captcha_id: 'CROPPED_3dfdd5c_d1872b526b794d83ba3b365eb15a200b',
        div_id: 'lemin-cropped-captcha',
        api_server: 'api.leminnow.com',
      }),
    {
      type: 'LeminTaskProxyless',
      captchaId: 'CROPPED_3dfdd5c_d1872b526b794d83ba3b365eb15a200b',
      divId: 'lemin-cropped-captcha',
      leminApiServerSubdomain: 'api.leminnow.com',
      websiteURL: pageurl,
    },
    solutions.lemin,
  ],
  [
    'amazonWaf',
    (s) =>
      s.amazonWaf({
        pageurl,
        sitekey: 'AQIDAHjcYu/GjX+QlghicBgQ/7bFaQZ+m5FKCMDnO+vTp9Ng',
        iv: 'CgAHbCe2GgAAAAAj',
        context:
          '9BUgmlm48F92WUoqv97a49ZuEJJ50TCk9MVr3C7WMtQ0X6flVbufM4n8mjFLmbLVAPgaQ1Jydeaja94iAS49ljb+sUNLoukWedAQZKrlY4RdbOOzvcFqmD/ZepQFS9N5w15Exr4VwnVq+HIxTsDJwRviElWCdzKDebN/mk8/eX2n7qJi5G3Riq0tdQw9+C4diFZU5E97RSeahejOAAJTDqduqW6uLw9NsjJBkDRBlRjxjn5CaMMo5pYOxYbGrM8Un1JH5DMOLeXbq1xWbC17YSEoM1cRFfTgOoc+VpCe36Ai9Kc=',
      }),
    {
      type: 'AmazonTaskProxyless',
      websiteKey: 'AQIDAHjcYu/GjX+QlghicBgQ/7bFaQZ+m5FKCMDnO+vTp9Ng',
      iv: 'CgAHbCe2GgAAAAAj',
      context:
        '9BUgmlm48F92WUoqv97a49ZuEJJ50TCk9MVr3C7WMtQ0X6flVbufM4n8mjFLmbLVAPgaQ1Jydeaja94iAS49ljb+sUNLoukWedAQZKrlY4RdbOOzvcFqmD/ZepQFS9N5w15Exr4VwnVq+HIxTsDJwRviElWCdzKDebN/mk8/eX2n7qJi5G3Riq0tdQw9+C4diFZU5E97RSeahejOAAJTDqduqW6uLw9NsjJBkDRBlRjxjn5CaMMo5pYOxYbGrM8Un1JH5DMOLeXbq1xWbC17YSEoM1cRFfTgOoc+VpCe36Ai9Kc=',
      websiteURL: pageurl,
    },
    solutions.amazon,
  ],
  [
    'coordinates',
    (s) => s.coordinates({ body: b64, textinstructions: 'Click the dots', lang: 'en' }),
    { type: 'ImageCoordinatesTask', body: b64, comment: 'Click the dots' },
    [
      { x: '39', y: '59' },
      { x: '252', y: '72' },
    ],
  ],
  [
    'capyPuzzle',
    (s) => s.capyPuzzle({ pageurl, captchakey: 'PUZZLE_Cz04hZLjuZRMYC3ee10C32D3uNms5w' }),
    { type: 'CapyTaskProxyless', websiteKey: 'PUZZLE_Cz04hZLjuZRMYC3ee10C32D3uNms5w', websiteURL: pageurl },
    solutions.capy,
  ],
  [
    'dataDome',
    (s) =>
      s.dataDome({
        pageurl,
        captcha_url: 'https://geo.captcha-delivery.com/captcha/?initialCid=AHrlqAAA&cid=x',
        userAgent: ua,
        ...proxy,
      }),
    {
      type: 'DataDomeSliderTask',
      captchaUrl: 'https://geo.captcha-delivery.com/captcha/?initialCid=AHrlqAAA&cid=x',
      websiteURL: pageurl,
      userAgent: ua,
      ...proxyFields,
    },
    tokens.datadome,
  ],
  [
    'cyberSiARA',
    (s) => s.cyberSiARA({ pageurl, master_url_id: 'tpjOCKjjpdzv3d8Ub2E9COEWKt1vl1Mv', userAgent: ua }),
    {
      type: 'AntiCyberSiAraTaskProxyless',
      SlideMasterUrlId: 'tpjOCKjjpdzv3d8Ub2E9COEWKt1vl1Mv',
      websiteURL: pageurl,
      userAgent: ua,
    },
    tokens.token,
  ],
  [
    'mtCaptcha',
    (s) => s.mtCaptcha({ pageurl, sitekey: 'MTPublic-KzqLY1cKH' }),
    { type: 'MtCaptchaTaskProxyless', websiteKey: 'MTPublic-KzqLY1cKH', websiteURL: pageurl },
    tokens.token,
  ],
  [
    'cutCaptcha',
    (s) => s.cutCaptcha({ pageurl, miseryKey: 'a1488b66da00bf332a1488993a5443c79047e752', apiKey: 'SAb83IIB' }),
    {
      type: 'CutCaptchaTaskProxyless',
      miseryKey: 'a1488b66da00bf332a1488993a5443c79047e752',
      apiKey: 'SAb83IIB',
      websiteURL: pageurl,
    },
    tokens.token,
  ],
  [
    'friendlyCaptcha',
    (s) => s.friendlyCaptcha({ pageurl, sitekey: 'FCMST5VUMCBOCGQ9', ...proxy }),
    { type: 'FriendlyCaptchaTask', websiteKey: 'FCMST5VUMCBOCGQ9', websiteURL: pageurl, ...proxyFields },
    tokens.token,
  ],
  [
    'boundingBox',
    (s) => s.boundingBox({ image: `data:image/png;base64,${b64}`, textinstructions: 'Select cars in the image' }),
    { type: 'BoundingBoxTask', body: b64, comment: 'Select cars in the image' },
    JSON.stringify(solutions.boundingBox.bounding_boxes),
  ],
  [
    'grid',
    (s) =>
      s.grid({
        body: b64,
        recaptcha: 1,
        textinstructions: 'Select cars',
        rows: 3,
        cols: 3,
        minClicks: 1,
        maxClicks: 4,
        canSkip: 1,
      }),
    {
      type: 'GridTask',
      body: b64,
      comment: 'Select cars',
      rows: 3,
      columns: 3,
      minClicks: 1,
      maxClicks: 4,
      canNoAnswer: 1,
    },
    'click:3/6/8',
  ],
  [
    'text',
    (s) => s.text({ textcaptcha: 'If tomorrow is Saturday, what day is today?', lang: 'en' }),
    { type: 'TextCaptchaTask', comment: 'If tomorrow is Saturday, what day is today?' },
    tokens.text,
  ],
  [
    'canvas',
    (s) => s.canvas({ body: b64, recaptcha: 1, textinstructions: 'Highlight the red CIRCLE', imginstructions: b64 }),
    { type: 'DrawAroundTask', body: b64, comment: 'Highlight the red CIRCLE', imgInstructions: b64 },
    [
      [
        { x: '10', y: '20' },
        { x: '30', y: '40' },
        { x: '50', y: '20' },
      ],
      [
        { x: '5', y: '5' },
        { x: '9', y: '9' },
      ],
    ],
  ],
  [
    'rotate',
    (s) => s.rotate({ body: b64, angle: 15, textinstructions: 'Rotate the object' }),
    { type: 'RotateTask', body: b64, angle: 15, comment: 'Rotate the object' },
    '40',
  ],
  [
    'keyCaptcha',
    (s) =>
      s.keyCaptcha({
        pageurl,
        userId: '184015',
        sessionId: '11975dc265ce9174a54edb1619af15b7',
        webServerSign: '73ef77fd3cf0ce02947d9088bdc8412a',
        webServerSign2: '93836d9e7007f38f072ce07d89bb7e2b',
      }),
    {
      type: 'KeyCaptchaTaskProxyless',
      websiteURL: pageurl,
      s_s_c_user_id: '184015',
      s_s_c_session_id: '11975dc265ce9174a54edb1619af15b7',
      s_s_c_web_server_sign: '73ef77fd3cf0ce02947d9088bdc8412a',
      s_s_c_web_server_sign2: '93836d9e7007f38f072ce07d89bb7e2b',
    },
    tokens.keycaptcha,
  ],
  [
    'tencent',
    (s) => s.tencent({ pageurl, appId: '189956587' }),
    { type: 'TencentTaskProxyless', appId: '189956587', websiteURL: pageurl },
    solutions.tencent,
  ],
  [
    'atbCaptcha',
    (s) =>
      s.atbCaptcha({ pageurl, appId: 'af25e409b33d722a95e56a230ff8771c', apiServer: 'https://cap.aisecurius.com' }),
    {
      type: 'AtbCaptchaTaskProxyless',
      appId: 'af25e409b33d722a95e56a230ff8771c',
      apiServer: 'https://cap.aisecurius.com',
      websiteURL: pageurl,
    },
    tokens.token,
  ],
  [
    'prosopo',
    (s) => s.prosopo({ pageurl, sitekey: 'FCMST5VUMCBOCGQ9' }),
    { type: 'ProsopoTaskProxyless', websiteKey: 'FCMST5VUMCBOCGQ9', websiteURL: pageurl },
    tokens.token,
  ],
  [
    'captchaFox',
    (s) => s.captchaFox({ pageurl, sitekey: 'sk_ILKWNruBBVKDOM7dZs59KHnDLEWiH', userAgent: ua, ...proxy }),
    {
      type: 'CaptchaFoxTask',
      websiteKey: 'sk_ILKWNruBBVKDOM7dZs59KHnDLEWiH',
      websiteURL: pageurl,
      userAgent: ua,
      ...proxyFields,
    },
    tokens.token,
  ],
  [
    'vkimage',
    (s) =>
      s.vkimage({
        body: b64,
        steps:
          '[5,12,22,24,21,23,10,7,2,8,19,18,8,24,21,22,11,14,16,5,18,20,4,21,12,6,0,0,11,12,8,20,19,3,14,8,9,13,16,24,18,3,2,23,8,12,6,1,11,0,20,15,19,22,17,24,8,0,12,5,19,14,11,6,7,14,23,24,23,20,4,20,6,12,4,17,4,18,6,20,17,5,23,7,10,2,8,9,5,4,17,24,11,14,4,10,12,22,21,2]',
      }),
    {
      type: 'VKCaptchaImageTask',
      image: b64,
      steps: [
        5, 12, 22, 24, 21, 23, 10, 7, 2, 8, 19, 18, 8, 24, 21, 22, 11, 14, 16, 5, 18, 20, 4, 21, 12, 6, 0, 0, 11, 12, 8,
        20, 19, 3, 14, 8, 9, 13, 16, 24, 18, 3, 2, 23, 8, 12, 6, 1, 11, 0, 20, 15, 19, 22, 17, 24, 8, 0, 12, 5, 19, 14,
        11, 6, 7, 14, 23, 24, 23, 20, 4, 20, 6, 12, 4, 17, 4, 18, 6, 20, 17, 5, 23, 7, 10, 2, 8, 9, 5, 4, 17, 24, 11,
        14, 4, 10, 12, 22, 21, 2,
      ],
    },
    tokens.token,
  ],
  [
    'vkcaptcha',
    (s) =>
      s.vkcaptcha({
        redirect_uri: 'https://id.vk.com/not_robot_captcha?domain=vk.com&session_token=eyJ',
        userAgent: ua,
        ...proxy,
      }),
    {
      type: 'VKCaptchaTask',
      redirectUri: 'https://id.vk.com/not_robot_captcha?domain=vk.com&session_token=eyJ',
      userAgent: ua,
      ...proxyFields,
    },
    tokens.token,
  ],
  [
    'temu',
    (s) => s.temu({ body: b64, part1: b64, part2: b64, part3: b64 }),
    { type: 'TemuImageTask', image: b64, parts: [b64, b64, b64] },
    [
      { x: '155', y: '358' },
      { x: '152', y: '153' },
    ],
  ],
  [
    'altcha',
    (s) => s.altcha({ pageurl, challengeUrl: 'https://example.com/altcha/challenge' }),
    { type: 'AltchaTaskProxyless', websiteURL: pageurl, challengeURL: 'https://example.com/altcha/challenge' },
    tokens.token,
  ],
  [
    'binance',
    (s) => s.binance({ pageurl, sitekey: 'register', validateId: '0a05453c44e2411195c0d0c15654d966', userAgent: ua }),
    {
      type: 'BinanceTaskProxyless',
      websiteKey: 'register',
      validateId: '0a05453c44e2411195c0d0c15654d966',
      websiteURL: pageurl,
      userAgent: ua,
    },
    tokens.token,
  ],
  [
    'audio',
    (s) => s.audio({ body: 'SUQzBAAAAAAAHFRTU0UAAAA=', lang: 'en' }),
    { type: 'AudioTask', body: 'SUQzBAAAAAAAHFRTU0UAAAA=', lang: 'en' },
    tokens.text,
  ],
  [
    'yidun',
    (s) =>
      s.yidun({
        pageurl,
        sitekey: 'your_site_key',
        userAgent: ua,
        yidunGetLib: 'https://cstaticdun.126.net/load.min.js',
        hct: 1700000000000,
      }),
    {
      type: 'YidunTaskProxyless',
      websiteKey: 'your_site_key',
      websiteURL: pageurl,
      userAgent: ua,
      yidunGetLib: 'https://cstaticdun.126.net/load.min.js',
      hct: 1700000000000,
    },
    tokens.token,
  ],
  [
    'alibaba',
    (s) =>
      s.alibaba({
        pageurl,
        sceneId: 'abc123xyz4',
        prefix: 'dlw3kug',
        region: 'sgp',
        apiGetLib: 'https://o.example.com/AliyunCaptcha.js?t=2041',
        userAgent: ua,
      }),
    {
      type: 'AlibabaTaskProxyless',
      websiteURL: pageurl,
      sceneId: 'abc123xyz4',
      prefix: 'dlw3kug',
      region: 'sgp',
      apiGetLib: 'https://o.example.com/AliyunCaptcha.js?t=2041',
      userAgent: ua,
    },
    tokens.token,
  ],
  [
    'tspd',
    (s) =>
      s.tspd({
        pageurl,
        tspdCookie: 'TS386a400d029=082670',
        htmlPageBase64: 'PCFET0NUWVBFIGh0bWw+',
        userAgent: ua,
        ...proxy,
      }),
    {
      type: 'TspdTask',
      websiteURL: pageurl,
      tspdCookie: 'TS386a400d029=082670',
      htmlPageBase64: 'PCFET0NUWVBFIGh0bWw+',
      userAgent: ua,
      ...proxyFields,
    },
    tokens.token,
  ],
  [
    'basilisk',
    (s) => s.basilisk({ pageurl, sitekey: 'b7890hre5cf2544b2759c19fb2600897', userAgent: ua }),
    {
      type: 'BasiliskTaskProxyless',
      websiteKey: 'b7890hre5cf2544b2759c19fb2600897',
      websiteURL: pageurl,
      userAgent: ua,
    },
    tokens.token,
  ],
  [
    'hunt',
    (s) =>
      s.hunt({
        pageurl,
        apiGetLib: 'https://example.com/hd-api/external/apps/app-id/api.js',
        data: 'META_TOKEN_VALUE',
        ...proxy,
      }),
    {
      type: 'HuntTask',
      websiteURL: pageurl,
      apiGetLib: 'https://example.com/hd-api/external/apps/app-id/api.js',
      data: 'META_TOKEN_VALUE',
      ...proxyFields,
    },
    tokens.token,
  ],
  [
    'dragAndDrop',
    (s) => s.dragAndDrop({ body: b64, images: [b64, b64], textinstructions: 'Drag the images to proper position' }),
    { type: 'DragAndDropTask', background: b64, images: [b64, b64], comment: 'Drag the images to proper position' },
    '120,340|null|210,90',
  ],
];

describe('@2captcha/captcha-solver, every other method', () => {
  it.each(cases)('%s: submit, poll, the parsed answer', async (_name, call, task, data) => {
    await expectSolve(env, call(solver()), { status: 1, data, id: expect.stringMatching(/^\d{15}$/) }, task);
  });
});

describe('@2captcha/captcha-solver error paths on the newer methods', () => {
  it('a parameter the client lets through empty → ERROR_BAD_PARAMETERS, no upstream call', async () => {
    expect(await rejectionCode(solver().amazonWaf({ pageurl, sitekey: 'S', iv: '', context: 'c' }))).toBe(
      'ERROR_BAD_PARAMETERS',
    );
    expect(env.fake.sent('createTask')).toEqual([]);
  });

  it('hunt without a proxy (the client allows it; 2captcha’s HuntTask needs one) → ERROR_BAD_PARAMETERS', async () => {
    expect(await rejectionCode(solver().hunt({ pageurl, apiGetLib: 'https://example.com/api.js' }))).toBe(
      'ERROR_BAD_PARAMETERS',
    );
  });

  it('a bad proxy string → ERROR_PROXY_FORMAT', async () => {
    expect(
      await rejectionCode(solver().tencent({ pageurl, appId: '1', proxy: 'not-a-proxy', proxytype: 'HTTP' })),
    ).toBe('ERROR_PROXY_FORMAT');
  });

  it('an unsolvable geetest → ERROR_CAPTCHA_UNSOLVABLE', async () => {
    env.fake.fate = () => ({ polls: 1, fail: 'ERROR_CAPTCHA_UNSOLVABLE' });
    expect(await rejectionCode(solver().geetest({ gt: 'g', challenge: 'c', pageurl }))).toBe(
      'ERROR_CAPTCHA_UNSOLVABLE',
    );
  });

  it('an unknown key on a JSON POST method → ERROR_KEY_DOES_NOT_EXIST', async () => {
    expect(await rejectionCode(solver(keys.unknown).text({ textcaptcha: 'q' }))).toBe('ERROR_KEY_DOES_NOT_EXIST');
  });

  it('a zero balance → ERROR_ZERO_BALANCE', async () => {
    expect(await rejectionCode(solver(keys.broke).rotate({ body: b64 }))).toBe('ERROR_ZERO_BALANCE');
  });

  it('a method the upstream lacks → ERROR_NO_SUCH_METHOD', async () => {
    env.fake.unsupported.add('TemuImageTask');
    expect(await rejectionCode(solver().temu({ body: b64, part1: b64, part2: b64, part3: b64 }))).toBe(
      'ERROR_NO_SUCH_METHOD',
    );
  });
});
