/**
 * createInres served by Bun's and Deno's own servers (`Bun.serve`, `Deno.serve` with `app.fetch`),
 * with no option set: the per-IP rate limit and the access log see the peer address each runtime
 * hands Hono, read from `c.env` as src/embed.ts does (Node's @hono/node-server: test/unit/embed.test.ts).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'inres-embed-peer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Serves createInres on 127.0.0.1, asks for the balance three times, prints the answers and logged ips. */
const script = (serve: string) => `
import { createInres } from '${join(root, 'src/embed.ts')}';
const ips = [];
const logger = { debug() {}, warn() {}, error() {}, info: (msg, f) => msg === 'request' && ips.push(f.ip) };
const app = createInres({ UPSTREAM_URL: 'sandbox', RATE_LIMIT_PER_IP: 2, RATE_LIMIT_WINDOW_SECONDS: 3600 }, { logger });
const { port, stop } = await (${serve})(app.fetch);
const answers = [];
for (let i = 0; i < 3; i++)
  answers.push(await (await fetch('http://127.0.0.1:' + port + '/res.php?key=k&action=getbalance')).text());
console.log(JSON.stringify({ answers, ips }));
await stop();
`;

const runtimes: [string, string[], string][] = [
  [
    'bun',
    [join(root, 'node_modules/.bin/bun')],
    `async (fetch) => { const s = Bun.serve({ port: 0, hostname: '127.0.0.1', fetch }); return { port: s.port, stop: () => s.stop(true) }; }`,
  ],
  [
    'deno',
    [
      join(root, 'node_modules/.bin/deno'),
      'run',
      '--allow-net',
      '--allow-env',
      '--allow-read',
      '--config',
      join(root, 'deploy/deno/deno.json'),
    ],
    `(fetch) => new Promise((ok) => { const s = Deno.serve({ port: 0, hostname: '127.0.0.1', onListen: ({ port }) => ok({ port, stop: () => s.shutdown() }) }, fetch); })`,
  ],
];

describe.each(runtimes)('createInres served by %s', (name, [command, ...args], serve) => {
  it('counts each client by the peer address the runtime gives, with no option set', async () => {
    const file = join(dir, `${name}.ts`);
    writeFileSync(file, script(serve));
    const { stdout } = await run(command!, [...args, file], {
      cwd: root,
      env: { ...process.env, DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' },
      timeout: 20_000,
    });
    expect(JSON.parse(stdout.trim().split('\n').at(-1)!)).toEqual({
      answers: ['100.0000', '100.0000', 'ERROR: 1005'],
      ips: ['127.0.0.1', '127.0.0.1', '127.0.0.1'],
    });
  }, 30_000);
});
