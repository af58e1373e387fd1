/**
 * @module
 * Metric labels of a legacy request: its action, method and result code, folded into the
 * values inres knows (anything else is `other`), so a client cannot grow the label sets.
 */
import type { RequestLabels } from '../ops/observe.ts';
import { methodOf } from './build-task.ts';
import { methods } from './methods.ts';
import type { Params } from './params.ts';
import type { Answer } from './reply.ts';
import { actions } from './res.ts';

export type LegacyLabels = RequestLabels;

const none = 'none';
const other = 'other';

let knownMethods: ReadonlySet<string> | undefined;

function fold(value: string | undefined, known: (v: string) => boolean): string {
  if (value === undefined || value === '') return none;
  return known(value) ? value : other;
}

function isMethod(name: string): boolean {
  knownMethods ??= new Set(methods.flatMap((row) => (typeof row.method === 'string' ? [row.method] : row.method)));
  return knownMethods.has(name);
}

const isAction = (name: string): boolean => Object.hasOwn(actions, name);

/** `OK` for every success, else the code (from the error table, so the set is bounded). */
export const resultLabel = (answer: Answer): string => (answer.kind === 'code' ? answer.code : 'OK');

export function legacyLabels(path: '/in.php' | '/res.php', p: Params, answer: Answer): LegacyLabels {
  const action = path === '/res.php' ? fold(p.values.get('action')?.trim().toLowerCase(), isAction) : none;
  const method = path === '/in.php' ? fold(methodOf(p), isMethod) : none;
  return { action, method, code: resultLabel(answer) };
}
