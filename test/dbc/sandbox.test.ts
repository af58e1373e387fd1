/**
 * The sandbox upstream (UPSTREAM_URL=sandbox) through the DBC face, as a bot author meets it:
 * DBC's official Node client, unchanged, its api.dbcapi.me routed to inres, no upstream at all.
 */
import https from 'node:https';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxBalance } from '../../src/sandbox/transport.ts';
import { startGateway, type TestGateway } from '../support/gateway.ts';
import { png } from '../support/images.ts';
import { routeHostsTo } from '../support/route-2captcha.ts';

interface LibClient {
  decode(args: { captcha?: Buffer; extra: Record<string, unknown> }, cb: (c: { text: string } | null) => void): void;
  get_balance(cb: (balance: number | null) => void): void;
}
const lib = createRequire(import.meta.url)('deathbycaptcha-lib') as {
  HttpClient: new (username: string, password: string) => LibClient;
};

let gw: TestGateway;
let timer: ReturnType<typeof setInterval>;
let unroute: () => void;
beforeAll(async () => {
  gw = await startGateway('sandbox', { SANDBOX_DELAY_MS: '0' });
  timer = setInterval(() => void gw.tick(), 50);
  unroute = routeHostsTo(new Set(['api.dbcapi.me']), Number(new URL(gw.url).port));
});
afterAll(async () => {
  clearInterval(timer);
  unroute();
  https.globalAgent.destroy();
  await gw.close();
});

const client = () => new lib.HttpClient('authtoken', 'any-key-at-all');
const decode = (args: Parameters<LibClient['decode']>[0]) => new Promise((resolve) => client().decode(args, resolve));
const sandboxText = /^SANDBOX-[0-9a-f]{8}$/;

describe('deathbycaptcha-lib against the sandbox', () => {
  it('an image and a reCAPTCHA v2 token: SANDBOX answers', async () => {
    expect(await decode({ captcha: png, extra: {} })).toMatchObject({ text: expect.stringMatching(sandboxText) });
    const token_params = JSON.stringify({
      googlekey: '6LfD3PIbAAAAAJs_eEHvoOl75_83eXSqpPSRFJ_u',
      pageurl: 'https://example.com',
    });
    expect(await decode({ extra: { type: 4, token_params } })).toMatchObject({
      text: expect.stringMatching(sandboxText),
    });
  });

  it('the balance, in US cents', async () => {
    expect(await new Promise((resolve) => client().get_balance(resolve))).toBe(sandboxBalance * 100);
  });
});
