/**
 * @module
 * The answer table: a task type and its modern solution → the legacy answer (plain `OK|…` and
 * the json=1 `request` with its extras). Keyed by task family (the type without `Proxyless`),
 * so a proxied task answers like its proxyless twin.
 */
import { ok, type Answer } from './reply.ts';

export type Solution = Record<string, unknown>;
/** Renders a solution, or undefined when the solution lacks what the type needs. */
export type Format = (s: Solution) => Answer | undefined;

const str = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;

/**
 * A string answer taken from the first solution field present, with json=1 extras copied from
 * solution fields (`{ useragent: 'userAgent' }` puts `solution.userAgent` at `useragent`).
 */
export function field(keys: readonly string[], extras: Readonly<Record<string, string>> = {}): Format {
  return (s) => {
    let value: string | undefined;
    for (const k of keys) {
      value = str(s[k]);
      if (value !== undefined) break;
    }
    if (value === undefined) return undefined;
    let more: Record<string, unknown> | undefined;
    for (const [to, from] of Object.entries(extras)) {
      const v = s[from];
      if (v !== undefined && v !== null) (more ??= {})[to] = v;
    }
    return ok(value, value, more);
  };
}

const tokenKeys = ['gRecaptchaResponse', 'token'];
export const token = (extras?: Readonly<Record<string, string>>): Format => field(tokenKeys, extras);
export const textAnswer: Format = field(['text']);

export const answers: Readonly<Record<string, Format>> = {
  ImageToTextTask: textAnswer,
  RecaptchaV2Task: token(),
  RecaptchaV2EnterpriseTask: token(),
  RecaptchaV3Task: token(),
  HCaptchaTask: token({ useragent: 'userAgent', respKey: 'respKey' }),
  TurnstileTask: token({ useragent: 'userAgent' }),
};

/** For a type the table lacks: a token or text if there is one, else the solution as JSON. */
const fallback: Format = (s) => field([...tokenKeys, 'text'])(s) ?? ok(JSON.stringify(s), s);

export const familyOf = (type: string): string => type.replace(/Proxyless$/i, '');

/** The legacy answer for a solved task. */
export function answerFor(type: string, solution: Solution): Answer | undefined {
  const family = familyOf(type);
  const format = Object.hasOwn(answers, family) ? answers[family]! : fallback;
  return format(solution);
}
