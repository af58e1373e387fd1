/**
 * The fake upstream's dialect modes: how each vendor spells task types and fields, issues ids,
 * fails tasks, says "not found" and takes reports, written from the vendors' documentation
 * (docs/dialects.md) independently of src/upstream/dialects.ts, so a wrong row fails a test.
 * The fake accepts a task only in its vendor's spelling.
 */
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { DialectName } from '../../src/upstream/dialects.ts';
import { checkTask, fakeTaskTypes, type FakeTaskType, type Kind, type Solution } from './fake-tasks.ts';

type Json = Record<string, unknown>;

interface VendorType {
  /** The vendor's name for the canonical type. */
  type?: string;
  /** Canonical field → vendor path (`metadata.action`). */
  rename?: Record<string, string>;
  /** Canonical fields the vendor does not take. */
  drop?: string[];
  /** The vendor takes no proxy for this type: the proxied twin goes as the proxyless one. */
  noProxy?: true;
  /** Another vendor type for a task whose `field` is true (the field itself is not sent). */
  when?: { field: string; type: string };
  /** Fields the vendor takes besides the canonical ones, or in another JSON type. */
  extra?: Record<string, Kind>;
  /** Fields the vendor requires that the canonical type has as optional. */
  require?: string[];
  /** The only values a field may take. */
  allowed?: Record<string, readonly unknown[]>;
  /** The vendor has no such type: the fake refuses it (TASK_NOT_SUPPORTED). */
  none?: true;
  /** Cookies as a list of `{name, value}`, not `name=value; …` text. */
  cookieList?: true;
}

interface Vendor {
  ids: 'uuid' | 'integer';
  /** The proxyType names the vendor lists; absent: any. */
  proxyTypes?: readonly string[];
  /** How getTaskResult fails a task: `status:"failed"` or a request error. */
  failure: 'status' | 'error';
  notFound: { code: string; http: number };
  /** Request errors come with HTTP 200 (anti-captcha family) or with their own status. */
  errorsAt200: boolean;
  proxy: 'fields' | 'string';
  /** createTask's answer besides `errorId` and `taskId`. */
  created: Json;
  types: Record<string, VendorType>;
  /** Report calls: which ones exist, whether each says bad, and the body they take. */
  reports: Record<string, { bad?: boolean; body: 'feedback' | 'taskId' }>;
  /** The calls the suite's reportbad + reportgood on a reCAPTCHA produce. */
  recaptchaReports: string[];
  /** Types of the vendor's own, with no canonical twin. */
  own?: Record<string, FakeTaskType>;
}

const turnstileAnti: VendorType = { rename: { data: 'cData', pagedata: 'chlPageData' } };
const turnstileCapMonster: VendorType = { rename: { action: 'pageAction', pagedata: 'pageData' } };
/**
 * minScore only as the queues 0.3, 0.7, 0.9, and required: anti-captcha.com/apidoc/task-types/RecaptchaV3TaskProxyless
 * ("can have one of the following values"), 2captcha.com/api-docs/recaptcha-v3 ("Required score value: 0.3, 0.7, 0.9").
 */
const scoreQueues: VendorType = { require: ['minScore'], allowed: { minScore: [0.3, 0.7, 0.9] } };
/** 2captcha's own recognition types, which the anti-captcha-shaped vendors do not list. */
const twoCaptchaImages = Object.fromEntries(
  [
    'GridTask',
    'DrawAroundTask',
    'BoundingBoxTask',
    'RotateTask',
    'DragAndDropTask',
    'AudioTask',
    'TextCaptchaTask',
    'VKCaptchaImageTask',
    'TemuImageTask',
  ].map((t) => [t, { none: true } as VendorType]),
);

/** Anti-Captcha's and CapMonster's GeeTest v4: `gt` is the captcha_id (their SDKs' v4 requests). */
const geetestGt: VendorType = {
  rename: { 'initParameters.captcha_id': 'gt', 'initParameters.risk_type': 'initParameters.riskType' },
};
const turnstileCapSolver: VendorType = {
  type: 'AntiTurnstileTaskProxyLess',
  rename: { action: 'metadata.action', data: 'metadata.cdata' },
  drop: ['pagedata'],
};

const vendors: Record<DialectName, Vendor> = {
  ucaptcha: {
    ids: 'uuid',
    failure: 'status',
    notFound: { code: 'ERROR_WRONG_CAPTCHA_ID', http: 404 },
    errorsAt200: false,
    proxy: 'fields',
    created: { status: 'processing' },
    types: {
      // ucaptcha.net/docs/tasks/recognition/image-coordinates
      CoordinatesTask: { type: 'ImageCoordinatesTask' },
    },
    reports: { feedbackTask: { body: 'feedback' } },
    recaptchaReports: ['feedbackTask', 'feedbackTask'],
  },
  anticaptcha: {
    ids: 'integer',
    failure: 'error',
    notFound: { code: 'ERROR_NO_SUCH_CAPCHA_ID', http: 200 },
    errorsAt200: true,
    proxy: 'fields',
    created: {},
    // anti-captcha.com/apidoc/task-types/GeeTestTask: "http: usual http/https proxy", socks4, socks5.
    proxyTypes: ['http', 'socks4', 'socks5'],
    types: {
      ...twoCaptchaImages,
      CoordinatesTask: { none: true },
      TurnstileTaskProxyless: turnstileAnti,
      TurnstileTask: turnstileAnti,
      ImageToTextTask: { extra: { languagePool: 'string' } },
      RecaptchaV3TaskProxyless: scoreQueues,
      GeeTestTaskProxyless: { ...geetestGt, require: ['gt'] },
      GeeTestTask: { ...geetestGt, require: ['gt'] },
    },
    reports: {
      reportIncorrectImageCaptcha: { bad: true, body: 'taskId' },
      reportIncorrectRecaptcha: { bad: true, body: 'taskId' },
      reportCorrectRecaptcha: { bad: false, body: 'taskId' },
      reportIncorrectHcaptcha: { bad: true, body: 'taskId' },
    },
    recaptchaReports: ['reportIncorrectRecaptcha', 'reportCorrectRecaptcha'],
  },
  capmonster: {
    ids: 'integer',
    failure: 'error',
    notFound: { code: 'ERROR_NO_SUCH_CAPCHA_ID', http: 200 },
    errorsAt200: true,
    proxy: 'fields',
    created: {},
    types: {
      ...twoCaptchaImages,
      CoordinatesTask: { none: true },
      // capmonstercloud-client TaskType: one TurnstileTask and one GeeTestTask, proxy or not.
      TurnstileTaskProxyless: { ...turnstileCapMonster, type: 'TurnstileTask' },
      TurnstileTask: turnstileCapMonster,
      GeeTestTaskProxyless: { ...geetestGt, type: 'GeeTestTask', require: ['gt'] },
      GeeTestTask: { ...geetestGt, require: ['gt'] },
      RecaptchaV3TaskProxyless: {
        drop: ['isEnterprise'],
        when: { field: 'isEnterprise', type: 'RecaptchaV3EnterpriseTask' },
      },
      // The SDK's requests name one type each, proxy or not; hCaptcha's rqdata is `data`.
      RecaptchaV2EnterpriseTaskProxyless: { type: 'RecaptchaV2EnterpriseTask' },
      HCaptchaTaskProxyless: {
        type: 'HCaptchaTask',
        rename: { 'enterprisePayload.rqdata': 'data' },
        extra: { data: 'string' },
      },
      HCaptchaTask: { rename: { 'enterprisePayload.rqdata': 'data' }, extra: { data: 'string' } },
      FunCaptchaTaskProxyless: { type: 'FunCaptchaTask' },
      AmazonTaskProxyless: { type: 'AmazonTask' },
      BinanceTaskProxyless: { type: 'BinanceTask' },
      ProsopoTaskProxyless: { type: 'ProsopoTask' },
      YidunTaskProxyless: { type: 'YidunTask' },
      MtCaptchaTaskProxyless: { type: 'MTCaptchaTask' },
      MtCaptchaTask: { type: 'MTCaptchaTask' },
      // CustomTask classes in the SDK (Basilisk, Altcha, TenDI, DataDome): not as the canonical types.
      ...Object.fromEntries(
        ['BasiliskTask', 'AltchaTask', 'TencentTask', 'DataDomeSliderTask'].flatMap((t) => [
          [t, { none: true }],
          [`${t}Proxyless`, { none: true }],
        ]),
      ),
      ImageToTextTask: {
        rename: { case: 'Case' },
        drop: ['phrase', 'minLength', 'maxLength', 'comment', 'imgInstructions'],
      },
    },
    reports: {
      reportIncorrectImageCaptcha: { bad: true, body: 'taskId' },
      reportIncorrectTokenCaptcha: { bad: true, body: 'taskId' },
    },
    recaptchaReports: ['reportIncorrectTokenCaptcha'],
    own: {
      // The SDK's ComplexImageRecaptchaRequest (class, imagesBase64, metadata {Grid, Task}) and
      // ComplexImageResponse (`answer`, one boolean per tile).
      ComplexImageTask: {
        required: { class: 'string', imagesBase64: 'array', metadata: 'object' },
        optional: { imageUrls: 'array', userAgent: 'string', websiteURL: 'string' },
        allowed: { class: ['recaptcha', 'hcaptcha', 'funcaptcha'] },
        solution: () => ({ answer: [false, false, true, false, false, true, false, true, false] }),
      },
    },
  },
  capsolver: {
    ids: 'uuid',
    failure: 'error',
    notFound: { code: 'ERROR_TASKID_INVALID', http: 400 },
    errorsAt200: false,
    proxy: 'string',
    created: { status: 'idle' },
    types: {
      ...twoCaptchaImages,
      CoordinatesTask: { none: true },
      // docs.capsolver.com/guide/api-how-to-use-cookies: a list of {name, value}.
      RecaptchaV2TaskProxyless: { type: 'ReCaptchaV2TaskProxyLess', extra: { cookies: 'array' }, cookieList: true },
      RecaptchaV2Task: { type: 'ReCaptchaV2Task', extra: { cookies: 'array' }, cookieList: true },
      RecaptchaV2EnterpriseTaskProxyless: {
        type: 'ReCaptchaV2EnterpriseTaskProxyLess',
        extra: { cookies: 'array' },
        cookieList: true,
      },
      RecaptchaV2EnterpriseTask: { type: 'ReCaptchaV2EnterpriseTask', extra: { cookies: 'array' }, cookieList: true },
      // The current task list (docs.capsolver.com) has neither hCaptcha nor FunCaptcha.
      HCaptchaTaskProxyless: { none: true },
      HCaptchaTask: { none: true },
      FunCaptchaTaskProxyless: { none: true },
      FunCaptchaTask: { none: true },
      // docs.capsolver.com/guide/captcha/Geetest: v4 as a top-level captchaId, no version, no initParameters.
      GeeTestTaskProxyless: {
        type: 'GeeTestTaskProxyLess',
        drop: ['initParameters', 'version'],
        extra: { captchaId: 'string' },
      },
      GeeTestTask: { drop: ['initParameters', 'version'], extra: { captchaId: 'string' } },
      RecaptchaV3TaskProxyless: {
        type: 'ReCaptchaV3TaskProxyLess',
        drop: ['isEnterprise'],
        when: { field: 'isEnterprise', type: 'ReCaptchaV3EnterpriseTaskProxyLess' },
      },
      TurnstileTaskProxyless: turnstileCapSolver,
      TurnstileTask: { ...turnstileCapSolver, noProxy: true },
      ImageToTextTask: { drop: ['phrase', 'numeric', 'math', 'minLength', 'maxLength', 'comment', 'imgInstructions'] },
    },
    reports: { feedbackTask: { body: 'feedback' } },
    recaptchaReports: ['feedbackTask', 'feedbackTask'],
  },
  '2captcha': {
    ids: 'integer',
    failure: 'error',
    notFound: { code: 'ERROR_NO_SUCH_CAPCHA_ID', http: 200 },
    errorsAt200: true,
    proxy: 'fields',
    created: {},
    types: { RecaptchaV3TaskProxyless: scoreQueues },
    reports: { reportIncorrect: { bad: true, body: 'taskId' }, reportCorrect: { bad: false, body: 'taskId' } },
    recaptchaReports: ['reportIncorrect', 'reportCorrect'],
  },
};

export const fakeDialectNames = Object.keys(vendors) as DialectName[];

const splitProxy = ['proxyType', 'proxyAddress', 'proxyPort', 'proxyLogin', 'proxyPassword'];

function placed(target: Json, path: string, value: unknown): void {
  const [head, ...rest] = path.split('.');
  if (rest.length === 0) target[head!] = value;
  else placed((target[head!] ??= {}) as Json, rest.join('.'), value);
}

/** A canonical task (or part of one) as this vendor receives it. */
function toVendor(vendor: Vendor, task: Json): Json {
  const canonical = typeof task.type === 'string' ? task.type : '';
  const rule = vendor.types[canonical] ?? {};
  const out: Json = {};
  if (task.type !== undefined)
    out.type = rule.when && task[rule.when.field] === true ? rule.when.type : (rule.type ?? canonical);
  const hasProxy = task.proxyAddress !== undefined || task.proxyType !== undefined;
  for (const [name, value] of Object.entries(task)) {
    if (name === 'type' || rule.drop?.includes(name)) continue;
    if (splitProxy.includes(name) && (vendor.proxy === 'string' || rule.noProxy)) continue;
    // `initParameters.captcha_id` → `gt`: renames inside an object field take its parts out.
    const inner = Object.entries(rule.rename ?? {}).filter(([from]) => from.startsWith(`${name}.`));
    if (inner.length > 0 && typeof value === 'object' && value !== null) {
      const rest: Json = { ...(value as Json) };
      for (const [from, to] of inner) {
        const key = from.slice(name.length + 1);
        if (key in rest) placed(out, to, rest[key]);
        delete rest[key];
      }
      if (Object.keys(rest).length > 0) out[name] = { ...(out[name] as Json | undefined), ...rest };
      continue;
    }
    const cookies =
      rule.cookieList && name === 'cookies' && typeof value === 'string'
        ? value.split('; ').map((pair) => ({ name: pair.split('=')[0], value: pair.slice(pair.indexOf('=') + 1) }))
        : value;
    placed(out, rule.rename?.[name] ?? name, cookies);
  }
  if (hasProxy && vendor.proxy === 'string' && !rule.noProxy) {
    const parts = [task.proxyType, task.proxyAddress, task.proxyPort];
    if (task.proxyLogin !== undefined) parts.push(task.proxyLogin, task.proxyPassword);
    out.proxy = parts.join(':');
  }
  return out;
}

/** The fake's table of one vendor's task types, derived from the canonical one. */
function vendorTypes(vendor: Vendor): Record<string, FakeTaskType> {
  const table: Record<string, FakeTaskType> = {};
  const fields = (spec: Record<string, Kind> | undefined, rule: VendorType): Record<string, Kind> => {
    const out: Record<string, Kind> = {};
    for (const [name, kind] of Object.entries(spec ?? {})) {
      if (rule.drop?.includes(name)) continue;
      if (splitProxy.includes(name) && (vendor.proxy === 'string' || rule.noProxy)) continue;
      const path = rule.rename?.[name] ?? name;
      out[path.split('.')[0]!] = path.includes('.') ? 'object' : kind;
    }
    return out;
  };
  for (const [canonical, spec] of Object.entries(fakeTaskTypes)) {
    const rule = vendor.types[canonical] ?? {};
    if (rule.none) continue;
    const name = rule.type ?? canonical;
    const required = fields(spec.required, rule);
    const optional = { ...fields(spec.optional, rule), ...rule.extra };
    const twin = table[name];
    if (twin) {
      // One vendor type for both twins (CapMonster's HCaptchaTask): the proxy fields become optional.
      if (!rule.noProxy)
        for (const [field, kind] of Object.entries({ ...required, ...optional }))
          if (!(field in twin.required)) twin.optional![field] = kind;
      continue;
    }
    for (const field of rule.require ?? []) {
      required[field] = optional[field]!;
      delete optional[field];
    }
    if (vendor.proxy === 'string' && 'proxyType' in spec.required && !rule.noProxy) required.proxy = 'string';
    const allowed = { ...rule.allowed, ...(vendor.proxyTypes && { proxyType: vendor.proxyTypes }) };
    table[name] = { required, optional, allowed, solution: spec.solution };
    if (rule.when) table[rule.when.type] = table[name];
  }
  return { ...table, ...vendor.own };
}

export interface FakeDialect {
  name: DialectName;
  /** A new task id, as the vendor issues them. */
  newId(): string | number;
  /** The map key of a task id sent back by a client, or undefined when its JSON type is wrong. */
  idKey(id: unknown): string | undefined;
  /** What a test expects in place of a task id the gateway sends back. */
  idMatcher: unknown;
  /** Why a vendor task would be refused, or undefined when the fake accepts it. */
  check(task: Json): { code: string; http: number } | undefined;
  solution(task: Json): Solution;
  /** The status a request error comes with. */
  errorStatus(http: number): number;
  notFound: { code: string; http: number };
  /** createTask's answer for a task still to be polled. */
  created(id: string | number): Json;
  /** getTaskResult's answer (status and body) for a task failed with `code`. */
  failed(code: string): { http: number; body: Json };
  /** Whether `call` is one of the vendor's report calls, and if so whether the body is right. */
  report(call: string, body: Json): 'no-such-call' | 'bad-body' | 'ok';
  /** A canonical task (or part of one) as this vendor receives it. */
  task(canonical: Json): Json;
  /** The report calls the end-to-end suite's reportbad then reportgood produce, as recorded. */
  recaptchaReports(clientKey: string): { call: string; body: Json }[];
}

export function fakeDialect(name: DialectName): FakeDialect {
  const vendor = vendors[name];
  const types = vendorTypes(vendor);
  let next = 72_345_678_901;
  const integer = vendor.ids === 'integer';
  const idMatcher = integer ? expect.any(Number) : expect.stringMatching(/^[0-9a-f-]{36}$/);
  return {
    name,
    newId: () => (integer ? next++ : randomUUID()),
    idKey: (id) => (typeof id === (integer ? 'number' : 'string') ? String(id) : undefined),
    idMatcher,
    check: (task) => checkTask(task, types),
    solution: (task) => types[task.type as string]!.solution(task),
    errorStatus: (http) => (vendor.errorsAt200 ? 200 : http),
    notFound: vendor.notFound,
    created: (id) => ({ errorId: 0, taskId: id, ...vendor.created }),
    failed: (code) =>
      vendor.failure === 'status'
        ? { http: 200, body: { errorId: 0, status: 'failed', errorCode: code, errorDescription: 'fake failure' } }
        : {
            http: vendor.errorsAt200 ? 200 : 400,
            body: { errorId: 12, errorCode: code, errorDescription: 'fake failure' },
          },
    report(call, body) {
      const spec = vendor.reports[call];
      if (!spec) return 'no-such-call';
      if (spec.body === 'taskId') return Object.keys(body).length === 2 ? 'ok' : 'bad-body';
      const result = body.result as Json | undefined;
      return typeof result?.invalid === 'boolean' && typeof result.message === 'string' ? 'ok' : 'bad-body';
    },
    task: (canonical) => toVendor(vendor, canonical),
    recaptchaReports: (clientKey) =>
      vendor.recaptchaReports.map((call, i) => ({
        call,
        body:
          vendor.reports[call]!.body === 'feedback'
            ? { clientKey, taskId: idMatcher, result: { invalid: i === 0, message: expect.any(String) } }
            : { clientKey, taskId: idMatcher },
      })),
  };
}
