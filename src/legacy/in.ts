/**
 * @module
 * /in.php: validate and translate a submit, create the upstream task, answer `OK|<id>`.
 */
import { hashKey } from '../ids/ids.ts';
import { buildTask } from './build-task.ts';
import { requireKey, type LegacyContext } from './context.ts';
import { LegacyError } from './errors.ts';
import { pick, type Params } from './params.ts';
import { ok, type Answer } from './reply.ts';
import type { TaskRecord } from '../task/record.ts';

function acceptPingback(url: string, ctx: LegacyContext): void {
  if (!ctx.pingbacks) throw new LegacyError('ERROR_BAD_PARAMETERS');
  ctx.pingbacks.accept(url);
}

export async function submit(p: Params, ctx: LegacyContext): Promise<Answer> {
  const key = requireKey(p);
  const pingback = pick(p, 'pingback')?.trim();
  if (pingback) acceptPingback(pingback, ctx);
  const built = buildTask(p);
  const created = await ctx.upstream.createTask(key, built);
  const rec: TaskRecord = {
    ...created.rec,
    type: built.type,
    keyHash: await hashKey(key),
    createdAt: ctx.now(),
  };
  if (created.state?.state === 'ready') rec.outcome = { solution: created.state.solution, cost: created.state.cost };
  else if (created.state?.state === 'failed') rec.outcome = { error: created.state.code };
  const id = await ctx.ids.issue(rec);
  if (pingback) await ctx.pingbacks!.add(id, key, pingback, rec);
  return ok(id);
}
