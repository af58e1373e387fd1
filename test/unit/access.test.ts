import { describe, expect, it } from 'vitest';
import { createAccess, type KeyTable } from '../../src/access/keys.ts';
import { loadSettings } from '../../src/settings.ts';

const table: KeyTable = {
  gw_a: { upstream: 'up_1' },
  gw_b: { upstream: 'up_1', ips: ['192.0.2.0/24'] },
  gw_c: { banned: true },
  up_2: {},
};

describe('access', () => {
  const access = createAccess(table);

  it.each([
    ['gw_a', '198.51.100.1', { ok: true }],
    ['gw_b', '192.0.2.77', { ok: true }],
    ['gw_b', '198.51.100.1', { ok: false, code: 'IP_BANNED' }],
    ['gw_c', '198.51.100.1', { ok: false, code: 'ERROR_BANNED' }],
    ['gw_x', '198.51.100.1', { ok: false, code: 'ERROR_KEY_DOES_NOT_EXIST' }],
    ['gw_', '198.51.100.1', { ok: false, code: 'ERROR_KEY_DOES_NOT_EXIST' }],
  ])('%s from %s → %j', async (key, ip, want) => {
    expect(await access.admit(key, ip)).toEqual(want);
  });

  it('names the upstream key of a gateway key; a key outside the table is its own', () => {
    expect([access.upstreamKey('gw_a'), access.upstreamKey('gw_b'), access.upstreamKey('up_2')]).toEqual([
      'up_1',
      'up_1',
      'up_2',
    ]);
  });
});

describe('replacing the table', () => {
  it('serves the new keys and mappings from the next request on', async () => {
    const access = createAccess({ gw_old: { upstream: 'up_old' } });
    await access.admit('gw_old', '192.0.2.1');
    access.replace({ gw_new: { upstream: 'up_new' } });
    expect(await access.admit('gw_old', '192.0.2.1')).toEqual({ ok: false, code: 'ERROR_KEY_DOES_NOT_EXIST' });
    expect(await access.admit('gw_new', '192.0.2.1')).toEqual({ ok: true });
    expect(access.upstreamKey('gw_new')).toBe('up_new');
  });
});

describe('GATEWAY_KEYS and TRUSTED_PROXIES settings', () => {
  it('parse into the key table and the proxy list', () => {
    const r = loadSettings({ GATEWAY_KEYS: JSON.stringify(table), TRUSTED_PROXIES: '10.0.0.0/8, ::1' });
    expect(r.ok && r.settings.GATEWAY_KEYS).toEqual(table);
    expect(r.ok && r.settings.TRUSTED_PROXIES).toEqual(['10.0.0.0/8', '::1']);
  });

  it.each([
    ['GATEWAY_KEYS', 'not json'],
    ['GATEWAY_KEYS', '[1,2]'],
    ['GATEWAY_KEYS', '{"gw_secret_value":{"ips":["nope"]}}'],
    ['GATEWAY_KEYS', '{"gw_secret_value":{"upstreem":"x"}}'],
    ['TRUSTED_PROXIES', '10.0.0.0/8, proxy.example'],
  ])('a bad %s is one line that names the setting and not the keys', (name, value) => {
    const r = loadSettings({ [name]: value });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.message).toMatch(new RegExp(`^invalid setting ${name}: `));
    expect(r.message).not.toContain('\n');
    expect(r.message).not.toContain('gw_secret_value');
  });
});
