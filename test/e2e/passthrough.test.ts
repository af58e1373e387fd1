/**
 * The modern passthrough: modern calls through the Node server reach the primary upstream
 * byte for byte, and its status and body come back unchanged.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { keys, startFakeUpstream, type FakeUpstream } from '../support/fake-upstream.ts';
import { startGateway, type TestGateway } from '../support/gateway.ts';

let fake: FakeUpstream;
let anti: FakeUpstream;
let gw: TestGateway;
let antiGw: TestGateway;
beforeAll(async () => {
  fake = await startFakeUpstream();
  anti = await startFakeUpstream({ dialect: 'anticaptcha' });
  gw = await startGateway(fake.url);
  // The primary is the first of UPSTREAMS: the passthrough speaks its dialect's calls.
  antiGw = await startGateway(fake.url, {
    UPSTREAMS: JSON.stringify([{ url: anti.url, dialect: 'anticaptcha' }, { url: fake.url }]),
  });
});
afterAll(async () => {
  await gw.close();
  await antiGw.close();
  await fake.close();
  await anti.close();
});
afterEach(() => {
  fake.reset();
  anti.reset();
});

const post = (g: TestGateway, call: string, body: string) =>
  fetch(`${g.url}/${call}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

describe('POST /createTask, /getTaskResult, /getBalance, /feedbackTask', () => {
  it('a task created and polled through the gateway, bodies unchanged both ways', async () => {
    const body = `{"clientKey":"${keys.good}","task":{"type":"RecaptchaV2TaskProxyless","websiteURL":"https://example.com","websiteKey":"k-1"},"callbackUrl":"https://hooks.example/x"}`;
    const created = await post(gw, 'createTask', body);
    expect(created.status).toBe(200);
    const answer = (await created.json()) as { errorId: number; taskId: string; status: string };
    expect(answer).toEqual({ errorId: 0, taskId: expect.stringMatching(/^[0-9a-f-]{36}$/), status: 'processing' });
    expect(fake.requests.at(-1)).toEqual({ call: 'createTask', body: JSON.parse(body) });

    fake.fate = () => ({ polls: 0 });
    const poll = `{"clientKey":"${keys.good}","taskId":"${answer.taskId}"}`;
    expect(await (await post(gw, 'getTaskResult', poll)).json()).toEqual({ errorId: 0, status: 'processing' });
    const ready = await post(gw, 'getTaskResult', poll);
    expect(await ready.json()).toMatchObject({
      errorId: 0,
      status: 'ready',
      solution: { gRecaptchaResponse: expect.any(String) },
    });

    const feedback = await post(
      gw,
      'feedbackTask',
      `{"clientKey":"${keys.good}","taskId":"${answer.taskId}","result":{"invalid":true,"message":"m"}}`,
    );
    expect(feedback.status).toBe(200);
    expect(await (await post(gw, 'getBalance', `{"clientKey":"${keys.good}"}`)).json()).toEqual({
      errorId: 0,
      balance: 12.5,
    });
  });

  it('the upstream’s error statuses come back as they are (401, 404), never as a legacy 200', async () => {
    const bad = await post(gw, 'getBalance', `{"clientKey":"${keys.unknown}"}`);
    expect(bad.status).toBe(401);
    expect(await bad.json()).toMatchObject({ errorId: 1, errorCode: 'ERROR_KEY_DOES_NOT_EXIST' });
    const gone = await post(gw, 'getTaskResult', `{"clientKey":"${keys.good}","taskId":"nope"}`);
    expect(gone.status).toBe(404);
  });

  it('a body the upstream cannot parse is its business: passed on, its answer returned', async () => {
    const r = await post(gw, 'createTask', 'not json');
    expect(r.status).toBe(400);
    expect(await r.json()).toMatchObject({ errorCode: 'ERROR_BAD_PARAMETERS' });
  });

  it('upstream down → 502 with a JSON error; too slow → 504', async () => {
    fake.fault = 'reset';
    const down = await post(gw, 'getBalance', `{"clientKey":"${keys.good}"}`);
    expect(down.status).toBe(502);
    expect(await down.json()).toMatchObject({ errorId: 1, errorCode: 'ERROR_NO_SLOT_AVAILABLE' });
    fake.fault = 'hang';
    const slow = await post(gw, 'getBalance', `{"clientKey":"${keys.good}"}`);
    expect(slow.status).toBe(504);
  });

  it('MAX_BODY_BYTES is the only cap: a 3 MiB createTask reaches the upstream whole', async () => {
    const body = `{"clientKey":"${keys.good}","task":{"type":"ImageToTextTask","body":"${'A'.repeat(3 * 1024 * 1024)}"}}`;
    const r = await post(gw, 'createTask', body);
    expect(r.status).not.toBe(413);
    expect(fake.requests).toEqual([{ call: 'createTask', body: JSON.parse(body) }]);
  });

  it('a body over MAX_BODY_BYTES (8 MiB) → 413 in the modern shape, read before the answer, no upstream call', async () => {
    const r = await post(
      gw,
      'createTask',
      `{"clientKey":"${keys.good}","task":{"body":"${'A'.repeat(8 * 1024 * 1024)}"}}`,
    );
    expect(r.status).toBe(413);
    expect(await r.json()).toEqual({
      errorId: 1,
      errorCode: 'ERROR_TOO_BIG_CAPTCHA_FILESIZE',
      errorDescription: 'The request body is too large.',
    });
    expect(fake.requests).toEqual([]);
  });
});

describe('the same client plumbing as a legacy call', () => {
  const sample = (text: string, series: string): number =>
    Number(
      text
        .split('\n')
        .find((l) => l.startsWith(`${series} `))
        ?.split(' ')[1] ?? 0,
    );

  it('is counted in inres_upstream_calls_total by dialect, call and outcome', async () => {
    const series = 'inres_upstream_calls_total{dialect="ucaptcha",call="getBalance",outcome="ok"}';
    const before = sample(await (await fetch(`${gw.url}/metrics`)).text(), series);
    await post(gw, 'getBalance', `{"clientKey":"${keys.good}"}`);
    await post(gw, 'getBalance', `{"clientKey":"${keys.good}"}`);
    expect(sample(await (await fetch(`${gw.url}/metrics`)).text(), series)).toBe(before + 2);
  });

  it('the breaker: after BREAKER_FAILURES faults the next call is 503 without leaving', async () => {
    const g = await startGateway(fake.url, { BREAKER_FAILURES: '2', BREAKER_COOLDOWN_MS: '60000' });
    try {
      fake.fault = 'reset';
      expect((await post(g, 'getBalance', `{"clientKey":"${keys.good}"}`)).status).toBe(502);
      expect((await post(g, 'getBalance', `{"clientKey":"${keys.good}"}`)).status).toBe(502);
      const calls = fake.requests.length;
      const paused = await post(g, 'getBalance', `{"clientKey":"${keys.good}"}`);
      expect(paused.status).toBe(503);
      expect(await paused.json()).toMatchObject({ errorId: 1, errorCode: 'ERROR_NO_SLOT_AVAILABLE' });
      expect(fake.requests.length).toBe(calls);
    } finally {
      await g.close();
    }
  });

  it('the in-flight cap: past MAX_UPSTREAM_IN_FLIGHT a call is 503 at once', async () => {
    const g = await startGateway(fake.url, { MAX_UPSTREAM_IN_FLIGHT: '1', UPSTREAM_TIMEOUT_MS: '300' });
    try {
      fake.fault = 'hang';
      const first = post(g, 'getBalance', `{"clientKey":"${keys.good}"}`);
      // Bounded wait for the first call to be in flight upstream.
      for (let i = 0; i < 100 && fake.requests.length === 0; i++) await new Promise((r) => setTimeout(r, 5));
      const second = await post(g, 'getBalance', `{"clientKey":"${keys.good}"}`);
      expect(second.status).toBe(503);
      expect(await second.json()).toMatchObject({ errorId: 1, errorCode: 'ERROR_NO_SLOT_AVAILABLE' });
      expect((await first).status).toBe(504);
    } finally {
      await g.close();
    }
  });
});

describe('the primary upstream’s report calls', () => {
  it('anticaptcha primary: reportIncorrectRecaptcha passes; feedbackTask is not one of its calls', async () => {
    const created = await post(
      antiGw,
      'createTask',
      `{"clientKey":"${keys.good}","task":{"type":"RecaptchaV2TaskProxyless","websiteURL":"https://example.com","websiteKey":"k"}}`,
    );
    const { taskId } = (await created.json()) as { taskId: number };
    expect(typeof taskId).toBe('number');
    const report = await post(antiGw, 'reportIncorrectRecaptcha', `{"clientKey":"${keys.good}","taskId":${taskId}}`);
    expect(await report.json()).toMatchObject({ errorId: 0, status: 'success' });
    expect((await post(antiGw, 'feedbackTask', '{}')).status).toBe(404);
    expect(fake.requests).toEqual([]);
  });
});
