import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { loadSettings, serverSettings, type Support } from '../../src/settings.ts';

describe('settings', () => {
  it('defaults from design.md', () => {
    const r = loadSettings({});
    expect(r.ok && r.settings).toMatchObject({
      PORT: 8080,
      HOST: '0.0.0.0',
      UPSTREAM_URL: 'https://api.ucaptcha.net',
      UPSTREAM_DIALECT: 'ucaptcha',
      LOG_LEVEL: 'info',
    });
  });

  it('empty strings count as unset', () => {
    const r = loadSettings({ PORT: '', UPSTREAM_URL: '' });
    expect(r.ok && r.settings.PORT).toBe(8080);
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['UPSTREAM_URL', 'ftp://x'],
    ['UPSTREAM_URL', 'not a url'],
    ['UPSTREAM_DIALECT', 'nope'],
    ['LOG_LEVEL', 'loud'],
    ['UPSTREAM_TIMEOUT_MS', '1.5'],
  ])('%s=%s is refused in one line naming the setting, without its value', (name, value) => {
    const r = loadSettings({ [name]: value });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.message).toMatch(new RegExp(`^invalid setting ${name}: `));
    expect(r.message).not.toContain('\n');
    expect(r.message).not.toContain(value);
  });

  it('a setting the runtime cannot honour is refused by name with the reason, never ignored', () => {
    const support = Object.fromEntries(serverSettings.map((name) => [name, true])) as Support;
    const noFiles = { ...support, GATEWAY_KEYS_FILE: 'a Worker cannot read files' };
    expect(loadSettings({ GATEWAY_KEYS_FILE: '/etc/inres/keys.json' }, noFiles)).toEqual({
      ok: false,
      message: 'invalid setting GATEWAY_KEYS_FILE: a Worker cannot read files',
    });
    expect(loadSettings({ GATEWAY_KEYS_FILE: ' ' }, noFiles).ok).toBe(true);
    expect(loadSettings({ GATEWAY_KEYS_FILE: '/etc/inres/keys.json' }, support).ok).toBe(true);
  });

  it('the sandbox is refused by name beside UPSTREAMS, which would replace it', () => {
    const upstreams = JSON.stringify([{ name: 'a', url: 'https://api.ucaptcha.net', dialect: 'ucaptcha' }]);
    expect(loadSettings({ UPSTREAM_URL: 'sandbox', UPSTREAMS: upstreams })).toEqual({
      ok: false,
      message: 'invalid setting UPSTREAM_URL: sandbox serves alone: unset UPSTREAMS (or CONFIG)',
    });
    expect(loadSettings({ UPSTREAM_URL: 'sandbox' }).ok).toBe(true);
  });

  it('every bad setting is reported at once, in one line, in the order of the settings', () => {
    const support = Object.fromEntries(serverSettings.map((name) => [name, true])) as Support;
    const r = loadSettings(
      { LOG_LEVEL: 'loud', PORT: 'abc', UPSTREAM_URL: 'ftp://x', TLS_CERT: '/c.pem', HOST: 'h' },
      { ...support, TLS_CERT: 'this runtime serves no TLS' },
    );
    expect(r).toEqual({
      ok: false,
      message:
        'invalid setting TLS_CERT: this runtime serves no TLS; ' +
        'invalid setting PORT: expected an integer from 0 to 65535; ' +
        'invalid setting UPSTREAM_URL: expected an http(s) URL; ' +
        'invalid setting LOG_LEVEL: expected debug, info, warn or error',
    });
  });

  it('npm start with two bad values exits 1 naming both in one line', () => {
    const r = spawnSync(process.execPath, ['deploy/node/main.ts'], {
      env: { ...process.env, PORT: 'abc', LOG_LEVEL: 'loud' },
      encoding: 'utf8',
      timeout: 10_000,
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(
      'inres: invalid setting PORT: expected an integer from 0 to 65535; ' +
        'invalid setting LOG_LEVEL: expected debug, info, warn or error\n',
    );
  });

  it('npm start with a bad value exits 1 with that one line', () => {
    const r = spawnSync(process.execPath, ['deploy/node/main.ts'], {
      env: { ...process.env, PORT: 'abc' },
      encoding: 'utf8',
      timeout: 10_000,
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('inres: invalid setting PORT: expected an integer from 0 to 65535\n');
  });
});
