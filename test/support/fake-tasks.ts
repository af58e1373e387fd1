/**
 * The task types the fake upstream knows: the fields each one requires and allows (with their
 * JSON types), and the solution it answers. The fake rejects anything else, so a test fails
 * when inres sends a field a real vendor would not take.
 */

export type Kind = 'string' | 'boolean' | 'number' | 'object' | 'array';
export type Solution = Record<string, unknown>;

export interface FakeTaskType {
  required: Record<string, Kind>;
  optional?: Record<string, Kind>;
  /** The only values a field may take (a vendor's minScore queues, its proxyType names). */
  allowed?: Record<string, readonly unknown[]>;
  solution: (task: Record<string, unknown>) => Solution;
}

const proxyRequired: Record<string, Kind> = { proxyType: 'string', proxyAddress: 'string', proxyPort: 'number' };
const proxyOptional: Record<string, Kind> = { proxyLogin: 'string', proxyPassword: 'string' };

export const tokens = {
  recaptcha: '03AGdBq25SxXT-pmSeBXjzScW-EiocHwwpwqtk1QXlJnGnUJCZrgjwLLdt7cb0',
  hcaptcha: 'P1_eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.hcaptcha-token',
  turnstile: '0.4uMMZZdSfsVM8vHkDaDaDaDaDaDaDaDaDaDaDaDa',
  userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/120.0 Safari/537.36',
  respKey: 'E0_eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.respkey',
  imageText: 'w8Kp3',
  /** A FunCaptcha token holds `|`: clients take everything after the first `OK|`. */
  funcaptcha:
    '3084f4a302b176cd7.96368058|r=ap-southeast-1|guitextcolor=%23FDD531|metabgclr=%23FFFFFF|surl=https%3A%2F%2Fclient-api.arkoselabs.com',
  keycaptcha:
    'e3a1c2b4d5|f6a7b8c9d0|https://backs.keycaptcha.com/swfs/ckc/5bded85426de3c57a7529a84bd0d4d08-|9ff29e0176e78eb7ba59314f92dbac1b|1',
  token: 'TOKEN-e0f1a2b3c4d5e6f7a8b9',
  text: 'Sunday',
  datadome: 'datadome=4ZXwCBlyHx9ktZhSnycMF; Max-Age=31536000; Domain=.example.com; Path=/; Secure; SameSite=Lax',
};

/** Canned object solutions, in the shapes 2captcha v2 documents. */
export const solutions = {
  geetest: { challenge: '1a2b3c4d5e6f', validate: '7a8b9c0d1e2f', seccode: '7a8b9c0d1e2f|jordan' },
  geetestV4: {
    captcha_id: 'e392e1d7fd421dc63325744d5a2b9c73',
    lot_number: '7f6d8a0c1b2e',
    pass_token: 'f4e5d6c7b8a9',
    gen_time: '1693924478',
    captcha_output: 'fFPVh7jZ2ThHdWq3Rc8b',
  },
  amazon: {
    captcha_voucher: 'eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.voucher',
    existing_token: 'f8ab5749-f916-4b1a-8b2c:EQoAf0APpGIKAAAA',
  },
  capy: {
    captchakey: 'PUZZLE_Abc1dEFghIJKLM2no34P56q7rStu8v',
    challengekey: 'qHAPtn68KTnXFM8VQ3mtYRtmy3cSKuHJ',
    answer: '0xax8ex0xax84x0xkx7qx0xux7qx0xux7qx0xux7qx0xux7qx',
  },
  lemin: {
    answer: '0xaxakx0xaxaqx0xax9ex0xax9kx0x9vx9kx0x9mx9gx0x9cx98x0x8sx8w',
    challenge_id: 'e0348984-92ec-23af-1488-446e3a58946c',
  },
  tencent: { appid: '190014885', ret: 0, ticket: 'tr03lHUhdnuW3neJZu.....', randstr: '@KVN' },
  coordinates: {
    coordinates: [
      { x: 39, y: 59 },
      { x: 252, y: 72 },
    ],
  },
  grid: { click: [3, 6, 8] },
  canvas: {
    canvas: [
      [
        { x: 10, y: 20 },
        { x: 30, y: 40 },
        { x: 50, y: 20 },
      ],
      [
        { x: 5, y: 5 },
        { x: 9, y: 9 },
      ],
    ],
  },
  rotate: { rotate: 40 },
  boundingBox: { bounding_boxes: [{ xMin: 559, xMax: 797, yMin: 164, yMax: 430 }] },
  temu: {
    coordinates: [
      { x: 155, y: 358 },
      { x: 152, y: 153 },
    ],
  },
  dragAndDrop: { text: '120,340|null|210,90' },
};

const recaptchaV2: FakeTaskType = {
  required: { websiteURL: 'string', websiteKey: 'string' },
  optional: {
    isInvisible: 'boolean',
    recaptchaDataSValue: 'string',
    userAgent: 'string',
    cookies: 'string',
    apiDomain: 'string',
  },
  solution: () => ({ gRecaptchaResponse: tokens.recaptcha, token: tokens.recaptcha }),
};
const recaptchaV2Enterprise: FakeTaskType = {
  required: { websiteURL: 'string', websiteKey: 'string' },
  optional: {
    isInvisible: 'boolean',
    enterprisePayload: 'object',
    userAgent: 'string',
    cookies: 'string',
    apiDomain: 'string',
  },
  solution: () => ({ gRecaptchaResponse: tokens.recaptcha }),
};
const hcaptcha: FakeTaskType = {
  required: { websiteURL: 'string', websiteKey: 'string' },
  optional: { isInvisible: 'boolean', enterprisePayload: 'object', userAgent: 'string' },
  solution: () => ({
    gRecaptchaResponse: tokens.hcaptcha,
    token: tokens.hcaptcha,
    respKey: tokens.respKey,
    userAgent: tokens.userAgent,
  }),
};
const turnstile: FakeTaskType = {
  required: { websiteURL: 'string', websiteKey: 'string' },
  optional: { action: 'string', data: 'string', pagedata: 'string', userAgent: 'string' },
  solution: () => ({ token: tokens.turnstile, userAgent: tokens.userAgent }),
};

/** A proxied twin: the proxyless fields plus the split proxy fields, all required but the login. */
function proxied(t: FakeTaskType): FakeTaskType {
  return { ...t, required: { ...t.required, ...proxyRequired }, optional: { ...t.optional, ...proxyOptional } };
}

const text = (value: string) => () => ({ text: value });
const token =
  (value = tokens.token) =>
  () => ({ token: value });
const fixed = (solution: Solution) => () => solution;

/** A proxyless type and its proxied twin (the name without `Proxyless`). */
function twins(proxyless: string, t: FakeTaskType): Record<string, FakeTaskType> {
  return { [proxyless]: t, [proxyless.replace(/Proxyless$/, '')]: proxied(t) };
}

/** A token type whose inputs are the page and a site key (plus `optional`). */
const siteToken = (
  optional: Record<string, Kind> = {},
  solution: FakeTaskType['solution'] = token(),
): FakeTaskType => ({ required: { websiteURL: 'string', websiteKey: 'string' }, optional, solution });

export const fakeTaskTypes: Record<string, FakeTaskType> = {
  ...twins('RecaptchaV2TaskProxyless', recaptchaV2),
  ...twins('RecaptchaV2EnterpriseTaskProxyless', recaptchaV2Enterprise),
  RecaptchaV3TaskProxyless: {
    required: { websiteURL: 'string', websiteKey: 'string' },
    optional: { minScore: 'number', pageAction: 'string', isEnterprise: 'boolean', apiDomain: 'string' },
    solution: () => ({ gRecaptchaResponse: tokens.recaptcha }),
  },
  ...twins('HCaptchaTaskProxyless', hcaptcha),
  ...twins('TurnstileTaskProxyless', turnstile),
  ...twins('FunCaptchaTaskProxyless', {
    required: { websiteURL: 'string', websitePublicKey: 'string' },
    optional: { funcaptchaApiJSSubdomain: 'string', data: 'string', userAgent: 'string' },
    solution: token(tokens.funcaptcha),
  }),
  // One type for v3 (gt, challenge) and v4 (version 4, initParameters); the solution follows.
  ...twins('GeeTestTaskProxyless', {
    required: { websiteURL: 'string' },
    optional: {
      gt: 'string',
      challenge: 'string',
      geetestApiServerSubdomain: 'string',
      userAgent: 'string',
      version: 'number',
      initParameters: 'object',
    },
    solution: (task) => (task.version === 4 ? solutions.geetestV4 : solutions.geetest),
  }),
  ...twins('AmazonTaskProxyless', {
    required: { websiteURL: 'string', websiteKey: 'string', iv: 'string', context: 'string' },
    optional: { challengeScript: 'string', captchaScript: 'string', jsapiScript: 'string' },
    solution: fixed(solutions.amazon),
  }),
  ...twins('CapyTaskProxyless', siteToken({ userAgent: 'string' }, fixed(solutions.capy))),
  ...twins('KeyCaptchaTaskProxyless', {
    required: {
      websiteURL: 'string',
      s_s_c_user_id: 'string',
      s_s_c_session_id: 'string',
      s_s_c_web_server_sign: 'string',
      s_s_c_web_server_sign2: 'string',
    },
    solution: token(tokens.keycaptcha),
  }),
  ...twins('LeminTaskProxyless', {
    required: { websiteURL: 'string', captchaId: 'string', divId: 'string' },
    optional: { leminApiServerSubdomain: 'string', userAgent: 'string' },
    solution: fixed(solutions.lemin),
  }),
  ...twins('MtCaptchaTaskProxyless', siteToken()),
  ...twins(
    'FriendlyCaptchaTaskProxyless',
    siteToken({ version: 'string', moduleScript: 'string', nomoduleScript: 'string' }),
  ),
  ...twins('CutCaptchaTaskProxyless', {
    required: { websiteURL: 'string', miseryKey: 'string', apiKey: 'string' },
    solution: token(),
  }),
  ...twins('TencentTaskProxyless', {
    required: { websiteURL: 'string', appId: 'string' },
    optional: { captchaScript: 'string' },
    solution: fixed(solutions.tencent),
  }),
  DataDomeSliderTask: proxied({
    required: { websiteURL: 'string', captchaUrl: 'string', userAgent: 'string' },
    solution: () => ({ cookie: tokens.datadome }),
  }),
  ...twins('AtbCaptchaTaskProxyless', {
    required: { websiteURL: 'string', appId: 'string', apiServer: 'string' },
    solution: token(),
  }),
  ...twins('YandexSmartCaptchaTaskProxyless', siteToken({ userAgent: 'string', cookies: 'string' })),
  ...twins('AntiCyberSiAraTaskProxyless', {
    required: { websiteURL: 'string', SlideMasterUrlId: 'string', userAgent: 'string' },
    solution: token(),
  }),
  ...twins('ProsopoTaskProxyless', siteToken()),
  CaptchaFoxTask: proxied({
    required: { websiteURL: 'string', websiteKey: 'string', userAgent: 'string' },
    optional: { apiServer: 'string' },
    solution: token(),
  }),
  VKCaptchaTask: proxied({ required: { redirectUri: 'string', userAgent: 'string' }, solution: token() }),
  ...twins('AltchaTaskProxyless', {
    required: { websiteURL: 'string' },
    optional: { challengeURL: 'string', challengeJSON: 'string' },
    solution: token(),
  }),
  ...twins('BinanceTaskProxyless', {
    required: { websiteURL: 'string', websiteKey: 'string', validateId: 'string' },
    optional: { userAgent: 'string' },
    solution: token(),
  }),
  ...twins(
    'YidunTaskProxyless',
    siteToken({
      userAgent: 'string',
      yidunGetLib: 'string',
      yidunApiServerSubdomain: 'string',
      challenge: 'string',
      hcg: 'string',
      hct: 'number',
    }),
  ),
  HuntTask: proxied({
    required: { websiteURL: 'string', apiGetLib: 'string' },
    optional: { data: 'string', userAgent: 'string' },
    solution: token(),
  }),
  ...twins('AlibabaTaskProxyless', {
    required: { websiteURL: 'string', sceneId: 'string', prefix: 'string' },
    optional: {
      userId: 'string',
      userUserId: 'string',
      verifyType: 'string',
      region: 'string',
      userCertifyId: 'string',
      apiGetLib: 'string',
      userAgent: 'string',
    },
    solution: token(),
  }),
  TspdTask: proxied({
    required: { websiteURL: 'string', tspdCookie: 'string', htmlPageBase64: 'string' },
    optional: { userAgent: 'string' },
    solution: token(),
  }),
  ...twins('BasiliskTaskProxyless', siteToken({ userAgent: 'string' })),

  ImageToTextTask: {
    required: { body: 'string' },
    optional: {
      phrase: 'boolean',
      case: 'boolean',
      numeric: 'number',
      math: 'boolean',
      minLength: 'number',
      maxLength: 'number',
      comment: 'string',
      imgInstructions: 'string',
    },
    solution: () => ({ text: tokens.imageText }),
  },
  TextCaptchaTask: { required: { comment: 'string' }, solution: text(tokens.text) },
  GridTask: {
    required: { body: 'string' },
    optional: {
      rows: 'number',
      columns: 'number',
      comment: 'string',
      imgInstructions: 'string',
      previousId: 'string',
      imgType: 'string',
      minClicks: 'number',
      maxClicks: 'number',
      canNoAnswer: 'number',
    },
    solution: fixed(solutions.grid),
  },
  // Anti-Captcha's type (the SDK's solveImageToCoordinates): body, comment, mode; `[x, y]` pairs.
  ImageToCoordinatesTask: {
    required: { body: 'string', mode: 'string' },
    optional: { comment: 'string' },
    solution: () => ({
      coordinates: [
        [39, 59],
        [252, 72],
      ],
    }),
  },
  CoordinatesTask: {
    required: { body: 'string' },
    optional: { comment: 'string', imgInstructions: 'string', minClicks: 'number', maxClicks: 'number' },
    solution: fixed(solutions.coordinates),
  },
  DrawAroundTask: {
    required: { body: 'string' },
    optional: { comment: 'string', imgInstructions: 'string' },
    solution: fixed(solutions.canvas),
  },
  RotateTask: {
    required: { body: 'string' },
    optional: { angle: 'number', comment: 'string', imgInstructions: 'string' },
    solution: fixed(solutions.rotate),
  },
  BoundingBoxTask: {
    required: { body: 'string' },
    optional: { comment: 'string', imgInstructions: 'string', canNoAnswer: 'number' },
    solution: fixed(solutions.boundingBox),
  },
  DragAndDropTask: {
    required: { background: 'string', images: 'array' },
    optional: { comment: 'string' },
    solution: fixed(solutions.dragAndDrop),
  },
  AudioTask: { required: { body: 'string', lang: 'string' }, solution: text(tokens.text) },
  VKCaptchaImageTask: { required: { image: 'string', steps: 'array' }, solution: token() },
  TemuImageTask: { required: { image: 'string', parts: 'array' }, solution: fixed(solutions.temu) },
};

const kindOf = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

/** Why a task would be refused, or undefined when the fake accepts it. */
export function checkTask(
  task: Record<string, unknown>,
  table: Record<string, FakeTaskType> = fakeTaskTypes,
): { code: string; http: number } | undefined {
  const spec = typeof task.type === 'string' && Object.hasOwn(table, task.type) ? table[task.type] : undefined;
  if (!spec) return { code: 'TASK_NOT_SUPPORTED', http: 400 };
  for (const [name, kind] of Object.entries(spec.required)) {
    if (kindOf(task[name]) !== kind)
      return { code: name === 'websiteURL' ? 'ERROR_PAGEURL' : 'ERROR_BAD_PARAMETERS', http: 400 };
  }
  for (const [name, value] of Object.entries(task)) {
    if (name === 'type' || name in spec.required) continue;
    const kind = spec.optional?.[name];
    if (!kind || kindOf(value) !== kind) return { code: 'ERROR_BAD_PARAMETERS', http: 400 };
  }
  for (const [name, values] of Object.entries(spec.allowed ?? {})) {
    if (name in task && !values.includes(task[name])) return { code: 'ERROR_BAD_PARAMETERS', http: 400 };
  }
  return undefined;
}
