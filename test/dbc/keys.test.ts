/** GATEWAY_KEYS entries with DBC credentials: each found by digest, the table checked at load. */
import { describe, expect, it } from 'vitest';
import { createAccess, keyTableSchema } from '../../src/access/keys.ts';

describe('dbc credentials in GATEWAY_KEYS', () => {
  const table = keyTableSchema.parse(
    JSON.stringify({
      gw_login: { upstream: 'up_1', dbc: { username: 'bot', password: 's3cret' } },
      gw_token: { upstream: 'up_2', dbc: { authtoken: 'tok_abc' } },
      gw_plain: { upstream: 'up_3' },
    }),
  );
  const access = createAccess(table);

  it('a login or a token finds its gateway key', async () => {
    expect(await access.dbcKey({ username: 'bot', password: 's3cret' })).toBe('gw_login');
    expect(await access.dbcKey({ authtoken: 'tok_abc' })).toBe('gw_token');
  });

  it('a wrong password, a token used as a password, or an unknown token find none', async () => {
    expect(await access.dbcKey({ username: 'bot', password: 'S3cret' })).toBeUndefined();
    expect(await access.dbcKey({ username: 'authtoken', password: 'tok_abc' })).toBeUndefined();
    expect(await access.dbcKey({ authtoken: 'gw_plain' })).toBeUndefined();
  });

  it('a reload serves the new entries', async () => {
    access.replace(keyTableSchema.parse(JSON.stringify({ gw_new: { dbc: { authtoken: 'tok_new' } } })));
    expect(await access.dbcKey({ authtoken: 'tok_abc' })).toBeUndefined();
    expect(await access.dbcKey({ authtoken: 'tok_new' })).toBe('gw_new');
  });

  it('an entry with half a login is refused at load', () => {
    const half = JSON.stringify({ gw: { dbc: { username: 'bot' } } });
    expect(keyTableSchema.safeParse(half).error?.issues[0]?.message).toBe(
      'dbc needs an authtoken, or a username and a password',
    );
  });
});
