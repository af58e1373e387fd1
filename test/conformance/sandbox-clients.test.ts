/**
 * The sandbox upstream (UPSTREAM_URL=sandbox) as a bot author meets it: the real npm clients
 * (`2captcha`, `@2captcha/captcha-solver`, `2captcha-ts`), unchanged, against inres on
 * 127.0.0.1 with no fake upstream at all. Their hard-coded https://2captcha.com is routed to
 * the gateway. What they get back is the sandbox's fake, well-formed answer; the documented
 * triggers give the unhappy paths.
 */
import { Solver as CaptchaSolver } from '@2captcha/captcha-solver';
import { Solver as V3Solver } from '2captcha';
import { Solver as TsSolver } from '2captcha-ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxBalance, triggers } from '../../src/sandbox/transport.ts';
import { startGateway, type TestGateway } from '../support/gateway.ts';
import { png } from '../support/images.ts';
import { route2captchaTo } from '../support/route-2captcha.ts';
import { rejectionCode } from '../support/routed-gateway.ts';

let gw: TestGateway;
let unroute: () => void;
beforeAll(async () => {
  gw = await startGateway('sandbox', { SANDBOX_DELAY_MS: '0' });
  unroute = route2captchaTo(Number(new URL(gw.url).port));
});
afterAll(async () => {
  unroute();
  await gw.close();
});

const key = 'any-key-at-all';
const pageurl = 'https://example.com/page';
const googlekey = '6LfD3PIbAAAAAJs_eEHvoOl75_83eXSqpPSRFJ_u';
const sandboxText = /^SANDBOX-[0-9a-f]{8}$/;

describe('@2captcha/captcha-solver against the sandbox', () => {
  const solver = (k = key) => new CaptchaSolver(k, 10);
  it('recaptcha: a SANDBOX token, the same for the same task', async () => {
    const a = await solver().recaptcha({ pageurl, googlekey });
    const b = await solver().recaptcha({ pageurl, googlekey });
    expect(a).toEqual({ status: 1, data: expect.stringMatching(sandboxText), id: expect.stringMatching(/^\d{15}$/) });
    expect(b.data).toBe(a.data);
    expect(b.id).not.toBe(a.id);
  });
  it('geetest: the geetest_* object', async () => {
    const res = await solver().geetest({ gt: 'g', challenge: 'c', pageurl });
    expect(res.data).toEqual({
      geetest_challenge: expect.stringMatching(sandboxText),
      geetest_validate: expect.stringMatching(sandboxText),
      geetest_seccode: expect.stringMatching(/^SANDBOX-[0-9a-f]{8}\|jordan$/),
    });
  });
  it('coordinates: points', async () => {
    const res = await solver().coordinates({ body: png.toString('base64') });
    expect(res.data).toEqual([
      { x: expect.stringMatching(/^\d+$/), y: expect.stringMatching(/^\d+$/) },
      expect.any(Object),
    ]);
  });
  it('balance is fixed and positive', async () => {
    expect(await solver().balance()).toBe(sandboxBalance);
  });
  it('a pageurl with sandbox-unsolvable fails as unsolvable', async () => {
    const err = await solver()
      .recaptcha({ pageurl: `https://example.com/${triggers.unsolvable}`, googlekey })
      .catch((e: unknown) => e);
    expect((err as { err?: string }).err).toBe('ERROR_CAPTCHA_UNSOLVABLE');
  });
});

describe('2captcha v3 against the sandbox', () => {
  const solver = (k = key) => new V3Solver(k, 10);
  it('imageCaptcha: SANDBOX text', async () => {
    expect((await solver().imageCaptcha(png.toString('base64'))).data).toMatch(sandboxText);
  });
  it('turnstile: a SANDBOX token', async () => {
    expect((await solver().turnstile('0x4AAAAAAAVrOwQWPlm3Bnr5', pageurl)).data).toMatch(sandboxText);
  });
  it('sandbox-zero-balance cannot submit', async () => {
    expect(await rejectionCode(solver(triggers.zeroBalance).recaptcha(googlekey, pageurl))).toBe('ERROR_ZERO_BALANCE');
  });
  it('both reports are recorded', async () => {
    const { id } = await solver().hcaptcha('b76cd927-d266-4cfb-a328-3b03ae07ded6', pageurl);
    await expect(solver().goodReport(id)).resolves.toBeUndefined();
    await expect(solver().report(id)).resolves.toBeUndefined();
  });
});

describe('2captcha-ts against the sandbox', () => {
  const solver = (k = key) => new TsSolver(k, 10);
  it('geetestV4: its five fields', async () => {
    const res = await solver().geetestV4({ pageurl, captcha_id: 'e392e1d7fd421dc63325744d5a2b9c73' });
    expect(Object.keys(res.data as unknown as object).sort()).toEqual([
      'captcha_id',
      'captcha_output',
      'gen_time',
      'lot_number',
      'pass_token',
    ]);
  });
  it('boundingBox: boxes', async () => {
    const res = await solver().boundingBox({ image: png.toString('base64'), textinstructions: 'cars' });
    expect(JSON.parse(res.data as string)).toEqual([
      { x_min: expect.any(Number), y_min: expect.any(Number), x_max: expect.any(Number), y_max: expect.any(Number) },
    ]);
  });
  it('goodReport and badReport are recorded', async () => {
    const { id } = await solver().capyPuzzle({ pageurl, captchakey: 'k' });
    expect(await solver().goodReport(id)).toBe('OK_REPORT_RECORDED');
    expect(await solver().badReport(id)).toBe('OK_REPORT_RECORDED');
  });
  it('sandbox-bad-key is refused', async () => {
    const body = await rejectionCode(solver(triggers.badKey).balance());
    expect(JSON.parse(body)).toMatchObject({ status: 0, request: 'ERROR_KEY_DOES_NOT_EXIST' });
  });
});
