/**
 * @module
 * A createTask body in any vendor's dialect → the core's canonical task. The spellings come from
 * the dialect table (src/upstream/dialects.ts) read backwards: its `type`, `switch`, `rename`,
 * `copy`, `convert`, `build`, `fixed` and proxy rules, so a vendor row added there is read here
 * too. The caller's own dialect is read first; the other vendors' spellings are accepted as
 * well where they do not collide, so a client that reached the default path still gets its
 * task understood. The few readings the table cannot give are small rules below, each with why.
 */
import type { BuiltTask } from '../task/record.ts';
import { getPath, setPath } from '../task/path.ts';
import { familyOf } from '../task/type.ts';
import { dialectNames, dialects, type Dialect, type DialectName, type TypeRule } from '../upstream/dialects.ts';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

const proxyFields = ['proxyType', 'proxyAddress', 'proxyPort', 'proxyLogin', 'proxyPassword'] as const;

/** A wire type one dialect spells for a canonical type, with the field that picked it (`switch`). */
interface Spelling {
  dialect: DialectName;
  canonical: string;
  /** Set when the wire type stands for the canonical one with this field set (`isEnterprise: true`). */
  flag?: { field: string; value: unknown };
}

const ruleOf = (dialect: Dialect, type: string): TypeRule =>
  Object.hasOwn(dialect.types, type) ? dialect.types[type]! : {};

/** Every vendor spelling of a canonical type that differs from it, by wire type. */
function allSpellings(): Map<string, Spelling[]> {
  const out = new Map<string, Spelling[]>();
  const add = (wire: string, s: Spelling): void => {
    out.set(wire, [...(out.get(wire) ?? []), s]);
  };
  for (const dialect of dialectNames) {
    for (const [canonical, rule] of Object.entries(dialects[dialect].types) as [string, TypeRule][]) {
      if (rule.none) continue;
      if (rule.type && rule.type !== canonical) add(rule.type, { dialect, canonical });
      if (rule.switch) {
        add(rule.switch.type, { dialect, canonical, flag: { field: rule.switch.field, value: rule.switch.value } });
      }
    }
  }
  // Spellings the table does not send but SDKs do: CapMonster's SDK names reCAPTCHA v2
  // `NoCaptchaTask`, proxy or not (capmonstercloud-client RecaptchaV2Request.js, docs/dialects.md),
  // anti-captcha's API v1 name for it was `NoCaptchaTaskProxyless`.
  add('NoCaptchaTask', { dialect: 'capmonster', canonical: 'RecaptchaV2Task' });
  add('NoCaptchaTask', { dialect: 'capmonster', canonical: 'RecaptchaV2TaskProxyless' });
  add('NoCaptchaTaskProxyless', { dialect: 'anticaptcha', canonical: 'RecaptchaV2TaskProxyless' });
  return out;
}
const bySpelling = allSpellings();
const byLowerSpelling = new Map([...bySpelling].map(([wire, s]) => [wire.toLowerCase(), s]));
/** The canonical types the dialect table names. */
const tableTypes = new Set(dialectNames.flatMap((d) => Object.keys(dialects[d].types)));

/**
 * A vendor's spellings of a wire type: as written, else case-blind for a name that is not itself
 * canonical (capsolver-npm sends `ReCaptchaV2TaskProxyless` where the docs say `…ProxyLess`).
 */
function spelled(type: string, known: ReadonlySet<string> = tableTypes): Spelling[] {
  const exact = bySpelling.get(type);
  if (exact) return exact;
  return known.has(type) || tableTypes.has(type) ? [] : (byLowerSpelling.get(type.toLowerCase()) ?? []);
}

/**
 * The vendor that alone spells a wire type (`ReCaptchaV2TaskProxyLess` is CapSolver's): a
 * createTask carrying one tells the caller's dialect when the path does not.
 */
export function vendorOfType(type: string): DialectName | undefined {
  // A canonical name a vendor also uses (CapMonster's HCaptchaTask for both twins) tells nothing.
  if (tableTypes.has(type)) return undefined;
  const owners = new Set(spelled(type).map((s) => s.dialect));
  return owners.size === 1 ? [...owners][0] : undefined;
}

const hasProxy = (task: Json): boolean => task.proxyAddress !== undefined || task.proxy !== undefined;

/**
 * The canonical type of a wire type, or undefined. One wire type may stand for both twins of a
 * family (CapMonster's `HCaptchaTask`, CapSolver's `AntiTurnstileTaskProxyLess`): the table cannot
 * tell them apart, so the proxy fields do — with a proxy the proxied twin, else the proxyless one.
 * CapSolver's `…ProxyLess` and `ReCaptcha…` casing of types without a rule is read case-blind.
 */
function canonicalOf(
  caller: DialectName,
  type: string,
  task: Json,
  known: ReadonlySet<string>,
): { canonical: string; flag?: Spelling['flag']; from?: DialectName } | undefined {
  const spellings = spelled(type, known);
  const first = spellings.find((s) => s.dialect === caller) ?? spellings[0];
  if (!first) {
    if (known.has(type)) return { canonical: type };
    const lower = type.toLowerCase();
    const cased = [...known].find((k) => k.toLowerCase() === lower);
    return cased === undefined ? undefined : { canonical: cased };
  }
  const family = familyOf(first.canonical);
  const twins = [...spellings.map((s) => s.canonical), ...(known.has(type) ? [type] : [])].filter(
    (t) => familyOf(t) === family,
  );
  const proxied = hasProxy(task);
  const canonical = twins.find((t) => (t === familyOf(t)) === proxied) ?? first.canonical;
  return { canonical, ...(first.flag && { flag: first.flag }), from: first.dialect };
}

/** CapSolver's one `proxy` string: `type:host:port[:login:password]` or `type://login:password@host:port`. */
function splitProxy(proxy: string): Json | undefined {
  const url = /^(\w+):\/\/(?:([^:@]*):([^@]*)@)?([^:/]+):(\d+)\/?$/.exec(proxy);
  const parts = url ? [url[1], url[4], url[5], url[2], url[3]] : proxy.split(':');
  if (parts.length !== 3 && parts.length !== 5) return undefined;
  const [proxyType, proxyAddress, port, proxyLogin, proxyPassword] = parts;
  if (!proxyType || !proxyAddress || !/^\d+$/.test(port ?? '')) return undefined;
  return {
    proxyType: proxyType.toLowerCase(),
    proxyAddress,
    proxyPort: Number(port),
    ...(proxyLogin !== undefined && { proxyLogin, proxyPassword: proxyPassword ?? '' }),
  };
}

/** Removes the value at `path` (and an object left empty by it); returns it. */
function take(source: Json, path: string): unknown {
  const parts = path.split('.');
  const parent = parts.length === 1 ? source : getPath(source, parts.slice(0, -1).join('.'));
  if (!isObject(parent)) return undefined;
  const last = parts[parts.length - 1]!;
  const value = parent[last];
  delete parent[last];
  if (parts.length > 1 && Object.keys(parent).length === 0) take(source, parts.slice(0, -1).join('.'));
  return value;
}

/** The inverse of translate.ts's value rewrites. */
const unconvert = {
  list: (v: unknown): unknown => (Array.isArray(v) && v.length === 1 ? v[0] : v),
  cookieList: (v: unknown): unknown =>
    Array.isArray(v) && v.every((c) => isObject(c) && typeof c.name === 'string')
      ? v.map((c: Json) => `${String(c.name)}=${String(c.value ?? '')}`).join('; ')
      : v,
} as const;

/** The inverse of translate.ts's builders: `metadata.Grid` "3x4" → rows 3, columns 4. */
const unbuild = {
  gridSize: (v: unknown): Json => {
    const m = typeof v === 'string' ? /^(\d+)x(\d+)$/.exec(v) : null;
    return m ? { rows: Number(m[1]), columns: Number(m[2]) } : {};
  },
} as const;

/**
 * Whether a renamed field may be read back. `gt` is GeeTest v3's own canonical field and only
 * anti-captcha's v4 layout (version 4) reuses it for the captcha_id.
 */
const readBack = (task: Json, vendorPath: string): boolean =>
  vendorPath !== 'gt' || task.version === 4 || task.version === '4';

/** Undoes one dialect's rule for a canonical type on the task's fields, in place. */
function unapply(rule: TypeRule, fields: Json): void {
  for (const [name, value] of Object.entries(rule.fixed ?? {})) if (fields[name] === value) delete fields[name];
  for (const [name, how] of Object.entries(rule.convert ?? {})) {
    if (fields[name] !== undefined) fields[name] = unconvert[how](fields[name]);
  }
  for (const [to, how] of Object.entries(rule.build ?? {})) {
    const value = getPath(fields, to);
    if (value === undefined) continue;
    take(fields, to);
    for (const [name, v] of Object.entries(unbuild[how](value))) fields[name] ??= v;
  }
  for (const [from, to] of Object.entries(rule.rename ?? {})) {
    if (getPath(fields, to) === undefined || getPath(fields, from) !== undefined || !readBack(fields, to)) continue;
    setPath(fields, from, take(fields, to));
  }
  // A copy sent twice (uCaptcha's `gt` beside initParameters.captcha_id): the canonical one stays.
  for (const [from, to] of Object.entries(rule.copy ?? {})) {
    if (getPath(fields, from) !== undefined && getPath(fields, to) === getPath(fields, from)) take(fields, to);
  }
}

/**
 * CapSolver's GeeTest v4 is a top-level `captchaId` with no version (docs.capsolver.com/guide/captcha/Geetest):
 * its rename reads it back into initParameters, and the version it left out comes back here.
 */
function geetestVersion(fields: Json): void {
  if (fields.version === undefined && getPath(fields, 'initParameters.captcha_id') !== undefined) fields.version = 4;
}

export type Decoded = { built: BuiltTask; callbackUrl?: string } | { unsupported: string } | { bad: string };

/**
 * The canonical task of a createTask body, read in `caller`'s dialect first. `known` is every
 * canonical type inres builds; a type that is neither known nor a vendor's spelling of one is
 * `unsupported`.
 */
export function decodeCreateTask(caller: DialectName, body: Json, known: ReadonlySet<string>): Decoded {
  const wire = body.task;
  if (!isObject(wire)) return { bad: 'task' };
  if (typeof wire.type !== 'string' || wire.type === '') return { bad: 'task.type' };
  const fields: Json = structuredClone(wire);
  delete fields.type;
  // An SDK's "not set" is null or '' (anticaptchaofficial sends `websiteSToken: null`, `cData: ""`).
  for (const [name, value] of Object.entries(fields)) if (value === null || value === '') delete fields[name];
  const found = canonicalOf(caller, wire.type, fields, known);
  if (!found) return { unsupported: wire.type };
  const { canonical, flag } = found;

  if (typeof fields.proxy === 'string') {
    const split = splitProxy(fields.proxy);
    if (!split) return { bad: 'task.proxy' };
    delete fields.proxy;
    Object.assign(fields, split);
  }
  // The spelling's own dialect first, then the caller's, then every other vendor's, once each.
  const order = [...new Set([found.from ?? caller, caller, ...dialectNames])];
  for (const name of order) {
    unapply(ruleOf(dialects[name], canonical), fields);
    // A wire type shared by both twins carries the other twin's renames too (CapMonster's TurnstileTask).
    const twin = canonical === familyOf(canonical) ? `${canonical}Proxyless` : familyOf(canonical);
    unapply(ruleOf(dialects[name], twin), fields);
  }
  if (familyOf(canonical) === 'GeeTestTask') geetestVersion(fields);
  if (flag) fields[flag.field] = flag.value;
  // A proxyless type keeps no proxy: some clients send empty proxy fields with it.
  if (canonical !== familyOf(canonical)) for (const name of proxyFields) delete fields[name];

  const extras: Json = {};
  for (const name of ['softId', 'languagePool'] as const) {
    const value = body[name] ?? fields[name];
    delete fields[name];
    if (value !== undefined && value !== null) extras[name] = value;
  }
  const callbackUrl = typeof body.callbackUrl === 'string' && body.callbackUrl !== '' ? body.callbackUrl : undefined;
  return {
    built: { type: canonical, task: { type: canonical, ...fields }, extras },
    ...(callbackUrl && { callbackUrl }),
  };
}
