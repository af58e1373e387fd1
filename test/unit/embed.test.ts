/**
 * createInres(settings): settings as an object, through the same schema as the environment,
 * values spelled as code spells them; an unknown name or a bad value is refused by name.
 */
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { createInres, embeddedSettings, InvalidSettings } from '../../src/embed.ts';

describe('embeddedSettings', () => {
  it('takes numbers, lists and objects where the environment takes text', () => {
    const s = embeddedSettings({
      UPSTREAM_TIMEOUT_MS: 5000,
      TRUSTED_PROXIES: ['10.0.0.0/8', '127.0.0.1'],
      GATEWAY_KEYS: { gw: { upstream: 'up' } },
      UPSTREAMS: [{ url: 'https://api.example.com', dialect: 'capsolver' }],
    });
    expect(s.UPSTREAM_TIMEOUT_MS).toBe(5000);
    expect(s.TRUSTED_PROXIES).toEqual(['10.0.0.0/8', '127.0.0.1']);
    expect(s.GATEWAY_KEYS).toMatchObject({ gw: { upstream: 'up' } });
    expect(s.UPSTREAMS?.[0]).toMatchObject({ url: 'https://api.example.com', dialect: 'capsolver' });
  });

  it('refuses an unknown setting and a bad value by name, never echoing the value', () => {
    expect(() => embeddedSettings({ UPSTREAM: 'x' } as never)).toThrow(new InvalidSettings('unknown setting UPSTREAM'));
    expect(() => embeddedSettings({ UPSTREAM_URL: 'ftp://user:secret@x' })).toThrow(
      'inres: invalid setting UPSTREAM_URL: expected an http(s) URL',
    );
  });
});

describe('createInres', () => {
  it('mounts under a prefix of a host app: a sandbox submit and poll at /captcha', async () => {
    const host = new Hono();
    host.route('/captcha', createInres({ UPSTREAM_URL: 'sandbox', SANDBOX_DELAY_MS: 0 }));
    const submit = await (
      await host.request(
        '/captcha/in.php?key=k&method=turnstile&sitekey=0x4AAAAAAAVrOwQWPlm3Bnr5&pageurl=https://example.com/',
      )
    ).text();
    expect(submit).toMatch(/^OK\|\d+$/);
    const poll = await host.request(`/captcha/res.php?key=k&action=get&id=${submit.slice(3)}`);
    expect(await poll.text()).toMatch(/^OK\|SANDBOX-[0-9a-f]{8}$/);
    expect((await host.request('/in.php')).status).toBe(404);
  });

  it('passes the modern API through to the sandbox too', async () => {
    const app = createInres({ UPSTREAM_URL: 'sandbox', SANDBOX_DELAY_MS: 0 });
    const post = async (call: string, body: object) =>
      (
        await app.request(`/${call}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        })
      ).json();
    const created = (await post('createTask', {
      clientKey: 'k',
      task: { type: 'TurnstileTaskProxyless', websiteURL: 'https://example.com/', websiteKey: 'x' },
    })) as { errorId: number; taskId: string };
    expect(created).toEqual({ errorId: 0, taskId: expect.stringMatching(/^sandbox-/) });
    expect(await post('getTaskResult', { clientKey: 'k', taskId: created.taskId })).toMatchObject({
      errorId: 0,
      status: 'ready',
      solution: { token: expect.stringMatching(/^SANDBOX-/) },
    });
  });
});
