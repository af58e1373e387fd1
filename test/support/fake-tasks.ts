/**
 * The task types the fake upstream knows: the fields each one requires and allows (with their
 * JSON types), and the solution it answers. The fake rejects anything else, so a test fails
 * when inres sends a field a real vendor would not take.
 */

export type Kind = 'string' | 'boolean' | 'number' | 'object';
export type Solution = Record<string, unknown>;

export interface FakeTaskType {
  required: Record<string, Kind>;
  optional?: Record<string, Kind>;
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
};

const recaptchaV2: FakeTaskType = {
  required: { websiteURL: 'string', websiteKey: 'string' },
  optional: {
    isInvisible: 'boolean', recaptchaDataSValue: 'string', userAgent: 'string', cookies: 'string', apiDomain: 'string',
  },
  solution: () => ({ gRecaptchaResponse: tokens.recaptcha, token: tokens.recaptcha }),
};
const recaptchaV2Enterprise: FakeTaskType = {
  required: { websiteURL: 'string', websiteKey: 'string' },
  optional: { isInvisible: 'boolean', enterprisePayload: 'object', userAgent: 'string', cookies: 'string', apiDomain: 'string' },
  solution: () => ({ gRecaptchaResponse: tokens.recaptcha }),
};
const hcaptcha: FakeTaskType = {
  required: { websiteURL: 'string', websiteKey: 'string' },
  optional: { isInvisible: 'boolean', enterprisePayload: 'object', userAgent: 'string' },
  solution: () => ({ gRecaptchaResponse: tokens.hcaptcha, token: tokens.hcaptcha, respKey: tokens.respKey, userAgent: tokens.userAgent }),
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

export const fakeTaskTypes: Record<string, FakeTaskType> = {
  RecaptchaV2TaskProxyless: recaptchaV2,
  RecaptchaV2Task: proxied(recaptchaV2),
  RecaptchaV2EnterpriseTaskProxyless: recaptchaV2Enterprise,
  RecaptchaV2EnterpriseTask: proxied(recaptchaV2Enterprise),
  RecaptchaV3TaskProxyless: {
    required: { websiteURL: 'string', websiteKey: 'string', minScore: 'number' },
    optional: { pageAction: 'string', isEnterprise: 'boolean', apiDomain: 'string' },
    solution: () => ({ gRecaptchaResponse: tokens.recaptcha }),
  },
  HCaptchaTaskProxyless: hcaptcha,
  HCaptchaTask: proxied(hcaptcha),
  TurnstileTaskProxyless: turnstile,
  TurnstileTask: proxied(turnstile),
  ImageToTextTask: {
    required: { body: 'string' },
    optional: {
      phrase: 'boolean', case: 'boolean', numeric: 'number', math: 'boolean', minLength: 'number', maxLength: 'number',
      comment: 'string', imgInstructions: 'string',
    },
    solution: () => ({ text: tokens.imageText }),
  },
};

const kindOf = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

/** Why a task would be refused, or undefined when the fake accepts it. */
export function checkTask(task: Record<string, unknown>): { code: string; http: number } | undefined {
  const spec = typeof task.type === 'string' && Object.hasOwn(fakeTaskTypes, task.type) ? fakeTaskTypes[task.type] : undefined;
  if (!spec) return { code: 'TASK_NOT_SUPPORTED', http: 400 };
  for (const [name, kind] of Object.entries(spec.required)) {
    if (kindOf(task[name]) !== kind) return { code: name === 'websiteURL' ? 'ERROR_PAGEURL' : 'ERROR_BAD_PARAMETERS', http: 400 };
  }
  for (const [name, value] of Object.entries(task)) {
    if (name === 'type' || name in spec.required) continue;
    const kind = spec.optional?.[name];
    if (!kind || kindOf(value) !== kind) return { code: 'ERROR_BAD_PARAMETERS', http: 400 };
  }
  return undefined;
}
