/**
 * createInres(settings, options): settings as an object, through the same schema as the
 * environment, values spelled as code spells them; an unknown name or a bad value is refused by
 * name. Served by @hono/node-server on 127.0.0.1, it tells clients apart by their socket's peer
 * address (two loopback source addresses, 127.0.0.1 and 127.0.0.2) with no option set; it logs
 * through the logger given (console by default); metrics, OpenAPI and the modern face can be left out.
 */
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createInres, embeddedSettings, InvalidSettings } from '../../src/embed.ts';
import type { Logger } from '../../src/ops/log.ts';

/** A logger that keeps its lines. */
function recording(): { logger: Logger; lines: { level: string; msg: string; fields?: Record<string, unknown> }[] } {
  const lines: { level: string; msg: string; fields?: Record<string, unknown> }[] = [];
  const at = (level: string) => (msg: string, fields?: Record<string, unknown>) => lines.push({ level, msg, fields });
  return { logger: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') }, lines };
}

/** GET `path` from the source address `from` (any 127/8 address is this machine). */
function getFrom(from: string, port: number, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, localAddress: from, agent: false }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString('utf8')));
      res.on('end', () => resolve(body));
    });
    req.on('error', reject);
    req.end();
  });
}

let server: ServerType | undefined;
afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

/** `app` served by @hono/node-server on 127.0.0.1; its port. */
function serveOnLoopback(app: Hono): Promise<number> {
  return new Promise((resolve) => {
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => resolve(info.port));
  });
}

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

  it('serves the modern API over the sandbox too', async () => {
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
    })) as { errorId: number; taskId: number };
    // The gateway's own id, an integer as the anti-captcha family (the default) reads it.
    expect(created).toEqual({ errorId: 0, taskId: expect.any(Number) });
    expect(await post('getTaskResult', { clientKey: 'k', taskId: created.taskId })).toMatchObject({
      errorId: 0,
      status: 'ready',
      solution: { token: expect.stringMatching(/^SANDBOX-/) },
    });
  });
});

describe('createInres options', () => {
  const balance = '/captcha/res.php?key=k&action=getbalance';

  it('tells clients apart by the peer address @hono/node-server gives, with no option set', async () => {
    const { logger, lines } = recording();
    const host = new Hono();
    host.route(
      '/captcha',
      createInres({ UPSTREAM_URL: 'sandbox', RATE_LIMIT_PER_IP: 2, RATE_LIMIT_WINDOW_SECONDS: 3600 }, { logger }),
    );
    const port = await serveOnLoopback(host);
    expect(await getFrom('127.0.0.1', port, balance)).toBe('100.0000');
    expect(await getFrom('127.0.0.1', port, balance)).toBe('100.0000');
    expect(await getFrom('127.0.0.1', port, balance)).toBe('ERROR: 1005');
    // Another client, its own bucket.
    expect(await getFrom('127.0.0.2', port, balance)).toBe('100.0000');
    expect(lines.filter((l) => l.msg === 'request').map((l) => l.fields?.ip)).toEqual([
      '127.0.0.1',
      '127.0.0.1',
      '127.0.0.1',
      '127.0.0.2',
    ]);
  });

  it('takes the adapter’s getConnInfo as connInfo', async () => {
    const { logger, lines } = recording();
    const app = createInres(
      { UPSTREAM_URL: 'sandbox' },
      { logger, connInfo: () => ({ remote: { address: '203.0.113.7' } }) },
    );
    expect(await (await app.request('/res.php?key=k&action=getbalance')).text()).toBe('100.0000');
    expect(lines.find((l) => l.msg === 'request')?.fields?.ip).toBe('203.0.113.7');
  });

  it('logs through the logger given: the sandbox warning at creation', () => {
    const { logger, lines } = recording();
    createInres({ UPSTREAM_URL: 'sandbox', SANDBOX_DELAY_MS: 0 }, { logger });
    expect(lines).toEqual([
      {
        level: 'warn',
        msg: 'sandbox upstream: no captcha is really solved; every answer is a fake SANDBOX value',
        fields: { delayMs: 0 },
      },
    ]);
  });

  it('logs JSON lines through console.log at LOG_LEVEL when no logger is given', () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      createInres({ UPSTREAM_URL: 'sandbox', SANDBOX_DELAY_MS: 0 });
      createInres({ UPSTREAM_URL: 'sandbox', LOG_LEVEL: 'error' });
      expect(log.mock.calls.map(([line]) => JSON.parse(line as string) as Record<string, unknown>)).toEqual([
        expect.objectContaining({ level: 'warn', msg: expect.stringMatching(/^sandbox upstream/), delayMs: 0 }),
      ]);
    } finally {
      log.mockRestore();
    }
  });

  it('serves /metrics, /openapi.json and the modern API by default; metrics, openapi, modern: false leave them out', async () => {
    const { logger } = recording();
    const createTask = {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        clientKey: 'k',
        task: { type: 'TurnstileTaskProxyless', websiteURL: 'https://example.com/', websiteKey: 'x' },
      }),
    };
    const statuses = async (app: ReturnType<typeof createInres>) => [
      (await app.request('/metrics')).status,
      (await app.request('/openapi.json')).status,
      (await app.request('/createTask', createTask)).status,
      (await app.request('/res.php?key=k&action=getbalance')).status,
      (await app.request('/healthz')).status,
    ];
    const settings = { UPSTREAM_URL: 'sandbox' } as const;
    expect(await statuses(createInres(settings, { logger }))).toEqual([200, 200, 200, 200, 200]);
    expect(await statuses(createInres(settings, { logger, metrics: false }))).toEqual([404, 200, 200, 200, 200]);
    expect(await statuses(createInres(settings, { logger, openapi: false }))).toEqual([200, 404, 200, 200, 200]);
    expect(await statuses(createInres(settings, { logger, modern: false }))).toEqual([200, 200, 404, 200, 200]);
  });
});
