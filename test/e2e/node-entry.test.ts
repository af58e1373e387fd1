/**
 * The Node entrypoint as operators run it, in its own process: command-line flags, the gateway
 * key file, HTTPS with a certificate made in the test for the names clients hard-code, and
 * graceful shutdown on SIGTERM.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys, startFakeUpstream, type FakeUpstream } from '../support/fake-upstream.ts';
import { makeCertificate } from '../support/certificate.ts';
import { spawnGateway } from '../support/spawn-gateway.ts';

let fake: FakeUpstream;
let dir: string;
beforeAll(async () => {
  fake = await startFakeUpstream();
  dir = mkdtempSync(join(tmpdir(), 'inres-entry-'));
});
afterAll(async () => {
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

const recaptcha = {
  method: 'userrecaptcha',
  googlekey: '6Le-wvkSAAAAAPBMRTvw0Q4Muexq9bi0DJwx_mJ-',
  pageurl: 'https://example.com/',
};
const query = (params: Record<string, string>) => new URLSearchParams(params).toString();

describe('command line', () => {
  it('flags set the settings and win over the environment', async () => {
    const gw = await spawnGateway({ UPSTREAM_URL: 'http://127.0.0.1:9', RATE_LIMIT_PER_IP: '50' }, 'node', [
      '--upstream',
      fake.url,
      '--rate-limit-per-ip=2',
    ]);
    try {
      const res = await fetch(`${gw.url}/res.php?${query({ key: keys.good, action: 'getbalance' })}`);
      expect(await res.text()).toBe('12.5000');
      expect(res.headers.get('x-ratelimit-limit')).toBe('2');
    } finally {
      await gw.kill();
    }
  });

  it('--help lists every setting as a flag and exits 0; an unknown flag exits 2', () => {
    const node = join(import.meta.dirname, '../../node_modules/.bin/node');
    const help = execFileSync(node, ['deploy/node/main.ts', '--help'], {
      cwd: join(import.meta.dirname, '../..'),
      encoding: 'utf8',
    });
    expect(help).toContain('--upstream-url, --upstream');
    expect(help).toContain('--rate-limit-per-ip');
    expect(help).toContain('--tls-cert');
    let status: number | null = null;
    try {
      execFileSync(node, ['deploy/node/main.ts', '--no-such-flag'], {
        cwd: join(import.meta.dirname, '../..'),
        stdio: 'pipe',
      });
    } catch (e) {
      status = (e as { status: number }).status;
    }
    expect(status).toBe(2);
  });
});

describe('GATEWAY_KEYS_FILE', () => {
  it('is read at start-up: the gateway key works, the upstream key alone does not', async () => {
    const file = join(dir, 'keys.json');
    writeFileSync(file, JSON.stringify({ gw_from_file_0000000000000000000001: { upstream: keys.good } }));
    const gw = await spawnGateway({ UPSTREAM_URL: fake.url, GATEWAY_KEYS_FILE: file });
    try {
      const ok = await fetch(
        `${gw.url}/res.php?${query({ key: 'gw_from_file_0000000000000000000001', action: 'getbalance' })}`,
      );
      const refused = await fetch(`${gw.url}/res.php?${query({ key: keys.good, action: 'getbalance' })}`);
      expect([await ok.text(), await refused.text()]).toEqual(['12.5000', 'ERROR_KEY_DOES_NOT_EXIST']);
    } finally {
      await gw.kill();
    }
    expect(gw.logs.map((l) => JSON.stringify(l)).join('\n')).not.toContain('gw_from_file');
  });
});

describe('SIGHUP', () => {
  it('reloads GATEWAY_KEYS_FILE; a broken file keeps the keys in use', async () => {
    const file = join(dir, 'reload.json');
    const [first, second] = ['gw_first_00000000000000000000000001', 'gw_second_0000000000000000000000002'];
    writeFileSync(file, JSON.stringify({ [first]: { upstream: keys.good } }));
    const gw = await spawnGateway({ UPSTREAM_URL: fake.url, GATEWAY_KEYS_FILE: file });
    const balance = async (key: string) =>
      (await fetch(`${gw.url}/res.php?${query({ key, action: 'getbalance' })}`)).text();
    const logged = (msg: string) => gw.logs.filter((l) => l.msg === msg).length;
    try {
      expect([await balance(first), await balance(second)]).toEqual(['12.5000', 'ERROR_KEY_DOES_NOT_EXIST']);
      writeFileSync(file, JSON.stringify({ [second]: { upstream: keys.good } }));
      gw.signal('SIGHUP');
      await until(() => logged('gateway keys reloaded') === 1);
      expect([await balance(first), await balance(second)]).toEqual(['ERROR_KEY_DOES_NOT_EXIST', '12.5000']);
      writeFileSync(file, '{ not json');
      gw.signal('SIGHUP');
      await until(() => logged('gateway keys not reloaded; the previous keys stay in use') === 1);
      expect(await balance(second)).toBe('12.5000');
    } finally {
      await gw.kill();
    }
  });
});

/** GET over HTTPS to 127.0.0.1, as a client whose hosts file sends `host` there. */
function httpsGet(port: number, path: string, host: string, ca?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      { host: '127.0.0.1', port, path, servername: host, headers: { host }, ca },
      (res: IncomingMessage) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString('utf8')));
        res.on('end', () => resolve({ status: res.statusCode!, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('TLS', () => {
  it('serves HTTPS with TLS_CERT and TLS_KEY to a client that trusts the certificate', async () => {
    const files = makeCertificate(dir, 'DNS:2captcha.com,DNS:rucaptcha.com,DNS:localhost,IP:127.0.0.1');
    const ca = readFileSync(files.cert, 'utf8');
    const gw = await spawnGateway({ UPSTREAM_URL: fake.url, TLS_CERT: files.cert, TLS_KEY: files.key });
    try {
      expect(gw.logs.find((l) => l.msg === 'listening')).toMatchObject({ tls: true });
      const port = Number(new URL(gw.url).port);
      for (const host of ['2captcha.com', 'rucaptcha.com']) {
        const res = await httpsGet(port, `/res.php?${query({ key: keys.good, action: 'getbalance' })}`, host, ca);
        expect(res).toEqual({ status: 200, body: '12.5000' });
      }
      const submitted = await httpsGet(port, `/in.php?${query({ key: keys.good, ...recaptcha })}`, '2captcha.com', ca);
      expect(submitted.body).toMatch(/^OK\|\d+$/);
      await expect(httpsGet(port, '/healthz', '2captcha.com')).rejects.toThrow(/self.signed|certificate/i);
    } finally {
      await gw.kill();
    }
  });
});

/** An upstream that holds every createTask until the test lets it go. */
async function startHeldUpstream(): Promise<{
  url: string;
  held: () => number;
  release: () => void;
  close: () => Promise<void>;
}> {
  const waiting: ServerResponse[] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    req.on('end', () => waiting.push(res));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    held: () => waiting.length,
    release() {
      for (const res of waiting.splice(0))
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"errorId":0,"taskId":"t-1"}');
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

async function until(what: () => boolean): Promise<void> {
  for (let i = 0; i < 400 && !what(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(what()).toBe(true);
}

describe('graceful shutdown', () => {
  it('on SIGTERM: stops accepting, finishes the request in flight, then exits', async () => {
    const upstream = await startHeldUpstream();
    const gw = await spawnGateway({
      UPSTREAM_URL: upstream.url,
      UPSTREAM_TIMEOUT_MS: '10000',
      SHUTDOWN_TIMEOUT_MS: '10000',
    });
    try {
      const inFlight = fetch(`${gw.url}/in.php?${query({ key: keys.good, ...recaptcha })}`).then((r) => r.text());
      await until(() => upstream.held() === 1);
      const exited = gw.kill('SIGTERM');
      await until(() => gw.logs.some((l) => l.msg === 'shutting down'));
      await expect(fetch(`${gw.url}/healthz`)).rejects.toThrow();
      upstream.release();
      expect(await inFlight).toMatch(/^OK\|\d+$/);
      await exited;
      expect(gw.logs.at(-1)).toMatchObject({ msg: 'stopped' });
    } finally {
      await gw.kill('SIGKILL');
      await upstream.close();
    }
  });

  it('cuts requests still running at SHUTDOWN_TIMEOUT_MS', async () => {
    const upstream = await startHeldUpstream();
    const gw = await spawnGateway({
      UPSTREAM_URL: upstream.url,
      UPSTREAM_TIMEOUT_MS: '30000',
      SHUTDOWN_TIMEOUT_MS: '200',
    });
    try {
      const inFlight = fetch(`${gw.url}/in.php?${query({ key: keys.good, ...recaptcha })}`).then(
        (r) => r.text(),
        (e: Error) => e,
      );
      await until(() => upstream.held() === 1);
      await gw.kill('SIGTERM');
      expect(await inFlight).toBeInstanceOf(Error);
      expect(gw.logs.map((l) => l.msg)).toEqual(
        expect.arrayContaining(['shutdown deadline reached; closing connections', 'stopped']),
      );
    } finally {
      await upstream.close();
    }
  });
});
