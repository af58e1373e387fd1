/**
 * @module
 * The dialect table: what differs between modern vendors that share createTask/getTaskResult.
 * The client (`translate.ts` and `client.ts`) reads one row; adding a vendor is adding a row.
 * Every difference relied on here is recorded, with its source, in docs/dialects.md.
 */

/** How one canonical task type (anti-captcha / 2captcha v2 spelling) travels to a vendor. */
export interface TypeRule {
  /** The vendor's spelling of the type. */
  type?: string;
  /** The type to use instead when a task field has this value (the field is then dropped). */
  switch?: { field: string; value: unknown; type: string };
  /**
   * Task fields the vendor names differently: canonical path (`initParameters.captcha_id`) →
   * vendor path (`metadata.action`).
   */
  rename?: Readonly<Record<string, string>>;
  /** Task fields sent twice: canonical path → a second vendor path that gets the same value. */
  copy?: Readonly<Record<string, string>>;
  /** Task fields the vendor does not take. */
  drop?: readonly string[];
  /** Fields the vendor's type needs that the canonical one has not (`mode: "points"`). */
  fixed?: Readonly<Record<string, unknown>>;
  /** A score the vendor takes only as queues: the next queue up from the request, the first when none. */
  queue?: { field: string; steps: readonly [number, ...number[]] };
  /** Task fields (vendor names) whose value the vendor writes another way (`conversions` in translate.ts). */
  convert?: Readonly<Record<string, 'cookieList' | 'list'>>;
  /** Vendor fields made from several canonical ones (`builders` in translate.ts). */
  build?: Readonly<Record<string, 'gridSize'>>;
  /** The vendor has no such type: the router refuses the task before any call (ERROR_NO_SUCH_METHOD). */
  none?: true;
}

/** The report calls for one task family (or `*`, every family without its own entry). */
export interface ReportCalls {
  bad?: string;
  good?: string;
}

export interface Dialect {
  /** Task ids: UUID strings, or integers that must go back as JSON numbers. */
  taskId: 'string' | 'integer';
  /**
   * Request-error codes (`errorId` ≠ 0) that getTaskResult uses for a task that failed for
   * good, as the anti-captcha family does instead of `status:"failed"`: the failure becomes the
   * task's outcome and is kept, where other request errors are answered and not kept.
   */
  taskFailures: readonly string[];
  /** Extras (`@name` fields of the method table) the vendor takes, and where they go. */
  extras: Readonly<Record<string, 'request' | 'task'>>;
  /** Proxies as the split fields, or as one `type:host:port[:login:password]` string. */
  proxy: 'fields' | 'string';
  /** Proxy types the vendor spells otherwise (anti-captcha's `http` covers https proxies). */
  proxyTypes: Readonly<Record<string, string>>;
  /** Per canonical type; a type without a rule goes as it is. */
  types: Readonly<Record<string, TypeRule>>;
  /** Report calls by task family (the type without `Proxyless`); a missing call records nothing. */
  reports: Readonly<Record<string, ReportCalls>>;
  /** The report body: `feedback` is `{taskId, result:{invalid, message}}`, `taskId` just the id. */
  reportBody: 'feedback' | 'taskId';
}

/** How anti-captcha and its clones fail a task on getTaskResult (errors.md, legacy-reference §5.2). */
const antiGateFailures = [
  'ERROR_CAPTCHA_UNSOLVABLE',
  'ERROR_RECAPTCHA_TIMEOUT',
  'ERROR_RECAPTCHA_OLD_BROWSER',
  'ERROR_RECAPTCHA_INVALID_SITEKEY',
  'ERROR_RECAPTCHA_INVALID_DOMAIN',
  'ERROR_TOKEN_EXPIRED',
  'ERROR_RECAPTCHA_STOKEN_EXPIRED',
  'ERROR_BAD_DUPLICATES',
  'ERROR_CAPTCHAIMAGE_BLOCKED',
  'ERROR_PROXY_CONNECT_REFUSED',
  'ERROR_PROXY_CONNECT_TIMEOUT',
  'ERROR_PROXY_READ_TIMEOUT',
  'ERROR_PROXY_BANNED',
  'ERROR_PROXY_TRANSPARENT',
  'ERROR_PROXY_HAS_NO_IMAGE_SUPPORT',
  'ERROR_PROXY_INCOMPATIBLE_HTTP_VERSION',
  'ERROR_PROXY_NOT_AUTHORISED',
  'ERROR_FAILED_LOADING_WIDGET',
] as const;

const antiGateExtras = { softId: 'request', callbackUrl: 'request', languagePool: 'request' } as const;

/**
 * 2captcha's own recognition types, which the anti-captcha-shaped vendors below do not list
 * (their task-type pages, and for CapMonster its SDK's `TaskType`): refused before any call.
 */
const twoCaptchaOnlyImages = {
  GridTask: { none: true },
  DrawAroundTask: { none: true },
  BoundingBoxTask: { none: true },
  RotateTask: { none: true },
  DragAndDropTask: { none: true },
  AudioTask: { none: true },
  TextCaptchaTask: { none: true },
  VKCaptchaImageTask: { none: true },
  TemuImageTask: { none: true },
} as const satisfies Record<string, TypeRule>;

/** CapMonster's CustomTask classes (its SDK's Basilisk, Altcha, TenDI and DataDome requests), both twins. */
const customTasks = Object.fromEntries(
  ['BasiliskTask', 'AltchaTask', 'TencentTask', 'DataDomeSliderTask']
    .flatMap((t) => [t, `${t}Proxyless`])
    .map((t): [string, TypeRule] => [t, { none: true }]),
);

/**
 * GeeTest v4 the anti-captcha way: `gt` holds the captcha_id, extras such as `riskType` stay in
 * `initParameters` (anti-captcha's SDK `solveGeeTestV4Proxyless`, CapMonster's `GeeTestRequest`).
 */
const geetestGt = {
  rename: { 'initParameters.captcha_id': 'gt', 'initParameters.risk_type': 'initParameters.riskType' },
};

/** anti-captcha and 2captcha v2 take `minScore` only as the queues 0.3, 0.7, 0.9 (their v3 pages). */
const scoreQueues: TypeRule = { queue: { field: 'minScore', steps: [0.3, 0.7, 0.9] } };

/** CapSolver's cookies are a list of `{name, value}` (docs.capsolver.com/guide/api-how-to-use-cookies). */
const cookieList: TypeRule = { convert: { cookies: 'cookieList' } };

export const dialects = {
  /**
   * uCaptcha: UUID ids, `status:"failed"` tasks, one `feedbackTask` for every type. GeeTest v4
   * is undocumented there: `gt` and `initParameters.captcha_id` both go, so either reading works.
   */
  ucaptcha: {
    taskId: 'string',
    taskFailures: [],
    extras: { callbackUrl: 'request' },
    proxy: 'fields',
    proxyTypes: {},
    types: {
      GeeTestTaskProxyless: { copy: { 'initParameters.captcha_id': 'gt' } },
      GeeTestTask: { copy: { 'initParameters.captcha_id': 'gt' } },
      // ucaptcha.net/docs/tasks/recognition/image-coordinates
      CoordinatesTask: { type: 'ImageCoordinatesTask' },
    },
    reports: { '*': { bad: 'feedbackTask', good: 'feedbackTask' } },
    reportBody: 'feedback',
  },
  /** Anti-Captcha: integer ids, failures as request errors, per-type reports, languagePool in the image task. */
  anticaptcha: {
    taskId: 'integer',
    taskFailures: antiGateFailures,
    extras: { ...antiGateExtras, languagePool: 'task' },
    proxy: 'fields',
    // "http: usual http/https proxy", socks4, socks5 (anti-captcha.com/apidoc/task-types/GeeTestTask).
    proxyTypes: { https: 'http' },
    types: {
      ...twoCaptchaOnlyImages,
      TurnstileTaskProxyless: { rename: { data: 'cData', pagedata: 'chlPageData' } },
      TurnstileTask: { rename: { data: 'cData', pagedata: 'chlPageData' } },
      RecaptchaV3TaskProxyless: scoreQueues,
      GeeTestTaskProxyless: geetestGt,
      GeeTestTask: geetestGt,
      // The SDK's solveImageToCoordinates: body, comment, mode; the solution is `[[x, y], …]`.
      CoordinatesTask: {
        type: 'ImageToCoordinatesTask',
        fixed: { mode: 'points' },
        drop: ['imgInstructions', 'minClicks', 'maxClicks'],
      },
    },
    reports: {
      ImageToTextTask: { bad: 'reportIncorrectImageCaptcha' },
      RecaptchaV2Task: { bad: 'reportIncorrectRecaptcha', good: 'reportCorrectRecaptcha' },
      RecaptchaV2EnterpriseTask: { bad: 'reportIncorrectRecaptcha', good: 'reportCorrectRecaptcha' },
      RecaptchaV3Task: { bad: 'reportIncorrectRecaptcha', good: 'reportCorrectRecaptcha' },
      HCaptchaTask: { bad: 'reportIncorrectHcaptcha' },
    },
    reportBody: 'taskId',
  },
  /**
   * CapMonster Cloud: anti-captcha's shape, its own Turnstile names, token reports, no softId.
   * Its SDK (`TaskType`) has one GeeTest and one Turnstile type, proxy or not, and its own v3 Enterprise type.
   */
  capmonster: {
    taskId: 'integer',
    taskFailures: antiGateFailures,
    extras: { callbackUrl: 'request' },
    proxy: 'fields',
    proxyTypes: {},
    types: {
      ...twoCaptchaOnlyImages,
      // No coordinates type (the SDK's TaskType, the task pages).
      CoordinatesTask: { none: true },
      // The SDK sends these as CustomTask with a `class` and its own metadata, which inres does not build.
      ...customTasks,
      // The SDK's requests: one type each, proxy or not, and MTCaptcha capitalised.
      RecaptchaV2EnterpriseTaskProxyless: { type: 'RecaptchaV2EnterpriseTask' },
      HCaptchaTaskProxyless: { type: 'HCaptchaTask', rename: { 'enterprisePayload.rqdata': 'data' } },
      HCaptchaTask: { rename: { 'enterprisePayload.rqdata': 'data' } },
      FunCaptchaTaskProxyless: { type: 'FunCaptchaTask' },
      AmazonTaskProxyless: { type: 'AmazonTask' },
      BinanceTaskProxyless: { type: 'BinanceTask' },
      ProsopoTaskProxyless: { type: 'ProsopoTask' },
      YidunTaskProxyless: { type: 'YidunTask' },
      MtCaptchaTaskProxyless: { type: 'MTCaptchaTask' },
      MtCaptchaTask: { type: 'MTCaptchaTask' },
      // Grids are ComplexImageTask class recaptcha: the image in `imagesBase64`, `metadata.Grid`
      // ("3x3") and `metadata.Task` (the SDK's ComplexImageRecaptchaRequest); one boolean per tile back.
      GridTask: {
        type: 'ComplexImageTask',
        build: { 'metadata.Grid': 'gridSize' },
        rename: { body: 'imagesBase64', comment: 'metadata.Task' },
        convert: { imagesBase64: 'list' },
        drop: ['rows', 'columns', 'imgInstructions', 'minClicks', 'maxClicks', 'previousId', 'canNoAnswer', 'imgType'],
        fixed: { class: 'recaptcha' },
      },
      TurnstileTaskProxyless: { type: 'TurnstileTask', rename: { action: 'pageAction', pagedata: 'pageData' } },
      TurnstileTask: { rename: { action: 'pageAction', pagedata: 'pageData' } },
      RecaptchaV3TaskProxyless: {
        switch: { field: 'isEnterprise', value: true, type: 'RecaptchaV3EnterpriseTask' },
        drop: ['isEnterprise'],
      },
      GeeTestTaskProxyless: { type: 'GeeTestTask', ...geetestGt },
      GeeTestTask: geetestGt,
      // The SDK's ImageToTextRequest sends `Case`, capitalised.
      ImageToTextTask: {
        rename: { case: 'Case' },
        drop: ['phrase', 'minLength', 'maxLength', 'comment', 'imgInstructions'],
      },
    },
    reports: {
      ImageToTextTask: { bad: 'reportIncorrectImageCaptcha' },
      RecaptchaV2Task: { bad: 'reportIncorrectTokenCaptcha' },
      RecaptchaV2EnterpriseTask: { bad: 'reportIncorrectTokenCaptcha' },
      RecaptchaV3Task: { bad: 'reportIncorrectTokenCaptcha' },
      HCaptchaTask: { bad: 'reportIncorrectTokenCaptcha' },
      TurnstileTask: { bad: 'reportIncorrectTokenCaptcha' },
    },
    reportBody: 'taskId',
  },
  /** CapSolver: UUID ids, `…ProxyLess` spellings, one proxy string, synchronous images, feedbackTask. */
  capsolver: {
    taskId: 'string',
    taskFailures: ['ERROR_CAPTCHA_SOLVE_FAILED', 'ERROR_CAPTCHA_UNSOLVABLE', 'ERROR_TASK_TIMEOUT'],
    extras: { callbackUrl: 'request' },
    proxy: 'string',
    proxyTypes: {},
    types: {
      ...twoCaptchaOnlyImages,
      CoordinatesTask: { none: true },
      RecaptchaV2TaskProxyless: { type: 'ReCaptchaV2TaskProxyLess', ...cookieList },
      RecaptchaV2Task: { type: 'ReCaptchaV2Task', ...cookieList },
      RecaptchaV2EnterpriseTaskProxyless: { type: 'ReCaptchaV2EnterpriseTaskProxyLess', ...cookieList },
      RecaptchaV2EnterpriseTask: { type: 'ReCaptchaV2EnterpriseTask', ...cookieList },
      // minScore 0.1–0.9, optional (docs.capsolver.com/guide/captcha/ReCaptchaV3): as it came.
      RecaptchaV3TaskProxyless: {
        type: 'ReCaptchaV3TaskProxyLess',
        switch: { field: 'isEnterprise', value: true, type: 'ReCaptchaV3EnterpriseTaskProxyLess' },
        drop: ['isEnterprise'],
      },
      // CapSolver's current task list has neither hCaptcha nor FunCaptcha.
      HCaptchaTaskProxyless: { none: true },
      HCaptchaTask: { none: true },
      FunCaptchaTaskProxyless: { none: true },
      FunCaptchaTask: { none: true },
      // docs.capsolver.com/guide/captcha/Geetest: v4 is a top-level `captchaId`, no version field.
      GeeTestTaskProxyless: {
        type: 'GeeTestTaskProxyLess',
        rename: { 'initParameters.captcha_id': 'captchaId' },
        drop: ['initParameters', 'version'],
      },
      GeeTestTask: { rename: { 'initParameters.captcha_id': 'captchaId' }, drop: ['initParameters', 'version'] },
      TurnstileTaskProxyless: {
        type: 'AntiTurnstileTaskProxyLess',
        rename: { action: 'metadata.action', data: 'metadata.cdata' },
        drop: ['pagedata'],
      },
      // CapSolver's Turnstile task takes no proxy: the proxied twin goes proxyless.
      TurnstileTask: {
        type: 'AntiTurnstileTaskProxyLess',
        rename: { action: 'metadata.action', data: 'metadata.cdata' },
        drop: ['pagedata', 'proxy'],
      },
      ImageToTextTask: { drop: ['phrase', 'numeric', 'math', 'minLength', 'maxLength', 'comment', 'imgInstructions'] },
    },
    reports: { '*': { bad: 'feedbackTask', good: 'feedbackTask' } },
    reportBody: 'feedback',
  },
  /** 2captcha API v2: anti-captcha's shape and spellings, one reportCorrect/reportIncorrect for all. */
  '2captcha': {
    taskId: 'integer',
    taskFailures: antiGateFailures,
    extras: antiGateExtras,
    proxy: 'fields',
    proxyTypes: {},
    types: { RecaptchaV3TaskProxyless: scoreQueues },
    reports: { '*': { bad: 'reportIncorrect', good: 'reportCorrect' } },
    reportBody: 'taskId',
  },
} as const satisfies Record<string, Dialect>;

export type DialectName = keyof typeof dialects;
export const dialectNames = Object.keys(dialects) as [DialectName, ...DialectName[]];
