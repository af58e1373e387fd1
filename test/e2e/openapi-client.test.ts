/**
 * The OpenAPI document is usable: openapi-typescript generates types from the /openapi.json a
 * sandbox gateway on 127.0.0.1 serves, a client written against them with openapi-fetch
 * type-checks (tsc --strict), and, run, submits a reCAPTCHA as a form POST and polls the answer
 * with GET until it is ready, sending the key the way the document's security scheme says.
 */
import { serve, type ServerType } from '@hono/node-server';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInres } from '../../src/embed.ts';
import { silentLogger } from '../../src/ops/log.ts';
import { typecheck } from '../support/typecheck.ts';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../..');
// The client resolves openapi-fetch through a node_modules link (Node strips no types under node_modules itself).
const dir = mkdtempSync(join(tmpdir(), 'inres-openapi-client-'));
let server: ServerType;
let base: string;

beforeAll(async () => {
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module', private: true }));
  const app = createInres({ UPSTREAM_URL: 'sandbox', SANDBOX_DELAY_MS: 300 }, { logger: silentLogger });
  const port = await new Promise<number>((ok) => {
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => ok(info.port));
  });
  base = `http://127.0.0.1:${port}`;
});
afterAll(async () => {
  await new Promise<void>((ok) => server.close(() => ok()));
  rmSync(dir, { recursive: true, force: true });
});

const client = `
import createClient from 'openapi-fetch';
import type { paths } from './api.ts';

const client = createClient<paths>({ baseUrl: process.argv[2] });
// The security scheme: an apiKey named key in the query.
client.use({
  onRequest({ request }) {
    const url = new URL(request.url);
    url.searchParams.set('key', 'any-key');
    return new Request(url, request);
  },
});

const submitted = await client.POST('/in.php', {
  body: {
    method: 'userrecaptcha',
    googlekey: '6Le-wvkSAAAAAPBMRTvw0Q4Muexq9bi0DJwx_mJ-',
    pageurl: 'https://example.com/login',
    json: '1',
  },
  bodySerializer: (body) => new URLSearchParams(body as Record<string, string>),
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
});
const id = (submitted.data as { status: number; request: string }).request;
// The types know the method table: a method it lacks does not compile.
// @ts-expect-error: no such method
void (() => client.POST('/in.php', { body: { method: 'no-such-method', pageurl: 'https://example.com/' } }));
const polls: unknown[] = [];
// SANDBOX_DELAY_MS=300: at most 40 polls, 50 ms apart.
for (let i = 0; i < 40; i++) {
  const { data } = await client.GET('/res.php', { params: { query: { action: 'get', id, json: '1' } } });
  polls.push(data);
  if ((data as { status: number }).status === 1) break;
  await new Promise((r) => setTimeout(r, 50));
}
console.log(JSON.stringify({ submitted: submitted.data, polls }));
`;

describe('a typed client generated from /openapi.json', () => {
  it('type-checks, submits a reCAPTCHA to the sandbox and polls its answer', async () => {
    await run(
      process.execPath,
      [join(root, 'node_modules/openapi-typescript/bin/cli.js'), `${base}/openapi.json`, '-o', join(dir, 'api.ts')],
      { cwd: dir },
    );
    writeFileSync(join(dir, 'client.ts'), client);
    await typecheck(dir, 'client.ts', ['--allowImportingTsExtensions', '--types', 'node']);
    const { stdout } = await run(process.execPath, [join(dir, 'client.ts'), base], { cwd: dir });
    const { submitted, polls } = JSON.parse(stdout) as { submitted: unknown; polls: unknown[] };
    expect(submitted).toEqual({ status: 1, request: expect.stringMatching(/^\d+$/) });
    expect(polls[0]).toEqual({ status: 0, request: 'CAPCHA_NOT_READY' });
    expect(polls.at(-1)).toEqual({ status: 1, request: expect.stringMatching(/^SANDBOX-[0-9a-f]{8}$/) });
  }, 60_000);
});
