/**
 * @module
 * The modern face's answers, in the caller's family (voices.ts): task ids as its SDK parses them,
 * `status`, the solution, costs and times, and errors in the face's own words (errors.ts). Every
 * answer is a JSON Response.
 */
import type { Task } from '../core/solver.ts';
import type { Outcome, Solution } from '../task/record.ts';
import { familyOf } from '../task/type.ts';
import { isModernCode, modernErrors, type ModernCode } from './errors.ts';
import type { Voice } from './voices.ts';

type Json = Record<string, unknown>;

export const json = (body: Json, status = 200): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

const errorBody = (code: ModernCode): Json => ({
  errorId: 1,
  errorCode: code,
  errorDescription: modernErrors[code].description,
});

/** Codes every family has under its own name: "no such task" and "no such task type". */
const respelled: Readonly<Record<string, keyof Pick<Voice, 'notFound' | 'unsupported'>>> = {
  ERROR_NO_SUCH_CAPCHA_ID: 'notFound',
  ERROR_WRONG_CAPTCHA_ID: 'notFound',
  ERROR_TASKID_INVALID: 'notFound',
  ERROR_TASK_NOT_SUPPORTED: 'unsupported',
  TASK_NOT_SUPPORTED: 'unsupported',
  ERROR_INVALID_TASK_DATA: 'unsupported',
};

/** A request error in the family's spelling: at HTTP 200 for the anti-captcha family, else at the table's status. */
export function refuse(voice: Voice, code: ModernCode): Response {
  const spelled = Object.hasOwn(respelled, code) ? voice[respelled[code]!] : code;
  return json(errorBody(spelled), voice.errorsAt200 ? 200 : modernErrors[spelled].http);
}

/**
 * A gateway id as the caller's SDK parses it: a JSON number for the integer families while it
 * is one exactly (store ids are 15 digits), else a string (stateless signed ids run to ~85 digits).
 */
export function wireId(voice: Voice, id: string): number | string {
  return voice.taskId === 'integer' && /^\d{1,16}$/.test(id) && Number.isSafeInteger(Number(id)) ? Number(id) : id;
}

/** A task id as a client sent it back, number or string alike, as the gateway's decimal text. */
export function idOf(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value);
  if (typeof value === 'string' && /^\d{1,200}$/.test(value)) return value;
  return undefined;
}

/**
 * The token fields each family's SDK reads, under every name a vendor gives them: reCAPTCHA and
 * hCaptcha tokens are `gRecaptchaResponse` (2captcha adds `token`), Turnstile's is `token`. An
 * upstream that spelled the token the other way is normalised to both.
 */
const tokenNames: Readonly<Record<string, readonly string[]>> = {
  RecaptchaV2Task: ['gRecaptchaResponse', 'token'],
  RecaptchaV2EnterpriseTask: ['gRecaptchaResponse', 'token'],
  RecaptchaV3Task: ['gRecaptchaResponse', 'token'],
  HCaptchaTask: ['gRecaptchaResponse', 'token'],
  TurnstileTask: ['token', 'gRecaptchaResponse'],
};

/** The upstream's solution in the canonical names (what every caller family reads). */
export function canonicalSolution(type: string, solution: Solution): Solution {
  const names = tokenNames[familyOf(type)];
  if (!names) return solution;
  const value = names.map((n) => solution[n]).find((v) => typeof v === 'string' && v !== '');
  if (value === undefined) return solution;
  return { ...solution, [names[0]!]: value, ...(names[0] === 'gRecaptchaResponse' ? { token: value } : {}) };
}

/** Unix seconds, as the anti-captcha family stamps tasks. */
const seconds = (ms: number): number => Math.floor(ms / 1000);

function stamps(voice: Voice, task: Task): Json {
  if (!voice.stamps) return {};
  const { createdAt, endedAt } = task.rec;
  return { createTime: seconds(createdAt), ...(endedAt !== undefined && { endTime: seconds(endedAt) }), solveCount: 1 };
}

function costOf(voice: Voice, cost: string | undefined): Json {
  if (cost === undefined || voice.cost === 'none') return {};
  return { cost: voice.cost === 'number' ? Number(cost) : cost };
}

/** A failed task's code as the face names it: a code the face knows as it is, else unsolvable. */
export const failureCode = (outcome: Outcome): ModernCode => {
  const code = 'error' in outcome ? outcome.error : '';
  return isModernCode(code) ? code : 'ERROR_CAPTCHA_UNSOLVABLE';
};

/** getTaskResult's body for a settled task (a JSON callback sends it too, see callback.ts). */
export function settledBody(voice: Voice, task: Task, outcome: Outcome): Json {
  if ('solution' in outcome) {
    return {
      errorId: 0,
      status: 'ready',
      solution: canonicalSolution(task.rec.type, outcome.solution),
      ...costOf(voice, outcome.cost),
      ...stamps(voice, task),
    };
  }
  const code = failureCode(outcome);
  if (voice.failure === 'status') return { ...errorBody(code), errorId: 0, status: 'failed' };
  return { ...errorBody(code), ...(voice.created && { taskId: task.id, status: 'failed' }) };
}

/** The answer to getTaskResult (and to a createTask that came back settled, see `created`). */
export const resultAnswer = (voice: Voice, task: Task, outcome: Outcome | undefined): Response =>
  json(outcome ? settledBody(voice, task, outcome) : { errorId: 0, status: 'processing' });

/** The answer to createTask: the id, and for families that answer so, the status (and a settled task's outcome). */
export function createdAnswer(voice: Voice, task: Task): Response {
  const taskId = wireId(voice, task.id);
  const { outcome } = task.rec;
  if (voice.created && outcome && 'solution' in outcome) {
    return json({
      errorId: 0,
      taskId,
      status: 'ready',
      solution: canonicalSolution(task.rec.type, outcome.solution),
      ...costOf(voice, outcome.cost),
    });
  }
  return json({ errorId: 0, taskId, ...(voice.created && { status: voice.created }) });
}

export const balanceAnswer = (balance: number): Response => json({ errorId: 0, balance });

/** A report's answer: anti-captcha's `status:"success"`, CapSolver's and uCaptcha's feedback message. */
export const reportedAnswer = (voice: Voice): Response =>
  json(voice.created ? { errorId: 0, message: 'Feedback recorded' } : { errorId: 0, status: 'success' });
