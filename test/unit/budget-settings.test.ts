/**
 * The budget and coalescing settings: `<requests>/<seconds>` in UPSTREAM_RATE_LIMIT and in an
 * UPSTREAMS entry's `rateLimit`, refused by name when malformed; POLL_MIN_INTERVAL_MS's default.
 */
import { describe, expect, it } from 'vitest';
import { loadSettings } from '../../src/settings.ts';

const load = (env: Record<string, string>) => loadSettings({ UPSTREAM_URL: 'http://127.0.0.1:1', ...env });

describe('UPSTREAM_RATE_LIMIT', () => {
  it('reads <requests>/<seconds>', () => {
    const r = load({ UPSTREAM_RATE_LIMIT: '10000/10' });
    expect(r.ok && r.settings.UPSTREAM_RATE_LIMIT).toEqual({ requests: 10000, windowMs: 10_000 });
    const unset = load({});
    expect(unset.ok && unset.settings.UPSTREAM_RATE_LIMIT).toBeUndefined();
  });

  it.each(['10000', '10 per 10', '0/10', '10/0', '10/3601', '-1/10', '1.5/10'])(
    'refuses %j by name, without echoing it',
    (value) => {
      const r = load({ UPSTREAM_RATE_LIMIT: value });
      expect(r).toEqual({
        ok: false,
        message:
          'invalid setting UPSTREAM_RATE_LIMIT: expected <requests>/<seconds>, e.g. 10000/10 (requests ≥ 1, seconds 1 to 3600)',
      });
    },
  );

  it('an UPSTREAMS entry takes its own rateLimit', () => {
    const r = load({
      UPSTREAMS: JSON.stringify([
        { name: 'a', url: 'http://127.0.0.1:1', rateLimit: '50/1' },
        { name: 'b', url: 'http://127.0.0.1:2' },
      ]),
    });
    expect(r.ok && r.settings.UPSTREAMS!.map((u) => u.rateLimit)).toEqual([
      { requests: 50, windowMs: 1000 },
      undefined,
    ]);
    expect(load({ UPSTREAMS: JSON.stringify([{ url: 'http://127.0.0.1:1', rateLimit: 50 }]) })).toMatchObject({
      ok: false,
      message: expect.stringContaining('invalid setting UPSTREAMS: rateLimit expected'),
    });
  });
});

describe('POLL_MIN_INTERVAL_MS', () => {
  it('defaults to 1000; 0 turns coalescing by time off; at most a minute', () => {
    const d = load({});
    expect(d.ok && d.settings.POLL_MIN_INTERVAL_MS).toBe(1000);
    const off = load({ POLL_MIN_INTERVAL_MS: '0' });
    expect(off.ok && off.settings.POLL_MIN_INTERVAL_MS).toBe(0);
    expect(load({ POLL_MIN_INTERVAL_MS: '60001' })).toEqual({
      ok: false,
      message: 'invalid setting POLL_MIN_INTERVAL_MS: expected an integer from 0 to 60000',
    });
  });
});
