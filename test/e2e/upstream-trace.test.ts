/**
 * Failures an operator can trace from the log: a fault's line names the client's id, the
 * upstream and its task id, and why the call failed (the transport's code: refused, reset…);
 * LOG_LEVEL=debug logs every upstream call with its upstream, outcome, time and task id. No key
 * appears in any line.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/ops/log.ts';
import { faultCause } from '../../src/upstream/client.ts';
import { closedPortUrl } from '../support/closed-port.ts';
import { keys, startFakeUpstream, type FakeUpstream } from '../support/fake-upstream.ts';
import { startGateway, type TestGateway } from '../support/gateway.ts';

const recaptcha = {
  key: keys.good,
  method: 'userrecaptcha',
  googlekey: '6Le-wvkSAAAAAPBMRTvw0Q4Muexq9bi0DJwx_mJ-',
  pageurl: 'https://example.com/',
};

type Line = Record<string, unknown>;
const lines: string[] = [];
const logged = (msg: string): Line[] => lines.map((l) => JSON.parse(l) as Line).filter((l) => l.msg === msg);
const logger = createLogger('debug', (line) => lines.push(line));

let fake: FakeUpstream;
let gw: TestGateway;
let down: TestGateway;
beforeAll(async () => {
  fake = await startFakeUpstream();
  gw = await startGateway(fake.url, { LOG_LEVEL: 'debug' }, { logger });
  down = await startGateway(await closedPortUrl(), { LOG_LEVEL: 'debug' }, { logger });
});
afterAll(async () => {
  await Promise.all([gw.close(), down.close()]);
  await fake.close();
});
beforeEach(() => {
  fake.reset();
  lines.length = 0;
});

async function get(g: TestGateway, path: string, params: Record<string, string>): Promise<string> {
  const res = await fetch(`${g.url}${path}?${new URLSearchParams(params)}`);
  return res.text();
}

describe('a fault names its cause, its upstream, and the ids', () => {
  it('connection refused on submit: ECONNREFUSED, the upstream, the call', async () => {
    expect(await get(down, '/in.php', recaptcha)).toBe('ERROR_NO_SLOT_AVAILABLE');
    expect(logged('upstream fault')).toEqual([
      expect.objectContaining({
        level: 'warn',
        path: '/in.php',
        call: 'createTask',
        upstream: 'default',
        fault: 'network',
        cause: 'ECONNREFUSED',
      }),
    ]);
  });

  it("reset on a poll: the client's id and the upstream's task id", async () => {
    fake.fate = () => ({ polls: 5 });
    const id = (await get(gw, '/in.php', recaptcha)).slice(3);
    const taskId = logged('upstream call')[0]?.taskId;
    expect(taskId).toEqual(expect.any(String));
    fake.fault = 'reset';
    expect(await get(gw, '/res.php', { key: keys.good, action: 'get', id })).toBe('CAPCHA_NOT_READY');
    const [fault] = logged('upstream fault');
    expect(fault).toMatchObject({
      path: '/res.php',
      id,
      call: 'getTaskResult',
      upstream: 'default',
      taskId,
      fault: 'network',
    });
    expect(fault!.cause).toMatch(/^(ECONNRESET|UND_ERR_SOCKET)$/);
  });

  it('the cause is a code from the error or its cause chain, never a message', () => {
    const dns = new TypeError('fetch failed', {
      cause: Object.assign(new Error('getaddrinfo ENOTFOUND x'), { code: 'ENOTFOUND' }),
    });
    expect(faultCause(dns)).toBe('ENOTFOUND');
    const tls = Object.assign(new Error('certificate has expired'), { code: 'CERT_HAS_EXPIRED' });
    expect(faultCause(tls)).toBe('CERT_HAS_EXPIRED');
    expect(faultCause(Object.assign(new Error('x'), { code: 'not a code: https://u:p@h/' }))).toBeUndefined();
    expect(faultCause(new DOMException('upstream timeout', 'TimeoutError'))).toBeUndefined();
  });
});

describe('LOG_LEVEL=debug', () => {
  it('logs each upstream call (call, upstream, outcome, ms, task id) and the id it was given; never a key', async () => {
    fake.fate = () => ({ polls: 1 });
    const id = (await get(gw, '/in.php', recaptcha)).slice(3);
    await get(gw, '/res.php', { key: keys.good, action: 'get', id });
    await get(gw, '/res.php', { key: keys.good, action: 'get', id });
    await get(gw, '/res.php', { key: keys.good, action: 'getbalance' });
    const calls = logged('upstream call');
    const taskId = calls[0]!.taskId;
    expect(calls.map(({ call, upstream, outcome, taskId }) => ({ call, upstream, outcome, taskId }))).toEqual([
      { call: 'createTask', upstream: 'default', outcome: 'ok', taskId },
      { call: 'getTaskResult', upstream: 'default', outcome: 'processing', taskId },
      { call: 'getTaskResult', upstream: 'default', outcome: 'ready', taskId },
      { call: 'getBalance', upstream: 'default', outcome: 'ok', taskId: undefined },
    ]);
    for (const c of calls) expect(c.ms).toEqual(expect.any(Number));
    expect(logged('task created')).toEqual([expect.objectContaining({ level: 'debug', id, taskId })]);
    for (const key of Object.values(keys)) expect(lines.join('\n')).not.toContain(key);
  });
});
