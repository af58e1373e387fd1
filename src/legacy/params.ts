/**
 * @module
 * Legacy request parameters: the query string merged with whatever body a client sends
 * (urlencoded with or without a Content-Type, multipart with files, JSON, JSON labelled
 * text/plain). Body values win over query values, as PHP's `$_REQUEST` does at 2captcha.
 */
import type { LegacyCode } from './errors.ts';
import { boundaryOf, parseMultipart } from './multipart.ts';

export interface Params {
  /** Every text value, by name; JSON numbers and booleans as strings (`true` → `1`). */
  readonly values: ReadonlyMap<string, string>;
  /** Uploaded file parts (`file`, `file_1`…, `imginstructions`), by field name. */
  readonly files: ReadonlyMap<string, Uint8Array>;
}

export interface ReadResult {
  params: Params;
  /** Set when the body could not be read; the query part is still in `params`. */
  error?: LegacyCode;
}

/** The first non-empty value among `names` (clients spell some parameters two ways). */
export function pick(p: Params, ...names: string[]): string | undefined {
  for (const name of names) {
    const v = p.values.get(name);
    if (v !== undefined && v !== '') return v;
  }
  return undefined;
}

/** `json=1` (also `true`, or a JSON `1`/`true`): the client wants JSON answers. */
export function wantsJson(p: Params): boolean {
  const v = p.values.get('json');
  return v === '1' || v === 'true';
}

/** The files of a request without any (shared: it is never written to). */
export const noFiles: ReadonlyMap<string, Uint8Array> = new Map();

/** Parameters of the query string only: the fast path for GET polls. */
export function queryParams(url: string): Map<string, string> {
  const values = new Map<string, string>();
  const q = url.indexOf('?');
  if (q === -1) return values;
  const hash = url.indexOf('#', q);
  for (const [k, v] of new URLSearchParams(hash === -1 ? url.slice(q + 1) : url.slice(q + 1, hash))) {
    values.set(k, v);
  }
  return values;
}

/** Reads query and body into one flat parameter set. Never throws. */
export async function readParams(req: Request): Promise<ReadResult> {
  const values = queryParams(req.url);
  if (req.method === 'GET' || req.method === 'HEAD' || !req.body) {
    return { params: { values, files: noFiles } };
  }
  const type = req.headers.get('content-type') ?? '';
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await req.arrayBuffer());
  } catch {
    return { params: { values, files: noFiles }, error: bodyError(type) };
  }
  return withBody(values, type, bytes);
}

/** The code for a body that could not be read (the client went away mid-upload). */
export const bodyError = (contentType: string): LegacyCode =>
  contentType.toLowerCase().startsWith('multipart/') ? 'ERROR_UPLOAD' : 'ERROR_BAD_PARAMETERS';

const utf8 = new TextDecoder();

/**
 * The query values (`values`, taken over) merged with a body read whole by the runtime.
 * Never throws: a body that does not parse is an error code, the query part is kept.
 */
export function withBody(values: Map<string, string>, contentType: string, bytes: Uint8Array): ReadResult {
  const type = contentType.toLowerCase();
  try {
    // 2captcha-node sends JSON labelled multipart/form-data with no boundary: read it as JSON.
    if (
      type.startsWith('multipart/form-data') &&
      (boundaryOf(contentType) !== undefined || !looksLikeJson(utf8.decode(bytes)))
    ) {
      const form = parseMultipart(bytes, contentType);
      for (const [k, v] of form.values) values.set(k, v);
      return { params: { values, files: new Map(form.files) } };
    }
    const text = utf8.decode(bytes);
    if (
      type.startsWith('application/json') ||
      (!type.startsWith('application/x-www-form-urlencoded') && looksLikeJson(text))
    ) {
      mergeJson(values, text);
    } else {
      for (const [k, v] of new URLSearchParams(text)) values.set(k, v);
    }
    return { params: { values, files: noFiles } };
  } catch {
    return { params: { values, files: noFiles }, error: bodyError(type) };
  }
}

function looksLikeJson(text: string): boolean {
  const t = text.trimStart();
  return t.startsWith('{');
}

function mergeJson(values: Map<string, string>, text: string): void {
  if (text.trim() === '') return;
  const body: unknown = JSON.parse(text);
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new TypeError('not an object');
  for (const [k, v] of Object.entries(body)) {
    if (v === null || v === undefined) continue;
    values.set(
      k,
      typeof v === 'string'
        ? v
        : typeof v === 'boolean'
          ? v
            ? '1'
            : '0'
          : typeof v === 'number'
            ? String(v)
            : JSON.stringify(v),
    );
  }
}
