/**
 * @module
 * The engine of the method table: legacy parameters → the modern task (and createTask extras).
 * Every validation happens here, before any upstream call.
 */
import type { BuiltTask } from '../task/record.ts';
import { setPath } from '../task/path.ts';
import { proxiedOf } from '../task/type.ts';
import { LegacyError } from './errors.ts';
import { isTrue, text, type Raw } from './fields.ts';
import { commonFields, methods, type Field, type MethodRow, type Switch } from './methods.ts';
import type { Params } from './params.ts';
import { parseProxy } from './proxy.ts';

export type { BuiltTask } from '../task/record.ts';

/** The legacy method a request names; text captchas may come with `textcaptcha` alone. */
export function methodOf(p: Params): string | undefined {
  const m = p.values.get('method')?.trim().toLowerCase();
  if (m) return m;
  if (p.values.get('textcaptcha')) return 'textcaptcha';
  // 2captcha-go sends grid and coordinates without `method`: an image part is `post`, a `body` base64.
  if (p.files.has('file')) return 'post';
  return p.values.get('body') ? 'base64' : undefined;
}

function holds(p: Params, name: string, want: Switch): boolean {
  if (want === true) return isTrue(p.values.get(name));
  if (typeof want === 'string') return p.values.get(name)?.trim().toLowerCase() === want;
  return (rawOf(p, name) !== undefined) === want.present;
}

interface Candidate {
  row: MethodRow;
  when: readonly [string, Switch][];
  /** The row's fields, then the common ones: what buildTask reads for it. */
  fields: readonly Field[];
}

/** A table's rows by method name, in table order: built once per table, not scanned per submit. */
const indexes = new WeakMap<readonly MethodRow[], ReadonlyMap<string, readonly Candidate[]>>();

function indexOf(table: readonly MethodRow[]): ReadonlyMap<string, readonly Candidate[]> {
  let index = indexes.get(table);
  if (!index) {
    const built = new Map<string, Candidate[]>();
    for (const row of table) {
      const candidate = { row, when: Object.entries(row.when ?? {}), fields: [...row.fields, ...commonFields] };
      for (const name of typeof row.method === 'string' ? [row.method] : row.method) {
        let list = built.get(name);
        if (!list) built.set(name, (list = []));
        list.push(candidate);
      }
    }
    indexes.set(table, (index = built));
  }
  return index;
}

function candidateFor(p: Params, table: readonly MethodRow[]): Candidate | undefined {
  const method = methodOf(p);
  const rows = method === undefined ? undefined : indexOf(table).get(method);
  return rows?.find((c) => c.when.every(([name, want]) => holds(p, name, want)));
}

/** The row serving a request, or undefined for a method the table does not have. */
export function rowFor(p: Params, table: readonly MethodRow[] = methods): MethodRow | undefined {
  return candidateFor(p, table)?.row;
}

/** Every `prefix[key]` parameter as a JSON object string (`data[blob]=x` → `{"blob":"x"}`). */
function gathered(p: Params, prefix: string): string | undefined {
  let found: Record<string, string> | undefined;
  for (const [name, value] of p.values) {
    if (name.startsWith(prefix) && name.endsWith(']') && name.length > prefix.length + 1) {
      (found ??= {})[name.slice(prefix.length, -1)] = value;
    }
  }
  return found && JSON.stringify(found);
}

function rawOf(p: Params, names: string | readonly string[]): Raw | undefined {
  for (const name of typeof names === 'string' ? [names] : names) {
    if (name.endsWith('[*]')) {
      const v = gathered(p, name.slice(0, -2));
      if (v !== undefined) return v;
      continue;
    }
    const file = p.files.get(name);
    if (file) return file;
    const v = p.values.get(name);
    if (v !== undefined && v !== '') return v;
  }
  return undefined;
}

function convert(field: Field, raw: Raw): unknown {
  return (field.as ?? text)(raw, field.bad ?? field.required ?? 'ERROR_BAD_PARAMETERS');
}

/** Builds the modern task for a legacy submit, or throws the legacy code of the first problem. */
export function buildTask(p: Params, table: readonly MethodRow[] = methods): BuiltTask {
  const found = candidateFor(p, table);
  if (!found) throw new LegacyError('ERROR_NO_SUCH_METHOD');
  const { row } = found;

  const task: Record<string, unknown> = {};
  const extras: Record<string, unknown> = {};
  for (const field of found.fields) {
    const raw = rawOf(p, field.from);
    let value: unknown;
    if (raw !== undefined) value = convert(field, raw);
    else if (field.required) throw new LegacyError(field.required);
    else if (field.default !== undefined) value = field.default;
    else continue;
    // A converter may find that a value means "not sent" (`previousID=0`).
    if (value === undefined) continue;
    if (field.to.startsWith('@')) extras[field.to.slice(1)] = value;
    else setPath(task, field.to, value);
  }
  for (const group of row.oneOf ?? []) {
    if (!group.some((name) => rawOf(p, name) !== undefined)) throw new LegacyError('ERROR_BAD_PARAMETERS');
  }
  Object.assign(task, row.fixed);

  let type = row.type;
  const proxy = p.values.get('proxy')?.trim();
  if (row.proxy !== 'none' && proxy) {
    Object.assign(task, parseProxy(proxy, p.values.get('proxytype') || undefined));
    type = proxiedOf(type);
  } else if (row.proxy === 'required') {
    throw new LegacyError('ERROR_BAD_PARAMETERS');
  }
  return { type, task: { type, ...task }, extras };
}
