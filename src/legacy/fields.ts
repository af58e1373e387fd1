/**
 * @module
 * Converters for legacy parameter values: each takes the raw value (text, or the bytes of a
 * file part) and returns the modern value, or throws the legacy code it was given for a bad one.
 */
import { LegacyError, type LegacyCode } from './errors.ts';
import { imageBody, uploadBody } from './image.ts';

export type Raw = string | Uint8Array;
export type Convert = (raw: Raw, bad: LegacyCode) => unknown;

const textOf = (raw: Raw, bad: LegacyCode): string => {
  if (typeof raw !== 'string') throw new LegacyError(bad);
  return raw;
};

/** Any text, as sent. */
export const text: Convert = (raw, bad) => textOf(raw, bad);

/** A site key: printable ASCII without spaces, as every vendor's keys are. */
export const siteKey: Convert = (raw, bad) => {
  const v = textOf(raw, bad).trim();
  if (!/^[\x21-\x7e]{1,512}$/.test(v)) throw new LegacyError(bad);
  return v;
};

/** An absolute http(s) URL. */
export const url: Convert = (raw, bad) => {
  const v = textOf(raw, bad).trim();
  if (!/^https?:\/\//i.test(v) || !URL.canParse(v)) throw new LegacyError(bad);
  return v;
};

const truthy = new Set(['1', 'true', 'yes', 'on']);
const falsy = new Set(['0', 'false', 'no', 'off']);

/** 2captcha's switches: `1`/`0`, and the `true`/`false` some clients send. */
export const bool: Convert = (raw, bad) => {
  const v = textOf(raw, bad).trim().toLowerCase();
  if (truthy.has(v)) return true;
  if (falsy.has(v)) return false;
  throw new LegacyError(bad);
};

export const int =
  (min: number, max: number): Convert =>
  (raw, bad) => {
    const v = textOf(raw, bad).trim();
    const n = Number(v);
    if (!/^-?\d+$/.test(v) || n < min || n > max) throw new LegacyError(bad);
    return n;
  };

export const decimal =
  (min: number, max: number): Convert =>
  (raw, bad) => {
    const v = textOf(raw, bad).trim();
    const n = Number(v);
    if (v === '' || !Number.isFinite(n) || n < min || n > max) throw new LegacyError(bad);
    return n;
  };

/** One of a fixed set of values (compared case-insensitively, returned lower-case). */
export const oneOf =
  (...allowed: string[]): Convert =>
  (raw, bad) => {
    const v = textOf(raw, bad).trim().toLowerCase();
    if (!allowed.includes(v)) throw new LegacyError(bad);
    return v;
  };

/**
 * A list as the newer methods send it: a JSON array (`[5,4,7]`, also what a JSON body's array
 * becomes) or a comma-separated list; each item converted by `item`.
 */
/** `convert`, with a bad value dropped (undefined: the field is left out) instead of refused. */
export const orNothing =
  (convert: Convert): Convert =>
  (raw, bad) => {
    try {
      return convert(raw, bad);
    } catch (e) {
      if (e instanceof LegacyError) return undefined;
      throw e;
    }
  };

export const list =
  (item: Convert): Convert =>
  (raw, bad) => {
    const v = textOf(raw, bad).trim();
    let items: unknown;
    if (v.startsWith('[')) {
      try {
        items = JSON.parse(v);
      } catch {
        throw new LegacyError(bad);
      }
    } else {
      items = v.split(',');
    }
    if (!Array.isArray(items) || items.length === 0) throw new LegacyError(bad);
    return items.map((x) => item(typeof x === 'string' ? x : String(x), bad));
  };

/** A host for a `…ApiServerSubdomain` field: a URL loses its scheme and trailing `/` (`http://api.geetest.com/` → `api.geetest.com`). */
export const subdomain: Convert = (raw, bad) =>
  textOf(raw, bad)
    .trim()
    .replace(/^[a-z][\w+.-]*:\/\//i, '')
    .replace(/\/+$/, '');

/** A previous task id; 0 (what 2captcha-python's grid example sends) means none, so no field. */
export const previousId: Convert = (raw, bad) => {
  const v = textOf(raw, bad).trim();
  return v === '0' ? undefined : v;
};

/** `json_cookies`' array of cookie objects (`name`, `value`, `domain`, …) → `name=value` pairs. */
function jsonPairs(v: string, bad: LegacyCode): string[] {
  let list: unknown;
  try {
    list = JSON.parse(v);
  } catch {
    throw new LegacyError(bad);
  }
  if (!Array.isArray(list)) throw new LegacyError(bad);
  return list.map((c: unknown) => {
    const { name, value } = (typeof c === 'object' && c !== null ? c : {}) as Record<string, unknown>;
    if (typeof name !== 'string' || name === '' || (typeof value !== 'string' && typeof value !== 'number'))
      throw new LegacyError(bad);
    return `${name}=${value}`;
  });
}

/**
 * 2captcha's `KEY1:Val1;KEY2:Val2` → `KEY1=Val1; KEY2=Val2`, the form anti-captcha documents and
 * CapMonster's SDK sends. A pair already written `name=value` is kept.
 */
export const cookies: Convert = (raw, bad) =>
  textOf(raw, bad)
    .split(';')
    .map((pair) => pair.trim())
    .filter(Boolean)
    .map((pair) => (pair.includes('=') ? pair : pair.replace(':', '=')))
    .join('; ');

/** `json_cookies`, an array of cookie objects, → the same `name=value; …` text. */
export const jsonCookies: Convert = (raw, bad) => jsonPairs(textOf(raw, bad), bad).join('; ');

/** An image from a file part or base64 text, checked by its magic bytes. */
export const image: Convert = (raw) => imageBody(raw);

/** 2captcha's limit for an audio captcha (1 MB). */
export const maxAudioBytes = 1024 * 1024;

/** An mp3 as base64 (or a file part); the upstream judges its content. */
export const audio: Convert = (raw) => uploadBody(raw, maxAudioBytes);

/**
 * 2captcha's worker language (`language` 0/1/2 or a `lang` code) → the `languagePool` of a
 * modern request: `rn` for Russian-speaking workers, `en` otherwise.
 */
export const languagePool: Convert = (raw, bad) => {
  const v = textOf(raw, bad).trim().toLowerCase();
  return v === '1' || v === 'ru' ? 'rn' : 'en';
};

/** The value selected a row already (a switch like `recaptcha=1`); it adds nothing to the task. */
export function isTrue(raw: string | undefined): boolean {
  return raw !== undefined && truthy.has(raw.trim().toLowerCase());
}
