/**
 * @module
 * What DBC answers carry: a captcha (`captcha`, `text`, `is_correct`) from the core's outcome,
 * the user (balance in US cents), the service status. `text` is a string on every type, as
 * DBC's clients read it: the image text, the token, or JSON text for object solutions
 * (GeeTest, Capy, Amazon…), as CaptchaSharp parses them.
 */
import type { Outcome, Solution } from '../task/record.ts';
import type { AnswerKind } from './types.ts';

export type Fields = Record<string, string | number | boolean>;

const str = (v: unknown): string | undefined => {
  const s = typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : undefined;
  return s === '' ? undefined : s;
};

const first =
  (...keys: string[]) =>
  (s: Solution): string | undefined => {
    for (const k of keys) {
      const v = str(s[k]);
      if (v !== undefined) return v;
    }
    return undefined;
  };

/** `{x, y}` or anti-captcha's `[x, y]` → `[x, y]` numbers. */
function point(v: unknown): [number, number] | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const { x, y } = (Array.isArray(v) ? { x: v[0], y: v[1] } : v) as Record<string, unknown>;
  const px = Number(x);
  const py = Number(y);
  return x === undefined || y === undefined || !Number.isFinite(px) || !Number.isFinite(py) ? undefined : [px, py];
}

const asJson = (s: Solution): string | undefined => (Object.keys(s).length === 0 ? undefined : JSON.stringify(s));

/** One renderer per answer kind of the type table; undefined when the solution lacks what it needs. */
export const renderers: Readonly<Record<AnswerKind, (s: Solution) => string | undefined>> = {
  text: first('text'),
  token: first('gRecaptchaResponse', 'token'),
  cookie: first('cookie'),
  json: asJson,
  // DBC's coordinates API answers `[[x, y], …]`.
  points: (s) => {
    const list = Array.isArray(s.coordinates) ? s.coordinates.map(point) : undefined;
    return list && list.length > 0 && list.every((p) => p !== undefined) ? JSON.stringify(list) : undefined;
  },
  // DBC's image group answers the tile numbers (from 1) as a JSON array.
  cells: (s) =>
    Array.isArray(s.click) && s.click.every((c) => Number.isInteger(Number(c)))
      ? JSON.stringify(s.click.map(Number))
      : undefined,
  any: (s) => first('gRecaptchaResponse', 'token', 'text')(s) ?? asJson(s),
};

/**
 * A captcha as DBC answers it. Pending: empty `text`, `is_correct` 1 (clients poll while `text`
 * is empty; some refuse an upload whose `is_correct` is 0). Failed: empty `text`, `is_correct` 0,
 * which DBC's clients see as unsolved (most poll on until their own timeout).
 */
export function captchaFields(id: string, kind: AnswerKind, outcome: Outcome | undefined): Fields {
  const text = outcome && 'solution' in outcome ? renderers[kind](outcome.solution) : undefined;
  const failed = outcome !== undefined && text === undefined;
  return { status: 0, captcha: Number(id), text: text ?? '', is_correct: failed ? 0 : 1 };
}

/** USD → US cents, to a thousandth of a cent (no float noise: 0.07 → 7, not 7.000000000000001). */
export const cents = (usd: number): number => Math.round(usd * 100_000) / 1000;

/**
 * The account: `user` is 1 for any admitted credential (clients treat 0 as a failed login), and
 * `rate` 0: what a captcha costs is the upstream's to say, per task.
 */
export const userFields = (usd: number): Fields => ({
  status: 0,
  user: 1,
  rate: 0,
  balance: cents(usd),
  is_banned: false,
});

/** The service status: figures inres does not keep answer as zero. */
export const statusFields = (overloaded: boolean): Fields => ({
  status: 0,
  todays_accuracy: 0,
  solved_in: 0,
  is_service_overloaded: overloaded,
});
