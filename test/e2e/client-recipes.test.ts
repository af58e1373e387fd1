/**
 * docs/clients.md's npm recipes, exactly as written: every ```js and ```ts block is taken from
 * the page, `http://localhost:8080` replaced by a sandbox inres on 127.0.0.1 (`npm start`'s
 * entrypoint), the TypeScript ones type-checked by tsc, then each run by Node with the real
 * client package from node_modules, with every other host name unresolvable. Each must print a
 * sandbox token, which only inres gives.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnGateway, type SpawnedGateway } from '../support/spawn-gateway.ts';
import { typecheck } from '../support/typecheck.ts';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../..');
const page = readFileSync(join(root, 'docs/clients.md'), 'utf8');
const placeholder = 'http://localhost:8080';
/** Preloaded into each recipe: no host name but localhost resolves (a client that ignored the override fails here). */
const guard = join(root, 'test/support/loopback-only.ts');
const recipes = [...page.matchAll(/^```(js|ts)\n([\s\S]*?)^```$/gm)].map((m) => ({
  lang: m[1] as 'js' | 'ts',
  code: m[2]!,
  client: /from '([^']+)'/.exec(m[2]!)?.[1] ?? '(no import)',
}));

// The recipes resolve the clients through a node_modules link; Node strips no types under node_modules itself.
const dir = mkdtempSync(join(tmpdir(), 'inres-recipes-'));
let gw: SpawnedGateway;
beforeAll(async () => {
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module', private: true }));
  gw = await spawnGateway({ UPSTREAM_URL: 'sandbox', SANDBOX_DELAY_MS: '0' });
}, 30_000);
afterAll(async () => {
  await gw?.kill();
  rmSync(dir, { recursive: true, force: true });
});

describe('docs/clients.md', () => {
  it('has a JavaScript and a TypeScript recipe for each npm client, each aimed at the placeholder only', () => {
    expect(recipes.map((r) => `${r.client} ${r.lang}`).sort()).toEqual(
      ['2captcha', '2captcha-ts', '@2captcha/captcha-solver'].flatMap((c) => [`${c} js`, `${c} ts`]).sort(),
    );
    for (const { code } of recipes) {
      expect(code).toContain(placeholder);
      // Loopback only: a recipe that still named 2captcha.com would send the test there.
      expect(code).not.toMatch(/2captcha\.com|rucaptcha\.com/);
    }
  });

  it.concurrent.each(recipes.map((r, i) => [`${r.client} (${r.lang})`, r, i] as const))(
    '%s, run as written, solves a sandbox reCAPTCHA through inres',
    async (_name, recipe, i) => {
      const file = `recipe-${i}.${recipe.lang === 'ts' ? 'ts' : 'mjs'}`;
      writeFileSync(join(dir, file), recipe.code.replaceAll(placeholder, gw.url));
      if (recipe.lang === 'ts') await typecheck(dir, file, ['--types', 'node']);
      const { stdout } = await run(process.execPath, ['--import', guard, file], { cwd: dir, timeout: 30_000 });
      expect(stdout).toMatch(/^SANDBOX-[0-9a-f]{8}\n$/);
    },
    40_000,
  );
});
