/**
 * @module
 * A DBC upload → the core's canonical task, by the row of its `type` (types.ts). Every check
 * happens here, before any upstream call; a failure is a DbcError.
 */
import { Base64 } from '../task/base64.ts';
import { setPath } from '../task/path.ts';
import type { BuiltTask } from '../task/record.ts';
import { proxiedOf } from '../task/type.ts';
import { DbcError } from './errors.ts';
import { pick, type DbcFields } from './request.ts';
import { rowFor, type Input, type TypeRow } from './types.ts';

/** The largest image or audio file taken (2captcha's image limit, which the upstreams share). */
export const maxUploadBytes = 600 * 1024;

type Raw = string | number | boolean | Uint8Array;

/** An upload as canonical base64: a file part, `base64:<b64>` text, or plain base64 text. */
function upload(raw: Raw): Base64 {
  if (raw instanceof Uint8Array) {
    if (raw.length === 0) throw new DbcError('invalid-captcha');
    if (raw.length > maxUploadBytes) throw new DbcError('captcha-too-large');
    return new Base64(raw);
  }
  let b64 = String(raw).trim();
  if (b64.startsWith('base64:')) b64 = b64.slice(7);
  // An unescaped form body turns `+` into a space.
  b64 = b64.replaceAll(' ', '+').replace(/[\r\n\t]/g, '');
  let bin: string;
  try {
    bin = atob(b64);
  } catch {
    throw new DbcError('invalid-captcha');
  }
  if (bin.length === 0) throw new DbcError('invalid-captcha');
  if (bin.length > maxUploadBytes) throw new DbcError('captcha-too-large');
  return new Base64(btoa(bin));
}

const textOf = (raw: Raw): string | undefined => {
  const s = raw instanceof Uint8Array ? undefined : String(raw).trim();
  return s === '' ? undefined : s;
};

/** Each conversion: the raw input → the fields it sets (undefined: treated as absent). */
const converters: Record<NonNullable<Input['as']>, (raw: Raw, to: string) => Record<string, unknown> | undefined> = {
  text: (raw, to) => {
    const s = textOf(raw);
    return s === undefined ? undefined : { [to]: s };
  },
  number: (raw, to) => {
    const s = textOf(raw);
    if (s === undefined) return undefined;
    const n = Number(s);
    if (!Number.isFinite(n)) throw new DbcError('invalid-params');
    return { [to]: n };
  },
  image: (raw, to) => ({ [to]: upload(raw) }),
  // `3x3`, `2x4`: rows × columns of an image group.
  grid: (raw) => {
    const m = /^(\d{1,2})x(\d{1,2})$/i.exec(textOf(raw) ?? '');
    if (!m) throw new DbcError('invalid-params');
    return { rows: Number(m[1]), columns: Number(m[2]) };
  },
};

/** The inputs of a row: the form itself, or the first of its JSON fields present, as an object. */
function inputsOf(f: DbcFields, row: TypeRow): ReadonlyMap<string, Raw> {
  if (row.from === 'form') return new Map<string, Raw>([...f.values, ...f.files]);
  const text = pick(f, ...row.from);
  if (text === undefined) throw new DbcError('invalid-params');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new DbcError('invalid-params');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new DbcError('invalid-params');
  const inputs = new Map<string, Raw>();
  for (const [k, v] of Object.entries(parsed)) {
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') inputs.set(k.toLowerCase(), v);
  }
  return inputs;
}

export interface ProxyFields {
  proxyType: string;
  proxyAddress: string;
  proxyPort: number;
  proxyLogin?: string;
  proxyPassword?: string;
}

const proxyTypes = new Set(['http', 'https', 'socks4', 'socks5']);

/**
 * DBC's `proxy` (`http://user:pass@host:port`, or `host:port` with `proxytype`) → the split
 * fields. Parsed as a URL of a scheme of no special meaning, so a port equal to a scheme's
 * default (`http://host:80`) is kept rather than dropped.
 */
export function parseProxy(proxy: string, proxytype: string | undefined): ProxyFields {
  const m = /^([a-z0-9]+):\/\/(.*)$/is.exec(proxy.trim());
  const type = (proxytype?.trim() || m?.[1] || 'http').toLowerCase();
  if (!proxyTypes.has(type)) throw new DbcError('invalid-params');
  let url: URL;
  try {
    url = new URL(`proxy://${m ? m[2] : proxy.trim()}`);
  } catch {
    throw new DbcError('invalid-params');
  }
  const port = Number(url.port);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (!url.port || port < 1 || !host || (url.pathname !== '' && url.pathname !== '/')) {
    throw new DbcError('invalid-params');
  }
  const fields: ProxyFields = { proxyType: type, proxyAddress: host, proxyPort: port };
  if (url.username) fields.proxyLogin = decodeURIComponent(url.username);
  if (url.password) fields.proxyPassword = decodeURIComponent(url.password);
  return fields;
}

/** Builds the canonical task for an upload, or throws the DbcError of the first problem. */
export function buildTask(f: DbcFields): BuiltTask {
  const row = rowFor(f.values.get('type'));
  if (!row) throw new DbcError('not-implemented');
  const inputs = inputsOf(f, row);
  const task: Record<string, unknown> = {};
  const filled = new Set<string>();
  for (const [name, input] of Object.entries(row.inputs)) {
    if (filled.has(input.to)) continue;
    const raw = inputs.get(name);
    const set = raw === undefined ? undefined : converters[input.as ?? 'text'](raw, input.to);
    if (!set) continue;
    for (const [path, value] of Object.entries(set)) setPath(task, path, value);
    filled.add(input.to);
  }
  for (const input of Object.values(row.inputs)) {
    if (filled.has(input.to)) continue;
    if (input.required) throw new DbcError('invalid-params');
    if (input.default !== undefined) setPath(task, input.to, input.default);
  }
  if (row.inputs.captchafile && !filled.has('body')) throw new DbcError('invalid-captcha');
  Object.assign(task, row.fixed);

  let type = row.type;
  const proxy = row.proxy === 'none' ? undefined : textOf(inputs.get('proxy') ?? '');
  if (proxy) {
    const proxytype = inputs.get('proxytype');
    Object.assign(task, parseProxy(proxy, proxytype === undefined ? undefined : textOf(proxytype)));
    type = proxiedOf(type);
  } else if (row.proxy === 'required') {
    throw new DbcError('invalid-params');
  }
  return { type, task: { type, ...task }, extras: {} };
}
