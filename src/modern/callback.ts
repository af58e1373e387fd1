/**
 * @module
 * The modern face's callback (`callbackUrl`): the callback worker posts a form, so the fields
 * are getTaskResult's answer in the anti-captcha family's names — `taskId`, `errorId`, `status`,
 * and `solution` as JSON text, or `errorCode` for a failed task. inres's callbacks are forms on
 * every face (pingback/worker.ts); a vendor that posts JSON is answered in these field names.
 */
import type { RenderCallback } from '../pingback/worker.ts';
import { canonicalSolution, failureCode } from './answer.ts';

export const renderModernCallback: RenderCallback = (id, rec, outcome) => {
  if ('solution' in outcome) {
    return new URLSearchParams({
      taskId: id,
      errorId: '0',
      status: 'ready',
      solution: JSON.stringify(canonicalSolution(rec.type, outcome.solution)),
      ...(outcome.cost !== undefined && { cost: outcome.cost }),
    });
  }
  return new URLSearchParams({ taskId: id, errorId: '1', status: 'failed', errorCode: failureCode(outcome) });
};
