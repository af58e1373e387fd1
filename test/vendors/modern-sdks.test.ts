/**
 * Any client family × any upstream: each vendor's SDK from npm, unchanged but for where it
 * connects (and its poll interval), talks to inres's modern face in front of each of the five
 * strict upstream fakes, and gets back the solution value the fake issued — or, for a failed
 * task, the failure its SDK reports.
 *
 * SDKs: `@antiadmin/anticaptchaofficial` and `capsolver-npm` hard-code their API hosts
 * (index.js `https://api.anti-captcha.com/`, src/Handler.ts `https://api.capsolver.com/`), so their
 * connections are routed to inres on 127.0.0.1 (recorder.ts routeHost); capsolver-npm ships its
 * TypeScript source only (no dist/), which vitest compiles. `@zennolab_com/capmonstercloud-client`
 * takes `serviceUrl`. `@2captcha/captcha-solver` (1.3.9) has no createTask calls — only
 * in.php/res.php — so 2captcha's v2 family is covered on the wire in modern-face.test.ts.
 * No SDK here can add a path prefix: each is read by its type names, CapSolver's `appId`, or
 * the default family (docs/compat.md).
 */
import ac from '@antiadmin/anticaptchaofficial';
import cm from '@zennolab_com/capmonstercloud-client';
import { CapSolver } from './capsolver-npm.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialectNames, dialects } from '../../src/upstream/dialects.ts';
import { hasType } from '../../src/upstream/translate.ts';
import { tokens } from '../support/fake-tasks.ts';
import { keys, startFakeUpstream, type FakeUpstream } from '../support/fake-upstream.ts';
import { startGateway, type TestGateway } from '../support/gateway.ts';
import { png } from '../support/images.ts';
import { routeHosts } from './recorder.ts';

const url = 'https://example.com/login';
const siteKey = '6Le-wvkSAAAAAPBMRTvw0Q4Muexq9bi0DJwx_mJ-';
const b64 = png.toString('base64');

/** What each SDK returns for one captcha: the solution value it hands its caller. */
interface Sdk {
  recaptcha(): Promise<unknown>;
  hcaptcha(): Promise<unknown>;
  turnstile(): Promise<unknown>;
  image(): Promise<unknown>;
  /** The SDK's failure for a task the upstream failed (what it throws or returns). */
  failure(): Promise<unknown>;
}

const settle = (p: Promise<unknown>): Promise<unknown> =>
  p.then(
    (v) => ({ ok: v }),
    (e: unknown) => ({ error: e }),
  );

const anticaptcha = (): Sdk => {
  ac.setAPIKey(keys.good);
  ac.shutUp();
  ac.settings.firstAttemptWaitingInterval = 0;
  ac.settings.normalWaitingInterval = 0.05;
  return {
    recaptcha: () => ac.solveRecaptchaV2Proxyless(url, siteKey),
    hcaptcha: () => ac.solveHCaptchaProxyless(url, siteKey),
    turnstile: () => ac.solveTurnstileProxyless(url, '0x4AAAAAAAVrOwQWPlm3Bnr5'),
    image: () => ac.solveImage(b64),
    failure: () => settle(ac.solveRecaptchaV2Proxyless(url, siteKey)),
  };
};

const capmonster = (gw: TestGateway): Sdk => {
  const client = cm.CapMonsterCloudClientFactory.Create(
    new cm.ClientOptions({ clientKey: keys.good, serviceUrl: gw.url }),
  );
  const fast = { firstRequestDelay: 0, firstRequestNoCacheDelay: 0, requestsInterval: 50, timeout: 10_000 };
  const solve = async (task: object): Promise<Record<string, unknown>> => {
    // Solve's overloads pair each request with its response type; the tests read fields by name.
    const r = await client.Solve(task as Parameters<typeof client.Solve>[0], fast);
    if (r.error) throw new Error(String(r.error));
    return r.solution as unknown as Record<string, unknown>;
  };
  const recaptcha = () => solve(new cm.RecaptchaV2Request({ websiteURL: url, websiteKey: siteKey }));
  return {
    recaptcha: async () => (await recaptcha()).gRecaptchaResponse,
    hcaptcha: async () =>
      (await solve(new cm.HCaptchaRequest({ websiteURL: url, websiteKey: siteKey }))).gRecaptchaResponse,
    turnstile: async () =>
      (await solve(new cm.TurnstileRequest({ websiteURL: url, websiteKey: '0x4AAAAAAAVrOwQWPlm3Bnr5' }))).token,
    image: async () => (await solve(new cm.ImageToTextRequest({ body: b64 }))).text,
    failure: () => settle(recaptcha()),
  };
};

const capsolver = (): Sdk => {
  const solver = new CapSolver({ apiKey: keys.good, pollDelay: 50 });
  const field = (name: string) => (s: unknown) => (s as Record<string, unknown>)[name];
  return {
    recaptcha: () =>
      solver.recaptchav2proxyless({ websiteURL: url, websiteKey: siteKey }).then(field('gRecaptchaResponse')),
    // CapSolver lists no hCaptcha method; its generic task() sends the type as given.
    hcaptcha: () =>
      solver
        .task({ task: { type: 'HCaptchaTaskProxyLess', websiteURL: url, websiteKey: siteKey } })
        .then(field('gRecaptchaResponse')),
    turnstile: () =>
      solver.turnstileproxyless({ websiteURL: url, websiteKey: '0x4AAAAAAAVrOwQWPlm3Bnr5' }).then(field('token')),
    image: () => solver.image2text({ body: b64 }).then(field('text')),
    failure: () => settle(solver.recaptchav2proxyless({ websiteURL: url, websiteKey: siteKey })),
  };
};

/** What each SDK reports for a task failed with ERROR_CAPTCHA_UNSOLVABLE. */
const failures: Record<string, unknown> = {
  anticaptcha: { error: 'ERROR_CAPTCHA_UNSOLVABLE' },
  // capmonstercloud-client ErrorCodeConverter: ERROR_CAPTCHA_UNSOLVABLE → ErrorType.CAPTCHA_UNSOLVABLE.
  capmonster: { error: new Error('CAPTCHA_UNSOLVABLE') },
  capsolver: { error: expect.objectContaining({ errorCode: 'ERROR_CAPTCHA_UNSOLVABLE' }) },
};

describe.each(dialectNames)('upstream %s', (upstream) => {
  let fake: FakeUpstream;
  let gw: TestGateway;
  let unroute: () => void;
  const sdks: Record<string, () => Sdk> = {
    anticaptcha,
    capmonster: () => capmonster(gw),
    capsolver,
  };
  beforeAll(async () => {
    fake = await startFakeUpstream({ dialect: upstream });
    gw = await startGateway(fake.url, { UPSTREAM_DIALECT: upstream });
    const port = Number(new URL(gw.url).port);
    unroute = routeHosts({ 'api.anti-captcha.com': port, 'api.capsolver.com': port });
  });
  afterAll(async () => {
    unroute();
    await gw.close();
    await fake.close();
  });

  describe.each(Object.keys(sdks))('client %s', (name) => {
    const sdk = () => sdks[name]!();
    const ready = () => {
      fake.reset();
      fake.fate = () => ({ polls: 0 });
    };

    it('reCAPTCHA v2: the token', async () => {
      ready();
      expect(await sdk().recaptcha()).toBe(tokens.recaptcha);
    });

    it('hCaptcha: the token, or refused where the upstream has no hCaptcha', async () => {
      ready();
      if (hasType(dialects[upstream], 'HCaptchaTaskProxyless')) {
        expect(await sdk().hcaptcha()).toBe(tokens.hcaptcha);
      } else {
        await expect(sdk().hcaptcha()).rejects.toBeDefined();
        expect(fake.sent('createTask')).toEqual([]);
      }
    });

    it('Turnstile: the token', async () => {
      ready();
      expect(await sdk().turnstile()).toBe(tokens.turnstile);
    });

    it('image: the text', async () => {
      ready();
      expect(await sdk().image()).toBe(tokens.imageText);
    });

    it('a failed task: the SDK reports ERROR_CAPTCHA_UNSOLVABLE', async () => {
      fake.reset();
      fake.fate = () => ({ polls: 0, fail: 'ERROR_CAPTCHA_UNSOLVABLE' });
      expect(await sdk().failure()).toEqual(failures[name]);
    });
  });
});
