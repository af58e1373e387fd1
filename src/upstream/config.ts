/**
 * @module
 * The `UPSTREAMS` setting: several upstreams, each with a dialect, a base URL, an optional key
 * mapping, the task types it takes and a priority. JSON in the setting itself; on Node,
 * `CONFIG` may name a file holding the same JSON (read by deploy/node/main.ts, never the core).
 */
import { z } from 'zod';
import { parseRate, rateError, type Rate } from './budget.ts';
import { dialectNames } from './dialects.ts';

/** `<requests>/<seconds>` → the rate (budget.ts); `what` starts the error message. */
export const rateSetting = (what = '') =>
  z.string({ error: `${what}${rateError}` }).transform((text, ctx): Rate => {
    const rate = parseRate(text);
    if (!rate) {
      ctx.addIssue({ code: 'custom', message: `${what}${rateError}` });
      return z.NEVER;
    }
    return rate;
  });

const upstream = z.strictObject({
  /** Kept in task records to find the upstream holding a task: give one if you reorder the list. */
  name: z
    .string()
    .regex(/^[\w.-]{1,64}$/, { error: 'a name is 1 to 64 letters, digits, _ . -' })
    .optional(),
  url: z.url({ protocol: /^https?$/, error: 'each url must be an http(s) URL' }),
  dialect: z.enum(dialectNames, { error: `dialect must be one of ${dialectNames.join(', ')}` }).default('ucaptcha'),
  /** Gateway key → this upstream's key; `*` maps every other key. Absent: keys pass unchanged. */
  keys: z
    .record(z.string().min(1), z.string({ error: 'keys must map strings to strings' }).min(1), {
      error: 'keys must map strings to strings',
    })
    .optional(),
  /** Canonical task types or families (`HCaptchaTask` takes both twins); absent: every type. */
  types: z.array(z.string().min(1), { error: 'types must be a list of task types' }).min(1).optional(),
  /** Lower first; ties keep the list order. The first is the primary. */
  priority: z.number({ error: 'priority must be a number' }).int().default(0),
  /** Calls per window this upstream takes, all instances together; absent: UPSTREAM_RATE_LIMIT. */
  rateLimit: rateSetting('rateLimit ').optional(),
});

export type UpstreamConfig = z.infer<typeof upstream> & { name: string };

function parseJson(text: string, ctx: z.RefinementCtx): unknown {
  try {
    return JSON.parse(text);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'expected JSON: a list of upstreams, or {"upstreams": [...]}' });
    return z.NEVER;
  }
}

/** The setting's text → the upstreams in priority order, each with a unique name. */
export const upstreamsSetting = z
  .string()
  .transform(parseJson)
  .pipe(
    z.preprocess(
      (v) => (Array.isArray(v) ? v : (v as { upstreams?: unknown } | null)?.upstreams),
      z
        .array(upstream, { error: 'expected a list of upstreams, or {"upstreams": [...]}' })
        .min(1, { error: 'no upstream listed' }),
    ),
  )
  .transform((list, ctx): UpstreamConfig[] => {
    const named = list.map((u, i) => ({ ...u, name: u.name ?? `${u.dialect}-${i + 1}` }));
    const names = new Set(named.map((u) => u.name));
    if (names.size !== named.length) ctx.addIssue({ code: 'custom', message: 'upstream names must be unique' });
    return named
      .map((u, i) => ({ u, i }))
      .sort((a, b) => a.u.priority - b.u.priority || a.i - b.i)
      .map(({ u }) => u);
  });
