/**
 * @module
 * The modern face: createTask, getTaskResult, getBalance and the report calls, bare and under
 * each family's prefix (`/capsolver/createTask`), on the core's Solver — so routing, failover,
 * the breaker, the budget, coalescing and callbacks apply as on the legacy face. Task ids are
 * the gateway's, scoped to the key that made them; the caller is answered in its family
 * (choose.ts), never with an upstream's words (errors.ts). Body size and the per-IP limit are
 * the guard's (http/modern-guard.ts); the key table and the per-key limit are checked here.
 */
import type { Context, Env, Hono } from 'hono';
import type { Access } from '../access/keys.ts';
import type { RateLimiter } from '../access/rate-limit.ts';
import type { Solver, Task } from '../core/solver.ts';
import { jsonItemsOver } from '../http/body-limit.ts';
import { hashKey } from '../ids/ids.ts';
import type { Logger } from '../ops/log.ts';
import type { Outcome } from '../task/record.ts';
import { UpstreamError } from '../upstream/client.ts';
import type { DialectName } from '../upstream/dialects.ts';
import { balanceAnswer, createdAnswer, idOf, refuse, reportedAnswer, resultAnswer } from './answer.ts';
import { dialectOfCreate, dialectOfRecord, modernPaths, type ModernCall } from './choose.ts';
import { decodeCreateTask } from './decode.ts';
import { codeOfThrown, isModernCode } from './errors.ts';
import { voices, type Voice } from './voices.ts';

/** The face name callbacks carry (the pingback worker renders them with `modernCallback`). */
export const modernFace = 'modern';

export interface ModernOptions {
  solver: Solver;
  /** Gateway keys; absent: any key is served and goes upstream as it came. */
  access?: Access;
  limiter: RateLimiter;
  onLimited: () => void;
  /** The client address the access rules judge. */
  ip: (c: Context) => string;
  logger: Logger;
  now: () => number;
  /** Every canonical type inres can build (both twins of each family). */
  types: readonly string[];
  /** MODERN_DIALECT: the family of a request that does not tell its own. */
  dialect: DialectName;
  /** MAX_PARAMS: most JSON items a body may hold (nesting and lists a parser or a copy would choke on). */
  maxParams: number;
  /**
   * CapSolver answers ImageToTextTask in the createTask answer (its SDK reads the solution there,
   * capsolver-npm `image2text`): how many outcome polls, `pollMs` apart, the face waits for one.
   */
  syncPolls?: number;
  pollMs?: number;
}

type Json = Record<string, unknown>;

interface Call {
  c: Context;
  body: Json;
  key: string;
  /** The family named by the path prefix, if any. */
  prefix: DialectName | undefined;
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The types a family answers in the createTask answer itself (voices' `created` families). */
const synchronous = new Set(['ImageToTextTask']);

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function mountModern<E extends Env>(app: Hono<E>, opts: ModernOptions): void {
  const known = new Set(opts.types);
  const { solver } = opts;
  const voiceOf = (d: DialectName | undefined): Voice => voices[d ?? opts.dialect];

  /** The thrown value as the family's error, logged without the key. */
  function failed(voice: Voice, e: unknown, call: ModernCall): Response {
    const code = codeOfThrown(e);
    if (e instanceof UpstreamError && e.fault) {
      opts.logger.warn('upstream fault', { call, fault: e.fault, upstream: e.upstream, cause: e.faultCause });
    }
    return refuse(voice, code);
  }

  /** The caller's task, or its family's "no such task" (an unknown id and another key's alike). */
  async function taskOf(call: Call, voice: Voice): Promise<Task | Response> {
    const id = idOf(call.body.taskId);
    const task = id === undefined ? undefined : await solver.find(call.key, id);
    return task ?? refuse(voice, 'ERROR_NO_SUCH_CAPCHA_ID');
  }

  async function outcomeOf(key: string, task: Task): Promise<Outcome | undefined> {
    try {
      return await solver.outcome(key, task);
    } catch (e) {
      // A poll that meets a fault is "processing": the task is still upstream (as on the legacy face).
      if (e instanceof UpstreamError && e.fault) return undefined;
      throw e;
    }
  }

  /** The task with its outcome's end time, for `endTime` (the core stamps the stored record). */
  const settled = (task: Task, outcome: Outcome | undefined): Task =>
    outcome && task.rec.endedAt === undefined ? { ...task, rec: { ...task.rec, endedAt: opts.now() } } : task;

  const handlers: Record<ModernCall, (call: Call) => Promise<Response>> = {
    async createTask({ body, key, prefix }) {
      const dialect = prefix ?? dialectOfCreate(body) ?? opts.dialect;
      const voice = voices[dialect];
      const decoded = decodeCreateTask(dialect, body, known);
      if ('unsupported' in decoded) return refuse(voice, 'ERROR_TASK_NOT_SUPPORTED');
      if ('bad' in decoded) return refuse(voice, decoded.bad === 'task' ? 'ERROR_TASK_ABSENT' : 'ERROR_BAD_PARAMETERS');
      try {
        const { built, callbackUrl } = decoded;
        let task = await solver.submit(key, built, {
          dialect,
          ...(callbackUrl && { callback: { face: modernFace, url: callbackUrl } }),
        });
        if (voice.created && synchronous.has(built.type)) {
          for (let i = 0; i < (opts.syncPolls ?? 20) && !task.rec.outcome; i++) {
            const outcome = await outcomeOf(key, task);
            if (outcome) task = settled({ ...task, rec: { ...task.rec, outcome } }, outcome);
            else await delay(opts.pollMs ?? 500);
          }
        }
        return createdAnswer(voice, task);
      } catch (e) {
        return failed(voice, e, 'createTask');
      }
    },

    async getTaskResult(call) {
      const found = await taskOf(call, voiceOf(call.prefix));
      if (found instanceof Response) return found;
      const voice = voiceOf(call.prefix ?? dialectOfRecord(found.rec));
      try {
        const outcome = await outcomeOf(call.key, found);
        return resultAnswer(voice, settled(found, outcome), outcome);
      } catch (e) {
        return failed(voice, e, 'getTaskResult');
      }
    },

    async getBalance({ key, prefix }) {
      const voice = voiceOf(prefix);
      try {
        return balanceAnswer(await solver.balance(key));
      } catch (e) {
        return failed(voice, e, 'getBalance');
      }
    },

    reportIncorrectImageCaptcha: (call) => report(call, true),
    reportIncorrectRecaptcha: (call) => report(call, true),
    reportIncorrectHcaptcha: (call) => report(call, true),
    reportIncorrectTokenCaptcha: (call) => report(call, true),
    reportIncorrect: (call) => report(call, true),
    reportCorrectRecaptcha: (call) => report(call, false),
    reportCorrect: (call) => report(call, false),
    // CapSolver's and uCaptcha's one call: `result.invalid` says which.
    feedbackTask: (call) => report(call, !(isObject(call.body.result) && call.body.result.invalid === false)),
  };

  async function report(call: Call, bad: boolean): Promise<Response> {
    const found = await taskOf(call, voiceOf(call.prefix));
    if (found instanceof Response) return found;
    const voice = voiceOf(call.prefix ?? dialectOfRecord(found.rec));
    try {
      await solver.report(call.key, found, bad);
      return reportedAnswer(voice);
    } catch (e) {
      return failed(voice, e, 'feedbackTask');
    }
  }

  /** Whether the key may go on: the key table, then the per-key limit (as the legacy face's admission). */
  async function admitted(c: Context, key: string, voice: Voice): Promise<Response | undefined> {
    if (opts.access) {
      const admission = await opts.access.admit(key, opts.ip(c));
      if (!admission.ok) {
        return refuse(voice, isModernCode(admission.code) ? admission.code : 'ERROR_KEY_DOES_NOT_EXIST');
      }
    }
    const rate = opts.limiter.enabled('key') ? await opts.limiter.hit('key', await hashKey(key)) : undefined;
    if (!rate?.limited) return undefined;
    opts.onLimited();
    const limited = refuse(voice, 'RATE_LIMITED');
    return new Response(limited.body, { status: 429, headers: limited.headers });
  }

  for (const { path, call, prefix } of modernPaths()) {
    app.post(path, async (c) => {
      const voice = voiceOf(prefix);
      const text = await c.req.text();
      if (jsonItemsOver(text, opts.maxParams)) return refuse(voice, 'ERROR_BAD_PARAMETERS');
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        return refuse(voice, 'ERROR_BAD_PARAMETERS');
      }
      if (!isObject(body)) return refuse(voice, 'ERROR_BAD_PARAMETERS');
      const key = body.clientKey;
      if (typeof key !== 'string' || key === '') return refuse(voice, 'ERROR_KEY_DOES_NOT_EXIST');
      const refused = await admitted(c, key, voice);
      if (refused) return refused;
      try {
        return await handlers[call]({ c, body, key, prefix });
      } catch (e) {
        // A store outage while finding the task: the family's error, not a 500.
        return refuse(voice, codeOfThrown(e));
      }
    });
  }
}
