/**
 * @module
 * The engine of the dialect table: a canonical task, its extras, ids and reports → what one
 * vendor expects on the wire. Every decision here reads a field of the dialect row.
 */
import { getPath, setPath } from '../task/path.ts';
import { familyOf } from '../task/type.ts';
import type { Dialect, ReportCalls } from './dialects.ts';

type Json = Record<string, unknown>;

const proxyFields = ['proxyType', 'proxyAddress', 'proxyPort', 'proxyLogin', 'proxyPassword'] as const;

/** `type:host:port[:login:password]`, the single proxy string CapSolver takes. */
function proxyString(task: Json): string {
  const parts = [task.proxyType, task.proxyAddress, task.proxyPort];
  if (task.proxyLogin !== undefined) parts.push(task.proxyLogin, task.proxyPassword ?? '');
  return parts.map(String).join(':');
}

/** Removes the value at `path`, and the object holding it when that is left empty. */
function take(source: Json, path: string): unknown {
  const parts = path.split('.');
  const parent = parts.length === 1 ? source : getPath(source, parts.slice(0, -1).join('.'));
  if (typeof parent !== 'object' || parent === null) return undefined;
  const last = parts[parts.length - 1]!;
  const value = (parent as Json)[last];
  delete (parent as Json)[last];
  if (parts.length > 1 && Object.keys(parent).length === 0) take(source, parts.slice(0, -1).join('.'));
  return value;
}

/**
 * A copy of the objects and arrays, so that renames inside nested objects leave the canonical
 * task alone; the values in them are shared (strings and Base64 fields are never written to).
 */
function copyOf<T>(value: T): T {
  if (Array.isArray(value)) return value.map(copyOf) as T;
  if (typeof value !== 'object' || value === null || Object.getPrototypeOf(value) !== Object.prototype) return value;
  const out: Json = {};
  for (const [k, v] of Object.entries(value)) out[k] = copyOf(v);
  return out as T;
}

/** Value rewrites a rule names: `cookieList` turns `name=value; name2=value2` into `[{name, value}, …]`, `list` wraps a value in a list. */
const conversions = {
  list: (v: unknown): unknown => [v],
  cookieList: (v: unknown): unknown =>
    typeof v !== 'string'
      ? v
      : v
          .split(';')
          .map((pair) => pair.trim())
          .filter(Boolean)
          .map((pair) => {
            const eq = pair.indexOf('=');
            return eq === -1 ? { name: pair, value: '' } : { name: pair.slice(0, eq), value: pair.slice(eq + 1) };
          }),
} as const;

/** Vendor fields a rule builds from the canonical task: `gridSize` is `rows`×`columns` (`3x3`, 2captcha's default 3). */
const builders = {
  gridSize: (task: Json): unknown => {
    const rows = typeof task.rows === 'number' ? task.rows : 3;
    return `${rows}x${typeof task.columns === 'number' ? task.columns : rows}`;
  },
} as const;

/** The smallest queue at or above the requested score; the first queue when none was asked. */
function queued(steps: readonly [number, ...number[]], asked: unknown): number {
  if (typeof asked !== 'number') return steps[0];
  return steps.find((s) => s >= asked) ?? steps[steps.length - 1]!;
}

/** Whether the vendor has the canonical type at all (a `none` rule says it has not). */
export function hasType(dialect: Dialect, type: string): boolean {
  return !(Object.hasOwn(dialect.types, type) && dialect.types[type]!.none);
}

/** The createTask body (without clientKey) for a canonical task and its extras. */
export function encodeTask(dialect: Dialect, type: string, task: Json, extras: Json): Json {
  const rule = Object.hasOwn(dialect.types, type) ? dialect.types[type]! : {};
  let wireType = rule.type ?? type;
  if (rule.switch && task[rule.switch.field] === rule.switch.value) wireType = rule.switch.type;

  let fields: Json = copyOf(task);
  delete fields.type;
  if (typeof fields.proxyType === 'string') fields.proxyType = dialect.proxyTypes[fields.proxyType] ?? fields.proxyType;
  if (dialect.proxy === 'string' && fields.proxyAddress !== undefined) {
    const proxy = proxyString(fields);
    for (const name of proxyFields) delete fields[name];
    fields.proxy = proxy;
  }
  const built = Object.entries(rule.build ?? {}).map(([to, how]) => [to, builders[how](fields)] as const);
  for (const [from, to] of Object.entries(rule.copy ?? {})) {
    const value = getPath(fields, from);
    if (value !== undefined) setPath(fields, to, value);
  }
  if (rule.rename) {
    const nested = Object.entries(rule.rename).filter(([from]) => from.includes('.'));
    const moved = nested.map(([from, to]) => [to, take(fields, from)] as const);
    const renamed: Json = {};
    for (const [name, value] of Object.entries(fields)) setPath(renamed, rule.rename[name] ?? name, value);
    for (const [to, value] of moved) if (value !== undefined) setPath(renamed, to, value);
    fields = renamed;
  }
  for (const name of rule.drop ?? []) delete fields[name];
  for (const [to, value] of built) setPath(fields, to, value);
  for (const [name, how] of Object.entries(rule.convert ?? {})) {
    if (fields[name] !== undefined) fields[name] = conversions[how](fields[name]);
  }
  if (rule.queue) fields[rule.queue.field] = queued(rule.queue.steps, fields[rule.queue.field]);
  Object.assign(fields, rule.fixed);

  const wireTask: Json = { type: wireType, ...fields };
  const body: Json = { task: wireTask };
  for (const [name, value] of Object.entries(extras)) {
    const where = Object.hasOwn(dialect.extras, name) ? dialect.extras[name] : undefined;
    if (value === undefined || !where) continue;
    if (where === 'task') wireTask[name] = value;
    else body[name] = value;
  }
  return body;
}

/** A stored task id as the vendor wants it back: integers as JSON numbers. */
export function wireTaskId(dialect: Dialect, id: string): string | number {
  if (dialect.taskId === 'integer' && /^\d{1,16}$/.test(id) && Number.isSafeInteger(Number(id))) return Number(id);
  return id;
}

export interface ReportCall {
  call: string;
  body: Json;
}

/** The call reporting a solution of `type` as bad or good, or undefined when the vendor has none. */
export function reportCall(
  dialect: Dialect,
  type: string,
  bad: boolean,
  taskId: string | number,
): ReportCall | undefined {
  const family = familyOf(type);
  const calls: ReportCalls | undefined = Object.hasOwn(dialect.reports, family)
    ? dialect.reports[family]
    : dialect.reports['*'];
  const call = bad ? calls?.bad : calls?.good;
  if (!call) return undefined;
  if (dialect.reportBody === 'taskId') return { call, body: { taskId } };
  const message = bad ? 'reportbad via legacy res.php' : 'reportgood via legacy res.php';
  return { call, body: { taskId, result: { invalid: bad, message } } };
}
