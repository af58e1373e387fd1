/**
 * @module
 * /res.php: the actions table (get, get2, getbalance, reportbad, reportgood) and their engine.
 */
import type { Task } from '../core/solver.ts';
import { isIdFormat } from '../ids/ids.ts';
import { StoreUnavailable } from '../store/types.ts';
import type { Outcome } from '../task/record.ts';
import { answerFor, pipedByDesign } from './answers.ts';
import { requireKey, type LegacyContext } from './context.ts';
import { codeOf, failureCode, isLegacyCode, LegacyError, type LegacyCode } from './errors.ts';
import { pick, wantsJson, type Params } from './params.ts';
import { bare, breaksPlain, code, notReady, ok, type Answer } from './reply.ts';

type Action = (p: Params, key: string, ctx: LegacyContext) => Promise<Answer>;

/** The task behind `id`, only for the key that created it. */
async function lookup(id: string | undefined, key: string, ctx: LegacyContext): Promise<Task> {
  if (!id || !isIdFormat(id)) throw new LegacyError('ERROR_WRONG_ID_FORMAT');
  const task = await ctx.solver.find(key, id);
  if (!task) throw new LegacyError('ERROR_WRONG_CAPTCHA_ID');
  return task;
}

const findTask = (p: Params, key: string, ctx: LegacyContext): Promise<Task> => lookup(pick(p, 'id')?.trim(), key, ctx);

export function outcomeAnswer(type: string, outcome: Outcome): Answer {
  if ('error' in outcome) return code(failureCode(outcome.error));
  // Written by an inres before outcomes held modern codes: the legacy answer itself.
  if ('failed' in outcome) return code(isLegacyCode(outcome.failed) ? outcome.failed : 'ERROR_CAPTCHA_UNSOLVABLE');
  return answerFor(type, outcome.solution) ?? code('ERROR_CAPTCHA_UNSOLVABLE');
}

/** A balance as 2captcha prints it: four decimals, more only when they matter, never an exponent. */
export function formatBalance(n: number): string {
  // toFixed switches to an exponent from 1e21 on; doubles that large are integers.
  if (Math.abs(n) >= 1e21) return `${BigInt(n)}.0000`;
  const fixed = n.toFixed(4);
  if (Number(fixed) === n) return fixed;
  const long = n.toFixed(10).replace(/0+$/, '');
  // Below 1e-10 no digit is left after the point.
  return long.endsWith('.') ? fixed : long;
}

const report =
  (bad: boolean): Action =>
  async (p, key, ctx) => {
    await ctx.solver.report(key, await findTask(p, key, ctx), bad);
    return bare('OK_REPORT_RECORDED');
  };

/** The answer to `get` for one id, and its outcome once there is one. */
async function current(found: Task, key: string, ctx: LegacyContext): Promise<{ answer: Answer; outcome?: Outcome }> {
  const outcome = await ctx.solver.outcome(key, found);
  return outcome ? { answer: outcomeAnswer(found.rec.type, outcome), outcome } : { answer: notReady };
}

/** An answer that plain text cannot carry exactly (see breaksPlain): refused, with the reason logged. */
function refused(task: Task, reason: string, ctx: LegacyContext): LegacyCode {
  ctx.logger.warn('answer refused in plain text', { id: task.id, type: task.rec.type, reason });
  return 'ERROR_CAPTCHA_UNSOLVABLE';
}

/** At most this many ids in one `ids=` poll, so that one request cannot fan out without bound. */
export const maxIds = 50;
/** Upstream polls in flight at once for one `ids=` request. */
const idsConcurrency = 8;

/**
 * One item of an `ids=` answer: the answer without `OK|`, or the code. The list is `|`-joined in
 * json=1 too, so an item holding `|` or a line break is refused in both formats.
 */
async function itemOf(id: string, key: string, ctx: LegacyContext): Promise<string> {
  try {
    const task = await lookup(id, key, ctx);
    const { answer } = await current(task, key, ctx);
    if (answer.kind === 'ok' && breaksPlain(answer.plain, true))
      return refused(task, 'ids= item holds | or a line break', ctx);
    return answer.kind === 'ok' ? answer.plain : answer.kind === 'bare' ? answer.text : answer.code;
  } catch (e) {
    const known = codeOf(e);
    if (known === undefined) throw e;
    return known;
  }
}

/** `ids=1,2,3`: every id's answer, joined by `|` in request order, without `OK|` per item. */
async function getMany(list: string, key: string, ctx: LegacyContext): Promise<Answer> {
  const ids = list.split(',').map((id) => id.trim());
  if (ids.length > maxIds) throw new LegacyError('ERROR_BAD_PARAMETERS');
  const items = new Array<string>(ids.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < ids.length) {
      const i = next++;
      items[i] = await itemOf(ids[i]!, key, ctx);
    }
  };
  await Promise.all(Array.from({ length: Math.min(idsConcurrency, ids.length) }, worker));
  return bare(items.join('|'));
}

const noRegistration: Action = async () => code('ERROR_PINGBACK_NO_REGISTRATION');

/**
 * A poll while the store is unreachable (a failover, a stall) is "not ready yet": clients keep
 * polling, where an ERROR_ answer would end their solve; an outcome is only answered once stored.
 */
const pollAnswer =
  (action: Action): Action =>
  (p, key, ctx) =>
    action(p, key, ctx).catch((e: unknown) => {
      if (e instanceof StoreUnavailable) return notReady;
      throw e;
    });

export const actions: Readonly<Record<string, Action>> = {
  get: pollAnswer(async (p, key, ctx) => {
    const list = pick(p, 'ids');
    if (list !== undefined) return getMany(list, key, ctx);
    const task = await findTask(p, key, ctx);
    const { answer } = await current(task, key, ctx);
    // `|` is kept: clients take everything after the first `OK|`.
    if (answer.kind === 'ok' && !wantsJson(p) && breaksPlain(answer.plain, false))
      return code(refused(task, 'answer holds a line break or NUL', ctx));
    return answer;
  }),
  /** The answer with its price (USD, as the upstream reported it): `OK|<answer>|<price>`. */
  get2: pollAnswer(async (p, key, ctx) => {
    const task = await findTask(p, key, ctx);
    const { answer, outcome } = await current(task, key, ctx);
    if (answer.kind !== 'ok' || !outcome || !('solution' in outcome)) return answer;
    if (!wantsJson(p) && breaksPlain(answer.plain, !pipedByDesign(task.rec.type)))
      return code(refused(task, 'get2 answer holds a line break, NUL or a | its type does not', ctx));
    const price = outcome.cost ?? '0';
    return ok(`${answer.plain}|${price}`, answer.request, { ...answer.extras, price });
  }),
  async getbalance(_p, key, ctx) {
    return bare(formatBalance(await ctx.solver.balance(key)));
  },
  reportbad: report(true),
  reportgood: report(false),
  // 2captcha wants pingback hosts registered first; inres needs no registration (its SSRF
  // guard and PINGBACK_ALLOW decide), so these say so rather than pretend to store anything.
  add_pingback: noRegistration,
  get_pingback: noRegistration,
  del_pingback: noRegistration,
};

export async function result(p: Params, ctx: LegacyContext): Promise<Answer> {
  const key = requireKey(p);
  const name = p.values.get('action')?.trim().toLowerCase() ?? '';
  const action = Object.hasOwn(actions, name) ? actions[name] : undefined;
  if (!action) throw new LegacyError('ERROR_EMPTY_ACTION');
  return action(p, key, ctx);
}
