/**
 * @module
 * The DeathByCaptcha HTTP API under `/api`, on the core's solver: upload, poll, report, the
 * account and the service status. Polls need no credentials, as DBC's own clients send none:
 * without them the stored record is read (ids are 15 random digits), and tasks are watched in
 * the background where the runtime can, so that record gains its outcome; with them the poll
 * is the key's own and goes upstream when the outcome is not stored yet.
 */
import type { Context, Env, Hono } from 'hono';
import { bodyFits } from '../http/body-limit.ts';
import type { Solver, Task } from '../core/solver.ts';
import type { Outcome } from '../task/record.ts';
import { createDbcAdmission, Refusal, type AdmitOptions } from './admit.ts';
import { captchaFields, statusFields, userFields } from './answers.ts';
import { buildTask } from './build.ts';
import { credentialsOf } from './credentials.ts';
import { codeOf, DbcError } from './errors.ts';
import { errorReply, reply, uploaded, wantsJson } from './reply.ts';
import { readFields, type DbcFields, type FieldLimits } from './request.ts';
import { answerKindOf } from './types.ts';

/** The face's name where the core asks for one (the background watch of a task). */
export const dbcFace = 'dbc';

/** What the face needs of the core. */
export type DbcSolver = Pick<Solver, 'submit' | 'find' | 'peek' | 'outcome' | 'report' | 'balance'>;

export interface DbcOptions extends AdmitOptions {
  solver: DbcSolver;
  maxBodyBytes: number;
  /** MAX_PARAMS and MAX_PARAM_BYTES, as the legacy face applies them. */
  limits: FieldLimits;
  /** Whether the core can watch tasks in the background here (it needs the runtime's pingback timer). */
  watch: boolean;
  /** The client address the access rules and the per-IP limit judge. */
  ip: (c: Context) => string;
}

/** Gateway ids: 15 digits from the store (longer stateless ids do not fit DBC's integer ids either). */
const idPattern = /^\d{1,32}$/;

type Serve = (c: Context, json: boolean, headers: Record<string, string>) => Promise<Response>;

export function mountDbc<E extends Env>(app: Hono<E>, opts: DbcOptions): void {
  const { solver } = opts;
  const admission = createDbcAdmission(opts);

  /** Runs a route; an error value becomes its DBC answer, with the rate headers known so far. */
  const handle =
    (serve: Serve) =>
    async (c: Context): Promise<Response> => {
      const json = wantsJson(c.req.header('accept'));
      const headers: Record<string, string> = {};
      try {
        return await serve(c, json, headers);
      } catch (e) {
        const code = codeOf(e);
        if (code === undefined) throw e;
        return errorReply(code, json, e instanceof Refusal ? { ...headers, ...e.headers } : headers);
      }
    };

  async function fieldsOf(c: Context): Promise<DbcFields> {
    if (!(await bodyFits(c, opts.maxBodyBytes))) throw new DbcError('captcha-too-large');
    return readFields(c.req.raw, opts.limits);
  }

  async function admitted(c: Context, f: DbcFields, headers: Record<string, string>): Promise<string> {
    const { key, headers: rate } = await admission.withKey(f, (name) => c.req.header(name), opts.ip(c));
    Object.assign(headers, rate);
    return key;
  }

  function idOf(c: Context): string {
    const id = c.req.param('id') ?? '';
    if (!idPattern.test(id)) throw new DbcError('captcha-not-found');
    return id;
  }

  /** The key's own task behind the id, or captcha-not-found. */
  async function owned(key: string, id: string): Promise<Task> {
    const task = await solver.find(key, id);
    if (!task) throw new DbcError('captcha-not-found');
    return task;
  }

  app.post(
    '/api/captcha',
    handle(async (c, json, headers) => {
      const f = await fieldsOf(c);
      const key = await admitted(c, f, headers);
      const built = buildTask(f);
      const task = await solver.submit(key, built, {
        openTo: dbcFace,
        ...(opts.watch && { callback: { face: dbcFace } }),
      });
      return uploaded(captchaFields(task.id, answerKindOf(task.rec.type), task.rec.outcome), json, c.req.url, headers);
    }),
  );

  app.get(
    '/api/captcha/:id',
    handle(async (c, json, headers) => {
      const id = idOf(c);
      const f = await fieldsOf(c);
      let task: Task | undefined;
      let outcome: Outcome | undefined;
      if (credentialsOf(f, (name) => c.req.header(name))) {
        const key = await admitted(c, f, headers);
        task = await owned(key, id);
        outcome = await solver.outcome(key, task);
      } else {
        Object.assign(headers, await admission.byIp(opts.ip(c)));
        task = await solver.peek(dbcFace, id);
        if (!task) throw new DbcError('captcha-not-found');
        outcome = task.rec.outcome;
      }
      return reply(captchaFields(id, answerKindOf(task.rec.type), outcome), json, 200, headers);
    }),
  );

  app.post(
    '/api/captcha/:id/report',
    handle(async (c, json, headers) => {
      const id = idOf(c);
      const f = await fieldsOf(c);
      const key = await admitted(c, f, headers);
      const task = await owned(key, id);
      await solver.report(key, task, true);
      return reply(
        { ...captchaFields(id, answerKindOf(task.rec.type), task.rec.outcome), is_correct: 0 },
        json,
        200,
        headers,
      );
    }),
  );

  app.on(
    ['GET', 'POST'],
    '/api/user',
    handle(async (c, json, headers) => {
      const key = await admitted(c, await fieldsOf(c), headers);
      return reply(userFields(await solver.balance(key)), json, 200, headers);
    }),
  );

  app.get(
    '/api/status',
    handle(async (c, json, headers) => {
      Object.assign(headers, await admission.byIp(opts.ip(c)));
      return reply(statusFields(false), json, 200, headers);
    }),
  );
}
