/**
 * Several upstreams (UPSTREAMS) through the Node server, every upstream a real server on
 * 127.0.0.1: routing per task type, key mapping, failover (refused connection, 500, timeout,
 * "no slot"), the circuit breaker on an injected clock, the unsolvable retry, getbalance.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Deps } from '../../src/app.ts';
import type { Settings } from '../../src/settings.ts';
import { tokens } from '../support/fake-tasks.ts';
import { keys, startFakeUpstream, type FakeUpstream } from '../support/fake-upstream.ts';
import { startGateway, type TestGateway } from '../support/gateway.ts';
import { png } from '../support/images.ts';

const pageurl = 'https://example.com/login';
const recaptcha = { method: 'userrecaptcha', googlekey: '6Le-wvkSAAAAAPBMRTvw0Q4Muexq9bi0DJwx_mJ-', pageurl };
const hcaptcha = { method: 'hcaptcha', sitekey: 'b76cd927-d266-4cfb-a328-3b03ae07ded6', pageurl };
const turnstile = { method: 'turnstile', sitekey: '0x4AAAAAAAVrOwQWPlm3Bnr5', pageurl };
const image = { method: 'base64', body: png.toString('base64') };

let a: FakeUpstream;
let b: FakeUpstream;
/** A port on 127.0.0.1 where nothing listens: connections are refused. */
let closedUrl: string;
/** A stub answering every call with one fixed status and body. */
let stubs: Server[] = [];
let gw: TestGateway | undefined;

beforeAll(async () => {
  a = await startFakeUpstream();
  b = await startFakeUpstream({ dialect: 'anticaptcha' });
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  closedUrl = `http://127.0.0.1:${(probe.address() as AddressInfo).port}`;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
});
afterEach(async () => {
  await gw?.close();
  gw = undefined;
  for (const s of stubs) await new Promise<void>((resolve) => s.close(() => resolve()));
  stubs = [];
  a.reset();
  b.reset();
});
afterAll(async () => {
  await a.close();
  await b.close();
});

async function stub(status: number, body: unknown): Promise<string> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  stubs.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

type Up = {
  name?: string;
  url: string;
  dialect?: string;
  keys?: Record<string, string>;
  types?: string[];
  priority?: number;
};
async function start(
  upstreams: Up[],
  more: Partial<Record<keyof Settings, string>> = {},
  deps: Partial<Deps> = {},
): Promise<TestGateway> {
  gw = await startGateway(closedUrl, { UPSTREAMS: JSON.stringify(upstreams), ...more }, deps);
  return gw;
}

async function legacy(path: string, params: Record<string, string>, key: string = keys.good): Promise<string> {
  const r = await gw!.http.get(path).query({ key, ...params });
  expect(r.status).toBe(200);
  return r.text;
}
async function submit(params: Record<string, string>, key: string = keys.good): Promise<string> {
  const text = await legacy('/in.php', params, key);
  const match = /^OK\|(\d+)$/.exec(text);
  if (!match) throw new Error(`submit failed: ${text}`);
  return match[1]!;
}
const get = (id: string, key: string = keys.good) => legacy('/res.php', { action: 'get', id }, key);

describe('routing per task type', () => {
  it('hCaptcha to one upstream, images and reCAPTCHA to another; polls and reports follow the task', async () => {
    await start([
      { name: 'hc', url: a.url, types: ['HCaptchaTask'] },
      { name: 'img', url: b.url, dialect: 'anticaptcha', types: ['ImageToTextTask', 'RecaptchaV2TaskProxyless'] },
    ]);
    a.fate = () => ({ polls: 0 });
    b.fate = () => ({ polls: 0 });
    const hc = await submit(hcaptcha);
    const rc = await submit(recaptcha);
    await submit(image);
    expect(a.sent('createTask').map((r) => (r.task as { type: string }).type)).toEqual(['HCaptchaTaskProxyless']);
    expect(b.sent('createTask').map((r) => (r.task as { type: string }).type)).toEqual([
      'RecaptchaV2TaskProxyless',
      'ImageToTextTask',
    ]);
    expect(await get(hc)).toBe(`OK|${tokens.hcaptcha}`);
    expect(await get(rc)).toBe(`OK|${tokens.recaptcha}`);
    expect(a.sent('getTaskResult')).toHaveLength(1);
    expect(b.sent('getTaskResult')).toHaveLength(1);
    expect(await legacy('/res.php', { action: 'reportbad', id: rc })).toBe('OK_REPORT_RECORDED');
    expect(b.sent('reportIncorrectRecaptcha')).toHaveLength(1);
  });

  it('a type no upstream takes → ERROR_NO_SUCH_METHOD, and no upstream call', async () => {
    await start([
      { url: a.url, types: ['HCaptchaTask'] },
      { url: b.url, dialect: 'anticaptcha', types: ['ImageToTextTask'] },
    ]);
    expect(await legacy('/in.php', turnstile)).toBe('ERROR_NO_SUCH_METHOD');
    expect(a.requests).toEqual([]);
    expect(b.requests).toEqual([]);
  });

  it('priority decides before list order', async () => {
    await start([
      { name: 'later', url: a.url, priority: 2 },
      { name: 'first', url: b.url, dialect: 'anticaptcha', priority: 1 },
    ]);
    await submit(recaptcha);
    expect(b.sent('createTask')).toHaveLength(1);
    expect(a.sent('createTask')).toHaveLength(0);
  });
});

describe('key mapping', () => {
  it('a gateway key becomes the upstream key in every call; an unmapped key skips the upstream', async () => {
    await start([
      { name: 'mapped', url: a.url, keys: { 'gw-customer-1': keys.good } },
      { name: 'other', url: b.url, dialect: 'anticaptcha', keys: { '*': keys.other } },
    ]);
    a.fate = () => ({ polls: 0 });
    const id = await submit(recaptcha, 'gw-customer-1');
    expect(a.sent('createTask')[0]!.clientKey).toBe(keys.good);
    expect(await get(id, 'gw-customer-1')).toBe(`OK|${tokens.recaptcha}`);
    expect(a.sent('getTaskResult')[0]!.clientKey).toBe(keys.good);
    expect(await legacy('/res.php', { action: 'getbalance' }, 'gw-customer-1')).toBe('12.5000');
    expect(a.sent('getBalance')).toEqual([{ clientKey: keys.good }]);

    await submit(recaptcha, 'gw-customer-2');
    expect(b.sent('createTask')[0]!.clientKey).toBe(keys.other);
    expect(a.sent('createTask')).toHaveLength(1);
  });

  it('a key no upstream maps → ERROR_KEY_DOES_NOT_EXIST, and no upstream call', async () => {
    await start([{ url: a.url, keys: { 'gw-customer-1': keys.good } }]);
    expect(await legacy('/in.php', recaptcha, 'gw-stranger')).toBe('ERROR_KEY_DOES_NOT_EXIST');
    expect(await legacy('/res.php', { action: 'getbalance' }, 'gw-stranger')).toBe('ERROR_KEY_DOES_NOT_EXIST');
    expect(a.requests).toEqual([]);
  });

  it('with GATEWAY_KEYS too, the upstream receives exactly the key its route configures, mapped once', async () => {
    // Were the key mapped twice, gw-1 → keys.good (the route) → keys.unknown (the gateway table).
    const gateway = { 'gw-1': { upstream: keys.other }, [keys.good]: { upstream: keys.unknown } };
    await start(
      [
        { name: 'mapped', url: a.url, keys: { 'gw-1': keys.good } },
        { name: 'unmapped', url: b.url, dialect: 'anticaptcha' },
      ],
      { GATEWAY_KEYS: JSON.stringify(gateway) },
    );
    a.fate = () => ({ polls: 0 });
    const id = await submit(recaptcha, 'gw-1');
    expect(await get(id, 'gw-1')).toBe(`OK|${tokens.recaptcha}`);
    expect(await legacy('/res.php', { action: 'reportbad', id }, 'gw-1')).toBe('OK_REPORT_RECORDED');
    expect(a.requests.map((r) => r.body.clientKey)).toEqual([keys.good, keys.good, keys.good]);
    // A route without a key table sends the gateway table's upstream key.
    expect(await legacy('/res.php', { action: 'getbalance' }, 'gw-1')).toBe('12.5000');
    expect(b.sent('getBalance')).toEqual([]);
    await gw!.close();
    await start([{ name: 'unmapped', url: b.url, dialect: 'anticaptcha' }], { GATEWAY_KEYS: JSON.stringify(gateway) });
    await legacy('/res.php', { action: 'getbalance' }, 'gw-1');
    expect(b.sent('getBalance')).toEqual([{ clientKey: keys.other }]);
  });

  it('ids stay scoped to the gateway key that created them', async () => {
    await start([{ url: a.url, keys: { 'gw-1': keys.good, 'gw-2': keys.good } }]);
    const id = await submit(recaptcha, 'gw-1');
    expect(await get(id, 'gw-2')).toBe('ERROR_WRONG_CAPTCHA_ID');
  });
});

describe('failover to the next upstream taking the type', () => {
  it('a refused connection', async () => {
    await start([
      { name: 'down', url: closedUrl },
      { name: 'up', url: a.url },
    ]);
    a.fate = () => ({ polls: 0 });
    const id = await submit(recaptcha);
    expect(await get(id)).toBe(`OK|${tokens.recaptcha}`);
  });

  it('a 500', async () => {
    await start([
      { name: 'broken', url: b.url, dialect: 'anticaptcha' },
      { name: 'up', url: a.url },
    ]);
    b.fault = 'html500';
    a.fate = () => ({ polls: 0 });
    const id = await submit(recaptcha);
    expect(b.sent('createTask')).toHaveLength(1);
    expect(await get(id)).toBe(`OK|${tokens.recaptcha}`);
    expect(b.sent('getTaskResult')).toHaveLength(0);
  });

  it('a 5xx with a JSON error body', async () => {
    const url = await stub(503, { errorId: 1, errorCode: 'ERROR_SERVICE_UNAVALIABLE' });
    await start([
      { name: 'unavailable', url, dialect: 'capsolver' },
      { name: 'up', url: a.url },
    ]);
    expect(await submit(recaptcha)).toMatch(/^\d{15}$/);
    expect(a.sent('createTask')).toHaveLength(1);
  });

  it('a timeout (UPSTREAM_TIMEOUT_MS)', async () => {
    await start(
      [
        { name: 'slow', url: b.url, dialect: 'anticaptcha' },
        { name: 'up', url: a.url },
      ],
      { UPSTREAM_TIMEOUT_MS: '300' },
    );
    b.fault = 'hang';
    expect(await submit(recaptcha)).toMatch(/^\d{15}$/);
    expect(a.sent('createTask')).toHaveLength(1);
  });

  it.each(['NO_PROVIDERS_AVAILABLE', 'ERROR_NO_SLOT_AVAILABLE'])('an answer %s', async (errorCode) => {
    const url = await stub(errorCode === 'NO_PROVIDERS_AVAILABLE' ? 400 : 200, { errorId: 1, errorCode });
    await start([
      { name: 'full', url },
      { name: 'up', url: a.url },
    ]);
    expect(await submit(recaptcha)).toMatch(/^\d{15}$/);
    expect(a.sent('createTask')).toHaveLength(1);
  });

  // A rate limit says "not now, here": another upstream may take the task. uCaptcha answers
  // HTTP 429 RATE_LIMITED (shared/protocol/modern.md, errors.md); anti-captcha and CapMonster
  // ERROR_TOO_MUCH_REQUESTS (legacy-reference.md §5.2); CapSolver ERROR_RATE_LIMIT (docs/dialects.md).
  it.each([
    ['RATE_LIMITED', 429, 'ucaptcha'],
    ['ERROR_TOO_MUCH_REQUESTS', 200, 'anticaptcha'],
    ['ERROR_RATE_LIMIT', 200, 'capsolver'],
  ])('an answer %s (HTTP %i, %s)', async (errorCode, status, dialect) => {
    const url = await stub(status, { errorId: 1, errorCode });
    await start([
      { name: 'limited', url, dialect },
      { name: 'up', url: a.url },
    ]);
    a.fate = () => ({ polls: 0 });
    const id = await submit(recaptcha);
    expect(a.sent('createTask')).toHaveLength(1);
    expect(await get(id)).toBe(`OK|${tokens.recaptcha}`);
  });

  it('a rate limit at the last upstream is the answer: ERROR_NO_SLOT_AVAILABLE', async () => {
    const url = await stub(429, { errorId: 1, errorCode: 'RATE_LIMITED' });
    await start([
      { name: 'down', url: closedUrl },
      { name: 'limited', url },
    ]);
    expect(await legacy('/in.php', recaptcha)).toBe('ERROR_NO_SLOT_AVAILABLE');
  });

  it('a verdict on the task or the key is no reason to move on', async () => {
    await start([
      { name: 'first', url: a.url },
      { name: 'second', url: b.url, dialect: 'anticaptcha' },
    ]);
    expect(await legacy('/in.php', recaptcha, keys.broke)).toBe('ERROR_ZERO_BALANCE');
    expect(b.requests).toEqual([]);
  });

  it('every upstream down → ERROR_NO_SLOT_AVAILABLE', async () => {
    await start([
      { name: 'down', url: closedUrl },
      { name: 'broken', url: b.url, dialect: 'anticaptcha' },
    ]);
    b.fault = 'status502';
    expect(await legacy('/in.php', recaptcha)).toBe('ERROR_NO_SLOT_AVAILABLE');
  });
});

describe('circuit breaker (injected clock)', () => {
  it('opens after BREAKER_FAILURES faults, skips the upstream, probes it after the cooldown, closes on success', async () => {
    let clock = 1_000_000;
    await start(
      [
        { name: 'flaky', url: b.url, dialect: 'anticaptcha' },
        { name: 'steady', url: a.url },
      ],
      { BREAKER_FAILURES: '2', BREAKER_COOLDOWN_MS: '60000' },
      { now: () => clock },
    );
    b.fault = 'html500';
    await submit(recaptcha);
    await submit(recaptcha);
    expect(b.sent('createTask')).toHaveLength(2);
    await submit(recaptcha); // open: flaky is not asked
    await submit(recaptcha);
    expect(b.sent('createTask')).toHaveLength(2);
    expect(a.sent('createTask')).toHaveLength(4);

    clock += 60_000; // half-open: one probe goes, and it fails again
    await submit(recaptcha);
    expect(b.sent('createTask')).toHaveLength(3);
    await submit(recaptcha);
    expect(b.sent('createTask')).toHaveLength(3);

    clock += 60_000;
    b.fault = undefined; // the probe succeeds: closed again
    await submit(recaptcha);
    await submit(recaptcha);
    expect(b.sent('createTask')).toHaveLength(5);
    expect(a.sent('createTask')).toHaveLength(6);
  });

  it('with every breaker open, a submit is ERROR_NO_SLOT_AVAILABLE without an upstream call', async () => {
    await start([{ name: 'only', url: b.url, dialect: 'anticaptcha' }], {
      BREAKER_FAILURES: '1',
      BREAKER_COOLDOWN_MS: '600000',
    });
    b.fault = 'html500';
    expect(await legacy('/in.php', recaptcha)).toBe('ERROR_NO_SLOT_AVAILABLE');
    expect(await legacy('/in.php', recaptcha)).toBe('ERROR_NO_SLOT_AVAILABLE');
    expect(b.sent('createTask')).toHaveLength(1);
  });
});

describe('transparent retry of ERROR_CAPTCHA_UNSOLVABLE', () => {
  it('resubmits to the next upstream while the client polls the same id and sees CAPCHA_NOT_READY', async () => {
    await start(
      [
        { name: 'first', url: a.url },
        { name: 'second', url: b.url, dialect: 'anticaptcha' },
      ],
      { UNSOLVABLE_RETRIES: '1' },
    );
    a.fate = () => ({ polls: 0, fail: 'ERROR_CAPTCHA_UNSOLVABLE' });
    const id = await submit(recaptcha);
    expect(await get(id)).toBe('CAPCHA_NOT_READY'); // failed at first, resubmitted to second
    expect(b.sent('createTask').map((r) => r.task)).toEqual([a.sent('createTask')[0]!.task]);
    expect(await get(id)).toBe('CAPCHA_NOT_READY');
    expect(await get(id)).toBe(`OK|${tokens.recaptcha}`);
    expect(a.sent('getTaskResult')).toHaveLength(1);
    expect(await legacy('/res.php', { action: 'reportgood', id })).toBe('OK_REPORT_RECORDED');
    expect(b.sent('reportCorrectRecaptcha')).toHaveLength(1);
  });

  it('the count budget: after UNSOLVABLE_RETRIES resubmissions the failure is the answer, and it is kept', async () => {
    await start([{ url: a.url }], { UNSOLVABLE_RETRIES: '2' });
    a.fate = () => ({ polls: 0, fail: 'ERROR_CAPTCHA_UNSOLVABLE' });
    const id = await submit(recaptcha);
    expect(await get(id)).toBe('CAPCHA_NOT_READY');
    expect(await get(id)).toBe('CAPCHA_NOT_READY');
    expect(await get(id)).toBe('ERROR_CAPTCHA_UNSOLVABLE');
    expect(await get(id)).toBe('ERROR_CAPTCHA_UNSOLVABLE');
    expect(a.sent('createTask')).toHaveLength(3);
    expect(a.sent('getTaskResult')).toHaveLength(3);
  });

  it('the time budget: no resubmission once the task is older than UNSOLVABLE_RETRY_WINDOW_MS', async () => {
    let clock = 5_000_000;
    await start(
      [{ url: a.url }],
      { UNSOLVABLE_RETRIES: '3', UNSOLVABLE_RETRY_WINDOW_MS: '10000' },
      { now: () => clock },
    );
    a.fate = () => ({ polls: 0, fail: 'ERROR_CAPTCHA_UNSOLVABLE' });
    const id = await submit(recaptcha);
    clock += 10_000;
    expect(await get(id)).toBe('ERROR_CAPTCHA_UNSOLVABLE');
    expect(a.sent('createTask')).toHaveLength(1);
  });

  it('off by default: the failure is answered at once', async () => {
    await start([{ url: a.url }, { url: b.url, dialect: 'anticaptcha' }]);
    a.fate = () => ({ polls: 0, fail: 'ERROR_CAPTCHA_UNSOLVABLE' });
    expect(await get(await submit(recaptcha))).toBe('ERROR_CAPTCHA_UNSOLVABLE');
    expect(b.requests).toEqual([]);
  });

  it('works with the single UPSTREAM_URL too, and other failures are never retried', async () => {
    gw = await startGateway(a.url, { UNSOLVABLE_RETRIES: '1' });
    a.fate = () => ({ polls: 0, fail: 'ERROR_CAPTCHA_UNSOLVABLE' });
    const id = await submit(recaptcha);
    expect(await get(id)).toBe('CAPCHA_NOT_READY');
    a.fate = () => ({ polls: 0, fail: 'ERROR_RECAPTCHA_INVALID_DOMAIN' });
    const other = await submit(recaptcha);
    expect(await get(other)).toBe('ERROR_BAD_TOKEN_OR_PAGEURL');
    expect(a.sent('createTask')).toHaveLength(3);
  });
});

describe('getbalance with several upstreams', () => {
  it('BALANCE=primary (default): the first upstream the key reaches', async () => {
    await start([{ url: a.url }, { url: b.url, dialect: 'anticaptcha' }]);
    b.balance = 3;
    expect(await legacy('/res.php', { action: 'getbalance' })).toBe('12.5000');
    expect(b.requests).toEqual([]);
  });

  it('BALANCE=sum: the sum over the upstreams that answer', async () => {
    await start([{ url: a.url }, { url: b.url, dialect: 'anticaptcha' }, { url: closedUrl }], { BALANCE: 'sum' });
    b.balance = 3;
    expect(await legacy('/res.php', { action: 'getbalance' })).toBe('15.5000');
  });
});
