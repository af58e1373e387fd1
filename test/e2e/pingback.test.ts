/**
 * pingback=URL end to end: two gateway processes sharing one Redis poll the upstream for the
 * client and POST 2captcha's form to a receiver on 127.0.0.1 (allowed by PINGBACK_ALLOW in
 * this test) exactly once, retry a receiver that fails, while res.php polling keeps working.
 * A modern `callbackUrl` arrives as the caller's vendor sends it (src/modern/voices.ts cites
 * each): JSON for anti-captcha, CapMonster and CapSolver, 2captcha's form, uCaptcha's GET.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { tokens } from '../support/fake-tasks.ts';
import { keys, startFakeUpstream, type FakeUpstream } from '../support/fake-upstream.ts';
import { startRedis, type TestRedis } from '../support/redis.ts';
import { spawnGateway, type SpawnedGateway } from '../support/spawn-gateway.ts';

interface Delivery {
  method: string | undefined;
  /** The path and query the receiver was asked for. */
  url: string | undefined;
  contentType: string | undefined;
  /** The body's bytes as text. */
  body: string;
  form: Record<string, string>;
}

let fake: FakeUpstream;
let redis: TestRedis;
let a: SpawnedGateway;
let b: SpawnedGateway;
let receiver: Server;
let receiverUrl: string;
let deliveries: Delivery[] = [];
/** HTTP statuses the receiver answers, in turn; 200 once they run out. */
let statuses: number[] = [];

beforeAll(async () => {
  fake = await startFakeUpstream();
  redis = await startRedis();
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString('utf8')));
    req.on('end', () => {
      deliveries.push({
        method: req.method,
        url: req.url,
        contentType: req.headers['content-type'],
        body,
        form: Object.fromEntries(new URLSearchParams(body)),
      });
      res.writeHead(statuses.shift() ?? 200).end('ok');
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/callback`;
  const env = {
    UPSTREAM_URL: fake.url,
    STORE_URL: redis.url,
    PINGBACK_ALLOW: '127.0.0.1',
    UPSTREAM_TIMEOUT_MS: '2000',
  };
  [a, b] = await Promise.all([spawnGateway(env), spawnGateway(env)]);
});
afterAll(async () => {
  await Promise.all([a?.kill(), b?.kill()]);
  await redis?.stop();
  await fake?.close();
  await new Promise<void>((r) => receiver?.close(() => r()));
});
beforeEach(() => {
  fake.reset();
  deliveries = [];
  statuses = [];
});

const recaptcha = {
  method: 'userrecaptcha',
  googlekey: '6Le-wvkSAAAAAPBMRTvw0Q4Muexq9bi0DJwx_mJ-',
  pageurl: 'https://example.com/login',
};
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function call(gw: SpawnedGateway, path: string, params: Record<string, string>): Promise<string> {
  const res = await fetch(`${gw.url}${path}?${new URLSearchParams({ key: keys.good, ...params })}`, {
    signal: AbortSignal.timeout(5000),
  });
  return res.text();
}

/** Waits (bounded) until the receiver holds `n` deliveries. */
async function delivered(n: number, withinMs = 10_000): Promise<Delivery[]> {
  for (let waited = 0; deliveries.length < n && waited < withinMs; waited += 100) await sleep(100);
  return deliveries;
}

describe('pingback', () => {
  it('delivers id and code as a form POST, exactly once across two instances; polling still works', async () => {
    fake.fate = () => ({ polls: 0 });
    const text = await call(a, '/in.php', { ...recaptcha, pingback: receiverUrl });
    expect(text).toMatch(/^OK\|\d{15}$/);
    const id = text.slice(3);
    expect(await delivered(1)).toEqual([
      {
        method: 'POST',
        url: '/callback',
        contentType: 'application/x-www-form-urlencoded',
        body: `id=${id}&code=${tokens.recaptcha}`,
        form: { id, code: tokens.recaptcha },
      },
    ]);
    // Both instances tick every second: a few more rounds must not deliver it again.
    await sleep(3000);
    expect(deliveries).toHaveLength(1);
    expect(await call(b, '/res.php', { action: 'get', id })).toBe(`OK|${tokens.recaptcha}`);
    expect(fake.sent('getTaskResult')).toHaveLength(1);
  });

  it('many tasks at once: each delivered exactly once', async () => {
    fake.fate = () => ({ polls: 0 });
    const ids = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        call(i % 2 ? a : b, '/in.php', { ...recaptcha, pingback: receiverUrl }).then((t) => t.slice(3)),
      ),
    );
    await delivered(20);
    await sleep(2500);
    expect(deliveries.map((d) => d.form.id).sort()).toEqual([...ids].sort());
  });

  it('a failed task is delivered as its error code', async () => {
    fake.fate = () => ({ polls: 0, fail: 'ERROR_CAPTCHA_UNSOLVABLE' });
    const id = (await call(b, '/in.php', { ...recaptcha, pingback: receiverUrl })).slice(3);
    expect((await delivered(1)).map((d) => d.form)).toEqual([{ id, code: 'ERROR_CAPTCHA_UNSOLVABLE' }]);
  });

  it('a receiver that fails is retried until it takes the answer', async () => {
    fake.fate = () => ({ polls: 0 });
    statuses = [500];
    const id = (await call(a, '/in.php', { ...recaptcha, pingback: receiverUrl })).slice(3);
    const got = await delivered(2);
    expect(got.map((d) => d.form)).toEqual([
      { id, code: tokens.recaptcha },
      { id, code: tokens.recaptcha },
    ]);
    await sleep(2500);
    expect(deliveries).toHaveLength(2);
  });

  it('refuses a pingback URL that is not http(s) before creating any task', async () => {
    for (const pingback of ['ftp://127.0.0.1/x', 'file:///etc/passwd', 'not a url', 'http://user:pw@127.0.0.1/']) {
      expect(await call(a, '/in.php', { ...recaptcha, pingback })).toBe('ERROR_BAD_PARAMETERS');
    }
    expect(fake.sent('createTask')).toEqual([]);
  });

  it('pingback registration actions answer a documented error', async () => {
    for (const action of ['add_pingback', 'get_pingback', 'del_pingback']) {
      expect(await call(b, '/res.php', { action, addr: receiverUrl })).toBe('ERROR_PINGBACK_NO_REGISTRATION');
    }
    expect(JSON.parse(await call(b, '/res.php', { action: 'add_pingback', addr: receiverUrl, json: '1' }))).toEqual({
      status: 0,
      request: 'ERROR_PINGBACK_NO_REGISTRATION',
      error_text: expect.stringContaining('pingback='),
    });
  });
});

describe('pingback with the memory store', () => {
  it('one instance alone delivers too', async () => {
    fake.fate = () => ({ polls: 0 });
    const solo = await spawnGateway({ UPSTREAM_URL: fake.url, PINGBACK_ALLOW: '127.0.0.1' });
    try {
      const id = (await call(solo, '/in.php', { ...recaptcha, pingback: receiverUrl })).slice(3);
      expect((await delivered(1)).map((d) => d.form)).toEqual([{ id, code: tokens.recaptcha }]);
    } finally {
      await solo.kill();
    }
  });

  it('without PINGBACK_ALLOW, 127.0.0.1 is refused at delivery and never contacted', async () => {
    fake.fate = () => ({ polls: 0 });
    const solo = await spawnGateway({ UPSTREAM_URL: fake.url });
    try {
      const text = await call(solo, '/in.php', { ...recaptcha, pingback: receiverUrl });
      expect(text).toMatch(/^OK\|\d{15}$/);
      for (let i = 0; i < 50 && !solo.logs.some((l) => l.msg === 'pingback refused'); i++) await sleep(100);
      expect(solo.logs.some((l) => l.msg === 'pingback refused')).toBe(true);
      expect(deliveries).toEqual([]);
    } finally {
      await solo.kill();
    }
  });
});

describe('callbackUrl on the modern face, as each vendor delivers it', () => {
  const modern = async (gw: SpawnedGateway, path: string, body: unknown) => {
    const res = await fetch(`${gw.url}/${path}`, {
      method: 'POST',
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(5000),
    });
    return res.text();
  };
  const task = { type: 'RecaptchaV2TaskProxyless', websiteURL: recaptcha.pageurl, websiteKey: recaptcha.googlekey };
  const solution = { gRecaptchaResponse: tokens.recaptcha, token: tokens.recaptcha };
  /** Creates a task with a callback in `family` (a path prefix, or none) and waits for its one delivery. */
  async function created(family: string, callbackUrl = receiverUrl): Promise<{ taskId: unknown; got: Delivery }> {
    const prefix = family ? `${family}/` : '';
    const { taskId } = JSON.parse(await modern(a, `${prefix}createTask`, { clientKey: keys.good, task, callbackUrl }));
    const [got] = await delivered(1);
    return { taskId, got: got! };
  }
  /** getTaskResult in the family, from the other instance: the answer a polling client reads. */
  const polled = (family: string, taskId: unknown) =>
    modern(b, `${family ? `${family}/` : ''}getTaskResult`, { clientKey: keys.good, taskId });

  // anti-captcha.com/apidoc/methods/createTask (python-anticaptcha createTaskSmee matches the
  // JSON body's taskId); docs.capmonster.cloud create-task: "identical to the response of the
  // getTaskResult method"; docs.capsolver.com/guide/api-createtask: "post" (body undocumented).
  it.each([
    ['anti-captcha, no prefix (MODERN_DIALECT)', ''],
    ['anti-captcha', 'anticaptcha'],
    ['CapMonster', 'capmonster'],
    ['CapSolver', 'capsolver'],
  ])("%s: a JSON POST whose bytes are getTaskResult's answer with taskId first", async (_vendor, family) => {
    fake.fate = () => ({ polls: 0 });
    const { taskId, got } = await created(family);
    expect(got).toMatchObject({ method: 'POST', url: '/callback', contentType: 'application/json' });
    const answer = await polled(family, taskId);
    expect(got.body).toBe(`{"taskId":${JSON.stringify(taskId)},${answer.slice(1)}`);
    expect(JSON.parse(got.body)).toMatchObject({ taskId, errorId: 0, status: 'ready', solution });
    expect(typeof taskId).toBe(family === 'capsolver' ? 'string' : 'number');
    expect(fake.sent('createTask')[0]).not.toHaveProperty('callbackUrl');
    await sleep(2500);
    expect(deliveries).toHaveLength(1);
  });

  it('anti-captcha: a failed task is the error getTaskResult answers', async () => {
    fake.fate = () => ({ polls: 0, fail: 'ERROR_CAPTCHA_UNSOLVABLE' });
    const { taskId, got } = await created('anticaptcha');
    expect(got.body).toBe(
      `{"taskId":${String(taskId)},"errorId":1,"errorCode":"ERROR_CAPTCHA_UNSOLVABLE","errorDescription":"The captcha could not be solved."}`,
    );
  });

  // 2captcha.com/h/how-to-configure-automatic-response-retrieval-via-pingback: the form in.php's
  // pingback sends, id and code.
  it("2captcha: the pingback form, id and code, as in.php's", async () => {
    fake.fate = () => ({ polls: 0 });
    const { taskId, got } = await created('2captcha');
    expect(got).toEqual({
      method: 'POST',
      url: '/callback',
      contentType: 'application/x-www-form-urlencoded',
      body: `id=${String(taskId)}&code=${tokens.recaptcha}`,
      form: { id: String(taskId), code: tokens.recaptcha },
    });
  });

  it('2captcha: a failed task is its error code', async () => {
    fake.fate = () => ({ polls: 0, fail: 'ERROR_CAPTCHA_UNSOLVABLE' });
    const { taskId, got } = await created('2captcha');
    expect(got.body).toBe(`id=${String(taskId)}&code=ERROR_CAPTCHA_UNSOLVABLE`);
  });

  // ucaptcha.net/docs/api/callbacks: GET ?captcha_id=…&status=1&code=…, status=0 without code.
  it("uCaptcha: a GET with captcha_id, status and code after the URL's own query", async () => {
    fake.fate = () => ({ polls: 0 });
    const { taskId, got } = await created('ucaptcha', `${receiverUrl}?order=a%20b`);
    expect(got).toEqual({
      method: 'GET',
      url: `/callback?order=a%20b&captcha_id=${String(taskId)}&status=1&code=${tokens.recaptcha}`,
      contentType: undefined,
      body: '',
      form: {},
    });
  });

  it('uCaptcha: a failed task is status 0, no code', async () => {
    fake.fate = () => ({ polls: 0, fail: 'ERROR_CAPTCHA_UNSOLVABLE' });
    const { taskId, got } = await created('ucaptcha');
    expect(got).toMatchObject({ method: 'GET', url: `/callback?captcha_id=${String(taskId)}&status=0`, body: '' });
  });
});
