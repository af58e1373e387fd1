/**
 * The settings of the shared store and of the id modes: accepted values and one-line errors
 * that name the setting without echoing its value.
 */
import { describe, expect, it } from 'vitest';
import { loadSettings } from '../../src/settings.ts';

describe('STORE_URL', () => {
  it('unset means the memory store', () => {
    const r = loadSettings({});
    expect(r.ok && r.settings.STORE_URL).toBeUndefined();
  });

  it('takes redis:// and rediss:// URLs', () => {
    for (const url of ['redis://127.0.0.1:6379', 'rediss://user:secret@redis.internal:6380/2']) {
      const r = loadSettings({ STORE_URL: url });
      expect(r.ok && r.settings.STORE_URL).toBe(url);
    }
  });

  it('refuses anything else in one line, without the value', () => {
    const r = loadSettings({ STORE_URL: 'http://user:secret@redis.internal' });
    expect(r).toEqual({
      ok: false,
      message: 'invalid setting STORE_URL: expected a redis://, rediss://, redis+sentinel:// or redis+cluster:// URL',
    });
  });
});

describe('IDS and IDS_SECRET', () => {
  it('store ids by default', () => {
    const r = loadSettings({});
    expect(r.ok && r.settings.IDS).toBe('store');
  });

  it('stateless needs a secret of 32 characters or more', () => {
    expect(loadSettings({ IDS: 'stateless' })).toEqual({
      ok: false,
      message: 'invalid setting IDS_SECRET: required with IDS=stateless',
    });
    expect(loadSettings({ IDS: 'stateless', IDS_SECRET: 'short' })).toEqual({
      ok: false,
      message: 'invalid setting IDS_SECRET: expected at least 32 characters',
    });
    expect(loadSettings({ IDS: 'stateless', IDS_SECRET: 's'.repeat(32) }).ok).toBe(true);
  });

  it('refuses an unknown mode', () => {
    expect(loadSettings({ IDS: 'uuid' })).toEqual({
      ok: false,
      message: 'invalid setting IDS: expected store or stateless',
    });
  });
});

describe('PINGBACK_ALLOW', () => {
  it('takes host names, addresses and ranges', () => {
    const r = loadSettings({ PINGBACK_ALLOW: '127.0.0.1, 10.0.0.0/8,hooks.internal,[::1],fd00::/8' });
    expect(r.ok && r.settings.PINGBACK_ALLOW).toBe('127.0.0.1, 10.0.0.0/8,hooks.internal,[::1],fd00::/8');
  });

  it('refuses anything else in one line', () => {
    expect(loadSettings({ PINGBACK_ALLOW: 'http://x/?a=b' })).toEqual({
      ok: false,
      message: 'invalid setting PINGBACK_ALLOW: expected host names, addresses or CIDR ranges, comma-separated',
    });
  });
});

describe('MAX_TASKS_PER_KEY', () => {
  it('unset by default (the gateway takes a tenth of MAX_TASKS); takes a positive integer', () => {
    const unset = loadSettings({});
    expect(unset.ok && unset.settings.MAX_TASKS_PER_KEY).toBeUndefined();
    const set = loadSettings({ MAX_TASKS_PER_KEY: '50' });
    expect(set.ok && set.settings.MAX_TASKS_PER_KEY).toBe(50);
    expect(loadSettings({ MAX_TASKS_PER_KEY: '0' })).toEqual({
      ok: false,
      message: 'invalid setting MAX_TASKS_PER_KEY: expected an integer from 1 to 100000000',
    });
  });

  it('is refused by name with STORE_URL: it caps the memory store only', () => {
    expect(loadSettings({ MAX_TASKS_PER_KEY: '50', STORE_URL: 'redis://127.0.0.1:6379' })).toEqual({
      ok: false,
      message:
        'invalid setting MAX_TASKS_PER_KEY: caps the memory store; with STORE_URL tasks live in Redis, which it does not cap',
    });
  });
});
