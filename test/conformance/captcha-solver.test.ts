/**
 * The official JS client, @2captcha/captcha-solver, unchanged, against inres and the fake
 * upstream: its hard-coded https://2captcha.com is routed to the gateway on 127.0.0.1.
 * It sends json=1, header_acao=1 and soft_id everywhere, GETs token methods and POSTs images
 * as JSON, and parses every answer as JSON.
 */
import { APIError, Solver } from '@2captcha/captcha-solver';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { keys, startFakeUpstream, type FakeUpstream } from '../support/fake-upstream.ts';
import { tokens } from '../support/fake-tasks.ts';
import { startGateway, type TestGateway } from '../support/gateway.ts';
import { png } from '../support/images.ts';
import { route2captchaTo } from '../support/route-2captcha.ts';

let fake: FakeUpstream;
let gw: TestGateway;
let unroute: () => void;
beforeAll(async () => {
  fake = await startFakeUpstream();
  gw = await startGateway(fake.url);
  unroute = route2captchaTo(Number(new URL(gw.url).port));
});
afterAll(async () => {
  unroute();
  await gw.close();
  await fake.close();
});
beforeEach(() => fake.reset());

/** Polls every 10 ms instead of 5 s. */
const solver = (key = keys.good) => new Solver(key, 10);
const pageurl = 'https://2captcha.com/demo/recaptcha-v2';
const googlekey = '6LfD3PIbAAAAAJs_eEHvoOl75_83eXSqpPSRFJ_u';

describe('@2captcha/captcha-solver', () => {
  it('recaptcha v2: submit, poll through CAPCHA_NOT_READY, the token', async () => {
    fake.fate = () => ({ polls: 2 });
    const res = await solver().recaptcha({ pageurl, googlekey });
    expect(res).toEqual({ status: 1, data: tokens.recaptcha, id: expect.stringMatching(/^\d{15}$/) });
    expect(fake.sent('createTask')[0]).toEqual({
      clientKey: keys.good,
      task: { type: 'RecaptchaV2TaskProxyless', websiteURL: pageurl, websiteKey: googlekey },
    });
    expect(fake.sent('getTaskResult')).toHaveLength(3);
  });

  it('recaptcha v3 with action and min_score', async () => {
    const res = await solver().recaptcha({
      pageurl,
      googlekey: '6LfB5_IbAAAAAMCtsjEHEHKqcB9iQocwwxTiihJu',
      version: 'v3',
      action: 'demo_action',
      min_score: 0.9,
    });
    expect(res.data).toBe(tokens.recaptcha);
    expect(fake.sent('createTask')[0]!.task).toEqual({
      type: 'RecaptchaV3TaskProxyless',
      websiteURL: pageurl,
      websiteKey: '6LfB5_IbAAAAAMCtsjEHEHKqcB9iQocwwxTiihJu',
      minScore: 0.9,
      pageAction: 'demo_action',
    });
  });

  it('hcaptcha: the token with useragent and respKey extras', async () => {
    const res = await solver().hcaptcha({
      pageurl: 'https://2captcha.com/demo/hcaptcha',
      sitekey: 'b76cd927-d266-4cfb-a328-3b03ae07ded6',
    });
    expect(res).toEqual({
      status: 1,
      data: tokens.hcaptcha,
      useragent: tokens.userAgent,
      respKey: tokens.respKey,
      id: expect.stringMatching(/^\d{15}$/),
    });
  });

  it('cloudflareTurnstile: the token with its useragent', async () => {
    const res = await solver().cloudflareTurnstile({
      pageurl: 'https://2captcha.com/demo/cloudflare-turnstile',
      sitekey: '0x4AAAAAAAVrOwQWPlm3Bnr5',
      action: 'login',
      data: 'cdata',
    });
    expect(res).toMatchObject({ status: 1, data: tokens.turnstile, useragent: tokens.userAgent });
    expect(fake.sent('createTask')[0]!.task).toMatchObject({
      type: 'TurnstileTaskProxyless',
      action: 'login',
      data: 'cdata',
    });
  });

  it('imageCaptcha: a JSON POST with a data: URL body, answered synchronously upstream', async () => {
    const res = await solver().imageCaptcha({
      body: `data:image/png;base64,${png.toString('base64')}`,
      numeric: 4,
      min_len: 5,
      max_len: 5,
    });
    expect(res.data).toBe(tokens.imageText);
    expect(fake.sent('createTask')[0]!.task).toEqual({
      type: 'ImageToTextTask',
      body: png.toString('base64'),
      numeric: 4,
      minLength: 5,
      maxLength: 5,
    });
  });

  it('balance', async () => {
    expect(await solver().balance()).toBe(12.5);
  });

  it('badReport and goodReport', async () => {
    const { id } = await solver().recaptcha({ pageurl, googlekey });
    expect(await solver().badReport(id)).toBe('OK_REPORT_RECORDED');
    expect(await solver().goodReport(id)).toBe('OK_REPORT_RECORDED');
    expect(fake.sent('feedbackTask').map((b) => (b.result as { invalid: boolean }).invalid)).toEqual([true, false]);
  });

  it('an unknown key rejects with APIError ERROR_KEY_DOES_NOT_EXIST', async () => {
    const err = await solver(keys.unknown)
      .recaptcha({ pageurl, googlekey })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(APIError);
    expect((err as APIError).err).toBe('ERROR_KEY_DOES_NOT_EXIST');
  });

  it('an unsolvable captcha rejects with APIError ERROR_CAPTCHA_UNSOLVABLE', async () => {
    fake.fate = () => ({ fail: 'ERROR_CAPTCHA_UNSOLVABLE' });
    const err = await solver()
      .hcaptcha({ pageurl, sitekey: 'b76cd927-d266-4cfb-a328-3b03ae07ded6' })
      .catch((e: unknown) => e);
    expect((err as APIError).err).toBe('ERROR_CAPTCHA_UNSOLVABLE');
  });

  it('bad parameters reject with the legacy code, before any upstream call', async () => {
    const err = await solver()
      .recaptcha({ pageurl: 'not a url', googlekey })
      .catch((e: unknown) => e);
    expect((err as APIError).err).toBe('ERROR_PAGEURL');
    expect(fake.sent('createTask')).toEqual([]);
  });
});
