/**
 * @module
 * A DBC request's fields: the query string (the Ruby client sends credentials there on GET)
 * merged with the body, multipart (files and text parts) or urlencoded as DBC's clients send
 * them. Read with the runtime's own form parser: DBC uploads are rare next to legacy polls, so
 * the portable path is worth more here than the legacy face's hand-rolled multipart scan.
 */
import { DbcError } from './errors.ts';

export interface DbcFields {
  readonly values: ReadonlyMap<string, string>;
  readonly files: ReadonlyMap<string, Uint8Array>;
}

const noFiles: ReadonlyMap<string, Uint8Array> = new Map();

export interface FieldLimits {
  /** Most fields in one request (MAX_PARAMS): query, form fields and parts together. */
  maxParams: number;
  /** Longest text field (MAX_PARAM_BYTES), the uploads excepted: they have the image cap. */
  maxParamBytes: number;
}

/** Fields that carry an upload as text (`base64:…`), bounded by the upload cap instead. */
const uploads = new Set(['captchafile', 'captcha', 'banner', 'audio']);

function check(f: DbcFields, count: number, limits: FieldLimits): DbcFields {
  if (count > limits.maxParams) throw new DbcError('invalid-params');
  for (const [name, value] of f.values) {
    if (value.length > limits.maxParamBytes && !uploads.has(name)) throw new DbcError('invalid-params');
  }
  return f;
}

function queryValues(url: string): Map<string, string> {
  const q = url.indexOf('?');
  return new Map(q === -1 ? [] : new URLSearchParams(url.slice(q + 1).split('#')[0]));
}

/**
 * Reads query and body; a body that does not parse, too many fields or too long a one is
 * `invalid-params`. (The runtime's parser reads the whole body, which MAX_BODY_BYTES bounds.)
 */
export async function readFields(req: Request, limits: FieldLimits): Promise<DbcFields> {
  const values = queryValues(req.url);
  let count = values.size;
  if (req.method === 'GET' || req.method === 'HEAD' || !req.body)
    return check({ values, files: noFiles }, count, limits);
  const type = (req.headers.get('content-type') ?? '').toLowerCase();
  let entries: Iterable<[string, NonNullable<ReturnType<FormData['get']>>]>;
  try {
    // Urlencoded with or without its Content-Type (some clients leave it off).
    entries = type.startsWith('multipart/form-data') ? await req.formData() : new URLSearchParams(await req.text());
  } catch {
    throw new DbcError('invalid-params');
  }
  const files = new Map<string, Uint8Array>();
  for (const [name, value] of entries) {
    if (++count > limits.maxParams) break;
    if (typeof value === 'string') values.set(name, value);
    else files.set(name, new Uint8Array(await value.arrayBuffer()));
  }
  return check({ values, files: files.size ? files : noFiles }, count, limits);
}

/** The first non-empty value among `names`. */
export function pick(f: DbcFields, ...names: string[]): string | undefined {
  for (const name of names) {
    const v = f.values.get(name);
    if (v !== undefined && v !== '') return v;
  }
  return undefined;
}
