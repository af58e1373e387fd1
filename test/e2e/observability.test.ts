/**
 * Request ids, JSON access logs and /metrics through the Node server: what an operator sees,
 * with bounded labels and no key anywhere in a log line or a metric.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/ops/log.ts';
import { keys, startFakeUpstream, type FakeUpstream } from '../support/fake-upstream.ts';
import { startGateway, type TestGateway } from '../support/gateway.ts';

let fake: FakeUpstream;
let gw: TestGateway;
const lines: string[] = [];
beforeAll(async () => {
  fake = await startFakeUpstream();
  gw = await startGateway(fake.url, {}, { logger: createLogger('debug', (line) => lines.push(line)) });
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

/** The value of one series in a Prometheus text body, or undefined when it is absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('X-Request-Id', () => {
  it('is generated for each request and logged with it', async () => {
    const a = await gw.http.get('/res.php').query({ key: keys.good, action: 'getbalance' });
    const b = await gw.http.get('/res.php').query({ key: keys.good, action: 'getbalance' });
    expect(a.text).toBe('12.5000');
    const id = a.headers['x-request-id'];
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(b.headers['x-request-id']).not.toBe(id);
    const logged = lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.requestId === id);
    expect(logged).toMatchObject({
      level: 'info',
      msg: 'request',
      method: 'GET',
      path: '/res.php',
      status: 200,
      endpoint: 'res.php',
      action: 'getbalance',
      code: 'OK',
    });
  });

  it('is taken from a valid incoming X-Request-Id', async () => {
    const res = await gw.http.get('/healthz').set('X-Request-Id', 'trace-abc_123=');
    expect(res.headers['x-request-id']).toBe('trace-abc_123=');
  });

  it('is replaced when the incoming one is not plain', async () => {
    const res = await gw.http.get('/healthz').set('X-Request-Id', 'bad id with spaces');
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('GET /metrics', () => {
  it('is Prometheus text with requests by endpoint, action, method and code', async () => {
    await gw.http.get('/in.php').query({ key: keys.good, ...recaptcha });
    await gw.http.get('/res.php').query({ key: keys.good, action: 'get', id: '123' });
    const res = await gw.http.get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(
      sample(
        res.text,
        'inres_requests_total{face="legacy",endpoint="in.php",action="none",method="userrecaptcha",code="OK"}',
      ),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sample(
        res.text,
        'inres_requests_total{face="legacy",endpoint="res.php",action="get",method="none",code="ERROR_WRONG_CAPTCHA_ID"}',
      ),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sample(res.text, 'inres_upstream_calls_total{dialect="ucaptcha",call="createTask",outcome="ok"}'),
    ).toBeGreaterThanOrEqual(1);
    expect(sample(res.text, 'inres_store_entries')).toBeGreaterThanOrEqual(1);
    expect(sample(res.text, 'inres_requests_in_flight')).toBe(1);
    expect(res.text).toMatch(/^inres_request_duration_seconds_bucket\{endpoint="in\.php",le="\+Inf"\} \d+$/m);
    expect(res.text).toMatch(
      /^inres_upstream_call_duration_seconds_count\{dialect="ucaptcha",call="createTask"\} \d+$/m,
    );
  });

  it('counts poll outcomes by task state', async () => {
    const id = /^OK\|(\d+)$/.exec((await gw.http.get('/in.php').query({ key: keys.good, ...recaptcha })).text)![1]!;
    await gw.http.get('/res.php').query({ key: keys.good, action: 'get', id });
    const text = (await gw.http.get('/metrics')).text;
    expect(
      sample(text, 'inres_upstream_calls_total{dialect="ucaptcha",call="getTaskResult",outcome="processing"}'),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sample(
        text,
        'inres_requests_total{face="legacy",endpoint="res.php",action="get",method="none",code="CAPCHA_NOT_READY"}',
      ),
    ).toBeGreaterThanOrEqual(1);
  });

  it('folds unknown methods, actions and paths into bounded values', async () => {
    await gw.http.get('/in.php').query({ key: keys.good, method: 'made_up_method_qzx' });
    await gw.http.get('/res.php').query({ key: keys.good, action: 'made_up_action_qzx' });
    await gw.http.get('/no/such/path/qzx');
    const text = (await gw.http.get('/metrics')).text;
    expect(text).not.toContain('qzx'); // no digits: a duration sum may contain any
    expect(
      sample(
        text,
        'inres_requests_total{face="legacy",endpoint="in.php",action="none",method="other",code="ERROR_NO_SUCH_METHOD"}',
      ),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sample(
        text,
        'inres_requests_total{face="legacy",endpoint="res.php",action="other",method="none",code="ERROR_EMPTY_ACTION"}',
      ),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sample(text, 'inres_requests_total{face="none",endpoint="other",action="none",method="none",code="404"}'),
    ).toBeGreaterThanOrEqual(1);
  });
});

describe('keys stay out of logs and metrics', () => {
  it('no log line and no metric holds a key, whatever the request did', async () => {
    const secret = 'ucap_SECRETSECRET0123456789abcdefgh';
    fake.fault = 'html500';
    await gw.http.get('/in.php').query({ key: secret, ...recaptcha });
    await gw.http
      .post('/in.php')
      .type('form')
      .send({ key: secret, ...recaptcha });
    fake.fault = undefined;
    await gw.http.get('/res.php').query({ key: secret, action: 'getbalance' });
    await gw.http.get(`/res.php/${secret}`).query({ key: secret });
    await gw.http.post('/createTask').send({ clientKey: secret, task: { type: 'X' } });
    const metrics = (await gw.http.get('/metrics')).text;
    expect(lines.length).toBeGreaterThan(0);
    for (const text of [...lines, metrics]) {
      expect(text).not.toContain('SECRETSECRET');
      expect(text).not.toContain(keys.good);
    }
    expect(lines.some((l) => l.includes('upstream fault'))).toBe(true);
  });
});

describe('health', () => {
  it('/healthz and /readyz answer 200 while serving', async () => {
    expect((await gw.http.get('/healthz')).status).toBe(200);
    expect((await gw.http.get('/readyz')).status).toBe(200);
  });
});
