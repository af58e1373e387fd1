/**
 * The SSRF guard of pingback delivery, as a unit: literal addresses in every spelling, names
 * that resolve to internal addresses (through an injected resolver: no DNS, no connection is
 * ever made), schemes, credentials, and the operator's allow-list.
 */
import { describe, expect, it } from 'vitest';
import { isBlocked, parseIp } from '../../src/pingback/address.ts';
import { checkTarget, parseAllow, TargetRefused, type Resolve } from '../../src/pingback/target.ts';

const names: Record<string, string[]> = {
  'public.example': ['93.184.216.34'],
  'public6.example': ['2606:4700:4700::1111'],
  'internal.example': ['10.0.0.5'],
  'metadata.example': ['169.254.169.254'],
  'mixed.example': ['93.184.216.34', '127.0.0.1'],
  'loop6.example': ['::1'],
  'mapped.example': ['::ffff:169.254.169.254'],
  'ula.example': ['fd00:ec2::254'],
  'empty.example': [],
};
const resolve: Resolve = async (host) => {
  const found = names[host];
  if (!found) throw new Error('ENOTFOUND');
  return found;
};
const none = parseAllow(undefined);

const refused = (url: string, allow = none) =>
  expect(checkTarget(url, resolve, allow)).rejects.toBeInstanceOf(TargetRefused);

describe('pingback targets', () => {
  it.each([
    'http://127.0.0.1/cb',
    'http://127.1/cb',
    'http://2130706433/cb',
    'http://0x7f000001/cb',
    'http://127.255.0.9:8080/',
    'http://0.0.0.0/cb',
    'http://10.1.2.3/',
    'http://172.16.0.1/',
    'http://172.31.255.255/',
    'http://192.168.1.1/',
    'http://169.254.169.254/latest/meta-data/',
    'http://100.64.0.1/',
    'http://224.0.0.1/',
    'http://255.255.255.255/',
    'http://198.18.0.1/',
  ])('refuses the IPv4 address in %s', (url) => refused(url));

  it.each([
    'http://[::1]/',
    'http://[::]/',
    'http://[::ffff:127.0.0.1]/',
    'http://[::ffff:7f00:1]/',
    'http://[::ffff:10.0.0.1]/',
    'http://[::127.0.0.1]/',
    'http://[fc00::1]/',
    'http://[fd00:ec2::254]/',
    'http://[fe80::1]/',
    'http://[fec0::1]/',
    'http://[ff02::1]/',
    'http://[64:ff9b::a9fe:a9fe]/',
    'http://[2001:db8::1]/',
    'http://[2002:7f00:1::]/',
    'http://[0:0:0:0:0:ffff:169.254.169.254]/',
  ])('refuses the IPv6 address in %s', (url) => refused(url));

  it.each(['internal.example', 'metadata.example', 'mixed.example', 'loop6.example', 'mapped.example', 'ula.example'])(
    'refuses %s, which resolves to an internal address',
    (host) => refused(`https://${host}/cb`),
  );

  it.each([
    'ftp://public.example/',
    'file:///etc/passwd',
    'gopher://public.example/',
    'javascript:alert(1)',
    'not a url',
    '/relative',
  ])('refuses %s: http(s) only', (url) => refused(url));

  it('refuses credentials in the URL, names that do not resolve, and very long URLs', async () => {
    await refused('http://user:pass@public.example/cb');
    await refused('http://nowhere.example/cb');
    await refused('http://empty.example/cb');
    await refused(`http://public.example/${'a'.repeat(2100)}`);
  });

  it('accepts public addresses and names, and pins the address it checked', async () => {
    expect(await checkTarget('https://public.example/cb?x=1', resolve, none)).toMatchObject({
      address: '93.184.216.34',
    });
    expect((await checkTarget('https://public.example/cb?x=1', resolve, none)).url.href).toBe(
      'https://public.example/cb?x=1',
    );
    expect(await checkTarget('http://public6.example:8080/', resolve, none)).toMatchObject({
      address: '2606:4700:4700::1111',
    });
    expect(await checkTarget('http://93.184.216.34:8080/cb', resolve, none)).toMatchObject({
      address: '93.184.216.34',
    });
    expect(await checkTarget('http://172.32.0.1/', resolve, none)).toMatchObject({ address: '172.32.0.1' });
    expect(await checkTarget('http://[2606:4700::1111]/', resolve, none)).toMatchObject({ address: '2606:4700::1111' });
    expect(await checkTarget('http://[::ffff:93.184.216.34]/', resolve, none)).toMatchObject({
      address: '::ffff:5db8:d822',
    });
  });

  it('PINGBACK_ALLOW lets named addresses, ranges and hosts through, and nothing else', async () => {
    const allow = parseAllow('127.0.0.1, 10.0.0.0/8,metadata.example');
    expect(await checkTarget('http://127.0.0.1:9999/cb', resolve, allow)).toMatchObject({ address: '127.0.0.1' });
    expect(await checkTarget('http://internal.example/cb', resolve, allow)).toMatchObject({ address: '10.0.0.5' });
    expect(await checkTarget('http://metadata.example/cb', resolve, allow)).toMatchObject({
      address: '169.254.169.254',
    });
    await refused('http://127.0.0.2/cb', allow);
    await refused('http://[::1]/cb', allow);
    await refused('http://192.168.0.1/cb', allow);
  });
});

describe('addresses', () => {
  it.each(['1.2.3', '1.2.3.4.5', '256.1.1.1', '01.2.3.4', '::1::', '1:2:3:4:5:6:7:8:9', 'fe80::1%eth0', 'g::1', ''])(
    'does not parse %j',
    (text) => expect(parseIp(text)).toBeUndefined(),
  );

  it('reads the same address in any spelling', () => {
    expect(parseIp('::ffff:127.0.0.1')).toEqual(parseIp('0:0:0:0:0:ffff:7f00:1'));
    expect(parseIp('[::1]')).toEqual(parseIp('0:0:0:0:0:0:0:1'));
    expect(isBlocked(parseIp('8.8.8.8')!)).toBe(false);
    expect(isBlocked(parseIp('2a00:1450:4001:80b::200e')!)).toBe(false);
  });
});
