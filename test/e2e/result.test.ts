/**
 * /res.php through the Node server against the fake upstream: polling, answers per type,
 * balance, reports, and every error path, plain and json=1, in every dialect.
 */
import { describe, expect, it } from 'vitest';
import { fakeDialectNames } from '../support/fake-dialects.ts';
import { useDialect } from '../support/dialect-suite.ts';
import { keys, type FakeUpstream } from '../support/fake-upstream.ts';
import { tokens } from '../support/fake-tasks.ts';
import type { TestGateway } from '../support/gateway.ts';
import { png } from '../support/images.ts';

let fake: FakeUpstream;
let gw: TestGateway;

const pageurl = 'https://example.com/login';
const recaptcha = { method: 'userrecaptcha', googlekey: '6Le-wvkSAAAAAPBMRTvw0Q4Muexq9bi0DJwx_mJ-', pageurl };
const hcaptcha = { method: 'hcaptcha', sitekey: 'b76cd927-d266-4cfb-a328-3b03ae07ded6', pageurl };
const turnstile = { method: 'turnstile', sitekey: '0x4AAAAAAAVrOwQWPlm3Bnr5', pageurl };

async function submit(params: Record<string, string>, key = keys.good): Promise<string> {
  const res = await gw.http.get('/in.php').query({ key, ...params });
  const match = /^OK\|(\d+)$/.exec(res.text);
  if (!match) throw new Error(`submit failed: ${res.text}`);
  return match[1]!;
}

async function res(params: Record<string, string>, key: string = keys.good): Promise<string> {
  const r = await gw.http.get('/res.php').query({ key, ...params });
  expect(r.status).toBe(200);
  return r.text;
}

describe.each(fakeDialectNames)('dialect %s', (dialect) => {
  useDialect(dialect, (f, g) => {
    fake = f;
    gw = g;
  });

  describe('action=get', () => {
    it('CAPCHA_NOT_READY, then OK|<token>', async () => {
      const id = await submit(recaptcha);
      expect(await res({ action: 'get', id })).toBe('CAPCHA_NOT_READY');
      expect(await res({ action: 'get', id })).toBe(`OK|${tokens.recaptcha}`);
    });

    it('json=1: {"status":0,"request":"CAPCHA_NOT_READY"}, then {"status":1,"request":<token>}', async () => {
      const id = await submit(recaptcha);
      expect(await res({ action: 'get', id, json: '1' })).toBe('{"status":0,"request":"CAPCHA_NOT_READY"}');
      expect(await res({ action: 'get', id, json: '1' })).toBe(`{"status":1,"request":"${tokens.recaptcha}"}`);
    });

    it('polls the upstream with the upstream task id and the client key', async () => {
      const id = await submit(recaptcha);
      await res({ action: 'get', id });
      const created = fake.requests.find((r) => r.call === 'createTask');
      expect(created).toBeDefined();
      expect(fake.sent('getTaskResult')).toEqual([{ clientKey: keys.good, taskId: fake.dialect.idMatcher }]);
    });

    it('a solved answer is kept: later polls need no upstream call', async () => {
      fake.fate = () => ({ polls: 0 });
      const id = await submit(recaptcha);
      expect(await res({ action: 'get', id })).toBe(`OK|${tokens.recaptcha}`);
      expect(await res({ action: 'get', id })).toBe(`OK|${tokens.recaptcha}`);
      expect(fake.sent('getTaskResult')).toHaveLength(1);
    });

    // CapSolver has no hCaptcha type: the matrix test checks its refusal.
    it.skipIf(dialect === 'capsolver')('hcaptcha: the token, with useragent and respKey as json=1 extras', async () => {
      fake.fate = () => ({ polls: 0 });
      const id = await submit(hcaptcha);
      expect(await res({ action: 'get', id, json: '1' })).toBe(
        JSON.stringify({ status: 1, request: tokens.hcaptcha, useragent: tokens.userAgent, respKey: tokens.respKey }),
      );
      expect(await res({ action: 'get', id })).toBe(`OK|${tokens.hcaptcha}`);
    });

    it('turnstile: the token, with useragent as a json=1 extra', async () => {
      fake.fate = () => ({ polls: 0 });
      const id = await submit(turnstile);
      expect(await res({ action: 'get', id, json: '1' })).toBe(
        JSON.stringify({ status: 1, request: tokens.turnstile, useragent: tokens.userAgent }),
      );
    });

    it('an image createTask answered at once: OK|<id> from in.php, then OK|<text> without polling upstream', async () => {
      const id = await submit({ method: 'base64', body: png.toString('base64') });
      expect(await res({ action: 'get', id })).toBe(`OK|${tokens.imageText}`);
      expect(fake.sent('getTaskResult')).toEqual([]);
    });

    it('answers are never escaped: a token holding | comes back as is', async () => {
      fake.fate = () => ({ polls: 0, solution: { gRecaptchaResponse: 'abc|r=eu-west-1|surl=x' } });
      const id = await submit(recaptcha);
      expect(await res({ action: 'get', id })).toBe('OK|abc|r=eu-west-1|surl=x');
    });

    it('a failed task → ERROR_CAPTCHA_UNSOLVABLE (and json=1 with error_text)', async () => {
      fake.fate = () => ({ polls: 0, fail: 'ERROR_CAPTCHA_UNSOLVABLE' });
      const id = await submit(recaptcha);
      expect(await res({ action: 'get', id })).toBe('ERROR_CAPTCHA_UNSOLVABLE');
      expect(JSON.parse(await res({ action: 'get', id, json: '1' }))).toEqual({
        status: 0,
        request: 'ERROR_CAPTCHA_UNSOLVABLE',
        error_text: expect.any(String),
      });
    });

    it('a failed task with a code inres does not know → ERROR_CAPTCHA_UNSOLVABLE', async () => {
      fake.fate = () => ({ polls: 0, fail: 'SOMETHING_NEW' });
      const id = await submit(recaptcha);
      expect(await res({ action: 'get', id })).toBe('ERROR_CAPTCHA_UNSOLVABLE');
    });

    it('an id of another key → ERROR_WRONG_CAPTCHA_ID, without asking the upstream', async () => {
      const id = await submit(recaptcha);
      expect(await res({ action: 'get', id }, keys.other)).toBe('ERROR_WRONG_CAPTCHA_ID');
      expect(fake.sent('getTaskResult')).toEqual([]);
    });

    it('an unknown id → ERROR_WRONG_CAPTCHA_ID, never CAPCHA_NOT_READY', async () => {
      expect(await res({ action: 'get', id: '123456789012345' })).toBe('ERROR_WRONG_CAPTCHA_ID');
    });

    it('a non-numeric or missing id → ERROR_WRONG_ID_FORMAT', async () => {
      expect(await res({ action: 'get', id: 'abc' })).toBe('ERROR_WRONG_ID_FORMAT');
      expect(await res({ action: 'get' })).toBe('ERROR_WRONG_ID_FORMAT');
    });

    it('reads a POSTed form as well as a query', async () => {
      const id = await submit(recaptcha);
      const r = await gw.http.post('/res.php').type('form').send({ key: keys.good, action: 'get', id, json: '1' });
      expect(r.text).toBe('{"status":0,"request":"CAPCHA_NOT_READY"}');
    });
  });

  describe('getbalance', () => {
    it('a bare number with four decimals; json=1 as a string', async () => {
      expect(await res({ action: 'getbalance' })).toBe('12.5000');
      expect(await res({ action: 'getbalance', json: '1' })).toBe('{"status":1,"request":"12.5000"}');
      expect(fake.sent('getBalance')).toEqual([{ clientKey: keys.good }, { clientKey: keys.good }]);
    });

    it('keeps digits beyond the fourth', async () => {
      fake.balance = 0.93958;
      expect(await res({ action: 'getbalance' })).toBe('0.93958');
    });

    it('an unknown key → ERROR_KEY_DOES_NOT_EXIST', async () => {
      expect(await res({ action: 'getbalance' }, keys.unknown)).toBe('ERROR_KEY_DOES_NOT_EXIST');
    });
  });

  describe('reportbad / reportgood', () => {
    it('OK_REPORT_RECORDED, sent upstream as the dialect’s report calls on the upstream task id', async () => {
      const id = await submit(recaptcha);
      expect(await res({ action: 'reportbad', id })).toBe('OK_REPORT_RECORDED');
      expect(await res({ action: 'reportgood', id, json: '1' })).toBe('{"status":1,"request":"OK_REPORT_RECORDED"}');
      const polled = new Set(['createTask', 'getTaskResult', 'getBalance']);
      expect(fake.requests.filter((r) => !polled.has(r.call))).toEqual(fake.dialect.recaptchaReports(keys.good));
    });

    it('an unknown id → ERROR_WRONG_CAPTCHA_ID', async () => {
      expect(await res({ action: 'reportbad', id: '100000000000001' })).toBe('ERROR_WRONG_CAPTCHA_ID');
    });
  });

  describe('action errors', () => {
    it('a missing action → ERROR_EMPTY_ACTION', async () => {
      expect(await res({})).toBe('ERROR_EMPTY_ACTION');
      expect(JSON.parse(await res({ json: '1' }))).toEqual({
        status: 0,
        request: 'ERROR_EMPTY_ACTION',
        error_text: expect.any(String),
      });
    });

    it('a missing key → ERROR_WRONG_USER_KEY', async () => {
      expect(await res({ action: 'getbalance' }, '')).toBe('ERROR_WRONG_USER_KEY');
    });

    it('header_acao=1 adds the CORS header to res.php answers too', async () => {
      const r = await gw.http.get('/res.php').query({ key: keys.good, action: 'getbalance', header_acao: '1' });
      expect(r.headers['access-control-allow-origin']).toBe('*');
    });
  });

  describe('GET /healthz', () => {
    it('answers 200', async () => {
      await gw.http.get('/healthz').expect(200, 'ok');
    });
  });
});
