/**
 * @module
 * /res.php: the actions table (get, getbalance, reportbad, reportgood) and their engine.
 */
import { hashKey, isIdFormat } from '../ids.ts';
import type { Outcome, TaskRecord } from '../store/types.ts';
import { answerFor } from './answers.ts';
import { requireKey, type LegacyContext } from './context.ts';
import { LegacyError } from './errors.ts';
import { pick, type Params } from './params.ts';
import { bare, code, notReady, type Answer } from './reply.ts';

type Action = (p: Params, key: string, ctx: LegacyContext) => Promise<Answer>;

interface Found {
  id: string;
  rec: TaskRecord;
}

/** The task behind `id`, only for the key that created it. */
async function findTask(p: Params, key: string, ctx: LegacyContext): Promise<Found> {
  const id = pick(p, 'id')?.trim();
  if (!id || !isIdFormat(id)) throw new LegacyError('ERROR_WRONG_ID_FORMAT');
  const rec = await ctx.ids.find(id, await hashKey(key));
  if (!rec) throw new LegacyError('ERROR_WRONG_CAPTCHA_ID');
  return { id, rec };
}

export function outcomeAnswer(type: string, outcome: Outcome): Answer {
  if ('failed' in outcome) return code(outcome.failed);
  return answerFor(type, outcome.solution) ?? code('ERROR_CAPTCHA_UNSOLVABLE');
}

/** The task's outcome: from the store once known, else from the upstream (and then stored). */
export async function outcomeOf({ id, rec }: Found, key: string, ctx: LegacyContext): Promise<Outcome | undefined> {
  if (rec.outcome) return rec.outcome;
  const state = await ctx.upstream.getTaskResult(key, rec.upstreamId);
  if (state.state === 'processing') return undefined;
  const outcome: Outcome = state.state === 'ready' ? { solution: state.solution, cost: state.cost } : { failed: state.code };
  await ctx.ids.settle(id, { ...rec, outcome });
  return outcome;
}

/** A balance as 2captcha prints it: four decimals, more only when they matter, never an exponent. */
export function formatBalance(n: number): string {
  const fixed = n.toFixed(4);
  if (Number(fixed) === n) return fixed;
  return n.toFixed(10).replace(/0+$/, '');
}

const report = (bad: boolean): Action => async (p, key, ctx) => {
  const { rec } = await findTask(p, key, ctx);
  await ctx.upstream.report(key, rec.type, rec.upstreamId, bad);
  return bare('OK_REPORT_RECORDED');
};

export const actions: Readonly<Record<string, Action>> = {
  async get(p, key, ctx) {
    const found = await findTask(p, key, ctx);
    const outcome = await outcomeOf(found, key, ctx);
    return outcome ? outcomeAnswer(found.rec.type, outcome) : notReady;
  },
  async getbalance(_p, key, ctx) {
    return bare(formatBalance(await ctx.upstream.getBalance(key)));
  },
  reportbad: report(true),
  reportgood: report(false),
};

export async function result(p: Params, ctx: LegacyContext): Promise<Answer> {
  const key = requireKey(p);
  const name = p.values.get('action')?.trim().toLowerCase() ?? '';
  const action = Object.hasOwn(actions, name) ? actions[name] : undefined;
  if (!action) throw new LegacyError('ERROR_EMPTY_ACTION');
  return action(p, key, ctx);
}
