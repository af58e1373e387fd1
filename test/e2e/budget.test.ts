/**
 * The upstream rate budget (UPSTREAM_RATE_LIMIT, an upstream's `rateLimit`) through the Node
 * server on an injected clock, against fake upstreams on 127.0.0.1 that count what reaches
 * them: polls stop at their share, submits keep the reserve, a spent budget answers the legacy
 * codes without an upstream call, a submit moves on to an upstream with budget left, and the
 * next window serves again.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { tokens } from '../support/fake-tasks.ts';
import { keys, startFakeUpstream, type FakeUpstream } from '../support/fake-upstream.ts';
import { startGateway, type TestGateway } from '../support/gateway.ts';

const recaptcha = {
  method: 'userrecaptcha',
  googlekey: '6Le-wvkSAAAAAPBMRTvw0Q4Muexq9bi0DJwx_mJ-',
  pageurl: 'https://example.com/login',
};

let a: FakeUpstream;
let b: FakeUpstream;
let gw: TestGateway | undefined;
/** The gateway's clock: 10 s windows start at multiples of 10 000. */
let clock = 1_700_000_000_000;
const now = () => clock;

beforeAll(async () => {
  [a, b] = await Promise.all([startFakeUpstream(), startFakeUpstream()]);
});
afterEach(async () => {
  await gw?.close();
  gw = undefined;
  a.reset();
  b.reset();
});
afterAll(async () => {
  await Promise.all([a?.close(), b?.close()]);
});

async function get(path: string, params: Record<string, string>): Promise<string> {
  const res = await gw!.http.get(path).query({ key: keys.good, ...params });
  expect(res.status).toBe(200);
  return res.text;
}
const submit = (extra: Record<string, string> = {}) => get('/in.php', { ...recaptcha, ...extra });
const poll = (id: string, extra: Record<string, string> = {}) => get('/res.php', { action: 'get', id, ...extra });
const idOf = (text: string): string => /^OK\|(\d{15})$/.exec(text)![1]!;

describe('UPSTREAM_RATE_LIMIT=5/10: 5 calls a window, polls up to 4 of them', () => {
  it('a spent budget answers CAPCHA_NOT_READY to a poll and ERROR_NO_SLOT_AVAILABLE to a submit, without calling the upstream', async () => {
    gw = await startGateway(a.url, { UPSTREAM_RATE_LIMIT: '5/10' }, { now });
    a.fate = () => ({ polls: 100 });
    const id = idOf(await submit());
    for (let i = 0; i < 3; i++) expect(await poll(id)).toBe('CAPCHA_NOT_READY');
    expect(a.sent('getTaskResult')).toHaveLength(3);
    // Four slots taken: the fifth is a submit's.
    expect(await poll(id)).toBe('CAPCHA_NOT_READY');
    expect(await poll(id, { json: '1' })).toBe('{"status":0,"request":"CAPCHA_NOT_READY"}');
    expect(a.sent('getTaskResult')).toHaveLength(3);
    expect(await submit()).toMatch(/^OK\|\d{15}$/);
    expect(await submit()).toBe('ERROR_NO_SLOT_AVAILABLE');
    expect(await submit({ json: '1' })).toBe(
      '{"status":0,"request":"ERROR_NO_SLOT_AVAILABLE","error_text":"No worker is available right now; retry in a few seconds."}',
    );
    expect(await get('/res.php', { action: 'getbalance' })).toBe('ERROR_NO_SLOT_AVAILABLE');
    expect(a.sent('createTask')).toHaveLength(2);
    expect(a.sent('getBalance')).toHaveLength(0);

    clock += 10_000;
    a.fate = () => ({ polls: 0 });
    const next = idOf(await submit());
    expect(await poll(next)).toBe(`OK|${tokens.recaptcha}`);
    expect(a.sent('createTask')).toHaveLength(3);
  });

  it('a call taken in the last 250 ms of a window also takes a slot in the next (it may arrive there)', async () => {
    gw = await startGateway(a.url, { UPSTREAM_RATE_LIMIT: '5/10' }, { now });
    clock += 9_900;
    expect(await submit()).toMatch(/^OK\|\d{15}$/);
    clock += 200;
    for (let i = 0; i < 4; i++) expect(await submit()).toMatch(/^OK\|\d{15}$/);
    expect(await submit()).toBe('ERROR_NO_SLOT_AVAILABLE');
    expect(a.sent('createTask')).toHaveLength(5);
  });

  it('counts budget used and refused per upstream in /metrics', async () => {
    gw = await startGateway(a.url, { UPSTREAM_RATE_LIMIT: '1/10' }, { now });
    await submit();
    expect(await submit()).toBe('ERROR_NO_SLOT_AVAILABLE');
    const metrics = (await gw.http.get('/metrics')).text;
    expect(metrics).toContain('inres_upstream_budget_used_total{upstream="default",class="submit"} 1\n');
    expect(metrics).toContain('inres_upstream_budget_refused_total{upstream="default",class="submit"} 1\n');
    expect(metrics).toContain('inres_upstream_budget_limit{upstream="default"} 1\n');
    expect(metrics).toContain('inres_upstream_breaker_state{upstream="default"} 0\n');
    expect(metrics).not.toContain(keys.good);
  });
});

describe('the modern face', () => {
  it('spends the same budget: once spent, createTask answers "no slot" without reaching the upstream', async () => {
    gw = await startGateway(a.url, { UPSTREAM_RATE_LIMIT: '1/10' }, { now });
    const body = {
      clientKey: keys.good,
      task: { type: 'RecaptchaV2TaskProxyless', websiteURL: recaptcha.pageurl, websiteKey: recaptcha.googlekey },
    };
    const first = await gw.http.post('/createTask').send(body);
    expect(first.body.errorId).toBe(0);
    const second = await gw.http.post('/createTask').send(body);
    expect(second.status).toBe(200);
    expect(second.body).toEqual({
      errorId: 1,
      errorCode: 'ERROR_NO_SLOT_AVAILABLE',
      errorDescription: 'No worker is available now; retry in a few seconds.',
    });
    expect(await submit()).toBe('ERROR_NO_SLOT_AVAILABLE');
    expect(a.sent('createTask')).toHaveLength(1);
  });
});

describe('several upstreams, each with its rateLimit', () => {
  it('a submit moves on to the next upstream with budget; polls go to the holder, within its budget', async () => {
    const upstreams = [
      { name: 'first', url: a.url, rateLimit: '1/10' },
      { name: 'second', url: b.url, rateLimit: '3/10' },
    ];
    gw = await startGateway(a.url, { UPSTREAMS: JSON.stringify(upstreams) }, { now });
    a.fate = b.fate = () => ({ polls: 0 });
    const first = idOf(await submit());
    const second = idOf(await submit());
    expect([a.sent('createTask').length, b.sent('createTask').length]).toEqual([1, 1]);
    // `first` is held by the spent upstream: its poll waits for the next window.
    expect(await poll(first)).toBe('CAPCHA_NOT_READY');
    expect(await poll(second)).toBe(`OK|${tokens.recaptcha}`);
    expect(await submit()).toMatch(/^OK\|\d{15}$/);
    expect(await submit()).toBe('ERROR_NO_SLOT_AVAILABLE');
    expect([a.sent('createTask').length, b.sent('createTask').length]).toEqual([1, 2]);
    expect(a.sent('getTaskResult')).toHaveLength(0);
    clock += 10_000;
    expect(await poll(first)).toBe(`OK|${tokens.recaptcha}`);
  });

  it('UPSTREAMS entries refuse a malformed rateLimit by name', async () => {
    await expect(
      startGateway(a.url, { UPSTREAMS: JSON.stringify([{ url: a.url, rateLimit: '10 per second' }]) }),
    ).rejects.toThrow('invalid setting UPSTREAMS: rateLimit expected <requests>/<seconds>');
  });
});
