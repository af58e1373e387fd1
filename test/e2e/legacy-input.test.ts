/**
 * /in.php and /res.php as the official 2captcha-go client and 2captcha-node speak them
 * (vendor-audit.md D1, D5, D12), through the Node server against the fake upstream in the
 * anti-captcha dialect (it takes `softId` and has a report window): request in, exact bytes out.
 *
 * The Go requests are rebuilt byte for byte from 2captcha/2captcha-go `api2captcha.go`
 * (@ e7ceaa7): `Client.Send` sends `PostForm` (urlencoded, keys sorted by url.Values.Encode)
 * without files and a mime/multipart body with them (file parts first, `CreateFormFile`'s
 * `application/octet-stream` part header, then `WriteField` per param); `Client.Solve` adds
 * `soft_id=4583` (DefaultSoftId); `Grid.ToRequest` and `Coordinates.ToRequest` set no `method`
 * (only `recaptcharows`/`recaptchacols`, or `coordinatescaptcha=1`, plus `file` or `body`).
 * Its Altcha and Alibaba names (`websiteURL`, `challengeUrl`, `challenge`, `sceneId`) are the
 * ones `Altcha.ToRequest` / `Alibaba.ToRequest` send at 2captcha-go @ f44816c (vendor-audit.md
 * D5; examples/Altcha.go, examples/AlibabaExample.go).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { startGateway } from '../support/gateway.ts';
import { useDialect } from '../support/dialect-suite.ts';
import { keys, type FakeUpstream } from '../support/fake-upstream.ts';
import type { TestGateway } from '../support/gateway.ts';
import { png } from '../support/images.ts';

let fake: FakeUpstream;
let gw: TestGateway;
const idPlain = /^OK\|\d{15}$/;
const b64 = png.toString('base64');
const lastTask = () => fake.sent('createTask').at(-1)!;

/** A body as Go's mime/multipart.Writer lays it out (boundary: 30 random bytes in hex). */
function goMultipart(files: Record<string, Buffer>, fields: Record<string, string>): { type: string; body: Buffer } {
  const boundary = 'a3f1c29b7e5d4c0b8f6e2d1a9c7b5e3f4d2c1b0a9e8f7d6c5b4a3f2e1d0c';
  const chunks: Buffer[] = [];
  let first = true;
  const open = (headers: string) => {
    chunks.push(Buffer.from(`${first ? '' : '\r\n'}--${boundary}\r\n${headers}\r\n\r\n`));
    first = false;
  };
  for (const [name, bytes] of Object.entries(files)) {
    open(
      `Content-Disposition: form-data; name="${name}"; filename="captcha.png"\r\nContent-Type: application/octet-stream`,
    );
    chunks.push(bytes);
  }
  for (const [name, value] of Object.entries(fields)) {
    open(`Content-Disposition: form-data; name="${name}"`);
    chunks.push(Buffer.from(value));
  }
  chunks.push(Buffer.from(`\r\n--${boundary}--\r\n`));
  return { type: `multipart/form-data; boundary=${boundary}`, body: Buffer.concat(chunks) };
}

/** Go's PostForm: urlencoded, keys sorted. */
const goForm = (params: Record<string, string>): string =>
  Object.keys(params)
    .sort()
    .map((k) => `${encodeURIComponent(k)}=${encodeURIComponent(params[k]!)}`)
    .join('&');

async function post(type: string, body: string | Buffer): Promise<string> {
  const res = await gw.http.post('/in.php').set('content-type', type).send(body);
  expect(res.status).toBe(200);
  return res.text;
}

describe('legacy input as real clients send it', () => {
  useDialect('anticaptcha', (f, g) => {
    fake = f;
    gw = g;
  });

  describe('2captcha-go: grid and coordinates without `method`', () => {
    it('Coordinates with a file part: OK|<id> and an image-coordinates task with that image', async () => {
      const { type, body } = goMultipart(
        { file: png },
        { coordinatescaptcha: '1', textinstructions: 'Click the cat', soft_id: '4583', key: keys.good },
      );
      expect(await post(type, body)).toMatch(idPlain);
      expect(lastTask().task).toMatchObject({ body: b64, comment: 'Click the cat' });
      expect(String((lastTask().task as { type: string }).type)).toMatch(/Coordinates/);
    });

    it('Coordinates with a base64 body (PostForm): OK|<id>', async () => {
      expect(
        await post(
          'application/x-www-form-urlencoded',
          goForm({ body: b64, coordinatescaptcha: '1', key: keys.good, soft_id: '4583' }),
        ),
      ).toMatch(idPlain);
      expect(lastTask().task).toMatchObject({ body: b64 });
      expect(String((lastTask().task as { type: string }).type)).toMatch(/Coordinates/);
    });

    it('still no method and no image: ERROR_NO_SUCH_METHOD', async () => {
      expect(
        await post(
          'application/x-www-form-urlencoded',
          goForm({ key: keys.good, recaptcharows: '3', soft_id: '4583' }),
        ),
      ).toBe('ERROR_NO_SUCH_METHOD');
      expect(fake.sent('createTask')).toEqual([]);
    });
  });

  describe("2captcha-go's Altcha and Alibaba spellings", () => {
    it('altcha with websiteURL + challengeUrl → AltchaTaskProxyless with challengeURL', async () => {
      expect(
        await post(
          'application/x-www-form-urlencoded',
          goForm({
            challengeUrl: 'https://a.example/altcha',
            key: keys.good,
            method: 'altcha',
            soft_id: '4583',
            websiteURL: 'https://a.example/',
          }),
        ),
      ).toMatch(idPlain);
      expect(lastTask().task).toEqual({
        type: 'AltchaTaskProxyless',
        websiteURL: 'https://a.example/',
        challengeURL: 'https://a.example/altcha',
      });
    });

    it('altcha with websiteURL + challenge (JSON) → challengeJSON', async () => {
      const challenge = '{"algorithm":"SHA-256","challenge":"abc","signature":"def"}';
      expect(
        await post(
          'application/x-www-form-urlencoded',
          goForm({
            challenge,
            key: keys.good,
            method: 'altcha',
            soft_id: '4583',
            websiteURL: 'https://a.example/',
          }),
        ),
      ).toMatch(idPlain);
      expect(lastTask().task).toEqual({
        type: 'AltchaTaskProxyless',
        websiteURL: 'https://a.example/',
        challengeJSON: challenge,
      });
    });

    it('alibaba with sceneId → AlibabaTaskProxyless with sceneId', async () => {
      expect(
        await post(
          'application/x-www-form-urlencoded',
          goForm({
            key: keys.good,
            method: 'alibaba',
            pageurl: 'https://a.example/',
            prefix: 'a',
            sceneId: 'bxs_login',
            soft_id: '4583',
          }),
        ),
      ).toMatch(idPlain);
      expect(lastTask().task).toEqual({
        type: 'AlibabaTaskProxyless',
        websiteURL: 'https://a.example/',
        sceneId: 'bxs_login',
        prefix: 'a',
      });
    });
  });

  describe('2captcha-node: a JSON body labelled multipart/form-data with no boundary', () => {
    it('is read as JSON: OK|<id> and the image task', async () => {
      const body = JSON.stringify({ key: keys.good, method: 'base64', body: b64, soft_id: 4587 });
      expect(await post('multipart/form-data', body)).toMatch(idPlain);
      expect(lastTask()).toMatchObject({ softId: 4587, task: { type: 'ImageToTextTask', body: b64 } });
    });

    it('a non-JSON body labelled so is still ERROR_UPLOAD', async () => {
      expect(await post('multipart/form-data', `key=${keys.good}&method=base64&body=${b64}`)).toBe('ERROR_UPLOAD');
    });
  });

  describe('soft_id is optional metadata', () => {
    it.each(['abc', '4583.5', String(2 ** 31)])('soft_id=%s is dropped, the submit goes through', async (softId) => {
      const res = await gw.http.get('/in.php').query({
        key: keys.good,
        method: 'turnstile',
        sitekey: '0x4AAAAAAAC3DHQFLr1GavRN',
        pageurl: 'https://a.example/',
        soft_id: softId,
      });
      expect(res.text).toMatch(idPlain);
      expect(lastTask()).not.toHaveProperty('softId');
    });
  });

  describe('reports', () => {
    it('a report after the vendor forgot the task (its report window) → ERROR_REPORT_NOT_RECORDED', async () => {
      const sub = await gw.http.get('/in.php').query({
        key: keys.good,
        method: 'userrecaptcha',
        googlekey: '6Le-wvkSAAAAAPBMRTvw0Q4Muexq9bi0DJwx_mJ-',
        pageurl: 'https://a.example/',
      });
      const id = sub.text.slice(3);
      fake.reset();
      const res = await gw.http.get('/res.php').query({ key: keys.good, action: 'reportbad', id });
      expect(fake.sent('reportIncorrectRecaptcha')).toHaveLength(1);
      expect(res.text).toBe('ERROR_REPORT_NOT_RECORDED');
    });
  });
});

describe('ERROR_TASK_ABSENT (2captcha v2 error id 22, "task property is missing")', () => {
  it('is a bad request, not an unknown id: in.php answers ERROR_BAD_PARAMETERS', async () => {
    // An upstream that answers every call as 2captcha's error-codes page gives this error.
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          errorId: 22,
          errorCode: 'ERROR_TASK_ABSENT',
          errorDescription: 'task property is missing in your createTask method call',
        }),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const inres = await startGateway(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, {
      UPSTREAM_DIALECT: '2captcha',
    });
    try {
      const res = await inres.http.get('/in.php').query({
        key: keys.good,
        method: 'turnstile',
        sitekey: '0x4AAAAAAAC3DHQFLr1GavRN',
        pageurl: 'https://a.example/',
      });
      expect(res.status).toBe(200);
      expect(res.text).toBe('ERROR_BAD_PARAMETERS');
    } finally {
      await inres.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

// Anti-Captcha has no grid type (the dialects' capability matrix): 2captcha's own v2 API takes it.
describe('2captcha-go: a grid without `method`, to an upstream that has grids', () => {
  useDialect('2captcha', (f, g) => {
    fake = f;
    gw = g;
  });

  it('Grid with a file part and rows/cols only: OK|<id> and a GridTask', async () => {
    const { type, body } = goMultipart(
      { file: png },
      {
        recaptcharows: '3',
        recaptchacols: '3',
        textinstructions: 'Select all squares with cars',
        soft_id: '4583',
        key: keys.good,
      },
    );
    expect(await post(type, body)).toMatch(idPlain);
    expect(lastTask().task).toMatchObject({
      type: 'GridTask',
      body: b64,
      rows: 3,
      columns: 3,
      comment: 'Select all squares with cars',
    });
  });

  it('Grid with a base64 body: OK|<id> and a GridTask', async () => {
    expect(
      await post(
        'application/x-www-form-urlencoded',
        goForm({
          body: b64,
          key: keys.good,
          recaptchacols: '4',
          recaptcharows: '4',
          soft_id: '4583',
          textinstructions: 'cars',
        }),
      ),
    ).toMatch(idPlain);
    expect(lastTask().task).toMatchObject({ type: 'GridTask', body: b64, rows: 4, columns: 4 });
  });
});
