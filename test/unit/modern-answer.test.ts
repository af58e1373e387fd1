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
import { modernCallback } from '../../src/modern/callback.ts';
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

describe('the callback (callbackUrl), as each vendor delivers it', () => {
  // Sources: the `callback` rows of src/modern/voices.ts — anti-captcha.com/apidoc/methods/createTask
  // with python-anticaptcha's createTaskSmee (JSON, matched by taskId); docs.capmonster.cloud
  // create-task ("identical to the response of the getTaskResult method", POST);
  // docs.capsolver.com/guide/api-createtask ("post"; body not documented: getTaskResult's);
  // 2captcha.com/h/how-to-configure-automatic-response-retrieval-via-pingback (form id, code);
  // ucaptcha.net/docs/api/callbacks (GET captcha_id, status, code).
  const render = modernCallback('anticaptcha');
  const rec = (dialect?: string) => task({ endedAt: 1_700_000_009_900, ...(dialect && { dialect }) }).rec;
  const id = '100000000000001';

  it('anti-captcha and CapMonster: a JSON POST of the getTaskResult answer, taskId first', async () => {
    const polled = await resultAnswer(voices.anticaptcha, { id, rec: rec() }, solved).text();
    const sent = render(id, rec('anticaptcha'), solved);
    expect(sent).toEqual({
      method: 'POST',
      contentType: 'application/json',
      body: `{"taskId":100000000000001,${polled.slice(1)}`,
    });
    expect(sent).toEqual(render(id, rec(), solved)); // no family on the record: MODERN_DIALECT's
    expect(render(id, rec('capmonster'), solved)).toEqual({
      method: 'POST',
      contentType: 'application/json',
      body: '{"taskId":100000000000001,"errorId":0,"status":"ready","solution":{"gRecaptchaResponse":"TOKEN","token":"TOKEN"}}',
    });
    expect(render(id, rec('anticaptcha'), { error: 'ERROR_PROXY_BANNED' })).toMatchObject({
      body: '{"taskId":100000000000001,"errorId":1,"errorCode":"ERROR_PROXY_BANNED","errorDescription":"The proxy is banned by the site."}',
    });
  });

  it('CapSolver: its getTaskResult answer as JSON, the id a string', () => {
    expect(render(id, rec('capsolver'), solved)).toMatchObject({
      body: '{"taskId":"100000000000001","errorId":0,"status":"ready","solution":{"gRecaptchaResponse":"TOKEN","token":"TOKEN"}}',
    });
    expect(render(id, rec('capsolver'), { error: 'key ucap_x is bad' })).toMatchObject({
      body: '{"taskId":"100000000000001","errorId":1,"errorCode":"ERROR_CAPTCHA_UNSOLVABLE","errorDescription":"The captcha could not be solved.","status":"failed"}',
    });
  });

  it("2captcha: the pingback form, id and code (the token, an image's text, or the error code)", () => {
    const form = 'application/x-www-form-urlencoded';
    expect(render(id, rec('2captcha'), solved)).toEqual({
      method: 'POST',
      contentType: form,
      body: 'id=100000000000001&code=TOKEN',
    });
    const image = { ...rec('2captcha'), type: 'ImageToTextTask' };
    expect(render('7', image, { solution: { text: 'a b&c' } })).toMatchObject({ body: 'id=7&code=a+b%26c' });
    expect(render('7', rec('2captcha'), { error: 'ERROR_CAPTCHA_UNSOLVABLE' })).toMatchObject({
      body: 'id=7&code=ERROR_CAPTCHA_UNSOLVABLE',
    });
  });

  it('uCaptcha: a GET with captcha_id, status 1 and code, or status 0 and no code', () => {
    expect(render(id, rec('ucaptcha'), solved)).toEqual({
      method: 'GET',
      query: new URLSearchParams({ captcha_id: id, status: '1', code: 'TOKEN' }),
    });
    expect(render(id, rec('ucaptcha'), { error: 'ERROR_PROXY_BANNED' })).toEqual({
      method: 'GET',
      query: new URLSearchParams({ captcha_id: id, status: '0' }),
    });
  });

  it('a solution with no single answer is sent as its JSON in the form and the query', () => {
    const grid = { ...rec('ucaptcha'), type: 'ImageToCoordinatesTask' };
    const sent = render('7', grid, { solution: { coordinates: [{ x: 1, y: 2 }] } });
    expect(sent.method === 'GET' && sent.query.get('code')).toBe('{"coordinates":[{"x":1,"y":2}]}');
  });
});
