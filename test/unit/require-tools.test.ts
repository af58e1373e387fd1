/**
 * `npm test` says first, before typecheck and lint, when the Redis tools the suite runs are
 * missing, naming them and the Debian packages that bring them.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');
const check = (PATH: string) =>
  spawnSync(process.execPath, ['test/support/require-tools.ts'], { cwd: root, env: { PATH }, encoding: 'utf8' });

describe('pretest: the Redis tools', () => {
  it('is the first step of npm test', async () => {
    const { scripts } = (await import('../../package.json', { with: { type: 'json' } })).default;
    expect(scripts.pretest).toBe('node test/support/require-tools.ts');
  });

  it('passes where they are on PATH', () => {
    expect(check(process.env.PATH ?? '')).toMatchObject({ status: 0, stderr: '' });
  });

  it('names what is missing and the apt-get line, and exits 1', () => {
    const dir = mkdtempSync(join(tmpdir(), 'inres-tools-'));
    try {
      // Only redis-server there.
      const server = spawnSync('which', ['redis-server'], { encoding: 'utf8' }).stdout.trim();
      symlinkSync(server, join(dir, 'redis-server'));
      const r = check(`${dir}:${dirname(process.execPath)}`);
      expect(r.status).toBe(1);
      expect(r.stderr).toBe(
        'npm test needs redis-server, redis-sentinel, redis-cli on PATH; missing: redis-sentinel, redis-cli.\n' +
          'On Debian or Ubuntu: sudo apt-get install -y redis-server redis-sentinel redis-tools\n',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
