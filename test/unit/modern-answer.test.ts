/**
 * The modern face's answers, byte for byte, per client family: the id type its SDK parses,
 * status, solution names, cost, stamps, and failures as the family says them.
 * Sources: anti-captcha.com/apidoc/methods/getTaskResult (integer ids, cost as text, ip/createTime/
 * endTime/solveCount, failures as errorId:1), capmonstercloud-client CapMonsterCloudClient.js
 * (reads errorId, errorCode and solution), capsolver-npm src/Handler.ts (throws on errorId ≠ 0,
 * returns `solution`), uCaptcha (status:"failed", /work/shared/protocol/modern.md).
 */
import { describe, expect, it } from 'vitest';
import { canonicalSolution, createdAnswer, refuse, resultAnswer, wireId } from '../../src/modern/answer.ts';
import { renderModernCallback } from '../../src/modern/callback.ts';
import { voices } from '../../src/modern/voices.ts';
import type { Task } from '../../src/core/solver.ts';

const task = (over: Partial<Task['rec']> = {}, id = '100000000000001'): Task => ({
  id,
  rec: { upstreamId: 'u', type: 'RecaptchaV2TaskProxyless', keyHash: 'h', createdAt: 1_700_000_000_500, ...over },
});
const solved = { solution: { gRecaptchaResponse: 'TOKEN' }, cost: '0.00299' };

const bytes = async (r: Response) => ({
  status: r.status,
  type: r.headers.get('content-type'),
  body: await r.text(),
});

describe('task ids', () => {
  it('integers for the anti-captcha family, strings for CapSolver and uCaptcha', () => {
    expect(wireId(voices.anticaptcha, '100000000000001')).toBe(100000000000001);
    expect(wireId(voices.capmonster, '100000000000001')).toBe(100000000000001);
    expect(wireId(voices['2captcha'], '100000000000001')).toBe(100000000000001);
    expect(wireId(voices.capsolver, '100000000000001')).toBe('100000000000001');
    expect(wireId(voices.ucaptcha, '100000000000001')).toBe('100000000000001');
  });
  it('a stateless signed id, past 2^53, as a string even where the family uses integers', () => {
    const signed = '1'.repeat(85);
    expect(wireId(voices.anticaptcha, signed)).toBe(signed);
  });
});

describe('createTask answers', () => {
  it.each([
    ['anticaptcha', '{"errorId":0,"taskId":100000000000001}'],
    ['capmonster', '{"errorId":0,"taskId":100000000000001}'],
    ['2captcha', '{"errorId":0,"taskId":100000000000001}'],
    ['capsolver', '{"errorId":0,"taskId":"100000000000001","status":"idle"}'],
    ['ucaptcha', '{"errorId":0,"taskId":"100000000000001","status":"processing"}'],
  ] as const)('%s: %s', async (family, body) => {
    expect(await bytes(createdAnswer(voices[family], task()))).toEqual({ status: 200, type: 'application/json', body });
  });
  it('CapSolver: a task settled at once carries its solution (its SDK reads image answers there)', async () => {
    const r = createdAnswer(voices.capsolver, task({ type: 'ImageToTextTask', outcome: { solution: { text: 'w8' } } }));
    expect(await r.json()).toEqual({
      errorId: 0,
      taskId: '100000000000001',
      status: 'ready',
      solution: { text: 'w8' },
    });
  });
});

describe('getTaskResult answers', () => {
  const done = task({ outcome: solved, endedAt: 1_700_000_012_900 });
  it.each([
    [
      'anticaptcha',
      '{"errorId":0,"status":"ready","solution":{"gRecaptchaResponse":"TOKEN","token":"TOKEN"},"cost":"0.00299","createTime":1700000000,"endTime":1700000012,"solveCount":1}',
    ],
    ['capmonster', '{"errorId":0,"status":"ready","solution":{"gRecaptchaResponse":"TOKEN","token":"TOKEN"}}'],
    ['capsolver', '{"errorId":0,"status":"ready","solution":{"gRecaptchaResponse":"TOKEN","token":"TOKEN"}}'],
    [
      'ucaptcha',
      '{"errorId":0,"status":"ready","solution":{"gRecaptchaResponse":"TOKEN","token":"TOKEN"},"cost":0.00299}',
    ],
  ] as const)('ready, %s', async (family, body) => {
    expect((await bytes(resultAnswer(voices[family], done, solved))).body).toBe(body);
  });

  it('processing is the same everywhere', async () => {
    for (const v of Object.values(voices)) {
      expect((await bytes(resultAnswer(v, task(), undefined))).body).toBe('{"errorId":0,"status":"processing"}');
    }
  });

  it.each([
    [
      'anticaptcha',
      '{"errorId":1,"errorCode":"ERROR_CAPTCHA_UNSOLVABLE","errorDescription":"The captcha could not be solved."}',
    ],
    [
      'capsolver',
      '{"errorId":1,"errorCode":"ERROR_CAPTCHA_UNSOLVABLE","errorDescription":"The captcha could not be solved.","taskId":"100000000000001","status":"failed"}',
    ],
    [
      'ucaptcha',
      '{"errorId":0,"errorCode":"ERROR_CAPTCHA_UNSOLVABLE","errorDescription":"The captcha could not be solved.","status":"failed"}',
    ],
  ] as const)('failed, %s', async (family, body) => {
    const r = await bytes(resultAnswer(voices[family], task(), { error: 'ERROR_CAPTCHA_UNSOLVABLE' }));
    expect(r).toEqual({ status: 200, type: 'application/json', body });
  });

  it("a failure code the face does not know is unsolvable, never the upstream's text", async () => {
    const r = await resultAnswer(voices.anticaptcha, task(), { error: 'ERROR_SECRET_ucap_KEY' }).json();
    expect(r).toMatchObject({ errorCode: 'ERROR_CAPTCHA_UNSOLVABLE' });
  });
});

describe('solution names', () => {
  it('every family reads gRecaptchaResponse for reCAPTCHA/hCaptcha and token for Turnstile; an upstream spelling either is given both', () => {
    expect(canonicalSolution('HCaptchaTask', { token: 'T', respKey: 'R' })).toEqual({
      token: 'T',
      gRecaptchaResponse: 'T',
      respKey: 'R',
    });
    expect(canonicalSolution('TurnstileTaskProxyless', { gRecaptchaResponse: 'T' })).toEqual({
      gRecaptchaResponse: 'T',
      token: 'T',
    });
    expect(canonicalSolution('ImageToTextTask', { text: 'x' })).toEqual({ text: 'x' });
  });
});

describe('errors in the family spelling', () => {
  it.each([
    ['anticaptcha', 200, 'ERROR_NO_SUCH_CAPCHA_ID'],
    ['capsolver', 400, 'ERROR_TASKID_INVALID'],
    ['ucaptcha', 404, 'ERROR_WRONG_CAPTCHA_ID'],
  ] as const)('no such task, %s: HTTP %d %s', async (family, status, code) => {
    const r = refuse(voices[family], 'ERROR_NO_SUCH_CAPCHA_ID');
    expect(r.status).toBe(status);
    expect(r.headers.get('content-type')).toBe('application/json');
    expect(await r.json()).toEqual({
      errorId: 1,
      errorCode: code,
      errorDescription: 'No task with this id was created with this key.',
    });
  });
});

describe('the callback form (callbackUrl)', () => {
  it('a solution as getTaskResult names it, JSON text in a form; a failure its code, never an unknown one', () => {
    const rec = task().rec;
    expect(renderModernCallback('100000000000001', rec, solved).toString()).toBe(
      'taskId=100000000000001&errorId=0&status=ready&solution=%7B%22gRecaptchaResponse%22%3A%22TOKEN%22%2C%22token%22%3A%22TOKEN%22%7D&cost=0.00299',
    );
    expect(renderModernCallback('7', rec, { error: 'ERROR_PROXY_BANNED' }).toString()).toBe(
      'taskId=7&errorId=1&status=failed&errorCode=ERROR_PROXY_BANNED',
    );
    expect(renderModernCallback('7', rec, { error: 'key ucap_x is bad' }).toString()).toBe(
      'taskId=7&errorId=1&status=failed&errorCode=ERROR_CAPTCHA_UNSOLVABLE',
    );
  });
});
