/**
 * docs/clients.md's npm recipes, exactly as written: every ```js and ```ts block is taken from
 * the page, `http://localhost:8080` replaced by a sandbox inres on 127.0.0.1 (`npm start`'s
 * entrypoint), the TypeScript ones type-checked by tsc, then each run by Node with the real
 * client package from node_modules, with every other host name unresolvable. Each must print a
 * sandbox token (or an image's sandbox text), which only inres gives.
 *
 * A recipe with no `http://localhost:8080` is a hosts-file recipe: its client hard-codes its
 * vendor's https host, which a test machine cannot point at inres (no hosts file of its own, no
 * port 443). Its code runs unchanged in this process instead, with Node's default https agent
 * sending that host's connections to inres (routeHostsTo, as test/dbc/clients.test.ts routes).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { png } from '../support/images.ts';
// The hosts-file recipes run in this process: here too no host name but localhost resolves.
import '../support/loopback-only.ts';
import { routeHostsTo } from '../support/route-2captcha.ts';
import { spawnGateway, type SpawnedGateway } from '../support/spawn-gateway.ts';
import { typecheck } from '../support/typecheck.ts';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../..');
const page = readFileSync(join(root, 'docs/clients.md'), 'utf8');
const placeholder = 'http://localhost:8080';
/** Preloaded into each recipe: no host name but localhost resolves (a client that ignored the override fails here). */
const guard = join(root, 'test/support/loopback-only.ts');
/** The clients whose host is written into their code, and that host: their recipes use the hosts file. */
const hardCoded: Record<string, string> = {
  '@antiadmin/anticaptchaofficial': 'api.anti-captcha.com',
  'capsolver-npm': 'api.capsolver.com',
  'deathbycaptcha-lib': 'api.dbcapi.me',
};
const recipes = [...page.matchAll(/^```(js|ts)\n([\s\S]*?)^```$/gm)].map((m, i) => {
  const code = m[2]!;
  const routed = !code.includes(placeholder);
  // Named by the package it loads, or (a hand-written client) by the path prefix it calls.
  const pkg = /(?:from |require\()'((?!node:)[^']+)'/.exec(code)?.[1];
  const client = pkg ?? `fetch ${/localhost:8080(\/\w+)/.exec(code)?.[1] ?? '(no prefix)'}`;
  const ext = m[1] === 'ts' ? 'ts' : code.includes('require(') ? 'cjs' : 'mjs';
  return { lang: m[1] as 'js' | 'ts', code, client, routed, file: `recipe-${i}.${ext}` };
});
const sandboxLine = /^SANDBOX-[0-9a-f]{8}$/;
/** The hand-written client's lines again with uCaptcha's base URL, as the page says to use them. */
const written = recipes.filter((r) => !r.routed);
const v2 = written.find((r) => r.client === 'fetch /2captcha');
const ucaptcha = v2 && {
  ...v2,
  client: 'fetch /ucaptcha',
  code: v2.code.replace(`'${placeholder}/2captcha'`, `'${placeholder}/ucaptcha'`),
  file: v2.file.replace('.mjs', '-ucaptcha.mjs'),
};
if (ucaptcha) written.push(ucaptcha);

const dir = mkdtempSync(join(tmpdir(), 'inres-recipes-'));
let gw: SpawnedGateway;
beforeAll(async () => {
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module', private: true }));
  // The image the DBC image recipe uploads.
  writeFileSync(join(dir, 'captcha.png'), png);
  gw = await spawnGateway({ UPSTREAM_URL: 'sandbox', SANDBOX_DELAY_MS: '0' });
}, 30_000);
afterAll(async () => {
  await gw?.kill();
  rmSync(dir, { recursive: true, force: true });
});

describe('docs/clients.md', () => {
  it('has its recipes for each client, each aimed at the placeholder or using the hosts file', () => {
    expect(recipes.map((r) => `${r.client} ${r.lang}${r.routed ? ' hosts-file' : ''}`).sort()).toEqual(
      [
        ...['2captcha', '2captcha-ts', '@2captcha/captcha-solver'].flatMap((c) => [`${c} js`, `${c} ts`]),
        '@antiadmin/anticaptchaofficial js',
        '@antiadmin/anticaptchaofficial js hosts-file',
        '@zennolab_com/capmonstercloud-client ts',
        'capsolver-npm js hosts-file',
        'fetch /2captcha js',
        'deathbycaptcha js',
        'deathbycaptcha-lib js hosts-file',
      ].sort(),
    );
    expect(ucaptcha?.code).toContain(`'${placeholder}/ucaptcha'`);
    for (const { code, client, routed } of recipes) {
      if (routed) expect(Object.keys(hardCoded)).toContain(client);
      // Loopback only: a recipe that named a vendor's host would send the test there.
      expect(code).not.toMatch(
        /2captcha\.com|rucaptcha\.com|anti-captcha\.com|capsolver\.com|capmonster\.cloud|dbcapi\.me/,
      );
    }
  });

  it.concurrent.each(written.map((r) => [`${r.client} (${r.lang})`, r] as const))(
    '%s, run as written, solves a sandbox captcha through inres',
    async (_name, recipe) => {
      writeFileSync(join(dir, recipe.file), recipe.code.replaceAll(placeholder, gw.url));
      if (recipe.lang === 'ts') await typecheck(dir, recipe.file, ['--types', 'node']);
      const { stdout } = await run(process.execPath, ['--import', guard, recipe.file], { cwd: dir, timeout: 30_000 });
      expect(stdout.split('\n')).toEqual([expect.stringMatching(sandboxLine), '']);
    },
    40_000,
  );

  describe('hosts-file recipes: their code in this process, the vendor hosts routed to inres', () => {
    let unroute: () => void;
    beforeAll(() => {
      unroute = routeHostsTo(new Set(Object.values(hardCoded)), Number(new URL(gw.url).port));
    });
    afterAll(() => {
      unroute();
      // Kept-alive sockets lead to this gateway, which is going away.
      https.globalAgent.destroy();
    });

    it.each(recipes.filter((r) => r.routed).map((r) => [r.client, r] as const))(
      '%s solves a sandbox reCAPTCHA through inres',
      async (_name, recipe) => {
        // capsolver-npm ships its TypeScript source only (no dist/ for its `main`): vitest compiles it.
        const code = recipe.code.replace("from 'capsolver-npm'", "from 'capsolver-npm/src/index.ts'");
        writeFileSync(join(dir, recipe.file), code);
        const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
        try {
          await import(/* @vite-ignore */ join(dir, recipe.file));
          // The DBC client answers through a callback, after the module has run, and logs its own lines first.
          const printed = () => log.mock.calls.at(-1)?.[0] as unknown;
          await vi.waitFor(() => expect(printed()).toMatch(sandboxLine), { timeout: 30_000, interval: 100 });
        } finally {
          log.mockRestore();
        }
      },
      40_000,
    );
  });
});
