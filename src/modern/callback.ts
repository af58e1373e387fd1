/**
 * @module
 * The modern face's callback (`callbackUrl`), delivered as the caller's vendor delivers it (the
 * family's `callback` row in voices.ts, with its sources): the getTaskResult answer as JSON,
 * 2captcha's pingback form, or uCaptcha's GET. The family is the one the task was created in
 * (its record), else MODERN_DIALECT, as for a getTaskResult without a prefix.
 */
import { formPost, type Delivery, type RenderCallback } from '../pingback/worker.ts';
import type { Outcome, Solution, TaskRecord } from '../task/record.ts';
import type { DialectName } from '../upstream/dialects.ts';
import { canonicalSolution, failureCode, settledBody, wireId } from './answer.ts';
import { dialectOfRecord } from './choose.ts';
import { voices, type Voice } from './voices.ts';

/** The answer as one text (the form's and the query's `code`): the token, an image's text, else the solution as JSON. */
function answerText(type: string, solution: Solution): string {
  const named = canonicalSolution(type, solution);
  const value = named.gRecaptchaResponse ?? named.token ?? named.text;
  return typeof value === 'string' ? value : JSON.stringify(named);
}

type Render = (voice: Voice, id: string, rec: TaskRecord, outcome: Outcome) => Delivery;

const renders: Readonly<Record<Voice['callback'], Render>> = {
  json: (voice, id, rec, outcome) => ({
    method: 'POST',
    contentType: 'application/json',
    body: JSON.stringify({ taskId: wireId(voice, id), ...settledBody(voice, { id, rec }, outcome) }),
  }),
  form: (_voice, id, rec, outcome) =>
    formPost(
      new URLSearchParams({
        id,
        code: 'solution' in outcome ? answerText(rec.type, outcome.solution) : failureCode(outcome),
      }),
    ),
  query: (_voice, id, rec, outcome) => ({
    method: 'GET',
    query: new URLSearchParams(
      'solution' in outcome
        ? { captcha_id: id, status: '1', code: answerText(rec.type, outcome.solution) }
        : { captcha_id: id, status: '0' },
    ),
  }),
};

/** The face's callback renderer; `dialect` is MODERN_DIALECT, for records that name no family. */
export const modernCallback =
  (dialect: DialectName): RenderCallback =>
  (id, rec, outcome) => {
    const voice = voices[dialectOfRecord(rec) ?? dialect];
    return renders[voice.callback](voice, id, rec, outcome);
  };
