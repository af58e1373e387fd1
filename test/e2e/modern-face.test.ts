/**
 * The modern face through the Node server: ids scoped to the gateway key (issue 21's example:
 * two gateway keys sharing one upstream key, in front of an integer-id upstream) on the memory
 * store, Redis and stateless signed ids; the caller's family by prefix; the upstream's words
 * never relayed; the guard's limits (413, 429 with headers) in the modern shape.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokens } from '../support/fake-tasks.ts';
import { keys, startFakeUpstream, type FakeUpstream } from '../support/fake-upstream.ts';
import { startGateway, type TestGateway } from '../support/gateway.ts';
import { startRedis, type TestRedis } from '../support/redis.ts';
import { dialectNames } from '../../src/upstream/dialects.ts';

const alice = 'gw_alice';
const bob = 'gw_bob';
const shared = { [alice]: { upstream: keys.good }, [bob]: { upstream: keys.good } };
const recaptcha = { type: 'RecaptchaV2TaskProxyless', websiteURL: 'https://example.com/', websiteKey: 'k-1' };

interface Answer {
  status: number;
  type: string | null;
  text: string;
  json: Record<string, unknown>;
}

async function post(gw: TestGateway, path: string, body: unknown): Promise<Answer> {
  const res = await fetch(`${gw.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, type: res.headers.get('content-type'), text, json: JSON.parse(text) };
}

const noSuchTask =
  '{"errorId":1,"errorCode":"ERROR_NO_SUCH_CAPCHA_ID","errorDescription":"No task with this id was created with this key."}';

let fake: FakeUpstream;
let redis: TestRedis;
beforeAll(async () => {
  fake = await startFakeUpstream({ dialect: 'anticaptcha' });
  redis = await startRedis();
});
afterAll(async () => {
  await redis?.stop();
  await fake?.close();
});

describe.each([
  ['memory store', () => ({})],
  ['Redis', () => ({ STORE_URL: redis.url })],
  ['stateless signed ids', () => ({ IDS: 'stateless', IDS_SECRET: 'modern-face-secret-0123456789abcdef' })],
])('key isolation, %s', (_, settings) => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startGateway(fake.url, {
      UPSTREAM_DIALECT: 'anticaptcha',
      GATEWAY_KEYS: JSON.stringify(shared),
      ...settings(),
    });
  });
  afterAll(async () => gw?.close());

  it("issue 21: Bob's task is unknown to Alice, though both share one upstream key; Bob reads it", async () => {
    fake.reset();
    fake.fate = () => ({ polls: 0 });
    const created = await post(gw, '/createTask', { clientKey: bob, task: recaptcha });
    const taskId = created.json.taskId;
    // The gateway's id, not the vendor's: an integer while it fits (store ids), else a string.
    expect(typeof taskId === 'number' || /^\d{30,}$/.test(String(taskId))).toBe(true);
    expect(fake.sent('createTask')).toHaveLength(1);

    const alices = await post(gw, '/getTaskResult', { clientKey: alice, taskId });
    expect(alices).toMatchObject({ status: 200, type: 'application/json', text: noSuchTask });
    // Alice's guess of the vendor's id (the fake's first) is no better.
    const vendorId = 72_345_678_901;
    expect((await post(gw, '/getTaskResult', { clientKey: alice, taskId: vendorId })).text).toBe(noSuchTask);
    expect(fake.sent('getTaskResult')).toEqual([]);

    const bobs = await post(gw, '/getTaskResult', { clientKey: bob, taskId });
    expect(bobs.json).toMatchObject({
      errorId: 0,
      status: 'ready',
      solution: { gRecaptchaResponse: tokens.recaptcha },
    });
  });

  it("reports on another key's task are refused, and never reach the upstream", async () => {
    fake.reset();
    fake.fate = () => ({ polls: 0 });
    const { taskId } = (await post(gw, '/createTask', { clientKey: bob, task: recaptcha })).json;
    for (const call of ['reportIncorrectRecaptcha', 'reportCorrectRecaptcha', 'feedbackTask']) {
      expect((await post(gw, `/${call}`, { clientKey: alice, taskId })).text).toBe(noSuchTask);
    }
    expect(fake.requests.map((r) => r.call)).toEqual(['createTask']);
    expect((await post(gw, '/reportIncorrectRecaptcha', { clientKey: bob, taskId })).json).toEqual({
      errorId: 0,
      status: 'success',
    });
    expect(fake.requests.map((r) => r.call)).toEqual(['createTask', 'reportIncorrectRecaptcha']);
  });
});

describe('the caller family by path prefix (one upstream: anti-captcha)', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startGateway(fake.url, { UPSTREAM_DIALECT: 'anticaptcha' });
  });
  afterAll(async () => gw?.close());

  it('/capsolver/: a string id, CapSolver spellings read; /2captcha/: an integer id and 2captcha stamps', async () => {
    fake.reset();
    fake.fate = () => ({ polls: 0 });
    const task = { type: 'AntiTurnstileTaskProxyLess', websiteURL: 'https://example.com/', websiteKey: '0x4AAA' };
    const cs = await post(gw, '/capsolver/createTask', { clientKey: keys.good, task });
    expect(cs.json).toEqual({ errorId: 0, taskId: expect.stringMatching(/^\d{15}$/), status: 'idle' });
    expect(fake.sent('createTask')[0]!.task).toEqual({ ...task, type: 'TurnstileTaskProxyless' });
    expect((await post(gw, '/capsolver/getTaskResult', { clientKey: keys.good, taskId: cs.json.taskId })).json).toEqual(
      {
        errorId: 0,
        status: 'ready',
        solution: { token: tokens.turnstile, userAgent: tokens.userAgent },
      },
    );

    // 2captcha.com/api-docs/get-task-result: cost as text, createTime, endTime, solveCount.
    const tc = await post(gw, '/2captcha/createTask', { clientKey: keys.good, task: recaptcha });
    expect(tc.json).toEqual({ errorId: 0, taskId: expect.any(Number) });
    expect((await post(gw, '/2captcha/getTaskResult', { clientKey: keys.good, taskId: tc.json.taskId })).json).toEqual({
      errorId: 0,
      status: 'ready',
      solution: { gRecaptchaResponse: tokens.recaptcha, token: tokens.recaptcha },
      cost: '0.00299',
      createTime: expect.any(Number),
      endTime: expect.any(Number),
      solveCount: 1,
    });
  });

  it('an unknown type: the family code, no upstream call', async () => {
    fake.reset();
    const task = { type: 'NoSuchCaptchaTask', websiteURL: 'https://example.com/' };
    expect((await post(gw, '/createTask', { clientKey: keys.good, task })).json).toMatchObject({
      errorId: 1,
      errorCode: 'ERROR_TASK_NOT_SUPPORTED',
    });
    const uc = await post(gw, '/ucaptcha/createTask', { clientKey: keys.good, task });
    expect(uc).toMatchObject({ status: 400, json: { errorId: 1, errorCode: 'TASK_NOT_SUPPORTED' } });
    expect(fake.requests).toEqual([]);
  });
});

describe("the upstream's words never leak", () => {
  /** An upstream that echoes the key it was sent, or answers HTML, or a code nobody knows. */
  let mode: 'echo' | 'html' | 'unknown' = 'echo';
  let server: Server;
  let gw: TestGateway;
  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const { clientKey } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { clientKey: string };
        if (mode === 'html') {
          res.writeHead(502, { 'content-type': 'text/html' }).end(`<html>${clientKey} bad gateway</html>`);
          return;
        }
        const code = mode === 'echo' ? 'ERROR_KEY_DOES_NOT_EXIST' : `ERROR_${clientKey}`;
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ errorId: 1, errorCode: code, errorDescription: `key ${clientKey} is not valid` }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    gw = await startGateway(url, { UPSTREAM_DIALECT: 'anticaptcha' });
  });
  afterAll(async () => {
    await gw?.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it.each([
    [
      'echo',
      '{"errorId":1,"errorCode":"ERROR_KEY_DOES_NOT_EXIST","errorDescription":"The key is not valid for this gateway."}',
    ],
    [
      'html',
      '{"errorId":1,"errorCode":"ERROR_NO_SLOT_AVAILABLE","errorDescription":"No worker is available now; retry in a few seconds."}',
    ],
    [
      'unknown',
      '{"errorId":1,"errorCode":"ERROR_NO_SLOT_AVAILABLE","errorDescription":"No worker is available now; retry in a few seconds."}',
    ],
  ] as const)('%s: the face own error, JSON', async (m, text) => {
    mode = m;
    for (const [call, body] of [
      ['/createTask', { clientKey: keys.good, task: recaptcha }],
      ['/getBalance', { clientKey: keys.good }],
    ] as const) {
      const answer = await post(gw, call, body);
      expect(answer).toMatchObject({ status: 200, type: 'application/json', text });
      expect(answer.text).not.toContain(keys.good);
    }
  });
});

describe('hostile bodies', () => {
  let gw: TestGateway;
  afterAll(async () => gw?.close());

  it.each([
    ['MAX_PARAMS', '1000'],
    ['the stack, with MAX_PARAMS out of the way', '1000000'],
  ])('a task nested 200 000 deep: ERROR_BAD_PARAMETERS (%s), no upstream call', async (_, maxParams) => {
    await gw?.close();
    gw = await startGateway(fake.url, { UPSTREAM_DIALECT: 'anticaptcha', MAX_PARAMS: maxParams });
    fake.reset();
    const deep = '['.repeat(200_000) + ']'.repeat(200_000);
    const body = `{"clientKey":"${keys.good}","task":{"type":"RecaptchaV2TaskProxyless","websiteURL":"https://example.com/","websiteKey":"k","x":${deep}}}`;
    expect(await post(gw, '/createTask', body)).toMatchObject({
      status: 200,
      type: 'application/json',
      text: '{"errorId":1,"errorCode":"ERROR_BAD_PARAMETERS","errorDescription":"The request is not valid."}',
    });
    expect(fake.requests).toEqual([]);
  });
});

describe('limits in the modern shape (http/modern-guard.ts)', () => {
  let gw: TestGateway;
  afterAll(async () => gw?.close());

  it('a body over MAX_BODY_BYTES: 413, nothing sent upstream; over RATE_LIMIT_PER_IP: 429 with X-RateLimit-*', async () => {
    gw = await startGateway(fake.url, {
      UPSTREAM_DIALECT: 'anticaptcha',
      MAX_BODY_BYTES: '1024',
      RATE_LIMIT_PER_IP: '3',
      RATE_LIMIT_WINDOW_SECONDS: '3600',
    });
    fake.reset();
    const big = await post(gw, '/createTask', { clientKey: keys.good, task: { ...recaptcha, pad: 'x'.repeat(2048) } });
    expect(big).toMatchObject({ status: 413, type: 'application/json' });
    expect(big.json).toMatchObject({ errorId: 1, errorCode: 'ERROR_TOO_BIG_CAPTCHA_FILESIZE' });
    expect(fake.requests).toEqual([]);
    await post(gw, '/getBalance', { clientKey: keys.good });
    await post(gw, '/getBalance', { clientKey: keys.good });
    const res = await fetch(`${gw.url}/getBalance`, { method: 'POST', body: JSON.stringify({ clientKey: keys.good }) });
    expect(res.status).toBe(429);
    expect(res.headers.get('x-ratelimit-limit')).toBe('3');
    expect(await res.json()).toMatchObject({ errorId: 1, errorCode: 'RATE_LIMITED' });
  });
});

describe.each(dialectNames)('the families without an npm SDK, in front of %s', (upstream) => {
  let other: FakeUpstream;
  let gw: TestGateway;
  beforeAll(async () => {
    other = await startFakeUpstream({ dialect: upstream });
    gw = await startGateway(other.url, { UPSTREAM_DIALECT: upstream });
  });
  afterAll(async () => {
    await gw?.close();
    await other?.close();
  });

  // 2captcha.com/api-docs/create-task, get-task-result: integer ids, failures as errorId:1.
  it('2captcha v2 (/2captcha/): a token, then a failure as a request error', async () => {
    other.reset();
    other.fate = () => ({ polls: 0 });
    const created = await post(gw, '/2captcha/createTask', { clientKey: keys.good, task: recaptcha });
    expect(created.json).toEqual({ errorId: 0, taskId: expect.any(Number) });
    const ready = await post(gw, '/2captcha/getTaskResult', { clientKey: keys.good, taskId: created.json.taskId });
    expect(ready.json).toMatchObject({
      errorId: 0,
      status: 'ready',
      solution: { gRecaptchaResponse: tokens.recaptcha },
    });
    other.fate = () => ({ polls: 0, fail: 'ERROR_CAPTCHA_UNSOLVABLE' });
    const { taskId } = (await post(gw, '/2captcha/createTask', { clientKey: keys.good, task: recaptcha })).json;
    expect((await post(gw, '/2captcha/getTaskResult', { clientKey: keys.good, taskId })).json).toMatchObject({
      errorId: 1,
      errorCode: 'ERROR_CAPTCHA_UNSOLVABLE',
    });
  });

  // /work/shared/protocol/modern.md (uCaptcha): string ids, status:"failed".
  it('uCaptcha (/ucaptcha/): a string id and a Turnstile token, then status:"failed"', async () => {
    other.reset();
    other.fate = () => ({ polls: 0 });
    const task = { type: 'TurnstileTaskProxyless', websiteURL: 'https://example.com/', websiteKey: '0x4AAA' };
    const created = await post(gw, '/ucaptcha/createTask', { clientKey: keys.good, task });
    expect(created.json).toEqual({ errorId: 0, taskId: expect.stringMatching(/^\d{15}$/), status: 'processing' });
    const ready = await post(gw, '/ucaptcha/getTaskResult', { clientKey: keys.good, taskId: created.json.taskId });
    expect(ready.json).toMatchObject({ errorId: 0, status: 'ready', solution: { token: tokens.turnstile } });
    other.fate = () => ({ polls: 0, fail: 'ERROR_CAPTCHA_UNSOLVABLE' });
    const { taskId } = (await post(gw, '/ucaptcha/createTask', { clientKey: keys.good, task })).json;
    expect((await post(gw, '/ucaptcha/getTaskResult', { clientKey: keys.good, taskId })).json).toMatchObject({
      errorId: 0,
      status: 'failed',
      errorCode: 'ERROR_CAPTCHA_UNSOLVABLE',
    });
  });

  it('a task remembers the family it was created in: a bare getTaskResult answers it in that family', async () => {
    other.reset();
    other.fate = () => ({ polls: 0, fail: 'ERROR_CAPTCHA_UNSOLVABLE' });
    const task = { type: 'TurnstileTaskProxyless', websiteURL: 'https://example.com/', websiteKey: '0x4AAA' };
    const { taskId } = (await post(gw, '/ucaptcha/createTask', { clientKey: keys.good, task })).json;
    // Without the prefix, as uCaptcha's own base URL would be called; the default family would fail it as errorId:1.
    expect((await post(gw, '/getTaskResult', { clientKey: keys.good, taskId })).json).toMatchObject({
      errorId: 0,
      status: 'failed',
      errorCode: 'ERROR_CAPTCHA_UNSOLVABLE',
    });
  });
});
