/**
 * @module
 * The settings of inres, validated once at start-up from a plain record of strings (the
 * process environment on Node, bindings on the edge). The core never reads the environment.
 */
import { z } from 'zod';
import { keyTableSchema } from './access/keys.ts';
import { ipMatcher } from './access/ip-match.ts';
import { rateSetting, upstreamsSetting } from './upstream/config.ts';
import { sandboxUrl } from './sandbox/transport.ts';
import { parseStoreUrl } from './redis/store-url.ts';
import { dialectNames } from './upstream/dialects.ts';

const intIn = (min: number, max: number) =>
  z.coerce
    .number({ error: `expected an integer from ${min} to ${max}` })
    .int({ error: `expected an integer from ${min} to ${max}` })
    .min(min, { error: `expected an integer from ${min} to ${max}` })
    .max(max, { error: `expected an integer from ${min} to ${max}` });
const int = (min: number, max: number, fallback: number) => intIn(min, max).default(fallback);

/** A comma-separated list of addresses and CIDR ranges. */
const ipList = z
  .string()
  .transform((text) =>
    text
      .split(',')
      .map((r) => r.trim())
      .filter(Boolean),
  )
  .refine(
    (rules) => {
      try {
        ipMatcher(rules);
        return true;
      } catch {
        return false;
      }
    },
    { error: 'expected comma-separated IP addresses or CIDR ranges' },
  )
  .default([]);

const httpUrl = z.url({ protocol: /^https?$/ });

const schema = z
  .object({
    PORT: int(0, 65535, 8080),
    HOST: z.string().min(1).default('0.0.0.0'),
    // `sandbox` is the built-in stand-in solver (src/sandbox/), no URL.
    UPSTREAM_URL: z
      .string()
      .refine((v) => v === sandboxUrl || httpUrl.safeParse(v).success, { error: 'expected an http(s) URL' })
      .default('https://api.ucaptcha.net'),
    UPSTREAM_DIALECT: z.enum(dialectNames, { error: `expected one of ${dialectNames.join(', ')}` }).default('ucaptcha'),
    // The family a modern request is read in when neither its path nor its task says (docs/compat.md).
    MODERN_DIALECT: z
      .enum(dialectNames, { error: `expected one of ${dialectNames.join(', ')}` })
      .default('anticaptcha'),
    UPSTREAM_TIMEOUT_MS: int(100, 600_000, 20_000),
    TASK_TTL_SECONDS: int(60, 7 * 24 * 3600, 3600),
    MAX_TASKS: int(1, 100_000_000, 1_000_000),
    // The memory store's cap on one key's running tasks; unset: a tenth of MAX_TASKS (app.ts).
    MAX_TASKS_PER_KEY: intIn(1, 100_000_000).optional(),
    STORE_URL: z
      .string()
      .check((ctx) => {
        const r = parseStoreUrl(ctx.value);
        if (!r.ok) ctx.issues.push({ code: 'custom', message: r.error, input: ctx.value });
      })
      .optional(),
    STORE_TIMEOUT_MS: int(10, 60_000, 1000),
    // 1: a write is acknowledged once a replica has it (WAIT), when the primary has replicas.
    STORE_WAIT_REPLICAS: int(0, 1, 1),
    IDS: z.enum(['store', 'stateless'], { error: 'expected store or stateless' }).default('store'),
    IDS_SECRET: z.string().min(32, { error: 'expected at least 32 characters' }).optional(),
    PINGBACK_ALLOW: z
      .string()
      .regex(/^[\w.:/\-[\], ]+$/, { error: 'expected host names, addresses or CIDR ranges, comma-separated' })
      .optional(),
    LOG_LEVEL: z
      .enum(['debug', 'info', 'warn', 'error'], { error: 'expected debug, info, warn or error' })
      .default('info'),
    GATEWAY_KEYS: keyTableSchema.optional(),
    TRUSTED_PROXIES: ipList,
    RATE_LIMIT_PER_IP: int(0, 1_000_000_000, 10_000),
    RATE_LIMIT_PER_KEY: int(0, 1_000_000_000, 0),
    RATE_LIMIT_WINDOW_SECONDS: int(1, 3600, 10),
    MAX_BODY_BYTES: int(1024, 1024 ** 3, 8 * 1024 * 1024),
    MAX_PARAM_BYTES: int(64, 64 * 1024 * 1024, 128 * 1024),
    // Parameters per request (query, form fields, multipart parts, JSON keys): parsing stops past it.
    MAX_PARAMS: int(16, 1_000_000, 1000),
    MAX_UPSTREAM_IN_FLIGHT: int(1, 1_000_000, 1024),
    // Read by the entrypoints (deploy/*), each of which honours or refuses them by name: the core
    // never touches files or sockets.
    MAX_HEADER_BYTES: int(1024, 16 * 1024 * 1024, 256 * 1024),
    SHUTDOWN_TIMEOUT_MS: int(0, 600_000, 10_000),
    TLS_CERT: z.string().optional(),
    TLS_KEY: z.string().optional(),
    GATEWAY_KEYS_FILE: z.string().optional(),
    // Several upstreams (docs/dialects.md, README "Dialects and several upstreams"); UPSTREAMS
    // replaces UPSTREAM_URL; CONFIG names a file holding it, read by the entrypoints that can.
    UPSTREAMS: upstreamsSetting.optional(),
    CONFIG: z.string().optional(),
    BREAKER_FAILURES: int(1, 1000, 5),
    BREAKER_COOLDOWN_MS: int(100, 3_600_000, 30_000),
    UNSOLVABLE_RETRIES: int(0, 10, 0),
    UNSOLVABLE_RETRY_WINDOW_MS: int(1000, 3_600_000, 120_000),
    BALANCE: z.enum(['primary', 'sum'], { error: 'expected primary or sum' }).default('primary'),
    CLIENT_HEADERS_TIMEOUT_MS: int(100, 600_000, 20_000),
    CLIENT_REQUEST_TIMEOUT_MS: int(100, 3_600_000, 60_000),
    // The upstream rate budget (src/upstream/budget.ts) and poll coalescing (src/core/coalesce.ts).
    UPSTREAM_RATE_LIMIT: rateSetting().optional(),
    UPSTREAM_RATE_INSTANCES: int(1, 10_000, 1),
    POLL_MIN_INTERVAL_MS: int(0, 60_000, 1000),
    SANDBOX_DELAY_MS: int(0, 600_000, 2000),
  })
  .refine((s) => s.IDS !== 'stateless' || s.IDS_SECRET, { path: ['IDS_SECRET'], error: 'required with IDS=stateless' })
  // Redis holds no count of a key's running tasks and drops none of them for room: nothing to cap.
  .refine((s) => !s.MAX_TASKS_PER_KEY || !s.STORE_URL, {
    path: ['MAX_TASKS_PER_KEY'],
    error: 'caps the memory store; with STORE_URL tasks live in Redis, which it does not cap',
  })
  // UPSTREAMS replaces UPSTREAM_URL; a sandbox asked for by name must not vanish behind it.
  .refine((s) => s.UPSTREAM_URL !== sandboxUrl || !s.UPSTREAMS, {
    path: ['UPSTREAM_URL'],
    error: 'sandbox serves alone: unset UPSTREAMS (or CONFIG)',
  });

export type Settings = z.infer<typeof schema>;
export const settingNames = Object.keys(schema.shape) as (keyof Settings)[];

export type SettingsResult = { ok: true; settings: Settings } | { ok: false; message: string };

/** The settings the entrypoints (deploy/*) read rather than the core: files, TLS, the server's own limits. */
export const serverSettings = [
  'GATEWAY_KEYS_FILE',
  'CONFIG',
  'TLS_CERT',
  'TLS_KEY',
  'MAX_HEADER_BYTES',
  'SHUTDOWN_TIMEOUT_MS',
  'CLIENT_HEADERS_TIMEOUT_MS',
  'CLIENT_REQUEST_TIMEOUT_MS',
] as const satisfies readonly (keyof Settings)[];

/**
 * What a runtime does with each server setting: `true` where it honours it, else the reason it
 * cannot. Every entrypoint states all of them, so a server setting added here does not compile
 * until each runtime honours or refuses it.
 */
export type Support = Record<(typeof serverSettings)[number], true | string>;

/**
 * Validates settings. Empty strings count as unset. Every bad setting is reported at once, each
 * as `invalid setting NAME: why`, joined by `; ` into one line; no value is ever echoed (a URL may
 * carry credentials). A server setting the runtime's `support` refuses fails by name rather than
 * being ignored (GATEWAY_KEYS_FILE ignored would leave the gateway open); without `support`
 * (tests, embedders) all are accepted.
 */
export function loadSettings(env: Readonly<Record<string, string | undefined>>, support?: Support): SettingsResult {
  const problems = new Map<string, string>();
  for (const name of serverSettings) {
    const reason = support?.[name];
    if (typeof reason === 'string' && env[name]?.trim()) problems.set(name, reason);
  }
  const input: Record<string, string> = {};
  for (const name of settingNames) {
    const v = env[name]?.trim();
    if (v) input[name] = v;
  }
  const parsed = schema.safeParse(input);
  if (parsed.success && !problems.size) return { ok: true, settings: parsed.data };
  // One line per setting: its first issue (a bad integer may fail several checks).
  for (const issue of parsed.error?.issues ?? []) {
    const name = String(issue.path[0]);
    if (!problems.has(name)) problems.set(name, issue.message);
  }
  const message = [...problems].map(([name, why]) => `invalid setting ${name}: ${why}`).join('; ');
  return { ok: false, message };
}

/** Settings with every default, for tests and embedders. */
export function defaultSettings(overrides: Partial<Record<keyof Settings, string>> = {}): Settings {
  const result = loadSettings(overrides);
  if (!result.ok) throw new Error(result.message);
  return result.settings;
}
