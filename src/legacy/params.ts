/**
 * @module
 * Legacy request parameters: the query string merged with whatever body a client sends
 * (urlencoded with or without a Content-Type, multipart with files, JSON, JSON labelled
 * text/plain). Body values win over query values, as PHP's `$_REQUEST` does at 2captcha.
 */
import { jsonItemsOver } from '../http/body-limit.ts';
import type { LegacyCode } from './errors.ts';
import { boundaryOf, parseMultipart, TooManyParts } from './multipart.ts';

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

/**
 * Merges at most `max` form-encoded parameters of `text` into `values`; answers how many there
 * were, or -1 past the cap. The cap is found by scanning for separators before anything is
 * parsed, so a body of a million keys costs a scan, not a million entries.
 */
function mergeForm(values: Map<string, string>, text: string, max: number): number {
  if (text === '') return 0;
  if (max < 1) return -1;
  let n = 1;
  let at = text.indexOf('&');
  while (at !== -1 && n < max) {
    n++;
    at = text.indexOf('&', at + 1);
  }
  // `at` is now the separator after the max-th parameter, if there is one.
  for (const [k, v] of new URLSearchParams(at === -1 ? text : text.slice(0, at))) values.set(k, v);
  return at === -1 ? n : -1;
}

/** The query string of `url`, without `?` and fragment. */
function queryOf(url: string): string {
  const q = url.indexOf('?');
  if (q === -1) return '';
  const hash = url.indexOf('#', q);
  return hash === -1 ? url.slice(q + 1) : url.slice(q + 1, hash);
}

export interface Query {
  /** The query's parameters, the first `maxParams` of them when it holds more. */
  values: Map<string, string>;
  /** How many parameters a body may add; -1 when the query alone is over the cap. */
  left: number;
}

/** Parameters of the query string, at most `maxParams` (the rest is not parsed). */
export function readQuery(url: string, maxParams = Infinity): Query {
  const values = new Map<string, string>();
  const used = mergeForm(values, queryOf(url), maxParams);
  return { values, left: used === -1 ? -1 : maxParams - used };
}

/** Parameters of the query string only: the fast path for GET polls. */
export const queryParams = (url: string, maxParams = Infinity): Map<string, string> => readQuery(url, maxParams).values;

/** The answer to a request over the parameter cap: the parameters read before it, no body. */
const overCap = (values: Map<string, string>): ReadResult => ({
  params: { values, files: noFiles },
  error: 'ERROR_BAD_PARAMETERS',
});

/** A request whose query is all there is (a GET, a HEAD, a POST without a body). */
export const queryOnly = ({ values, left }: Query): ReadResult =>
  left < 0 ? overCap(values) : { params: { values, files: noFiles } };

/** Reads query and body into one flat parameter set, at most `maxParams` parameters. Never throws. */
export async function readParams(req: Request, maxParams = Infinity): Promise<ReadResult> {
  const query = readQuery(req.url, maxParams);
  if (req.method === 'GET' || req.method === 'HEAD' || !req.body) return queryOnly(query);
  const { values } = query;
  const type = req.headers.get('content-type') ?? '';
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await req.arrayBuffer());
  } catch {
    return { params: { values, files: noFiles }, error: bodyError(type) };
  }
  return withBody(query, type, bytes);
}

/** The code for a body that could not be read (the client went away mid-upload). */
export const bodyError = (contentType: string): LegacyCode =>
  contentType.toLowerCase().startsWith('multipart/') ? 'ERROR_UPLOAD' : 'ERROR_BAD_PARAMETERS';

const utf8 = new TextDecoder();

/** Thrown by a body parser past the parameter cap. */
class OverCap extends Error {}

/**
 * The query (`query.values`, taken over) merged with a body read whole by the runtime, the body
 * adding at most `query.left` parameters. Never throws: a body that does not parse is an error
 * code, and so is one over the cap (its parameters are then left out); the query part is kept.
 */
export function withBody(query: Query, contentType: string, bytes: Uint8Array): ReadResult {
  const { values, left } = query;
  if (left < 0) return overCap(values);
  const type = contentType.toLowerCase();
  try {
    // 2captcha-node sends JSON labelled multipart/form-data with no boundary: read it as JSON.
    if (
      type.startsWith('multipart/form-data') &&
      (boundaryOf(contentType) !== undefined || !looksLikeJson(utf8.decode(bytes)))
    ) {
      const form = parseMultipart(bytes, contentType, left);
      for (const [k, v] of form.values) values.set(k, v);
      return { params: { values, files: new Map(form.files) } };
    }
    const text = utf8.decode(bytes);
    if (
      type.startsWith('application/json') ||
      (!type.startsWith('application/x-www-form-urlencoded') && looksLikeJson(text))
    ) {
      mergeJson(values, text, left);
    } else {
      const body = new Map<string, string>();
      if (mergeForm(body, text, left) === -1) throw new OverCap();
      for (const [k, v] of body) values.set(k, v);
    }
    return { params: { values, files: noFiles } };
  } catch (e) {
    return e instanceof OverCap || e instanceof TooManyParts
      ? overCap(values)
      : { params: { values, files: noFiles }, error: bodyError(type) };
  }
}

function looksLikeJson(text: string): boolean {
  const t = text.trimStart();
  return t.startsWith('{');
}

function mergeJson(values: Map<string, string>, text: string, max: number): void {
  if (text.trim() === '') return;
  if (jsonItemsOver(text, max)) throw new OverCap();
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
