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
  /** Task fields the vendor names differently: canonical name → vendor path (`metadata.action`). */
  rename?: Readonly<Record<string, string>>;
  /** Task fields the vendor does not take. */
  drop?: readonly string[];
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

export const dialects = {
  /** uCaptcha: UUID ids, `status:"failed"` tasks, one `feedbackTask` for every type. */
  ucaptcha: {
    taskId: 'string',
    taskFailures: [],
    extras: { callbackUrl: 'request' },
    proxy: 'fields',
    types: {},
    reports: { '*': { bad: 'feedbackTask', good: 'feedbackTask' } },
    reportBody: 'feedback',
  },
  /** Anti-Captcha: integer ids, failures as request errors, per-type reports, languagePool in the image task. */
  anticaptcha: {
    taskId: 'integer',
    taskFailures: antiGateFailures,
    extras: { ...antiGateExtras, languagePool: 'task' },
    proxy: 'fields',
    types: {
      TurnstileTaskProxyless: { rename: { data: 'cData', pagedata: 'chlPageData' } },
      TurnstileTask: { rename: { data: 'cData', pagedata: 'chlPageData' } },
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
  /** CapMonster Cloud: anti-captcha's shape, its own Turnstile names, token reports, no softId. */
  capmonster: {
    taskId: 'integer',
    taskFailures: antiGateFailures,
    extras: { callbackUrl: 'request' },
    proxy: 'fields',
    types: {
      TurnstileTaskProxyless: { rename: { action: 'pageAction', pagedata: 'pageData' } },
      TurnstileTask: { rename: { action: 'pageAction', pagedata: 'pageData' } },
      ImageToTextTask: { drop: ['phrase', 'minLength', 'maxLength', 'comment', 'imgInstructions'] },
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
    types: {
      RecaptchaV2TaskProxyless: { type: 'ReCaptchaV2TaskProxyLess' },
      RecaptchaV2Task: { type: 'ReCaptchaV2Task' },
      RecaptchaV2EnterpriseTaskProxyless: { type: 'ReCaptchaV2EnterpriseTaskProxyLess' },
      RecaptchaV2EnterpriseTask: { type: 'ReCaptchaV2EnterpriseTask' },
      RecaptchaV3TaskProxyless: {
        type: 'ReCaptchaV3TaskProxyLess',
        switch: { field: 'isEnterprise', value: true, type: 'ReCaptchaV3EnterpriseTaskProxyLess' },
        drop: ['minScore', 'isEnterprise'],
      },
      HCaptchaTaskProxyless: { type: 'HCaptchaTaskProxyLess' },
      HCaptchaTask: { type: 'HCaptchaTask' },
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
    types: {},
    reports: { '*': { bad: 'reportIncorrect', good: 'reportCorrect' } },
    reportBody: 'taskId',
  },
} as const satisfies Record<string, Dialect>;

export type DialectName = keyof typeof dialects;
export const dialectNames = Object.keys(dialects) as [DialectName, ...DialectName[]];
