/**
 * inres as npm users get it: `npm pack` (which builds dist/ through `prepack`), the tarball
 * installed into an empty folder with no network (its dependencies copied in from this
 * checkout's node_modules, as a registry install would put them), then, on the machine's own Node
 * (the first `node` on PATH outside node_modules, as a user's shell finds it; Node 20 here):
 * `npx inres --help`, `npx inres --sandbox --port <free>` answering a submit and a poll on
 * 127.0.0.1, and a real upstream call through undici; the packaged Bun, Deno and Workers
 * entrypoints serving the sandbox, and a script that imports 'inres' and mounts it in its own
 * Hono app, on the machine's Node and on this checkout's Node 24.
 */
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, posix } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { minimumNode, nodeTooOld } from '../../deploy/node/node-version.ts';
import { keys, startFakeUpstream } from '../support/fake-upstream.ts';
import { startLocalWorker } from '../support/local-worker.ts';
import { typecheck } from '../support/typecheck.ts';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'inres-pack-'));
const app = join(work, 'app');
// npx and the bin's `#!/usr/bin/env node` find this checkout's Node 24 first.
const env = {
  ...process.env,
  PATH: `${dirname(process.execPath)}:${process.env.PATH}`,
  npm_config_update_notifier: 'false',
};
/** PATH as a user's shell has it: no node_modules/.bin, so `node` and `npx` are the machine's. */
const userPath = (process.env.PATH ?? '')
  .split(':')
  .filter((dir) => !dir.includes('node_modules'))
  .join(':');
const machineNode =
  execFileSync('which', ['-a', 'node'], { encoding: 'utf8', env: { ...process.env, PATH: userPath } })
    .split('\n')
    .find((p) => p && !p.includes('node_modules')) ?? process.execPath;
const machineVersion = execFileSync(machineNode, ['--version'], { encoding: 'utf8' }).trim();
const userEnv = { ...env, PATH: `${dirname(machineNode)}:${userPath}` };

/** The package's dependencies and theirs, as hoisted in node_modules. */
function dependencyClosure(): string[] {
  const seen = new Set<string>();
  const deps = (dir: string): string[] =>
    Object.keys(
      (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { dependencies?: object }).dependencies ?? {},
    );
  const todo = deps(root);
  while (todo.length) {
    const name = todo.pop()!;
    if (seen.has(name)) continue;
    seen.add(name);
    todo.push(...deps(join(root, 'node_modules', name)));
  }
  return [...seen];
}

let tarball: string;
interface Packed {
  filename: string;
  files: { path: string }[];
}
let packed: Packed;
beforeAll(async () => {
  const out = await run('npm', ['pack', '--json', '--pack-destination', work], { cwd: root, env });
  // prepack's build output comes first on stdout; npm's JSON report is the rest.
  packed = (JSON.parse(out.stdout.slice(out.stdout.search(/^\[/m))) as Packed[])[0]!;
  tarball = join(work, packed.filename);
  mkdirSync(app);
  writeFileSync(
    join(app, 'package.json'),
    JSON.stringify({ name: 'host', version: '1.0.0', type: 'module', private: true }),
  );
  for (const name of dependencyClosure())
    cpSync(join(root, 'node_modules', name), join(app, 'node_modules', name), { recursive: true });
  await run('npm', ['install', '--offline', '--no-audit', '--no-fund', tarball], { cwd: app, env });
}, 60_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the packed tarball', () => {
  it('holds JavaScript with declarations and no TypeScript sources or tests', () => {
    const paths = packed.files.map((f) => f.path);
    expect(paths).toContain('dist/deploy/node/main.js');
    expect(paths).toContain('dist/src/index.d.ts');
    expect(paths.filter((p) => /\.ts$/.test(p) && !p.endsWith('.d.ts'))).toEqual([]);
    expect(paths.filter((p) => p.startsWith('test/') || p.startsWith('bench/'))).toEqual([]);
  });

  it('its docs link only to what it ships, and ship the files they tell an operator to use', () => {
    const paths = new Set(packed.files.map((f) => f.path));
    const docs = [...paths].filter((p) => p.endsWith('.md'));
    expect(docs).toContain('README.md');
    expect(docs).toContain('docs/operating.md');
    const missing = docs.flatMap((doc) => {
      const text = readFileSync(join(root, doc), 'utf8');
      // Relative links, resolved from the document's folder.
      const links = [...text.matchAll(/\]\((?!https?:|mailto:|#)([^)#\s]+)/g)].map((m) =>
        posix.normalize(posix.join(posix.dirname(doc), m[1]!)),
      );
      // Named repository files that are not code (the code ships as dist/…js): dashboards, configs, Dockerfiles.
      const named = [...text.matchAll(/\b(deploy\/[\w./-]+)/g)]
        .map((m) => m[1]!.replace(/\.$/, ''))
        .filter((p) => !/\.(ts|js)$/.test(p) && existsSync(join(root, p)) && statSync(join(root, p)).isFile());
      return [...links, ...named].filter((target) => !paths.has(target)).map((target) => `${doc} → ${target}`);
    });
    expect(missing).toEqual([]);
  });

  it('resolves every documented entrypoint to a file', () => {
    const pkg = JSON.parse(readFileSync(join(app, 'node_modules/inres/package.json'), 'utf8')) as {
      exports: Record<string, string | { default: string }>;
    };
    for (const [sub, target] of Object.entries(pkg.exports)) {
      expect(
        existsSync(join(app, 'node_modules/inres', typeof target === 'string' ? target : target.default)),
        sub,
      ).toBe(true);
    }
  });
});

describe('the Node it needs', () => {
  it('engines says what the command checks', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { engines: { node: string } };
    expect(pkg.engines.node).toBe(`>=${minimumNode}`);
  });

  it('an older Node gets one line saying what to install; this one and newer pass', () => {
    expect(nodeTooOld('18.20.4')).toBe(
      'inres: needs Node.js 20.18.1 or later (this is 18.20.4); get it from https://nodejs.org/ or with `nvm install 24`',
    );
    expect(nodeTooOld('20.18.0')).toMatch(/^inres: needs Node\.js 20\.18\.1 or later \(this is 20\.18\.0\)/);
    for (const v of ['20.18.1', '20.20.2', '22.0.0', '24.9.0', '100.0.0']) expect(nodeTooOld(v), v).toBeUndefined();
  });
});

describe(`installed from the tarball, on the machine's Node (${machineVersion})`, () => {
  it('npx inres --help and --version', async () => {
    const { stdout } = await run('npx', ['--no-install', 'inres', '--help'], { cwd: app, env: userEnv });
    expect(stdout).toContain('usage: inres');
    expect(stdout).toContain('--sandbox');
    const version = await run('npx', ['--no-install', 'inres', '--version'], { cwd: app, env: userEnv });
    expect(version.stdout).toBe(
      `inres ${(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version}\n`,
    );
  });

  it('npx inres --upstream <fake> makes its upstream calls through undici', async () => {
    const fake = await startFakeUpstream();
    const port = await freePort();
    const child = spawn(
      'npx',
      ['--no-install', 'inres', '--upstream', fake.url, '--port', String(port), '--host', '127.0.0.1'],
      { cwd: app, env: userEnv, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
    );
    try {
      await listening(child);
      const res = await fetch(`http://127.0.0.1:${port}/res.php?key=${keys.good}&action=getbalance`);
      expect(await res.text()).toBe('12.5000');
      expect(fake.requests.map((r) => r.call)).toEqual(['getBalance']);
    } finally {
      process.kill(-child.pid!, 'SIGTERM');
      await fake.close();
    }
  }, 30_000);

  it('npx inres --sandbox --port <free>: a submit, CAPCHA_NOT_READY, then the fake answer', async () => {
    const port = await freePort();
    const child = spawn('npx', ['--no-install', 'inres', '--sandbox', '--port', String(port), '--host', '127.0.0.1'], {
      cwd: app,
      env: userEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    try {
      const log = await listening(child);
      expect(log).toContain('no captcha is really solved');
      const base = `http://127.0.0.1:${port}`;
      const submit = await (
        await fetch(
          `${base}/in.php?key=any&method=turnstile&sitekey=0x4AAAAAAAVrOwQWPlm3Bnr5&pageurl=https://example.com/`,
        )
      ).text();
      expect(submit).toMatch(/^OK\|\d+$/);
      const poll = () => fetch(`${base}/res.php?key=any&action=get&id=${submit.slice(3)}`).then((r) => r.text());
      expect(await poll()).toBe('CAPCHA_NOT_READY');
      let answer = '';
      // SANDBOX_DELAY_MS is 2000 by default: at most 40 polls, 100 ms apart.
      for (let i = 0; i < 40 && !answer.startsWith('OK|'); i++) {
        await new Promise((r) => setTimeout(r, 100));
        answer = await poll();
      }
      expect(answer).toMatch(/^OK\|SANDBOX-[0-9a-f]{8}$/);
    } finally {
      process.kill(-child.pid!, 'SIGTERM');
    }
  }, 30_000);
});

describe('installed from the tarball, on other runtimes', () => {
  // The Bun and Deno entrypoints as the package ships them (settings from the environment).
  const edge: [string, string, string[]][] = [
    ['bun', join(root, 'node_modules/.bin/bun'), ['node_modules/inres/dist/deploy/bun/main.js']],
    [
      'deno',
      join(root, 'node_modules/.bin/deno'),
      ['run', '--allow-net', '--allow-env', '--allow-read', 'node_modules/inres/dist/deploy/deno/main.js'],
    ],
  ];
  it.each(edge)(
    '%s runs the packaged entrypoint with the sandbox',
    async (_name, command, args) => {
      const port = await freePort();
      const child = spawn(command, args, {
        cwd: app,
        env: { ...env, PORT: String(port), HOST: '127.0.0.1', UPSTREAM_URL: 'sandbox', SANDBOX_DELAY_MS: '0' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      try {
        expect(await listening(child)).toContain('no captcha is really solved');
        const base = `http://127.0.0.1:${port}`;
        const submit = await (
          await fetch(`${base}/in.php?key=any&method=textcaptcha&textcaptcha=${encodeURIComponent('2+2?')}`)
        ).text();
        expect(submit).toMatch(/^OK\|\d+$/);
        expect(await (await fetch(`${base}/res.php?key=any&action=get&id=${submit.slice(3)}`)).text()).toMatch(
          /^OK\|SANDBOX-[0-9a-f]{8}$/,
        );
      } finally {
        child.kill('SIGKILL');
      }
    },
    30_000,
  );

  it('inres/workers: a Worker re-exporting it, bundled by wrangler from the installed package', async () => {
    writeFileSync(join(app, 'worker.js'), "export { default, TaskObject } from 'inres/workers';\n");
    writeFileSync(
      join(app, 'wrangler.jsonc'),
      JSON.stringify({
        name: 'host-worker',
        main: 'worker.js',
        compatibility_date: '2026-04-20',
        vars: { UPSTREAM_URL: 'sandbox', SANDBOX_DELAY_MS: '0' },
        durable_objects: { bindings: [{ name: 'TASKS', class_name: 'TaskObject' }] },
        migrations: [{ tag: 'v1', new_sqlite_classes: ['TaskObject'] }],
      }),
    );
    const worker = await startLocalWorker(join(app, 'wrangler.jsonc'));
    try {
      const base = (await worker.url).origin;
      const submit = await (await fetch(`${base}/in.php?key=any&method=textcaptcha&textcaptcha=hello`)).text();
      expect(submit).toMatch(/^OK\|\d{15}$/);
      expect(await (await fetch(`${base}/res.php?key=any&action=get&id=${submit.slice(3)}`)).text()).toMatch(
        /^OK\|SANDBOX-[0-9a-f]{8}$/,
      );
    } finally {
      await worker.dispose();
    }
  }, 30_000);

  it("a script importing 'inres' mounts it with app.route('/captcha', …)", async () => {
    writeFileSync(
      join(app, 'embed.ts'),
      `
import { Hono } from 'hono';
import { createInres, InvalidSettings } from 'inres';

let warned = '';
const host = new Hono();
host.get('/', (c) => c.text('the host app'));
host.route(
  '/captcha',
  createInres(
    { UPSTREAM_URL: 'sandbox', SANDBOX_DELAY_MS: 0 },
    { logger: { debug() {}, info() {}, warn: (msg) => (warned += msg), error() {} }, metrics: false },
  ),
);

const submit = await (await host.request('/captcha/in.php?key=k&method=userrecaptcha&googlekey=6LfD3PIbAAAAAJs_eEHvoOl75_83eXSqpPSRFJ_u&pageurl=https://example.com/')).text();
const poll = await (await host.request('/captcha/res.php?key=k&action=get&json=1&id=' + submit.slice(3))).text();
const own = await (await host.request('/')).text();
let refused = '';
try {
  createInres({ UPSTREAM_TIMEOUT_MS: 5 });
} catch (e) {
  refused = e instanceof InvalidSettings ? e.message : 'not InvalidSettings';
}
const metrics = (await host.request('/captcha/metrics')).status;
console.log(JSON.stringify({ submit, poll, own, refused, warned, metrics }));
`,
    );
    // The same script (it has no type annotations) as JavaScript for the machine's Node, which may not strip types.
    cpSync(join(app, 'embed.ts'), join(app, 'embed.mjs'));
    for (const [node, script] of [
      [process.execPath, 'embed.ts'],
      [machineNode, 'embed.mjs'],
    ] as const) {
      const { stdout } = await run(node, [script], { cwd: app, env });
      const out = JSON.parse(stdout) as Record<string, string>;
      expect(out.submit, node).toMatch(/^OK\|\d+$/);
      expect(JSON.parse(out.poll!)).toEqual({ status: 1, request: expect.stringMatching(/^SANDBOX-[0-9a-f]{8}$/) });
      expect(out.own).toBe('the host app');
      expect(out.refused).toBe('inres: invalid setting UPSTREAM_TIMEOUT_MS: expected an integer from 100 to 600000');
      expect(out.warned).toBe('sandbox upstream: no captcha is really solved; every answer is a fake SANDBOX value');
      expect(out.metrics).toBe(404);
    }
    // The declarations type the same script.
    await typecheck(app, 'embed.ts');
  }, 30_000);
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/** The process's output up to its `listening` line (at most 15 s). */
function listening(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`no listening line: ${out}`)), 15_000);
    const take = (d: Buffer) => {
      out += d;
      if (out.includes('"msg":"listening"')) {
        clearTimeout(timer);
        resolve(out);
      }
    };
    child.stdout!.on('data', take);
    child.stderr!.on('data', take);
    child.on('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
  });
}
