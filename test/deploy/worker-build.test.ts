/**
 * `npm run build:worker` (wrangler deploy --dry-run) bundles the Worker offline, as a deploy
 * would, within the size Workers accept.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('npm run build:worker', () => {
  it('bundles deploy/cloudflare/worker.ts with its Durable Object class, under the 3 MiB (gzip) Free plan limit', async () => {
    const child = spawn('npm', ['run', '--silent', 'build:worker'], {
      cwd: root,
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d));
    child.stderr.on('data', (d: Buffer) => (output += d));
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code, output).toBe(0);
    expect(output).toContain('env.TASKS (TaskObject)');
    const bundle = readFileSync(`${root}dist/worker/worker.js`);
    expect(bundle.toString()).toMatch(/export\s*\{[^}]*\bTaskObject\b[^}]*\}/);
    expect(bundle.toString()).toMatch(/export\s*\{[^}]*\bas default\b[^}]*\}/);
    expect(gzipSync(bundle).length).toBeLessThan(3 * 1024 * 1024);
  }, 60_000);
});
