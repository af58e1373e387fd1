/**
 * @module
 * The answer table: a task type and its modern solution → the legacy answer (plain `OK|…` and
 * the json=1 `request` with its extras). Keyed by task family (the type without `Proxyless`),
 * so a proxied task answers like its proxyless twin.
 */
import type { Solution } from '../task/record.ts';
import { familyOf } from '../task/type.ts';
import { ok, type Answer } from './reply.ts';

/** Renders a solution, or undefined when the solution lacks what the type needs. */
export type Format = (s: Solution) => Answer | undefined;

/** A solution value as answer text. Blank is no answer: `OK|` would hand the client an empty token. */
const str = (v: unknown): string | undefined => {
  const s = typeof v === 'string' ? v.trim() : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
  return s === '' ? undefined : s;
};

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

/** An object answer: the object itself in json=1, compact JSON after `OK|` in plain text. */
export const object: Format = (s) => ok(JSON.stringify(s), s);

/** A token or text when the solution has one, else the solution as an object (also the answer for a type the table lacks). */
export const anyAnswer: Format = (s) => field([...tokenKeys, 'text'])(s) ?? object(s);

/** The first format that can render the solution. */
const either =
  (...formats: Format[]): Format =>
  (s) => {
    for (const f of formats) {
      const a = f(s);
      if (a) return a;
    }
    return undefined;
  };

interface Point {
  x: string;
  y: string;
}
/**
 * `{x, y}` with numeric or text coordinates, or anti-captcha's `[x, y]`
 * (ImageToCoordinatesTask), → `{x:"39", y:"59"}`, or undefined.
 */
function point(v: unknown): Point | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const { x, y } = (Array.isArray(v) ? { x: v[0], y: v[1] } : v) as Record<string, unknown>;
  const sx = str(x);
  const sy = str(y);
  return sx === undefined || sy === undefined ? undefined : { x: sx, y: sy };
}
function points(v: unknown): Point[] | undefined {
  if (!Array.isArray(v)) return undefined;
  const out = v.map(point);
  return out.every((p) => p !== undefined) ? (out as Point[]) : undefined;
}

/** Coordinates: `coordinates:x=39,y=59;x=252,y=72`; json=1 an array of `{x:"39",y:"59"}`. */
export const coordinates: Format = (s) => {
  const list = points(s.coordinates);
  if (!list) return undefined;
  return ok(`coordinates:${list.map((p) => `x=${p.x},y=${p.y}`).join(';')}`, list);
};

/** CapMonster's ComplexImageTask answer, one boolean per tile → the numbers (from 1) of the true ones. */
const tilesOf = (answer: unknown): unknown[] | undefined =>
  Array.isArray(answer) && answer.every((a) => typeof a === 'boolean')
    ? answer.flatMap((a, i) => (a ? [i + 1] : []))
    : undefined;

/**
 * Grid: `click:3/6/8` from the cell numbers (from 1), the same text in json=1. No cell at all
 * (allowed with `can_no_answer=1`) is 2captcha's `No_matching_images`.
 */
export const grid: Format = (s) => {
  const cells = Array.isArray(s.click) ? s.click.map(str) : tilesOf(s.answer)?.map(str);
  if (!cells || cells.some((c) => c === undefined)) return undefined;
  const text = cells.length === 0 ? 'No_matching_images' : `click:${cells.join('/')}`;
  return ok(text, text);
};

/** Canvas: `canvas:x,y,x,y;x,y,…` (one polygon per `;`); json=1 the polygons as point arrays. */
export const canvas: Format = (s) => {
  const polygons = Array.isArray(s.canvas) ? s.canvas.map(points) : undefined;
  if (!polygons || polygons.some((p) => p === undefined)) return undefined;
  const list = polygons as Point[][];
  return ok(`canvas:${list.map((poly) => poly.map((p) => `${p.x},${p.y}`).join(',')).join(';')}`, list);
};

/**
 * GeeTest: v3 answers with 2captcha's `geetest_*` keys (CaptchaSharp and friends require them);
 * v4 answers its five fields as they come.
 */
export const geetest: Format = (s) => {
  if ('captcha_output' in s || 'lot_number' in s) return object(s);
  const { challenge, validate, seccode } = s;
  if (challenge === undefined || validate === undefined || seccode === undefined) return undefined;
  return object({ geetest_challenge: challenge, geetest_validate: validate, geetest_seccode: seccode });
};

/** Bounding boxes: the boxes as JSON text, after `OK|` and as the json=1 string alike. */
export const boxes: Format = (s) => {
  const list = s.bounding_boxes ?? s.boxes;
  if (!Array.isArray(list)) return undefined;
  const text = JSON.stringify(list);
  return ok(text, text);
};

export const answers: Readonly<Record<string, Format>> = {
  ImageToTextTask: textAnswer,
  TextCaptchaTask: textAnswer,
  AudioTask: textAnswer,
  RecaptchaV2Task: token({ cookies: 'cookies' }),
  RecaptchaV2EnterpriseTask: token({ cookies: 'cookies' }),
  RecaptchaV3Task: token(),
  HCaptchaTask: token({ useragent: 'userAgent', respKey: 'respKey' }),
  TurnstileTask: token({ useragent: 'userAgent' }),
  FunCaptchaTask: token(),
  KeyCaptchaTask: token(),
  MtCaptchaTask: token(),
  FriendlyCaptchaTask: token(),
  CutCaptchaTask: token(),
  AtbCaptchaTask: token(),
  YandexSmartCaptchaTask: token(),
  AntiCyberSiAraTask: token(),
  ProsopoTask: token(),
  CaptchaFoxTask: token(),
  VKCaptchaTask: token(),
  AltchaTask: token(),
  BinanceTask: token(),
  YidunTask: token(),
  BasiliskTask: token(),
  HuntTask: token(),
  // Documented as tokens that may be JSON text; an object solution is answered as an object.
  AlibabaTask: anyAnswer,
  TspdTask: anyAnswer,
  GeeTestTask: geetest,
  AmazonTask: object,
  CapyTask: object,
  LeminTask: object,
  TencentTask: object,
  DataDomeSliderTask: field(['cookie']),
  GridTask: grid,
  CoordinatesTask: coordinates,
  DrawAroundTask: canvas,
  RotateTask: field(['rotate', 'angle']),
  BoundingBoxTask: either(boxes, anyAnswer),
  // Shapes not pinned down by 2captcha's docs: coordinates when given so, else as they come.
  TemuImageTask: either(coordinates, anyAnswer),
  VKCaptchaImageTask: anyAnswer,
  DragAndDropTask: anyAnswer,
};

/**
 * Families whose plain answer holds `|` by design (FunCaptcha and KeyCaptcha tokens, GeeTest
 * v3's seccode, several rotation angles): get2 answers them `OK|<answer>|<price>` as 2captcha
 * does, the price being the last field. Any other answer with a `|` would split get2's fields.
 */
const pipedFamilies: ReadonlySet<string> = new Set(['FunCaptchaTask', 'KeyCaptchaTask', 'GeeTestTask', 'RotateTask']);
export const pipedByDesign = (type: string): boolean => pipedFamilies.has(familyOf(type));

/** The legacy answer for a solved task. */
export function answerFor(type: string, solution: Solution): Answer | undefined {
  const family = familyOf(type);
  const format = Object.hasOwn(answers, family) ? answers[family]! : anyAnswer;
  return format(solution);
}
