/**
 * Tasks that carry their number n (in the page URL, or the instructions of an image), and a fake
 * upstream fate that reads it back: one in 25 fails, every other one answers `tok-<n>`. Load
 * tests check each id ends with its own answer, so a lost or crossed task shows.
 */
import type { Fate } from './fake-upstream.ts';
import { png } from './images.ts';

const pngBase64 = Buffer.from(png).toString('base64');

/** The legacy submit parameters of task n (reCAPTCHA, hCaptcha, Turnstile, image in turn). */
export function numberedSubmit(n: number): Record<string, string> {
  const pageurl = `https://load.example/task-${n}`;
  switch (n % 4) {
    case 0:
      return { method: 'userrecaptcha', googlekey: '6Le-wvkSAAAAAPBMRTvw0Q4Muexq9bi0DJwx_mJ-', pageurl };
    case 1:
      return { method: 'hcaptcha', sitekey: 'b76cd927-d266-4cfb-a328-3b03ae07ded6', pageurl };
    case 2:
      return { method: 'turnstile', sitekey: '0x4AAAAAAAVrOwQWPlm3Bnr5', pageurl };
    default:
      return { method: 'base64', body: pngBase64, textinstructions: `task-${n}` };
  }
}

export const willFail = (n: number): boolean => n % 25 === 0;
export const answerOf = (n: number): string => `tok-${n}`;

/** The fate of task n, read back from the task: n % 4 polls before the outcome. */
export function numberedFate(task: Record<string, unknown>): Fate {
  const n = Number(/task-(\d+)/.exec(String(task.websiteURL ?? task.comment))?.[1]);
  const image = task.type === 'ImageToTextTask';
  if (willFail(n)) return { polls: n % 4, sync: image, fail: 'ERROR_CAPTCHA_UNSOLVABLE' };
  const token = answerOf(n);
  return { polls: n % 4, sync: image, solution: image ? { text: token } : { gRecaptchaResponse: token, token } };
}
