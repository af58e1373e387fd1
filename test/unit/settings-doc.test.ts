/**
 * docs/settings.md's table against the schema (src/settings.ts): every setting has a row, no
 * row names a setting that does not exist, and a one-setting row shows the schema's default.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultSettings, settingNames } from '../../src/settings.ts';

const page = readFileSync(new URL('../../docs/settings.md', import.meta.url), 'utf8');
const rows = page
  .split('\n')
  .filter((l) => /^\| `[A-Z_]+`/.test(l))
  .map((l) => l.split(' | ').map((c) => c.replace(/^\| /, '')));
const ticked = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);

describe('docs/settings.md', () => {
  it('has a row for every setting and none for a setting that does not exist', () => {
    const documented = rows.flatMap((r) => ticked(r[0]!));
    expect([...documented].sort()).toEqual([...settingNames].sort());
  });

  it("shows the schema's default where a row holds one setting", () => {
    const defaults = defaultSettings();
    for (const [names, fallback] of rows) {
      const [name, ...more] = ticked(names!);
      const value = defaults[name as keyof typeof defaults];
      if (more.length || value === undefined || (Array.isArray(value) && value.length === 0)) continue;
      expect(ticked(fallback!), name).toEqual([String(value)]);
    }
  });
});
