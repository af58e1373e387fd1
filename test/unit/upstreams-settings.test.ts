/**
 * The UPSTREAMS setting (and CONFIG on Node): parsed, defaulted, ordered, and refused in one
 * line that names the setting.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withConfigFile } from '../../deploy/shared/config-file.ts';
import { loadSettings } from '../../src/settings.ts';

const readText = (path: string) => readFileSync(path, 'utf8');

const list = [
  { url: 'https://api.anti-captcha.com', dialect: 'anticaptcha', priority: 2, types: ['ImageToTextTask'] },
  { name: 'main', url: 'https://api.ucaptcha.net', keys: { 'gw-1': 'ucap_x', '*': 'ucap_y' } },
];

describe('UPSTREAMS', () => {
  it('unset: the single UPSTREAM_URL, retries off, the primary balance', () => {
    const r = loadSettings({});
    expect(r.ok && r.settings).toMatchObject({ UNSOLVABLE_RETRIES: 0, BALANCE: 'primary', BREAKER_FAILURES: 5 });
    expect(r.ok && r.settings.UPSTREAMS).toBeUndefined();
  });

  it('a list: names defaulted, dialect defaulted, ordered by priority then list order', () => {
    const r = loadSettings({ UPSTREAMS: JSON.stringify(list) });
    expect(r.ok && r.settings.UPSTREAMS).toEqual([
      {
        name: 'main',
        url: 'https://api.ucaptcha.net',
        dialect: 'ucaptcha',
        priority: 0,
        keys: { 'gw-1': 'ucap_x', '*': 'ucap_y' },
      },
      {
        name: 'anticaptcha-1',
        url: 'https://api.anti-captcha.com',
        dialect: 'anticaptcha',
        priority: 2,
        types: ['ImageToTextTask'],
      },
    ]);
  });

  it('{"upstreams": [...]} works too', () => {
    const r = loadSettings({ UPSTREAMS: JSON.stringify({ upstreams: list }) });
    expect(r.ok && r.settings.UPSTREAMS).toHaveLength(2);
  });

  it.each([
    ['not json', 'expected JSON'],
    ['[]', 'no upstream listed'],
    ['{"x":1}', 'expected a list of upstreams'],
    ['[{"url":"ftp://x"}]', 'http(s) URL'],
    ['[{"url":"https://a.example","dialect":"nope"}]', 'dialect must be one of'],
    ['[{"url":"https://a.example","colour":"red"}]', ''],
    ['[{"url":"https://a.example","name":"x"},{"url":"https://b.example","name":"x"}]', 'unique'],
    ['[{"url":"https://a.example","keys":{"k":1}}]', 'keys must map'],
  ])('%s → one line naming UPSTREAMS', (value, words) => {
    const r = loadSettings({ UPSTREAMS: value });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.message).toMatch(/^invalid setting UPSTREAMS: /);
      expect(r.message).toContain(words);
      expect(r.message).not.toContain('\n');
    }
  });

  it('never echoes a mapped key in an error', () => {
    const r = loadSettings({ UPSTREAMS: '[{"url":"nope","keys":{"gw":"secret-upstream-key"}}]' });
    expect(!r.ok && r.message).not.toContain('secret-upstream-key');
  });
});

describe('CONFIG (Node)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'inres-config-'));

  it('names a file holding the UPSTREAMS JSON', () => {
    const file = join(dir, 'upstreams.json');
    writeFileSync(file, JSON.stringify({ upstreams: list }));
    const r = loadSettings(withConfigFile({ CONFIG: file, BALANCE: 'sum' }, readText));
    expect(r.ok && r.settings.UPSTREAMS?.map((u) => u.name)).toEqual(['main', 'anticaptcha-1']);
    expect(r.ok && r.settings.BALANCE).toBe('sum');
  });

  it('CONFIG and UPSTREAMS both set: one line naming CONFIG', () => {
    expect(() =>
      withConfigFile({ CONFIG: join(dir, 'upstreams.json'), UPSTREAMS: JSON.stringify(list) }, readText),
    ).toThrow('invalid setting CONFIG: set it or UPSTREAMS, not both');
  });

  it('a missing file: one line naming CONFIG, without the file content', () => {
    const missing = join(dir, 'missing.json');
    expect(() => withConfigFile({ CONFIG: missing }, readText)).toThrow(
      `invalid setting CONFIG: cannot read ${missing} (ENOENT)`,
    );
  });
});
