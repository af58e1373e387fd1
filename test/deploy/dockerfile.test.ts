/**
 * deploy/node/Dockerfile cannot be built here (no Docker engine), so it is checked instead:
 * linted by dockerfile-utils (the VS Code Docker extension's validator), held to the
 * conventions (multi-stage, `npm ci --omit=dev`, non-root, HEALTHCHECK on /healthz), its
 * HEALTHCHECK command run against real gateways, over HTTP and with TLS on, and the image's files
 * shown to suffice.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { validate } from 'dockerfile-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeUpstream, type FakeUpstream } from '../support/fake-upstream.ts';
import { makeCertificate } from '../support/certificate.ts';
import { startGateway, type TestGateway } from '../support/gateway.ts';
import { spawnGateway, type SpawnedGateway } from '../support/spawn-gateway.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dockerfile = readFileSync(join(root, 'deploy/node/Dockerfile'), 'utf8');
/** Instructions with their continuation lines joined, comments dropped. */
const instructions = dockerfile
  .replace(/\\\n\s*/g, ' ')
  .split('\n')
  .filter((l) => l.trim() && !l.startsWith('#'));
const stages = instructions
  .join('\n')
  .split(/^FROM /m)
  .slice(1);
const finalStage = stages.at(-1)!;

describe('deploy/node/Dockerfile', () => {
  it('passes the linter', () => {
    expect(validate(dockerfile).map((d) => `line ${d.range.start.line + 1}: ${d.message}`)).toEqual([]);
  });

  it('the linter can fail', () => {
    expect(validate('FROM node:24-slim\nHEALTHCHECK CMD\nEXPOSE http\n').length).toBeGreaterThan(0);
  });

  it('is multi-stage, installs with npm ci --omit=dev, runs as a non-root user', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(stages[0]).toMatch(/^RUN npm ci --omit=dev\b/m);
    expect(finalStage).toMatch(/^COPY --from=\S+ \/app\/node_modules /m);
    expect(finalStage).toMatch(/^USER node$/m);
    expect(finalStage).toMatch(/^CMD \["node", "deploy\/node\/main\.ts"\]$/m);
    expect(finalStage).toMatch(/^HEALTHCHECK .*CMD \["node", "deploy\/node\/healthcheck\.ts"\]$/m);
    expect(readFileSync(join(root, 'deploy/node/healthcheck.ts'), 'utf8')).toContain("path: '/healthz'");
  });

  it('copies only what exists, and the dockerignore lets it through', () => {
    const ignore = readFileSync(join(root, 'deploy/node/Dockerfile.dockerignore'), 'utf8');
    const copied = [...dockerfile.matchAll(/^COPY (?!--from)(.+) \S+$/gm)].flatMap((m) => m[1]!.split(' '));
    expect(copied).toEqual([
      'package.json',
      'package-lock.json',
      'package.json',
      'src',
      'deploy/node',
      'deploy/shared',
    ]);
    for (const path of copied) {
      expect(readdirSync(join(root, path, '..'))).toContain(path.split('/').at(-1));
      expect(ignore).toMatch(new RegExp(`^!${path.replace('.', '\\.')}(/\\*\\*)?$`, 'm'));
    }
  });

  it('the image’s code imports production dependencies only (dev ones are not installed there)', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    const files = ['src', 'deploy/node', 'deploy/shared'].flatMap((dir) =>
      readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })
        .filter((f) => f.endsWith('.ts'))
        .map((f) => join(root, dir, f)),
    );
    const imported = new Set(
      files.flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/\bfrom ['"]([^'".][^'"]*)['"]/g)].map((m) => m[1]!)),
    );
    const packages = [...imported]
      .filter((s) => !s.startsWith('node:'))
      .map((s) =>
        s
          .split('/')
          .slice(0, s.startsWith('@') ? 2 : 1)
          .join('/'),
      );
    expect(packages.length).toBeGreaterThan(0);
    for (const name of packages) expect(Object.keys(pkg.dependencies)).toContain(name);
  });

  it('the image’s code imports only files the image holds (the folders the Dockerfile copies)', () => {
    const dirs = [...dockerfile.matchAll(/^COPY (?!--from)(\S+) \S+$/gm)]
      .map((m) => m[1]!)
      .filter((p) => !p.includes('.'));
    const files = dirs.flatMap((dir) =>
      readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })
        .filter((f) => f.endsWith('.ts'))
        .map((f) => join(root, dir, f)),
    );
    const outside = files.flatMap((f) =>
      [...readFileSync(f, 'utf8').matchAll(/\bfrom ['"](\.[^'"]*)['"]/g)]
        .map((m) => relative(root, join(dirname(f), m[1]!)))
        .filter((target) => !dirs.some((dir) => target.startsWith(`${dir}/`))),
    );
    expect(outside).toEqual([]);
  });

  describe('its HEALTHCHECK command', () => {
    let fake: FakeUpstream;
    let gw: TestGateway;
    let tlsGateway: SpawnedGateway;
    const dir = mkdtempSync(join(tmpdir(), 'inres-health-'));
    beforeAll(async () => {
      fake = await startFakeUpstream();
      gw = await startGateway(fake.url);
      const files = makeCertificate(dir, 'DNS:inres.example,IP:127.0.0.1');
      tlsGateway = await spawnGateway({ UPSTREAM_URL: fake.url, TLS_CERT: files.cert, TLS_KEY: files.key });
    }, 30_000);
    afterAll(async () => {
      await gw?.close();
      await tlsGateway?.kill();
      await fake?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    const check = JSON.parse(/^HEALTHCHECK .*?CMD (\[.*\])$/m.exec(finalStage)![1]!) as string[];
    /** Its exit code, run from the image's WORKDIR with the container's environment (async: the gateway answers from this very process). */
    async function run(env: Record<string, string>): Promise<number | null> {
      const child = spawn(process.execPath, check.slice(1), {
        cwd: root,
        env: { PATH: process.env.PATH ?? '', ...env },
        timeout: 10_000,
      });
      const [code] = (await once(child, 'exit')) as [number | null];
      return code;
    }

    it('exits 0 while inres serves, 1 when nothing listens', async () => {
      expect(check[0]).toBe('node');
      expect(await run({ PORT: new URL(gw.url).port })).toBe(0);
      const closed = new URL(fake.url).port;
      await fake.close();
      expect(await run({ PORT: closed })).toBe(1);
    });

    it('with TLS_CERT set, checks over HTTPS (a self-signed certificate passes)', async () => {
      const port = new URL(tlsGateway.url).port;
      expect(await run({ PORT: port, TLS_CERT: '/etc/inres/cert.pem', TLS_KEY: '/etc/inres/key.pem' })).toBe(0);
      // The same gateway checked over plain HTTP fails: the check must follow the setting.
      expect(await run({ PORT: port })).toBe(1);
    });
  });
});
