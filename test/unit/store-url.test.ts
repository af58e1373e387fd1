/**
 * STORE_URL's forms (the contract in /work/shared/design.md): one Redis, a Sentinel-watched
 * primary, a Cluster; and one-line refusals that never echo the value (it may hold a password).
 */
import { describe, expect, it } from 'vitest';
import { loadSettings } from '../../src/settings.ts';
import { parseStoreUrl } from '../../src/redis/store-url.ts';

describe('parseStoreUrl', () => {
  it('redis:// and rediss:// go to the client as written', () => {
    for (const url of ['redis://127.0.0.1:6379', 'rediss://user:s3cret@redis.internal:6380/2']) {
      expect(parseStoreUrl(url)).toEqual({ ok: true, target: { kind: 'single', url } });
    }
  });

  it('redis+sentinel://: the sentinels, the primary name and the password', () => {
    expect(parseStoreUrl('redis+sentinel://:p%40ss@10.0.0.1:26379,sentinel-b:26380,[::1]:26381/mymaster')).toEqual({
      ok: true,
      target: {
        kind: 'sentinel',
        sentinels: [
          { host: '10.0.0.1', port: 26379 },
          { host: 'sentinel-b', port: 26380 },
          { host: '::1', port: 26381 },
        ],
        name: 'mymaster',
        password: 'p@ss',
      },
    });
  });

  it('a sentinel without a port is on 26379; without a password, none is sent', () => {
    expect(parseStoreUrl('redis+sentinel://s1,s2:26380/primary-1')).toEqual({
      ok: true,
      target: {
        kind: 'sentinel',
        sentinels: [
          { host: 's1', port: 26379 },
          { host: 's2', port: 26380 },
        ],
        name: 'primary-1',
      },
    });
  });

  it('redis+cluster://: the seed nodes and the password', () => {
    expect(parseStoreUrl('redis+cluster://:pw@127.0.0.1:7000,127.0.0.1:7001')).toEqual({
      ok: true,
      target: {
        kind: 'cluster',
        nodes: [
          { host: '127.0.0.1', port: 7000 },
          { host: '127.0.0.1', port: 7001 },
        ],
        password: 'pw',
      },
    });
  });

  it('refuses what it cannot use, by what is missing', () => {
    expect(parseStoreUrl('redis+sentinel://h1:26379,h2:26380')).toEqual({
      ok: false,
      error: 'expected redis+sentinel://…/<primary-name>',
    });
    expect(parseStoreUrl('redis+cluster://h1:7000/0')).toEqual({
      ok: false,
      error: 'expected no path in redis+cluster:// (a cluster has one database)',
    });
    expect(parseStoreUrl('redis+cluster://h1:99999')).toEqual({
      ok: false,
      error: 'expected redis+cluster:// with host:port,host:port',
    });
    expect(parseStoreUrl('redis+cluster://h1:7000,,h2')).toEqual({
      ok: false,
      error: 'expected redis+cluster:// with host:port,host:port',
    });
    expect(parseStoreUrl('redis+sentinel://secret@h1/m')).toEqual({
      ok: false,
      error: 'expected redis+sentinel://[:password@]host:port,…',
    });
  });
});

describe('STORE_URL and STORE_WAIT_REPLICAS settings', () => {
  it('takes the Sentinel and Cluster forms', () => {
    for (const url of ['redis+sentinel://:pw@h1:26379,h2:26380/mymaster', 'redis+cluster://h1:7000,h2:7001']) {
      const r = loadSettings({ STORE_URL: url });
      expect(r.ok && r.settings.STORE_URL).toBe(url);
    }
  });

  it('a refusal names the setting, never the password', () => {
    const r = loadSettings({ STORE_URL: 'redis+sentinel://:hunter2@h1:26379' });
    expect(r).toEqual({ ok: false, message: 'invalid setting STORE_URL: expected redis+sentinel://…/<primary-name>' });
  });

  it('writes wait for a replica unless STORE_WAIT_REPLICAS=0', () => {
    const on = loadSettings({});
    const off = loadSettings({ STORE_WAIT_REPLICAS: '0' });
    expect(on.ok && on.settings.STORE_WAIT_REPLICAS).toBe(1);
    expect(off.ok && off.settings.STORE_WAIT_REPLICAS).toBe(0);
    expect(loadSettings({ STORE_WAIT_REPLICAS: '2' })).toEqual({
      ok: false,
      message: 'invalid setting STORE_WAIT_REPLICAS: expected an integer from 0 to 1',
    });
  });
});
