/**
 * The DBC face on the wire, case by case against DBC's published spec (openapi_http.yaml) and
 * what its clients parse: request in, exact status, headers and bytes out, urlencoded unless
 * the client's Accept names JSON.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { typeRows } from '../../src/dbc/types.ts';
import { createInres } from '../../src/embed.ts';
import { silentLogger } from '../../src/ops/log.ts';
import { tokens } from '../support/fake-tasks.ts';
import { keys, startFakeUpstream, type FakeUpstream } from '../support/fake-upstream.ts';
import { startGateway, type TestGateway } from '../support/gateway.ts';
import { png } from '../support/images.ts';

const form = 'application/x-www-form-urlencoded';
const pageurl = 'https://example.com/login';
const token_params = JSON.stringify({ googlekey: '6Le-wvkSAAAAAPBMRTvw0Q4Muexq9bi0DJwx_mJ-', pageurl });

let fake: FakeUpstream;
let gw: TestGateway;
beforeAll(async () => {
  fake = await startFakeUpstream();
  gw = await startGateway(fake.url, { MAX_BODY_BYTES: '4096', RATE_LIMIT_PER_IP: '0' });
});
afterAll(async () => {
  await gw.close();
  await fake.close();
});
beforeEach(() => fake.reset());

/** Uploads a reCAPTCHA (urlencoded); the id from the 303's Location. */
async function upload(key = keys.good): Promise<string> {
  const r = await gw.http
    .post('/api/captcha')
    .type('form')
    .send({ username: 'bot', password: key, type: '4', token_params });
  expect(r.status).toBe(303);
  return /\/api\/captcha\/(\d{15})$/.exec(r.headers.location as string)![1]!;
}

describe('POST /api/captcha', () => {
  it('urlencoded in, 303 to the captcha out, the body urlencoded, text empty until solved', async () => {
    const r = await gw.http
      .post('/api/captcha')
      .type('form')
      .send({ username: 'bot', password: keys.good, type: '4', token_params });
    const id = /^http:\/\/127\.0\.0\.1:\d+\/api\/captcha\/(\d{15})$/.exec(r.headers.location as string)?.[1];
    expect([r.status, r.headers['content-type'], r.text]).toEqual([
      303,
      form,
      `status=0&captcha=${id}&text=&is_correct=1`,
    ]);
  });

  it('multipart with the image as a file part, JSON asked: the solved text in the 303 body', async () => {
    const r = await gw.http
      .post('/api/captcha')
      .set('accept', 'application/json')
      .field('authtoken', keys.good)
      .attach('captchafile', png, 'captcha.png');
    const id = Number(/(\d{15})$/.exec(r.headers.location as string)![1]);
    expect([r.status, r.headers['content-type'], r.text]).toEqual([
      303,
      'application/json',
      `{"status":0,"captcha":${id},"text":"${tokens.imageText}","is_correct":1}`,
    ]);
    expect(fake.sent('createTask')).toEqual([
      { clientKey: keys.good, task: { type: 'ImageToTextTask', body: png.toString('base64') } },
    ]);
  });

  it('HTTP Basic credentials, `captcha` holding plain base64', async () => {
    const r = await gw.http
      .post('/api/captcha')
      .auth('bot', keys.good)
      .type('form')
      .send({ captcha: png.toString('base64') });
    expect(r.status).toBe(303);
    expect(fake.sent('createTask')).toHaveLength(1);
  });

  it.each<[string, Record<string, string>, number, string]>([
    ['no credentials', { type: '4', token_params }, 403, 'invalid-credentials'],
    [
      'a key the upstream does not know',
      { password: keys.unknown, type: '4', token_params },
      403,
      'invalid-credentials',
    ],
    ['no balance', { password: keys.broke, type: '4', token_params }, 403, 'insufficient-funds'],
    ['no image', { password: keys.good, type: '0' }, 400, 'invalid-captcha'],
    ['an image that is not base64', { password: keys.good, captchafile: 'base64:@@@' }, 400, 'invalid-captcha'],
    ['token_params that are not JSON', { password: keys.good, type: '4', token_params: '{' }, 400, 'invalid-params'],
    ['a type DBC has no row for', { password: keys.good, type: '22' }, 501, 'not-implemented'],
  ])('%s → %d %s', async (_, fields, status, error) => {
    const r = await gw.http
      .post('/api/captcha')
      .type('form')
      .send({ username: 'bot', ...fields });
    expect([r.status, r.headers['content-type'], r.text]).toEqual([status, form, `status=255&error=${error}`]);
  });

  it('a body over MAX_BODY_BYTES → 413', async () => {
    const r = await gw.http
      .post('/api/captcha')
      .set('accept', 'application/json')
      .field('authtoken', keys.good)
      .attach('captchafile', Buffer.alloc(8192), 'big.png');
    expect([r.status, r.text]).toEqual([413, '{"status":255,"error":"captcha-too-large"}']);
  });

  it('a type the upstream refuses → 501; an upstream that is down → 503', async () => {
    fake.unsupported.add('RecaptchaV2TaskProxyless');
    const refused = await gw.http
      .post('/api/captcha')
      .type('form')
      .send({ authtoken: keys.good, type: '4', token_params });
    expect([refused.status, refused.text]).toEqual([501, 'status=255&error=not-implemented']);
    fake.unsupported.clear();
    fake.fault = 'status503';
    const down = await gw.http
      .post('/api/captcha')
      .type('form')
      .send({ authtoken: keys.good, type: '4', token_params });
    expect([down.status, down.text]).toEqual([503, 'status=255&error=service-overload']);
  });
});

describe('GET /api/captcha/<id>', () => {
  it('without credentials: pending, then solved once the watched task is', async () => {
    fake.fate = () => ({ polls: 0 });
    const id = await upload();
    const pending = await gw.http.get(`/api/captcha/${id}`);
    expect([pending.status, pending.text]).toEqual([200, `status=0&captcha=${id}&text=&is_correct=1`]);
    await gw.tick();
    const solved = await gw.http.get(`/api/captcha/${id}`).set('accept', 'application/json');
    expect(solved.text).toBe(`{"status":0,"captcha":${id},"text":"${tokens.recaptcha}","is_correct":1}`);
  });

  it("with credentials (as the Ruby client polls): the key's own task, polled upstream", async () => {
    fake.fate = () => ({ polls: 0 });
    const id = await upload();
    const r = await gw.http.get(`/api/captcha/${id}`).query({ username: 'bot', password: keys.good });
    expect(r.text).toBe(`status=0&captcha=${id}&text=${tokens.recaptcha}&is_correct=1`);
    const other = await gw.http.get(`/api/captcha/${id}`).query({ username: 'bot', password: keys.other });
    expect([other.status, other.text]).toEqual([404, 'status=255&error=captcha-not-found']);
  });

  it('a failed task: is_correct 0, text empty', async () => {
    fake.fate = () => ({ polls: 0, fail: 'ERROR_CAPTCHA_UNSOLVABLE' });
    const id = await upload();
    await gw.tick();
    const r = await gw.http.get(`/api/captcha/${id}`);
    expect(r.text).toBe(`status=0&captcha=${id}&text=&is_correct=0`);
  });

  it.each(['123456789012345', 'abc', '1'.repeat(40)])('%s, unknown or malformed → 404', async (id) => {
    const r = await gw.http.get(`/api/captcha/${id}`).set('accept', 'application/json');
    expect([r.status, r.text]).toEqual([404, '{"status":255,"error":"captcha-not-found"}']);
  });

  it("another face's task is not open to a poll without credentials: in.php's id → 404", async () => {
    fake.fate = () => ({ polls: 0 });
    const submitted = await gw.http.get('/in.php').query({
      key: keys.good,
      method: 'userrecaptcha',
      googlekey: '6Le-wvkSAAAAAPBMRTvw0Q4Muexq9bi0DJwx_mJ-',
      pageurl,
    });
    const id = /^OK\|(\d{15})$/.exec(submitted.text)![1]!;
    expect((await gw.http.get('/res.php').query({ key: keys.good, action: 'get', id })).text).toBe(
      `OK|${tokens.recaptcha}`,
    );
    const r = await gw.http.get(`/api/captcha/${id}`);
    expect([r.status, r.text]).toEqual([404, 'status=255&error=captcha-not-found']);
    // With the key that made it, the DBC face reads it like any of the key's tasks.
    const mine = await gw.http.get(`/api/captcha/${id}`).query({ authtoken: keys.good });
    expect([mine.status, mine.text]).toEqual([200, `status=0&captcha=${id}&text=${tokens.recaptcha}&is_correct=1`]);
  });
});

describe('POST /api/captcha/<id>/report', () => {
  it("reports the key's own task: is_correct 0, the report sent upstream", async () => {
    fake.fate = () => ({ polls: 0 });
    const id = await upload();
    await gw.tick();
    const r = await gw.http
      .post(`/api/captcha/${id}/report`)
      .set('accept', 'application/json')
      .type('form')
      .send({ authtoken: keys.good });
    expect([r.status, r.text]).toEqual([
      200,
      `{"status":0,"captcha":${id},"text":"${tokens.recaptcha}","is_correct":0}`,
    ]);
    expect(fake.sent('feedbackTask')).toHaveLength(1);
  });

  it("another key's task, or none at all, is unknown; no credentials are refused", async () => {
    const id = await upload();
    const other = await gw.http.post(`/api/captcha/${id}/report`).type('form').send({ authtoken: keys.other });
    expect([other.status, other.text]).toEqual([404, 'status=255&error=captcha-not-found']);
    const anonymous = await gw.http.post(`/api/captcha/${id}/report`);
    expect([anonymous.status, anonymous.text]).toEqual([403, 'status=255&error=invalid-credentials']);
    expect(fake.sent('feedbackTask')).toEqual([]);
  });
});

describe('/api/user and /api/status', () => {
  it('POST /api/user: the balance in US cents, urlencoded', async () => {
    const r = await gw.http.post('/api/user').type('form').send({ username: 'bot', password: keys.good });
    expect([r.status, r.text]).toEqual([200, 'status=0&user=1&rate=0&balance=1250&is_banned=0']);
  });

  it('GET /api/user with HTTP Basic, JSON; without credentials 403', async () => {
    const r = await gw.http.get('/api/user').auth('bot', keys.good).set('accept', 'application/json');
    expect(r.text).toBe('{"status":0,"user":1,"rate":0,"balance":1250,"is_banned":false}');
    const none = await gw.http.get('/api/user').set('accept', 'application/json');
    expect([none.status, none.text]).toEqual([403, '{"status":255,"error":"invalid-credentials"}']);
  });

  it('GET /api/status', async () => {
    const r = await gw.http.get('/api/status').set('accept', 'application/json');
    expect([r.status, r.text]).toEqual([
      200,
      '{"status":0,"todays_accuracy":0,"solved_in":0,"is_service_overloaded":false}',
    ]);
  });

  it('requests are counted under face="dbc", ids folded out of the endpoint', async () => {
    await gw.http.get('/api/captcha/123456789012345');
    const metrics = (await gw.http.get('/metrics')).text;
    expect(metrics).toMatch(
      /^inres_requests_total\{face="dbc",endpoint="\/api\/status",action="none",method="none",code="200"\} \d+$/m,
    );
    expect(metrics).not.toMatch(/123456789012345/);
  });
});

describe('with GATEWAY_KEYS', () => {
  let keyed: TestGateway;
  beforeAll(async () => {
    keyed = await startGateway(fake.url, {
      RATE_LIMIT_PER_IP: '4',
      // One fixed window for the whole test: a 10 s window could reset between its requests.
      RATE_LIMIT_WINDOW_SECONDS: '3600',
      GATEWAY_KEYS: JSON.stringify({
        gw_dbc: { upstream: keys.good, dbc: { username: 'bot', password: 's3cret', authtoken: 'tok_1' } },
        gw_banned: { upstream: keys.good, banned: true, dbc: { authtoken: 'tok_banned' } },
      }),
    });
  });
  afterAll(() => keyed.close());

  it('a dbc login or token stands for its gateway key; a wrong one, or a banned key, is refused', async () => {
    const user = (fields: Record<string, string>) => keyed.http.post('/api/user').type('form').send(fields);
    expect((await user({ username: 'bot', password: 's3cret' })).text).toBe(
      'status=0&user=1&rate=0&balance=1250&is_banned=0',
    );
    expect((await user({ authtoken: 'gw_dbc' })).status).toBe(200);
    const wrong = await user({ username: 'bot', password: 'S3cret' });
    expect([wrong.status, wrong.text]).toEqual([403, 'status=255&error=invalid-credentials']);
    const banned = await user({ authtoken: 'tok_banned' });
    expect([banned.status, banned.text, banned.headers['x-ratelimit-remaining']]).toEqual([
      403,
      'status=255&error=banned',
      '0',
    ]);
    const limited = await user({ authtoken: 'tok_1' });
    expect([limited.status, limited.text, limited.headers['x-ratelimit-limit']]).toEqual([
      503,
      'status=255&error=service-overload',
      '4',
    ]);
  });
});

describe('GET /openapi.json', () => {
  it('has the DBC paths and one schema per row of the type table', async () => {
    const doc = (await gw.http.get('/openapi.json')).body as {
      paths: Record<string, unknown>;
      components: { schemas: Record<string, { 'x-dbc-task-type'?: string }> };
    };
    for (const path of ['/api/captcha', '/api/captcha/{id}', '/api/captcha/{id}/report', '/api/user', '/api/status'])
      expect(doc.paths).toHaveProperty([path]);
    for (const [num, row] of Object.entries(typeRows))
      expect(doc.components.schemas[`dbc_type_${num}`]?.['x-dbc-task-type']).toBe(row.type);
  });
});

describe('an embedder leaving the face out (createInres dbc: false)', () => {
  it('serves no /api path and documents none', async () => {
    const app = createInres({ UPSTREAM_URL: fake.url }, { dbc: false, logger: silentLogger });
    expect((await app.request('/api/status')).status).toBe(404);
    const doc = (await (await app.request('/openapi.json')).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths).filter((p) => p.startsWith('/api/'))).toEqual([]);
  });
});

describe('MAX_PARAMS and MAX_PARAM_BYTES, as on the legacy face', () => {
  let small: TestGateway;
  beforeAll(async () => {
    small = await startGateway(fake.url, { MAX_PARAMS: '16', MAX_PARAM_BYTES: '64' });
  });
  afterAll(() => small.close());

  it('too many fields, or a text field too long, → 400 invalid-params before any upstream call; an image may be longer', async () => {
    const many = Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`f${i}`, 'x']));
    const tooMany = await small.http
      .post('/api/captcha')
      .type('form')
      .send({ authtoken: keys.good, ...many });
    expect([tooMany.status, tooMany.text]).toEqual([400, 'status=255&error=invalid-params']);
    const long = await small.http
      .post('/api/captcha')
      .type('form')
      .send({ authtoken: keys.good, type: '4', token_params: JSON.stringify({ googlekey: 'k'.repeat(64), pageurl }) });
    expect([long.status, long.text]).toEqual([400, 'status=255&error=invalid-params']);
    expect(fake.sent('createTask')).toEqual([]);
    const image = await small.http
      .post('/api/captcha')
      .type('form')
      .send({ authtoken: keys.good, captcha: png.toString('base64') });
    expect(image.status).toBe(303);
  });
});
