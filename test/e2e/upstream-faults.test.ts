/**
 * Upstream faults become legacy answers: HTTP 200, a documented code, never a 500 or a hang.
 * A submit that meets a fault answers ERROR_NO_SLOT_AVAILABLE (try again later); a poll answers
 * CAPCHA_NOT_READY, and the task is still there once the upstream is back.
 */
import { createServer } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { keys, startFakeUpstream, type Fault, type FakeUpstream } from '../support/fake-upstream.ts';
import { tokens } from '../support/fake-tasks.ts';
import { startGateway, type TestGateway } from '../support/gateway.ts';

let fake: FakeUpstream;
let gw: TestGateway;
beforeAll(async () => {
  fake = await startFakeUpstream();
  gw = await startGateway(fake.url, { UPSTREAM_TIMEOUT_MS: '300' });
});
afterAll(async () => {
  await gw.close();
  await fake.close();
});
beforeEach(() => fake.reset());

const recaptcha = {
  method: 'userrecaptcha',
  googlekey: '6Le-wvkSAAAAAPBMRTvw0Q4Muexq9bi0DJwx_mJ-',
  pageurl: 'https://example.com/',
};
const get = (path: string, params: Record<string, string>) => gw.http.get(path).query({ key: keys.good, ...params });

const faults: Fault[] = ['html500', 'status502', 'non-json', 'truncated', 'hang', 'reset', 'huge'];

describe.each(faults)('upstream fault %s', (fault) => {
  it('submit → ERROR_NO_SLOT_AVAILABLE, plain and json=1', async () => {
    fake.fault = fault;
    const plain = await get('/in.php', recaptcha);
    expect([plain.status, plain.text]).toEqual([200, 'ERROR_NO_SLOT_AVAILABLE']);
    const json = await get('/in.php', { ...recaptcha, json: '1' });
    expect(JSON.parse(json.text)).toEqual({
      status: 0,
      request: 'ERROR_NO_SLOT_AVAILABLE',
      error_text: expect.any(String),
    });
  });

  it('poll → CAPCHA_NOT_READY, and the answer once the upstream recovers', async () => {
    fake.fate = () => ({ polls: 0 });
    const id = (await get('/in.php', recaptcha)).text.slice(3);
    fake.fault = fault;
    expect((await get('/res.php', { action: 'get', id })).text).toBe('CAPCHA_NOT_READY');
    expect((await get('/res.php', { action: 'get', id, json: '1' })).text).toBe(
      '{"status":0,"request":"CAPCHA_NOT_READY"}',
    );
    fake.fault = undefined;
    expect((await get('/res.php', { action: 'get', id })).text).toBe(`OK|${tokens.recaptcha}`);
  });

  it('getbalance → ERROR_NO_SLOT_AVAILABLE; reports → ERROR_REPORT_NOT_RECORDED', async () => {
    const id = (await get('/in.php', recaptcha)).text.slice(3);
    fake.fault = fault;
    expect((await get('/res.php', { action: 'getbalance' })).text).toBe('ERROR_NO_SLOT_AVAILABLE');
    expect((await get('/res.php', { action: 'reportbad', id })).text).toBe('ERROR_REPORT_NOT_RECORDED');
  });
});

describe('an upstream that refuses connections', () => {
  it('submit → ERROR_NO_SLOT_AVAILABLE', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const down = await startGateway(`http://127.0.0.1:${port}`);
    try {
      const res = await down.http.get('/in.php').query({ key: keys.good, ...recaptcha });
      expect([res.status, res.text]).toEqual([200, 'ERROR_NO_SLOT_AVAILABLE']);
    } finally {
      await down.close();
    }
  });
});
