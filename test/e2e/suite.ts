/**
 * The one end-to-end suite every runtime runs (Node, workerd, Bun, Deno): the legacy flow
 * through a real server against the fake upstream on 127.0.0.1, request in, exact bytes out.
 * A runtime's test file only says how to start inres there, given the upstream's URL.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeCertificate } from '../support/certificate.ts';
import { tokens } from '../support/fake-tasks.ts';
import { keys, startFakeUpstream, type FakeUpstream } from '../support/fake-upstream.ts';
import { jpeg, png } from '../support/images.ts';

/** inres running somewhere, reachable over HTTP. */
export interface Served {
  baseUrl: string;
  close(): Promise<void>;
  /** Its log lines, where the runtime runs it as its own process. */
  logs?: Record<string, unknown>[];
  /** Sends a signal to its process (SIGHUP: reload the key file), where it has one. */
  signal?: (signal: NodeJS.Signals) => void;
}

/** Starts inres against the upstream, with `env` as further settings; rejects if it refuses to start. */
export type Start = (upstreamUrl: string, env?: Record<string, string>) => Promise<Served>;

/** What the runtime itself can do, where runtimes differ (docs/runtimes.md). */
export interface Platform {
  /** It reads files: GATEWAY_KEYS_FILE and CONFIG. Else they are refused by name. */
  readsFiles: boolean;
  /** Its server speaks HTTPS with TLS_CERT and TLS_KEY. Else they are refused by name. */
  tls: boolean;
  /** A setting this runtime refuses, with a valid value: start-up (or every request) names it. */
  refused?: [name: string, value: string];
}

const sitekey = '6Le-wvkSAAAAAPBMRTvw0Q4Muexq9bi0DJwx_mJ-';
const pageurl = 'https://example.com/login';
const recaptcha = { method: 'userrecaptcha', googlekey: sitekey, pageurl };
const plainId = /^OK\|\d{15}$/;
const jsonId = /^\{"status":1,"request":"\d{15}"\}$/;

export function addSuite(runtime: string, start: Start, platform: Platform): void {
  let fake: FakeUpstream;
  let served: Served;

  beforeAll(async () => {
    fake = await startFakeUpstream();
    served = await start(fake.url);
  });
  afterAll(async () => {
    await served?.close();
    await fake?.close();
  });
  beforeEach(() => fake.reset());

  /** A request's status, content type and exact body. */
  async function call(
    path: string,
    init?: RequestInit,
  ): Promise<{ status: number; type: string | null; body: string; headers: Headers }> {
    const res = await fetch(`${served.baseUrl}${path}`, init);
    return { status: res.status, type: res.headers.get('content-type'), body: await res.text(), headers: res.headers };
  }
  /** GET with these parameters (the good key unless given); the body of an HTTP 200 answer. */
  async function get(path: string, params: Record<string, string>): Promise<string> {
    const res = await call(`${path}?${new URLSearchParams({ key: keys.good, ...params })}`);
    expect(res.status).toBe(200);
    return res.body;
  }
  async function submit(params: Record<string, string> = recaptcha): Promise<string> {
    const body = await get('/in.php', params);
    expect(body).toMatch(plainId);
    return body.slice(3);
  }

  describe(`${runtime}: end to end`, () => {
    it('submit: OK|<15 digits> as text/plain, and exactly the createTask inres should send', async () => {
      const res = await call(`/in.php?${new URLSearchParams({ key: keys.good, ...recaptcha })}`);
      expect(res.status).toBe(200);
      expect(res.type).toBe('text/plain; charset=utf-8');
      expect(res.body).toMatch(plainId);
      expect(fake.sent('createTask')).toEqual([
        { clientKey: keys.good, task: { type: 'RecaptchaV2TaskProxyless', websiteKey: sitekey, websiteURL: pageurl } },
      ]);
    });

    it('poll right after submit: CAPCHA_NOT_READY, then OK|<token>', async () => {
      const id = await submit();
      expect(await get('/res.php', { action: 'get', id })).toBe('CAPCHA_NOT_READY');
      expect(await get('/res.php', { action: 'get', id })).toBe(`OK|${tokens.recaptcha}`);
      expect(fake.sent('getTaskResult')).toHaveLength(2);
    });

    it('a 40 KiB turnstile pagedata in the query string (past common 16 KiB header limits)', async () => {
      const pagedata = 'p'.repeat(40 * 1024);
      await submit({ method: 'turnstile', sitekey: '0x4AAAAAAAVrOwQWPlm3Bnr5', pageurl, pagedata });
      expect(fake.sent('createTask').at(-1)!.task).toMatchObject({ pagedata });
    });

    it('json=1: submit, not ready, ready, as application/json', async () => {
      const submitted = await get('/in.php', { ...recaptcha, json: '1' });
      expect(submitted).toMatch(jsonId);
      const id = (JSON.parse(submitted) as { request: string }).request;
      const first = await call(`/res.php?key=${keys.good}&action=get&id=${id}&json=1`);
      expect(first.type).toBe('application/json');
      expect(first.body).toBe('{"status":0,"request":"CAPCHA_NOT_READY"}');
      expect(await get('/res.php', { action: 'get', id, json: '1' })).toBe(
        `{"status":1,"request":"${tokens.recaptcha}"}`,
      );
    });

    it('a solved answer is kept: the next poll needs no upstream call', async () => {
      fake.fate = () => ({ polls: 0 });
      const id = await submit();
      expect(await get('/res.php', { action: 'get', id })).toBe(`OK|${tokens.recaptcha}`);
      expect(await get('/res.php', { action: 'get', id })).toBe(`OK|${tokens.recaptcha}`);
      expect(fake.sent('getTaskResult')).toHaveLength(1);
    });

    it('getbalance: 12.5000, and json=1 as a string', async () => {
      expect(await get('/res.php', { action: 'getbalance' })).toBe('12.5000');
      expect(await get('/res.php', { action: 'getbalance', json: '1' })).toBe('{"status":1,"request":"12.5000"}');
      expect(fake.sent('getBalance')).toEqual([{ clientKey: keys.good }, { clientKey: keys.good }]);
    });

    it('reportbad / reportgood: OK_REPORT_RECORDED, sent upstream as feedbackTask', async () => {
      const id = await submit();
      expect(await get('/res.php', { action: 'reportbad', id })).toBe('OK_REPORT_RECORDED');
      expect(await get('/res.php', { action: 'reportgood', id, json: '1' })).toBe(
        '{"status":1,"request":"OK_REPORT_RECORDED"}',
      );
      expect(fake.sent('feedbackTask').map((b) => (b.result as { invalid: boolean }).invalid)).toEqual([true, false]);
    });

    it('multipart upload: the file reaches the upstream byte for byte, options mapped', async () => {
      const form = new FormData();
      form.set('key', keys.good);
      form.set('method', 'post');
      form.set('numeric', '4');
      form.set('file', new Blob([jpeg], { type: 'image/jpeg' }), 'captcha.jpg');
      const res = await call('/in.php', { method: 'POST', body: form });
      expect(res.body).toMatch(plainId);
      expect(fake.sent('createTask')).toEqual([
        { clientKey: keys.good, task: { type: 'ImageToTextTask', body: jpeg.toString('base64'), numeric: 4 } },
      ]);
      expect(await get('/res.php', { action: 'get', id: res.body.slice(3) })).toBe(`OK|${tokens.imageText}`);
    });

    it('base64 in an urlencoded POST body', async () => {
      const body = new URLSearchParams({ key: keys.good, method: 'base64', body: png.toString('base64'), json: '1' });
      const res = await call('/in.php', { method: 'POST', body });
      expect(res.body).toMatch(jsonId);
      expect(fake.sent('createTask').at(-1)!.task).toEqual({ type: 'ImageToTextTask', body: png.toString('base64') });
    });

    it('an image over 600 kB → ERROR_TOO_BIG_CAPTCHA_FILESIZE', async () => {
      const form = new FormData();
      form.set('key', keys.good);
      form.set('method', 'post');
      form.set('file', new Blob([png, new Uint8Array(600 * 1024)]), 'big.png');
      expect((await call('/in.php', { method: 'POST', body: form })).body).toBe('ERROR_TOO_BIG_CAPTCHA_FILESIZE');
    });

    it('a broken multipart body → ERROR_UPLOAD, in the json mode the query asked for', async () => {
      const res = await call('/in.php?json=1', {
        method: 'POST',
        headers: { 'content-type': 'multipart/form-data; boundary=xyz' },
        body: 'this is not multipart',
      });
      expect(res.status).toBe(200);
      expect(JSON.parse(res.body)).toEqual({ status: 0, request: 'ERROR_UPLOAD', error_text: expect.any(String) });
    });

    it('errors: HTTP 200 and the bare code, json=1 with error_text', async () => {
      expect(await get('/in.php', { ...recaptcha, key: '' })).toBe('ERROR_WRONG_USER_KEY');
      expect(await get('/in.php', { method: 'nosuchthing' })).toBe('ERROR_NO_SUCH_METHOD');
      expect(await get('/in.php', { method: 'userrecaptcha', googlekey: sitekey })).toBe('ERROR_PAGEURL');
      expect(JSON.parse(await get('/in.php', { method: 'nosuchthing', json: '1' }))).toEqual({
        status: 0,
        request: 'ERROR_NO_SUCH_METHOD',
        error_text: expect.any(String),
      });
      expect(await get('/res.php', {})).toBe('ERROR_EMPTY_ACTION');
      expect(await get('/res.php', { action: 'get', id: 'abc' })).toBe('ERROR_WRONG_ID_FORMAT');
      expect(fake.requests).toEqual([]);
    });

    it('an unknown id, or an id of another key → ERROR_WRONG_CAPTCHA_ID, never CAPCHA_NOT_READY', async () => {
      expect(await get('/res.php', { action: 'get', id: '123456789012345' })).toBe('ERROR_WRONG_CAPTCHA_ID');
      const id = await submit();
      expect(await get('/res.php', { action: 'get', id, key: keys.other })).toBe('ERROR_WRONG_CAPTCHA_ID');
      expect(fake.sent('getTaskResult')).toEqual([]);
    });

    it('upstream rejections and faults map to legacy codes', async () => {
      expect(await get('/in.php', { ...recaptcha, key: keys.unknown })).toBe('ERROR_KEY_DOES_NOT_EXIST');
      expect(await get('/in.php', { ...recaptcha, key: keys.broke })).toBe('ERROR_ZERO_BALANCE');
      fake.fate = () => ({ polls: 0, fail: 'ERROR_CAPTCHA_UNSOLVABLE' });
      const id = await submit();
      expect(await get('/res.php', { action: 'get', id })).toBe('ERROR_CAPTCHA_UNSOLVABLE');
      fake.fault = 'html500';
      expect(await get('/in.php', recaptcha)).toBe('ERROR_NO_SLOT_AVAILABLE');
    });

    it('header_acao=1 adds the CORS header', async () => {
      const res = await call(`/res.php?key=${keys.good}&action=getbalance&header_acao=1`);
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
    });

    it('/healthz answers 200 ok; other paths 404', async () => {
      expect(await call('/healthz')).toMatchObject({ status: 200, body: 'ok' });
      expect((await call('/nothing-here')).status).toBe(404);
    });
  });

  describe(`${runtime}: the DBC face (/api)`, () => {
    const tokenParams = JSON.stringify({ googlekey: sitekey, pageurl });
    const form = 'application/x-www-form-urlencoded';
    /** Polls without credentials, as DBC's clients do, until the text comes (bounded). */
    async function solved(id: string): Promise<string> {
      for (let waited = 0; waited < 15_000; waited += 200) {
        const res = await call(`/api/captcha/${id}`);
        expect(res.status).toBe(200);
        if (!res.body.includes('text=&')) return res.body;
        await new Promise((r) => setTimeout(r, 200));
      }
      throw new Error(`captcha ${id} was not solved in time`);
    }

    it('upload urlencoded: 303 to the captcha with the body; polled without credentials until solved', async () => {
      fake.fate = () => ({ polls: 0 });
      const res = await call('/api/captcha', {
        method: 'POST',
        headers: { 'content-type': form },
        body: new URLSearchParams({
          username: 'authtoken',
          authtoken: keys.good,
          type: '4',
          token_params: tokenParams,
        }),
        redirect: 'manual',
      });
      const id = /\/api\/captcha\/(\d{15})$/.exec(res.headers.get('location') ?? '')?.[1];
      expect([res.status, res.type, res.body]).toEqual([303, form, `status=0&captcha=${id}&text=&is_correct=1`]);
      expect(await solved(id!)).toBe(`status=0&captcha=${id}&text=${tokens.recaptcha}&is_correct=1`);
      expect(fake.sent('createTask')).toEqual([
        { clientKey: keys.good, task: { type: 'RecaptchaV2TaskProxyless', websiteKey: sitekey, websiteURL: pageurl } },
      ]);
    });

    it('upload multipart with the image as a file part, JSON: solved in the 303 body; balance in cents; report', async () => {
      const fd = new FormData();
      fd.append('username', 'bot');
      fd.append('password', keys.good);
      fd.append('captchafile', new Blob([png], { type: 'image/png' }), 'captcha.png');
      const json = { accept: 'application/json' };
      const res = await call('/api/captcha', { method: 'POST', headers: json, body: fd, redirect: 'manual' });
      const id = Number(/(\d{15})$/.exec(res.headers.get('location') ?? '')?.[1]);
      expect([res.status, res.type, res.body]).toEqual([
        303,
        'application/json',
        `{"status":0,"captcha":${id},"text":"${tokens.imageText}","is_correct":1}`,
      ]);
      const user = await call('/api/user', {
        method: 'POST',
        headers: { ...json, 'content-type': form },
        body: `authtoken=${keys.good}`,
      });
      expect(user.body).toBe('{"status":0,"user":1,"rate":0,"balance":1250,"is_banned":false}');
      const report = await call(`/api/captcha/${id}/report`, {
        method: 'POST',
        headers: { 'content-type': form },
        body: `authtoken=${keys.good}`,
      });
      expect([report.status, report.body]).toEqual([
        200,
        `status=0&captcha=${id}&text=${tokens.imageText}&is_correct=0`,
      ]);
      expect(fake.sent('feedbackTask')).toHaveLength(1);
    });

    it('DBC errors: no credentials 403, a type without a row 501, an unknown id 404; the status', async () => {
      const upload = (body: string) =>
        call('/api/captcha', { method: 'POST', headers: { 'content-type': form }, body });
      expect(await upload('type=4')).toMatchObject({ status: 403, body: 'status=255&error=invalid-credentials' });
      expect(await upload(`authtoken=${keys.good}&type=22`)).toMatchObject({
        status: 501,
        body: 'status=255&error=not-implemented',
      });
      expect(await call('/api/captcha/123456789012345')).toMatchObject({
        status: 404,
        body: 'status=255&error=captcha-not-found',
      });
      expect((await call('/api/status')).body).toBe('status=0&todays_accuracy=0&solved_in=0&is_service_overloaded=0');
    });
  });

  describe(`${runtime}: settings every runtime honours or refuses by name`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'inres-suite-'));
    const keyTable = JSON.stringify({ gw_alice: { upstream: keys.good } });
    const stranger = { ...recaptcha, key: 'stranger' };

    /** Runs `body` against inres started with `env`, and stops it after. */
    async function withGateway(env: Record<string, string>, body: (g: Served) => Promise<void>): Promise<void> {
      const g = await start(fake.url, env);
      try {
        await body(g);
      } finally {
        await g.close();
      }
    }
    async function getFrom(g: Served, path: string, params: Record<string, string>): Promise<string> {
      const res = await fetch(`${g.baseUrl}${path}?${new URLSearchParams(params)}`);
      expect(res.status).toBe(200);
      return res.text();
    }
    /** Where the runtime cannot honour `name`: start-up fails naming it, or (Workers) every request answers 503 naming it. */
    async function expectRefused(env: Record<string, string>, name: string): Promise<void> {
      let served: Served;
      try {
        served = await start(fake.url, env);
      } catch (e) {
        expect((e as Error).message).toContain(`invalid setting ${name}`);
        return;
      }
      try {
        const res = await fetch(`${served.baseUrl}/in.php?${new URLSearchParams(stranger)}`);
        expect(res.status).toBe(503);
        expect(await res.text()).toContain(`invalid setting ${name}`);
      } finally {
        await served.close();
      }
      expect(fake.requests).toEqual([]);
    }
    async function expectKeysApplied(g: Served): Promise<void> {
      expect(await getFrom(g, '/in.php', stranger)).toBe('ERROR_KEY_DOES_NOT_EXIST');
      expect(await getFrom(g, '/in.php', { ...recaptcha, key: 'gw_alice' })).toMatch(plainId);
      expect(fake.sent('createTask').map((b) => b.clientKey)).toEqual([keys.good]);
    }

    it('GATEWAY_KEYS: a stranger gets ERROR_KEY_DOES_NOT_EXIST; a listed key reaches the upstream with its mapped key', async () => {
      await withGateway({ GATEWAY_KEYS: keyTable }, expectKeysApplied);
    });

    it(`GATEWAY_KEYS_FILE: ${platform.readsFiles ? 'the same table, from a file' : 'refused by name (no files here), never an open gateway'}`, async () => {
      const file = join(dir, 'keys.json');
      writeFileSync(file, keyTable);
      if (platform.readsFiles) await withGateway({ GATEWAY_KEYS_FILE: file }, expectKeysApplied);
      else await expectRefused({ GATEWAY_KEYS_FILE: file }, 'GATEWAY_KEYS_FILE');
    });

    it.runIf(platform.readsFiles)(
      'SIGHUP reloads GATEWAY_KEYS_FILE: a key added to the file is served without a restart',
      async () => {
        const file = join(dir, 'reloaded.json');
        writeFileSync(file, keyTable);
        await withGateway({ GATEWAY_KEYS_FILE: file }, async (g) => {
          const bob = { ...recaptcha, key: 'gw_bob' };
          expect(await getFrom(g, '/in.php', bob)).toBe('ERROR_KEY_DOES_NOT_EXIST');
          writeFileSync(file, JSON.stringify({ gw_bob: { upstream: keys.good } }));
          g.signal!('SIGHUP');
          for (let i = 0; i < 50 && !g.logs!.some((l) => l.msg === 'gateway keys reloaded'); i++)
            await new Promise((r) => setTimeout(r, 100));
          expect(await getFrom(g, '/in.php', bob)).toMatch(plainId);
          expect(await getFrom(g, '/in.php', { ...recaptcha, key: 'gw_alice' })).toBe('ERROR_KEY_DOES_NOT_EXIST');
        });
      },
    );

    it(`TLS_CERT and TLS_KEY: ${platform.tls ? 'HTTPS to a client that trusts the certificate' : 'refused by name'}`, async () => {
      const { cert, key } = makeCertificate(dir, 'DNS:2captcha.com,IP:127.0.0.1');
      if (!platform.tls) return expectRefused({ TLS_CERT: cert, TLS_KEY: key }, 'TLS_CERT');
      await withGateway({ TLS_CERT: cert, TLS_KEY: key }, async (g) => {
        const path = `/res.php?${new URLSearchParams({ key: keys.good, action: 'getbalance' })}`;
        const body = await new Promise<string>((resolve, reject) => {
          const req = httpsRequest(
            {
              host: '127.0.0.1',
              port: Number(new URL(g.baseUrl).port),
              path,
              servername: '2captcha.com',
              ca: readFileSync(cert, 'utf8'),
            },
            (res) => {
              let text = '';
              res.on('data', (d: Buffer) => (text += d.toString('utf8')));
              res.on('end', () => resolve(text));
            },
          );
          req.on('error', reject);
          req.end();
        });
        expect(body).toBe('12.5000');
        expect(g.logs?.find((l) => l.msg === 'listening')).toMatchObject({ tls: true });
      });
    });

    /** Two upstreams: images to one (with keys.other), everything else to the other (with keys.good). */
    const upstreams = () =>
      JSON.stringify([
        { name: 'images', url: fake.url, types: ['ImageToTextTask'], keys: { '*': keys.other } },
        { name: 'tokens', url: fake.url, keys: { '*': keys.good } },
      ]);
    async function expectRouted(g: Served): Promise<void> {
      await getFrom(g, '/in.php', { ...recaptcha, key: 'client' });
      await getFrom(g, '/in.php', { key: 'client', method: 'base64', body: png.toString('base64') });
      expect(fake.sent('createTask').map((b) => b.clientKey)).toEqual([keys.good, keys.other]);
      const listening = g.logs?.find((l) => l.msg === 'listening');
      if (g.logs) expect(listening).toMatchObject({ upstreams: ['images', 'tokens'] });
      if (g.logs) expect(listening).not.toHaveProperty('upstream');
    }

    it("UPSTREAMS: each task type goes to its upstream with that upstream's key; the listening line names them", async () => {
      await withGateway({ UPSTREAMS: upstreams() }, expectRouted);
    });

    it(`CONFIG: ${platform.readsFiles ? 'the same list, from a file' : 'refused by name (no files here)'}`, async () => {
      const file = join(dir, 'upstreams.json');
      writeFileSync(file, upstreams());
      if (platform.readsFiles) await withGateway({ CONFIG: file }, expectRouted);
      else await expectRefused({ CONFIG: file }, 'CONFIG');
    });

    it.skipIf(!platform.refused)('a setting this runtime cannot honour stops it, naming the setting', async () => {
      const [name, value] = platform.refused!;
      await expectRefused({ [name]: value }, name);
    });

    it('MAX_PARAM_BYTES and MAX_BODY_BYTES: over either, a legacy answer before any upstream call', async () => {
      await withGateway({ MAX_PARAM_BYTES: '1024', MAX_BODY_BYTES: '65536' }, async (g) => {
        const answer = await getFrom(g, '/in.php', {
          ...recaptcha,
          key: keys.good,
          pageurl: `${pageurl}?${'x'.repeat(2048)}`,
        });
        expect(answer).toBe('ERROR_BAD_PARAMETERS');
        const form = new FormData();
        form.set('key', keys.good);
        form.set('method', 'post');
        form.set('file', new Blob([png, new Uint8Array(100 * 1024)]), 'big.png');
        const res = await fetch(`${g.baseUrl}/in.php?json=1`, { method: 'POST', body: form });
        expect(res.status).toBe(200);
        expect(JSON.parse(await res.text())).toMatchObject({ status: 0, request: 'ERROR_TOO_BIG_CAPTCHA_FILESIZE' });
        expect(fake.requests).toEqual([]);
      });
    });

    it('MAX_PARAMS: past it, ERROR_BAD_PARAMETERS in the format the query asks for, before any upstream call', async () => {
      await withGateway({ MAX_PARAMS: '16' }, async (g) => {
        const many = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`p${i}`, i]));
        const json = await fetch(`${g.baseUrl}/in.php?json=1`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ ...recaptcha, key: keys.good, ...many }),
        });
        expect(JSON.parse(await json.text())).toMatchObject({ status: 0, request: 'ERROR_BAD_PARAMETERS' });
        const form = new URLSearchParams({ ...recaptcha, key: keys.good });
        for (const name of Object.keys(many)) form.append(name, '1');
        const plain = await fetch(`${g.baseUrl}/in.php`, { method: 'POST', body: form });
        expect(await plain.text()).toBe('ERROR_BAD_PARAMETERS');
        expect(await getFrom(g, '/in.php', { ...recaptcha, key: keys.good })).toMatch(plainId);
        expect(fake.sent('createTask')).toHaveLength(1);
      });
    });

    it('RATE_LIMIT_PER_IP: past the limit, ERROR: 1005 with HTTP 200', async () => {
      await withGateway({ RATE_LIMIT_PER_IP: '3', RATE_LIMIT_WINDOW_SECONDS: '3600' }, async (g) => {
        const balance = { key: keys.good, action: 'getbalance' };
        const answers = [];
        for (let i = 0; i < 4; i++) answers.push(await getFrom(g, '/res.php', balance));
        expect(answers).toEqual(['12.5000', '12.5000', '12.5000', 'ERROR: 1005']);
      });
    });
    describe('pingback', () => {
      let receiver: Server;
      let receiverUrl: string;
      let forms: Record<string, string>[] = [];
      let types: (string | undefined)[] = [];
      /** Each delivery's method, path and query, and body bytes as text. */
      let requests: { method?: string; url?: string; body: string }[] = [];
      /** HTTP statuses the receiver answers, in turn; 200 once they run out. */
      let statuses: number[] = [];
      beforeAll(async () => {
        receiver = createServer((req, res) => {
          let body = '';
          req.on('data', (d: Buffer) => (body += d.toString('utf8')));
          req.on('end', () => {
            forms.push(Object.fromEntries(new URLSearchParams(body)));
            types.push(req.headers['content-type']);
            requests.push({ method: req.method, url: req.url, body });
            res.writeHead(statuses.shift() ?? 200).end('ok');
          });
        });
        await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
        receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/callback`;
      });
      afterAll(() => new Promise<void>((r) => receiver?.close(() => r())));
      /** Waits (bounded) until the receiver holds `n` deliveries. */
      async function delivered(n: number): Promise<Record<string, string>[]> {
        for (let waited = 0; forms.length < n && waited < 20_000; waited += 100)
          await new Promise((r) => setTimeout(r, 100));
        return forms;
      }

      it("POSTs 2captcha's form (id, code) to the receiver once solved, retrying one that failed", async () => {
        forms = [];
        types = [];
        statuses = [500];
        fake.fate = () => ({ polls: 0 });
        // 127.0.0.1 is refused as a pingback target unless PINGBACK_ALLOW lists it.
        await withGateway({ PINGBACK_ALLOW: '127.0.0.1' }, async (g) => {
          const id = (await getFrom(g, '/in.php', { ...recaptcha, key: keys.good, pingback: receiverUrl })).slice(3);
          expect(id).toMatch(/^\d{15}$/);
          expect(await delivered(2)).toEqual([
            { id, code: tokens.recaptcha },
            { id, code: tokens.recaptcha },
          ]);
          expect(types).toEqual(['application/x-www-form-urlencoded', 'application/x-www-form-urlencoded']);
        });
      }, 30_000);

      // The modern face's callbackUrl as the vendor sends it (src/modern/voices.ts): JSON for
      // anti-captcha, uCaptcha's GET with the query on the URL (ucaptcha.net/docs/api/callbacks).
      it("a modern callbackUrl: anti-captcha's JSON POST, uCaptcha's GET", async () => {
        forms = [];
        types = [];
        requests = [];
        // Not ASCII: the JSON body's length is its UTF-8 bytes', the query's code percent-encoded.
        const token = 'jeton-é-✓';
        fake.fate = () => ({ polls: 0, solution: { gRecaptchaResponse: token } });
        const task = { type: 'RecaptchaV2TaskProxyless', websiteURL: pageurl, websiteKey: sitekey };
        const create = async (g: Served, family: string) => {
          const body = { clientKey: keys.good, task, callbackUrl: `${receiverUrl}?k=1` };
          const res = await fetch(`${g.baseUrl}/${family}/createTask`, { method: 'POST', body: JSON.stringify(body) });
          return ((await res.json()) as { taskId: unknown }).taskId;
        };
        await withGateway({ PINGBACK_ALLOW: '127.0.0.1' }, async (g) => {
          const json = await create(g, 'anticaptcha');
          await delivered(1);
          const uc = await create(g, 'ucaptcha');
          await delivered(2);
          expect(requests.map(({ method, url }) => ({ method, url }))).toEqual([
            { method: 'POST', url: '/callback?k=1' },
            { method: 'GET', url: `/callback?k=1&captcha_id=${String(uc)}&status=1&code=jeton-%C3%A9-%E2%9C%93` },
          ]);
          expect(types).toEqual(['application/json', undefined]);
          expect(JSON.parse(requests[0]!.body)).toMatchObject({
            taskId: json,
            errorId: 0,
            status: 'ready',
            solution: { gRecaptchaResponse: token, token },
          });
          expect(requests[1]!.body).toBe('');
        });
      }, 30_000);

      it('without PINGBACK_ALLOW a loopback receiver is never called', async () => {
        forms = [];
        await withGateway({}, async (g) => {
          await getFrom(g, '/in.php', { ...recaptcha, key: keys.good, pingback: receiverUrl });
          await new Promise((r) => setTimeout(r, 1500));
          expect(forms).toEqual([]);
        });
      });
    });
  });
}
