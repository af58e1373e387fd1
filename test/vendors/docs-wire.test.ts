/**
 * The dialects without an official SDK to ask (CapSolver, 2captcha API v2, uCaptcha) and the
 * refusals, through the Node server against the strict fake in each dialect: legacy request in,
 * exact createTask task out (or none at all), exact legacy bytes back. Each case cites the
 * vendor page it rests on.
 */
import { describe, expect, it } from 'vitest';
import type { DialectName } from '../../src/upstream/dialects.ts';
import { post, useDialect } from '../support/dialect-suite.ts';
import type { FakeUpstream } from '../support/fake-upstream.ts';
import type { TestGateway } from '../support/gateway.ts';
import { png } from '../support/images.ts';

const pageurl = 'https://example.com/login';
const googlekey = '6Le-wvkSAAAAAPBMRTvw0Q4Muexq9bi0DJwx_mJ-';
const captchaId = 'e392e1d7fd421dc63325744d5a2b9c73';
const body = png.toString('base64');
const geetestV4 = {
  method: 'geetest_v4',
  captcha_id: captchaId,
  risk_type: 'slide',
  pageurl,
  api_server: 'http://gcaptcha4.geetest.com/',
};
const v3 = { method: 'userrecaptcha', version: 'v3', googlekey, pageurl };
const grid = { method: 'base64', recaptcha: '1', body, textinstructions: 'Select all buses' };

function suite(dialect: DialectName, tests: (ctx: () => { fake: FakeUpstream; gw: TestGateway }) => void): void {
  describe(dialect, () => {
    let fake: FakeUpstream;
    let gw: TestGateway;
    useDialect(dialect, (f, g) => {
      fake = f;
      gw = g;
    });
    tests(() => ({ fake, gw }));
  });
}

/** Submits and returns the task the fake accepted (it refuses what its vendor would). */
async function sent(
  ctx: { fake: FakeUpstream; gw: TestGateway },
  params: Record<string, string>,
): Promise<Record<string, unknown>> {
  expect(await post(ctx.gw, '/in.php', params)).toMatch(/^OK\|\d+$/);
  return ctx.fake.sent('createTask').at(-1)!.task as Record<string, unknown>;
}
/** A request the vendor has no type for: a legacy code, and no createTask at all. */
async function refused(ctx: { fake: FakeUpstream; gw: TestGateway }, params: Record<string, string>): Promise<void> {
  expect(await post(ctx.gw, '/in.php', params)).toBe('ERROR_NO_SUCH_METHOD');
  expect(ctx.fake.sent('createTask')).toEqual([]);
}

suite('capsolver', (ctx) => {
  it('GeeTest v4: a top-level captchaId, the API host without scheme (docs.capsolver.com/guide/captcha/Geetest)', async () => {
    expect(await sent(ctx(), geetestV4)).toEqual({
      type: 'GeeTestTaskProxyLess',
      websiteURL: pageurl,
      captchaId,
      geetestApiServerSubdomain: 'gcaptcha4.geetest.com',
    });
  });
  it('cookies: KEY:Value; pairs become [{name, value}] (docs.capsolver.com/guide/api-how-to-use-cookies)', async () => {
    expect(await sent(ctx(), { method: 'userrecaptcha', googlekey, pageurl, cookies: 'KEY1:Val1;KEY2:Val2;' })).toEqual(
      {
        type: 'ReCaptchaV2TaskProxyLess',
        websiteURL: pageurl,
        websiteKey: googlekey,
        cookies: [
          { name: 'KEY1', value: 'Val1' },
          { name: 'KEY2', value: 'Val2' },
        ],
      },
    );
  });
  it('json_cookies (an array of cookie objects, 2captcha v1) becomes the same [{name, value}] list', async () => {
    const json = JSON.stringify([
      { domain: 'example.com', name: 'sid', value: 'a1', secure: true },
      { domain: 'example.com', name: 'ab', value: 'x', secure: false },
    ]);
    expect(await sent(ctx(), { method: 'userrecaptcha', googlekey, pageurl, json_cookies: json })).toMatchObject({
      cookies: [
        { name: 'sid', value: 'a1' },
        { name: 'ab', value: 'x' },
      ],
    });
  });
  it('reCAPTCHA v3: minScore 0.1–0.9 as asked, none when none was asked (docs.capsolver.com/guide/captcha/ReCaptchaV3)', async () => {
    expect(await sent(ctx(), { ...v3, min_score: '0.5' })).toEqual({
      type: 'ReCaptchaV3TaskProxyLess',
      websiteURL: pageurl,
      websiteKey: googlekey,
      minScore: 0.5,
      pageAction: 'verify',
    });
    expect(await sent(ctx(), v3)).toEqual({
      type: 'ReCaptchaV3TaskProxyLess',
      websiteURL: pageurl,
      websiteKey: googlekey,
      pageAction: 'verify',
    });
  });
  it.each([
    ['hCaptcha', { method: 'hcaptcha', sitekey: 'b76cd927-d266-4cfb-a328-3b03ae07ded6', pageurl }],
    ['FunCaptcha', { method: 'funcaptcha', publickey: '69A21A01-CC7B-B9C6-0F9A-E7FA06677FFC', pageurl }],
    ['a grid', grid],
    ['coordinates', { method: 'base64', coordinatescaptcha: '1', body }],
  ])('%s, which CapSolver no longer lists, is refused before any call', async (_, params) => {
    await refused(ctx(), params);
  });
});

suite('2captcha', (ctx) => {
  it.each([
    [undefined, 0.3],
    ['0.3', 0.3],
    ['0.4', 0.7],
    ['0.7', 0.7],
    ['0.75', 0.9],
    ['0.9', 0.9],
  ])(
    'reCAPTCHA v3 min_score=%s → the %s queue (2captcha.com/api-docs/recaptcha-v3: "0.3, 0.7, 0.9")',
    async (asked, queue) => {
      const task = await sent(ctx(), asked === undefined ? v3 : { ...v3, min_score: asked });
      expect(task.minScore).toBe(queue);
    },
  );
  it('GeeTest v4 as 2captcha documents it: initParameters.captcha_id, version 4', async () => {
    expect(await sent(ctx(), geetestV4)).toEqual({
      type: 'GeeTestTaskProxyless',
      websiteURL: pageurl,
      version: 4,
      initParameters: { captcha_id: captchaId, risk_type: 'slide' },
      geetestApiServerSubdomain: 'gcaptcha4.geetest.com',
    });
  });
  it('a URL in a …ApiServerSubdomain field loses its scheme (D10: the vendors take a host)', async () => {
    const task = await sent(ctx(), {
      method: 'yidun',
      sitekey: 'yd-key',
      pageurl,
      yidun_api_server_subdomain: 'https://c.dun.163.com/',
    });
    expect(task.yidunApiServerSubdomain).toBe('c.dun.163.com');
  });
  it('grid previousID=0 (2captcha-python examples/sync/grid_options.py) means none: no previousId', async () => {
    expect(await sent(ctx(), { ...grid, previousID: '0' })).not.toHaveProperty('previousId');
    expect(await sent(ctx(), { ...grid, previousID: '123' })).toMatchObject({ previousId: '123' });
  });
});

suite('ucaptcha', (ctx) => {
  it('GeeTest v4, undocumented there: gt and initParameters.captcha_id both, version 4', async () => {
    expect(await sent(ctx(), geetestV4)).toEqual({
      type: 'GeeTestTaskProxyless',
      websiteURL: pageurl,
      version: 4,
      gt: captchaId,
      initParameters: { captcha_id: captchaId, risk_type: 'slide' },
      geetestApiServerSubdomain: 'gcaptcha4.geetest.com',
    });
  });
  it('coordinates as ImageCoordinatesTask (ucaptcha.net/docs/tasks/recognition/image-coordinates)', async () => {
    expect(
      await sent(ctx(), { method: 'base64', coordinatescaptcha: '1', body, textinstructions: 'Click the cat' }),
    ).toEqual({
      type: 'ImageCoordinatesTask',
      body,
      comment: 'Click the cat',
    });
  });
});

suite('anticaptcha', (ctx) => {
  it("coordinates: ImageToCoordinatesTask, and its [[x, y], …] answer in 2captcha's bytes", async () => {
    const c = ctx();
    c.fake.fate = () => ({ polls: 0 });
    const ok = await post(c.gw, '/in.php', {
      method: 'base64',
      coordinatescaptcha: '1',
      body,
      textinstructions: 'Click the cat',
    });
    const id = ok.slice(3);
    expect(await post(c.gw, '/res.php', { action: 'get', id })).toBe('OK|coordinates:x=39,y=59;x=252,y=72');
    expect(JSON.parse(await post(c.gw, '/res.php', { action: 'get', id, json: '1' }))).toEqual({
      status: 1,
      request: [
        { x: '39', y: '59' },
        { x: '252', y: '72' },
      ],
    });
  });
  it("proxytype=HTTPS (2captcha's README examples) goes as http, the name anti-captcha lists", async () => {
    const task = await sent(ctx(), {
      method: 'userrecaptcha',
      googlekey,
      pageurl,
      proxy: 'u:p@1.2.3.4:8080',
      proxytype: 'HTTPS',
    });
    expect(task).toMatchObject({ type: 'RecaptchaV2Task', proxyType: 'http' });
  });
  it('cookies and json_cookies as name=value; pairs (anti-captcha.com/apidoc/task-types/RecaptchaV2Task)', async () => {
    expect(
      await sent(ctx(), { method: 'userrecaptcha', googlekey, pageurl, cookies: 'KEY1:Val1;KEY2:Val2;' }),
    ).toMatchObject({
      cookies: 'KEY1=Val1; KEY2=Val2',
    });
    const json = JSON.stringify([{ domain: 'example.com', name: 'sid', value: 'a1', secure: true }]);
    expect(
      await sent(ctx(), { method: 'userrecaptcha', enterprise: '1', googlekey, pageurl, json_cookies: json }),
    ).toMatchObject({
      type: 'RecaptchaV2EnterpriseTaskProxyless',
      cookies: 'sid=a1',
    });
  });
  it('json_cookies that is not an array of cookies is ERROR_BAD_PARAMETERS, before any call', async () => {
    expect(
      await post(ctx().gw, '/in.php', { method: 'userrecaptcha', googlekey, pageurl, json_cookies: '{"sid":"a1"}' }),
    ).toBe('ERROR_BAD_PARAMETERS');
    expect(ctx().fake.sent('createTask')).toEqual([]);
  });
  it('a grid, which anti-captcha has no type for, is refused before any call', async () => {
    await refused(ctx(), grid);
  });
});

suite('capmonster', (ctx) => {
  it("coordinates (no such type in the SDK's TaskType) is refused before any call", async () => {
    await refused(ctx(), { method: 'base64', coordinatescaptcha: '1', body });
  });
  it('a 4×4 grid goes as ComplexImageTask, and its one-boolean-per-tile answer comes back as click:…', async () => {
    const c = ctx();
    c.fake.fate = () => ({ polls: 0, solution: { answer: [true, ...Array<boolean>(14).fill(false), true] } });
    const ok = await post(c.gw, '/in.php', { ...grid, recaptcharows: '4', recaptchacols: '4', previousID: '0' });
    expect(c.fake.sent('createTask').at(-1)!.task).toEqual({
      type: 'ComplexImageTask',
      class: 'recaptcha',
      imagesBase64: [body],
      metadata: { Grid: '4x4', Task: 'Select all buses' },
    });
    expect(await post(c.gw, '/res.php', { action: 'get', id: ok.slice(3) })).toBe('OK|click:1/16');
  });
});
