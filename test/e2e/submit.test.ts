/**
 * /in.php through the Node server against the fake upstream: request in, exact bytes out, and
 * the exact createTask body inres sent, in every dialect's spelling.
 */
import { describe, expect, it } from 'vitest';
import { fakeDialectNames } from '../support/fake-dialects.ts';
import { useDialect } from '../support/dialect-suite.ts';
import { keys, type FakeUpstream } from '../support/fake-upstream.ts';
import type { TestGateway } from '../support/gateway.ts';
import { jpeg, notAnImage, png, pngWithPlus } from '../support/images.ts';

let fake: FakeUpstream;
let gw: TestGateway;

const sitekey = '6Le-wvkSAAAAAPBMRTvw0Q4Muexq9bi0DJwx_mJ-';
const pageurl = 'https://www.google.com/recaptcha/api2/demo';
const idPlain = /^OK\|\d{15}$/;

/** GET /in.php with these parameters and the good key; returns the body. */
async function submit(params: Record<string, string>): Promise<string> {
  const res = await gw.http.get('/in.php').query({ key: keys.good, ...params });
  expect(res.status).toBe(200);
  return res.text;
}
const lastTask = () => fake.sent('createTask').at(-1)!.task;
/** A canonical task as the dialect under test spells it on the wire. */
const wire = (task: Record<string, unknown>) => fake.dialect.task(task);

describe.each(fakeDialectNames)('dialect %s', (dialect) => {
  useDialect(dialect, (f, g) => {
    fake = f;
    gw = g;
  });

  describe('userrecaptcha', () => {
    it('v2: OK|<id> and a RecaptchaV2TaskProxyless with exactly the given fields', async () => {
      expect(await submit({ method: 'userrecaptcha', googlekey: sitekey, pageurl })).toMatch(idPlain);
      expect(fake.sent('createTask')).toEqual([
        {
          clientKey: keys.good,
          task: wire({ type: 'RecaptchaV2TaskProxyless', websiteKey: sitekey, websiteURL: pageurl }),
        },
      ]);
    });

    it('v2 options: invisible, data-s, cookies, userAgent, domain', async () => {
      await submit({
        method: 'userrecaptcha',
        googlekey: sitekey,
        pageurl,
        invisible: '1',
        'data-s': 'dsvalue',
        cookies: 'a:1;b:2',
        userAgent: 'UA/1.0',
        domain: 'recaptcha.net',
        enterprise: '0',
        version: 'v2',
      });
      expect(lastTask()).toEqual(
        wire({
          type: 'RecaptchaV2TaskProxyless',
          websiteKey: sitekey,
          websiteURL: pageurl,
          isInvisible: true,
          // Legacy `KEY:Value;` cookies as the vendors' `name=value; …` (docs/dialects.md).
          recaptchaDataSValue: 'dsvalue',
          cookies: 'a=1; b=2',
          userAgent: 'UA/1.0',
          apiDomain: 'recaptcha.net',
        }),
      );
    });

    it('reads values, not presence: invisible=false is a visible captcha', async () => {
      await submit({ method: 'userrecaptcha', googlekey: sitekey, pageurl, invisible: 'false' });
      expect(lastTask()).toMatchObject(wire({ type: 'RecaptchaV2TaskProxyless', isInvisible: false }));
    });

    it('enterprise=1: RecaptchaV2EnterpriseTaskProxyless with data-s in enterprisePayload', async () => {
      await submit({ method: 'userrecaptcha', googlekey: sitekey, pageurl, enterprise: '1', 'data-s': 'sval' });
      expect(lastTask()).toEqual(
        wire({
          type: 'RecaptchaV2EnterpriseTaskProxyless',
          websiteKey: sitekey,
          websiteURL: pageurl,
          enterprisePayload: { s: 'sval' },
        }),
      );
    });

    it('version=v3: minScore and pageAction, with 2captcha defaults when absent', async () => {
      await submit({
        method: 'userrecaptcha',
        version: 'v3',
        googlekey: sitekey,
        pageurl,
        action: 'login',
        min_score: '0.9',
      });
      expect(lastTask()).toEqual(
        wire({
          type: 'RecaptchaV3TaskProxyless',
          websiteKey: sitekey,
          websiteURL: pageurl,
          minScore: 0.9,
          pageAction: 'login',
        }),
      );
      await submit({ method: 'userrecaptcha', version: 'v3', googlekey: sitekey, pageurl, enterprise: '1' });
      // No score asked: the vendors with score queues get the first (0.3), the others none.
      const queue = { anticaptcha: 0.3, '2captcha': 0.3 }[dialect as string];
      expect(lastTask()).toEqual(
        wire({
          type: 'RecaptchaV3TaskProxyless',
          websiteKey: sitekey,
          websiteURL: pageurl,
          pageAction: 'verify',
          isEnterprise: true,
          ...(queue !== undefined && { minScore: queue }),
        }),
      );
    });

    it('proxy login:pass@host:port with proxytype selects RecaptchaV2Task with split proxy fields', async () => {
      await submit({
        method: 'userrecaptcha',
        googlekey: sitekey,
        pageurl,
        proxy: 'user:p@ss@10.1.2.3:3128',
        proxytype: 'SOCKS5',
      });
      expect(lastTask()).toEqual(
        wire({
          type: 'RecaptchaV2Task',
          websiteKey: sitekey,
          websiteURL: pageurl,
          proxyType: 'socks5',
          proxyAddress: '10.1.2.3',
          proxyPort: 3128,
          proxyLogin: 'user',
          proxyPassword: 'p@ss',
        }),
      );
    });

    it('proxy host:port without proxytype is HTTP', async () => {
      await submit({ method: 'userrecaptcha', googlekey: sitekey, pageurl, proxy: 'proxy.example:8080' });
      expect(lastTask()).toMatchObject(
        wire({ type: 'RecaptchaV2Task', proxyType: 'http', proxyAddress: 'proxy.example', proxyPort: 8080 }),
      );
    });
  });

  describe('hcaptcha and turnstile', () => {
    // CapSolver has no hCaptcha type: the matrix test checks its refusal.
    it.skipIf(dialect === 'capsolver')(
      'hcaptcha: sitekey, invisible, data → enterprisePayload.rqdata, userAgent',
      async () => {
        expect(
          await submit({
            method: 'hcaptcha',
            sitekey: 'b76cd927-d266-4cfb-a328-3b03ae07ded6',
            pageurl,
            invisible: '1',
            data: 'rq',
            userAgent: 'UA',
          }),
        ).toMatch(idPlain);
        expect(lastTask()).toEqual(
          wire({
            type: 'HCaptchaTaskProxyless',
            websiteKey: 'b76cd927-d266-4cfb-a328-3b03ae07ded6',
            websiteURL: pageurl,
            isInvisible: true,
            enterprisePayload: { rqdata: 'rq' },
            userAgent: 'UA',
          }),
        );
      },
    );

    it('turnstile: action, data, pagedata', async () => {
      await submit({
        method: 'turnstile',
        sitekey: '0x4AAAAAAAVrOwQWPlm3Bnr5',
        pageurl,
        action: 'managed',
        data: 'cdata',
        pagedata: 'chl',
      });
      expect(lastTask()).toEqual(
        wire({
          type: 'TurnstileTaskProxyless',
          websiteKey: '0x4AAAAAAAVrOwQWPlm3Bnr5',
          websiteURL: pageurl,
          action: 'managed',
          data: 'cdata',
          pagedata: 'chl',
        }),
      );
    });

    it('turnstile with a 40 KiB pagedata in the query string (longer than Node’s default header limit)', async () => {
      const pagedata = 'p'.repeat(40 * 1024);
      expect(await submit({ method: 'turnstile', sitekey: '0x4AAAAAAAVrOwQWPlm3Bnr5', pageurl, pagedata })).toMatch(
        idPlain,
      );
      expect(lastTask()).toMatchObject(wire({ type: 'TurnstileTaskProxyless', pagedata }));
    });

    it('turnstile through a SOCKS4 proxy', async () => {
      await submit({
        method: 'turnstile',
        sitekey: '0x4AAAAAAAVrOwQWPlm3Bnr5',
        pageurl,
        proxy: '1.2.3.4:1080',
        proxytype: 'socks4',
      });
      expect(lastTask()).toMatchObject(
        wire({ type: 'TurnstileTask', proxyType: 'socks4', proxyAddress: '1.2.3.4', proxyPort: 1080 }),
      );
    });
  });

  describe('images: post (multipart) and base64', () => {
    it('post: the multipart file becomes body, with every image option mapped', async () => {
      const res = await gw.http
        .post('/in.php')
        .field('key', keys.good)
        .field('method', 'post')
        .field('phrase', '1')
        .field('regsense', '1')
        .field('numeric', '4')
        .field('calc', '0')
        .field('min_len', '3')
        .field('max_len', '8')
        .field('textinstructions', 'type the red letters')
        .attach('file', jpeg, 'whatever.bin');
      expect(res.status).toBe(200);
      expect(res.text).toMatch(idPlain);
      expect(lastTask()).toEqual(
        wire({
          type: 'ImageToTextTask',
          body: jpeg.toString('base64'),
          phrase: true,
          case: true,
          numeric: 4,
          math: false,
          minLength: 3,
          maxLength: 8,
          comment: 'type the red letters',
        }),
      );
    });

    it('base64 in an urlencoded body sent unescaped: spaces turn back into +', async () => {
      const b64 = pngWithPlus.toString('base64');
      const res = await gw.http.post('/in.php').type('form').send(`key=${keys.good}&method=base64&body=${b64}`);
      expect(res.text).toMatch(idPlain);
      expect(lastTask()).toEqual(wire({ type: 'ImageToTextTask', body: b64 }));
    });

    it('base64 with a data: URL prefix in a JSON body with json:1 as a number', async () => {
      const res = await gw.http
        .post('/in.php')
        .set('content-type', 'application/json')
        .send(
          JSON.stringify({
            key: keys.good,
            method: 'base64',
            body: `data:image/png;base64,${png.toString('base64')}`,
            json: 1,
          }),
        );
      expect(res.text).toMatch(/^\{"status":1,"request":"\d{15}"\}$/);
      expect(lastTask()).toEqual(wire({ type: 'ImageToTextTask', body: png.toString('base64') }));
    });

    it('an urlencoded POST with no Content-Type (puppeteer-extra) is read as a form', async () => {
      const res = await fetch(`${gw.url}/in.php`, {
        method: 'POST',
        body: new TextEncoder().encode(
          new URLSearchParams({ key: keys.good, method: 'userrecaptcha', googlekey: sitekey, pageurl }).toString(),
        ),
      });
      expect(await res.text()).toMatch(idPlain);
    });

    it('JSON labelled text/plain, with the method in the query (the `2captcha` npm package)', async () => {
      const res = await fetch(`${gw.url}/in.php?key=${keys.good}&method=base64&json=1`, {
        method: 'POST',
        body: JSON.stringify({ body: png.toString('base64') }),
      });
      expect(await res.text()).toMatch(/^\{"status":1,"request":"\d{15}"\}$/);
    });
  });

  describe('errors: HTTP 200, the bare code, or json=1 with error_text', () => {
    const cases: [string, Record<string, string>, string][] = [
      ['missing key', { key: '', method: 'userrecaptcha', googlekey: sitekey, pageurl }, 'ERROR_WRONG_USER_KEY'],
      ['unknown method', { method: 'nosuchthing' }, 'ERROR_NO_SUCH_METHOD'],
      ['no method at all', {}, 'ERROR_NO_SUCH_METHOD'],
      ['missing pageurl', { method: 'userrecaptcha', googlekey: sitekey }, 'ERROR_PAGEURL'],
      [
        'pageurl without a scheme',
        { method: 'userrecaptcha', googlekey: sitekey, pageurl: 'example.com/page' },
        'ERROR_PAGEURL',
      ],
      ['missing googlekey', { method: 'userrecaptcha', pageurl }, 'ERROR_GOOGLEKEY'],
      ['googlekey with spaces', { method: 'userrecaptcha', pageurl, googlekey: 'a b' }, 'ERROR_GOOGLEKEY'],
      ['hcaptcha without sitekey', { method: 'hcaptcha', pageurl }, 'ERROR_SITEKEY'],
      ['turnstile without sitekey', { method: 'turnstile', pageurl }, 'ERROR_SITEKEY'],
      [
        'min_score out of range',
        { method: 'userrecaptcha', version: 'v3', googlekey: sitekey, pageurl, min_score: '3' },
        'ERROR_BAD_PARAMETERS',
      ],
      [
        'invisible neither 0 nor 1',
        { method: 'userrecaptcha', googlekey: sitekey, pageurl, invisible: 'maybe' },
        'ERROR_BAD_PARAMETERS',
      ],
      [
        'unparsable proxy',
        { method: 'userrecaptcha', googlekey: sitekey, pageurl, proxy: 'nonsense' },
        'ERROR_PROXY_FORMAT',
      ],
      [
        'unknown proxytype',
        { method: 'userrecaptcha', googlekey: sitekey, pageurl, proxy: '1.2.3.4:80', proxytype: 'FTP' },
        'ERROR_PROXY_FORMAT',
      ],
      ['base64 without body', { method: 'base64' }, 'ERROR_UPLOAD'],
      ['invalid base64', { method: 'base64', body: '!!!not base64!!!' }, 'ERROR_UPLOAD'],
      ['not an image', { method: 'base64', body: notAnImage.toString('base64') }, 'ERROR_IMAGE_TYPE_NOT_SUPPORTED'],
      [
        'numeric out of range',
        { method: 'base64', body: png.toString('base64'), numeric: '9' },
        'ERROR_BAD_PARAMETERS',
      ],
    ];
    it.each(cases)('%s → %s, and no upstream call', async (_name, params, expected) => {
      expect(await submit(params)).toBe(expected);
      const json = await submit({ ...params, json: '1' });
      expect(JSON.parse(json)).toEqual({ status: 0, request: expected, error_text: expect.any(String) });
      expect(fake.sent('createTask')).toEqual([]);
    });

    it('an image over 600 kB → ERROR_TOO_BIG_CAPTCHA_FILESIZE', async () => {
      const big = Buffer.concat([png, Buffer.alloc(600 * 1024)]);
      const res = await gw.http
        .post('/in.php')
        .field('key', keys.good)
        .field('method', 'post')
        .attach('file', big, 'big.png');
      expect(res.text).toBe('ERROR_TOO_BIG_CAPTCHA_FILESIZE');
    });

    it('an empty file part → ERROR_ZERO_CAPTCHA_FILESIZE', async () => {
      const res = await gw.http
        .post('/in.php')
        .field('key', keys.good)
        .field('method', 'post')
        .attach('file', Buffer.alloc(0), 'empty.png');
      expect(res.text).toBe('ERROR_ZERO_CAPTCHA_FILESIZE');
    });

    it('a broken multipart body → ERROR_UPLOAD, in the json mode the query asked for', async () => {
      const res = await fetch(`${gw.url}/in.php?json=1`, {
        method: 'POST',
        headers: { 'content-type': 'multipart/form-data; boundary=xyz' },
        body: 'this is not multipart',
      });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ status: 0, request: 'ERROR_UPLOAD', error_text: expect.any(String) });
    });

    it('an invalid JSON body → ERROR_BAD_PARAMETERS', async () => {
      const res = await gw.http.post('/in.php').set('content-type', 'application/json').send('{"key": ');
      expect(res.text).toBe('ERROR_BAD_PARAMETERS');
    });

    it('upstream rejections map through the error table', async () => {
      await gw.http
        .get('/in.php')
        .query({ key: keys.unknown, method: 'userrecaptcha', googlekey: sitekey, pageurl })
        .expect(200, 'ERROR_KEY_DOES_NOT_EXIST');
      await gw.http
        .get('/in.php')
        .query({ key: keys.broke, method: 'userrecaptcha', googlekey: sitekey, pageurl })
        .expect(200, 'ERROR_ZERO_BALANCE');
    });
  });

  describe('the Host header is never used for routing', () => {
    it('answers with Host: 2captcha.com', async () => {
      const res = await gw.http
        .get('/in.php')
        .set('host', '2captcha.com')
        .query({ key: keys.good, method: 'userrecaptcha', googlekey: sitekey, pageurl });
      expect(res.text).toMatch(idPlain);
    });
  });

  describe('header_acao', () => {
    it('adds Access-Control-Allow-Origin: * only when asked', async () => {
      const yes = await gw.http.get('/in.php').query({ key: keys.good, method: 'nosuch', header_acao: '1' });
      expect(yes.headers['access-control-allow-origin']).toBe('*');
      const no = await gw.http.get('/in.php').query({ key: keys.good, method: 'nosuch' });
      expect(no.headers['access-control-allow-origin']).toBeUndefined();
    });
  });
});
