/**
 * @module
 * /in.php: validate and translate a submit, hand it to the core, answer `OK|<id>`.
 */
import { buildTask } from './build-task.ts';
import { requireKey, type LegacyContext } from './context.ts';
import { pick, type Params } from './params.ts';
import { ok, type Answer } from './reply.ts';

/** The face whose renderer delivers `pingback=` (pingback/worker.ts). */
export const legacyFace = 'legacy';

export async function submit(p: Params, ctx: LegacyContext): Promise<Answer> {
  const key = requireKey(p);
  const pingback = pick(p, 'pingback')?.trim();
  // Before the task is built: a bad pingback is answered before any other parameter.
  if (pingback) ctx.solver.checkCallback(pingback);
  const built = buildTask(p);
  const { id } = await ctx.solver.submit(key, built, pingback ? { callback: { face: legacyFace, url: pingback } } : {});
  return ok(id);
}
