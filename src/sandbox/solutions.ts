/**
 * @module
 * The sandbox's solutions: per task family (the type without `Proxyless`), a well-formed
 * solution of the shape `legacy/answers.ts` renders, obviously fake (`SANDBOX…`) and drawn from
 * a seed, so the same task always gets the same solution.
 */

type Solution = Record<string, unknown>;

/** Deterministic values from one seed: `text(n)` a fake string, `num(n, mod)` a small number. */
export interface Draw {
  text(n: number): string;
  num(n: number, mod: number): number;
}

/** FNV-1a over a string: the seed of a task. */
export function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

export function draw(seed: number): Draw {
  const at = (n: number) => hash32(`${seed}:${n}`);
  return {
    text: (n) => `SANDBOX-${at(n).toString(16).padStart(8, '0')}`,
    num: (n, mod) => (at(n) % mod) + 1,
  };
}

const ua = 'Mozilla/5.0 (sandbox) inres';
const token = (d: Draw): Solution => ({ token: d.text(0) });
const gToken = (d: Draw): Solution => ({ gRecaptchaResponse: d.text(0) });
const text = (d: Draw): Solution => ({ text: d.text(0) });
const point = (d: Draw, n: number) => ({ x: d.num(n, 300), y: d.num(n + 1, 200) });

/** Makes a solution; `v4` is set for a GeeTest v4 task (`version: 4`). */
type Maker = (d: Draw, v4: boolean) => Solution;

/** Solution makers by family; a family not here gets a token (what `anyAnswer` renders). */
export const solutions: Readonly<Record<string, Maker>> = {
  ImageToTextTask: text,
  TextCaptchaTask: text,
  AudioTask: text,
  RecaptchaV2Task: gToken,
  RecaptchaV2EnterpriseTask: gToken,
  RecaptchaV3Task: gToken,
  HCaptchaTask: (d) => ({ gRecaptchaResponse: d.text(0), userAgent: ua, respKey: d.text(1) }),
  TurnstileTask: (d) => ({ token: d.text(0), userAgent: ua }),
  GeeTestTask: (d, v4) =>
    v4
      ? {
          captcha_id: d.text(0),
          lot_number: d.text(1),
          pass_token: d.text(2),
          gen_time: String(1_700_000_000 + d.num(3, 1e6)),
          captcha_output: d.text(4),
        }
      : { challenge: d.text(0), validate: d.text(1), seccode: `${d.text(1)}|jordan` },
  AmazonTask: (d) => ({ captcha_voucher: d.text(0), existing_token: d.text(1) }),
  CapyTask: (d) => ({ captchakey: d.text(0), challengekey: d.text(1), answer: d.text(2) }),
  LeminTask: (d) => ({ answer: d.text(0), challenge_id: d.text(1) }),
  TencentTask: (d) => ({ appid: d.text(0), ticket: d.text(1), randstr: d.text(2) }),
  DataDomeSliderTask: (d) => ({ cookie: `datadome=${d.text(0)}; Path=/; Secure` }),
  GridTask: (d) => ({ click: [d.num(0, 3), 3 + d.num(1, 3), 6 + d.num(2, 3)] }),
  CoordinatesTask: (d) => ({ coordinates: [point(d, 0), point(d, 2)] }),
  // The vendors' own spellings and shapes (src/upstream/dialects.ts): uCaptcha's coordinates as
  // 2captcha's, Anti-Captcha's as `[[x, y], …]`, CapMonster's grid as one boolean per tile.
  ImageCoordinatesTask: (d) => ({ coordinates: [point(d, 0), point(d, 2)] }),
  ImageToCoordinatesTask: (d) => ({ coordinates: [point(d, 0), point(d, 2)].map(({ x, y }) => [x, y]) }),
  ComplexImageTask: (d) => ({ answer: Array.from({ length: 9 }, (_, i) => d.num(i, 2) === 1) }),
  TemuImageTask: (d) => ({ coordinates: [point(d, 0), point(d, 2), point(d, 4)] }),
  DrawAroundTask: (d) => ({ canvas: [[point(d, 0), point(d, 2), point(d, 4)]] }),
  RotateTask: (d) => ({ rotate: d.num(0, 359) }),
  BoundingBoxTask: (d) => ({
    bounding_boxes: [
      { x_min: d.num(0, 100), y_min: d.num(1, 100), x_max: 100 + d.num(2, 100), y_max: 100 + d.num(3, 100) },
    ],
  }),
  DragAndDropTask: (d) => ({ token: d.text(0) }),
  VKCaptchaImageTask: (d) => ({ token: d.text(0) }),
  FunCaptchaTask: token,
};

/**
 * The family a vendor's spelling belongs to: the sandbox is spoken to in any dialect, so
 * `ReCaptchaV2TaskProxyLess` is `RecaptchaV2Task` and `AntiTurnstileTask…` is `TurnstileTask`.
 */
const byLowerName = new Map(Object.keys(solutions).map((name) => [name.toLowerCase(), name]));
export function sandboxFamily(type: string): string | undefined {
  return byLowerName.get(
    type
      .replace(/Proxyless$/i, '')
      .replace(/^Anti(?=Turnstile)/, '')
      .toLowerCase(),
  );
}

/** The solution of a task of `family` (undefined: a token) drawn from `seed`. */
export function solve(family: string | undefined, seed: number, v4: boolean): Solution {
  return (family && Object.hasOwn(solutions, family) ? solutions[family]! : token)(draw(seed), v4);
}
