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

function queryValues(url: string): Map<string, string> {
  const q = url.indexOf('?');
  return new Map(q === -1 ? [] : new URLSearchParams(url.slice(q + 1).split('#')[0]));
}

/** Reads query and body; a body that does not parse is `invalid-params`. */
export async function readFields(req: Request): Promise<DbcFields> {
  const values = queryValues(req.url);
  if (req.method === 'GET' || req.method === 'HEAD' || !req.body) return { values, files: noFiles };
  const type = (req.headers.get('content-type') ?? '').toLowerCase();
  try {
    if (type.startsWith('multipart/form-data')) {
      const files = new Map<string, Uint8Array>();
      for (const [name, value] of await req.formData()) {
        if (typeof value === 'string') values.set(name, value);
        else files.set(name, new Uint8Array(await value.arrayBuffer()));
      }
      return { values, files };
    }
    // Urlencoded with or without its Content-Type (some clients leave it off).
    for (const [name, value] of new URLSearchParams(await req.text())) values.set(name, value);
    return { values, files: noFiles };
  } catch {
    throw new DbcError('invalid-params');
  }
}

/** The first non-empty value among `names`. */
export function pick(f: DbcFields, ...names: string[]): string | undefined {
  for (const name of names) {
    const v = f.values.get(name);
    if (v !== undefined && v !== '') return v;
  }
  return undefined;
}
