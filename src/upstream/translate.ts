/**
 * @module
 * The engine of the dialect table: a canonical task, its extras, ids and reports → what one
 * vendor expects on the wire. Every decision here reads a field of the dialect row.
 */
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

function place(target: Json, path: string, value: unknown): void {
  const parts = path.split('.');
  let obj = target;
  for (const part of parts.slice(0, -1)) obj = (obj[part] ??= {}) as Json;
  obj[parts[parts.length - 1]!] = value;
}

/** The createTask body (without clientKey) for a canonical task and its extras. */
export function encodeTask(dialect: Dialect, type: string, task: Json, extras: Json): Json {
  const rule = Object.hasOwn(dialect.types, type) ? dialect.types[type]! : {};
  let wireType = rule.type ?? type;
  if (rule.switch && task[rule.switch.field] === rule.switch.value) wireType = rule.switch.type;

  let fields: Json = { ...task };
  delete fields.type;
  if (dialect.proxy === 'string' && fields.proxyAddress !== undefined) {
    const proxy = proxyString(fields);
    for (const name of proxyFields) delete fields[name];
    fields.proxy = proxy;
  }
  if (rule.rename) {
    const renamed: Json = {};
    for (const [name, value] of Object.entries(fields)) place(renamed, rule.rename[name] ?? name, value);
    fields = renamed;
  }
  for (const name of rule.drop ?? []) delete fields[name];

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
export function reportCall(dialect: Dialect, type: string, bad: boolean, taskId: string | number): ReportCall | undefined {
  const family = familyOf(type);
  const calls: ReportCalls | undefined = Object.hasOwn(dialect.reports, family) ? dialect.reports[family] : dialect.reports['*'];
  const call = bad ? calls?.bad : calls?.good;
  if (!call) return undefined;
  if (dialect.reportBody === 'taskId') return { call, body: { taskId } };
  const message = bad ? 'reportbad via legacy res.php' : 'reportgood via legacy res.php';
  return { call, body: { taskId, result: { invalid: bad, message } } };
}
