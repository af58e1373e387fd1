/**
 * @module
 * The legacy face's pingback: 2captcha's form, `id` and `code` (the answer as the plain text
 * after `OK|`, or the error code), posted by the callback worker (`pingback/worker.ts`).
 */
import { formPost, type RenderCallback } from '../pingback/worker.ts';
import { outcomeAnswer } from './res.ts';

export const renderPingback: RenderCallback = (id, rec, outcome) => {
  const answer = outcomeAnswer(rec.type, outcome);
  const code = answer.kind === 'ok' ? answer.plain : answer.kind === 'bare' ? answer.text : answer.code;
  return formPost(new URLSearchParams({ id, code }));
};
