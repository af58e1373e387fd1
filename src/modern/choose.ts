/**
 * @module
 * Which family a modern request is read and answered in, per request (docs/compat.md):
 * 1. a path prefix (`/capsolver/createTask`) names it;
 * 2. else, for createTask, a task type only one vendor spells (`ReCaptchaV2TaskProxyLess` is
 *    CapSolver's), or CapSolver's request-level `appId` (its SDKs send it; no other vendor has it);
 *    for the other calls, the family the task was created in, when the record holds it;
 * 3. else the setting MODERN_DIALECT (default `anticaptcha`, the canonical spelling, which the
 *    anti-captcha, CapMonster and 2captcha v2 SDKs all parse).
 */
import { modernCalls } from '../http/modern-guard.ts';
import type { TaskRecord } from '../task/record.ts';
import { dialectNames, type DialectName } from '../upstream/dialects.ts';
import { vendorOfType } from './decode.ts';

const isDialect = (s: string): s is DialectName => (dialectNames as string[]).includes(s);

/** The calls the face serves (the guard's list, which openapi.json also documents). */
export const calls = modernCalls;
export type ModernCall = (typeof calls)[number];

/** The paths served: each call bare and under each family's prefix. */
export const modernPaths = (): { path: string; call: ModernCall; prefix?: DialectName }[] => [
  ...calls.map((call) => ({ path: `/${call}`, call })),
  ...dialectNames.flatMap((prefix) => calls.map((call) => ({ path: `/${prefix}/${call}`, call, prefix }))),
];

/** The family of a createTask body without a prefix: the type's spelling, CapSolver's appId, or undefined. */
export function dialectOfCreate(body: Record<string, unknown>): DialectName | undefined {
  const task = body.task;
  const type = typeof task === 'object' && task !== null ? (task as Record<string, unknown>).type : undefined;
  const byType = typeof type === 'string' ? vendorOfType(type) : undefined;
  return byType ?? (typeof body.appId === 'string' ? 'capsolver' : undefined);
}

/** The family a task was created in, when its record says (`dialect`, an optional record field). */
export function dialectOfRecord(rec: TaskRecord): DialectName | undefined {
  return rec.dialect !== undefined && isDialect(rec.dialect) ? rec.dialect : undefined;
}
