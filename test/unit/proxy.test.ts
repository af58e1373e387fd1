import { describe, expect, it } from 'vitest';
import { parseProxy } from '../../src/legacy/proxy.ts';

describe('parseProxy', () => {
  it('login:password@host:port, the type lower-cased', () => {
    expect(parseProxy('user:pass@1.2.3.4:3128', 'HTTPS')).toEqual({
      proxyType: 'https',
      proxyAddress: '1.2.3.4',
      proxyPort: 3128,
      proxyLogin: 'user',
      proxyPassword: 'pass',
    });
  });
  it('host:port alone, HTTP by default', () => {
    expect(parseProxy('proxy.example:8080', undefined)).toEqual({
      proxyType: 'http',
      proxyAddress: 'proxy.example',
      proxyPort: 8080,
    });
  });
  it('passwords may hold @ and :', () => {
    expect(parseProxy('u:p@ss:w@rd@h:1', 'socks5')).toMatchObject({
      proxyLogin: 'u',
      proxyPassword: 'p@ss:w@rd',
      proxyAddress: 'h',
    });
  });
  it('a type:// prefix names the type when proxytype is absent', () => {
    expect(parseProxy('socks5://u:p@h:1080', undefined)).toMatchObject({
      proxyType: 'socks5',
      proxyAddress: 'h',
      proxyPort: 1080,
    });
  });
  it('bracketed IPv6 hosts', () => {
    expect(parseProxy('[2001:db8::1]:3128', 'http')).toMatchObject({ proxyAddress: '2001:db8::1', proxyPort: 3128 });
  });
  it.each([['no port'], ['host:'], ['host:0'], ['host:70000'], ['host:12a'], [':80'], ['bad host!:80']])(
    '%s → ERROR_PROXY_FORMAT',
    (p) => {
      expect(() => parseProxy(p, 'http')).toThrow('ERROR_PROXY_FORMAT');
    },
  );
  it('an unknown proxytype → ERROR_PROXY_FORMAT', () => {
    expect(() => parseProxy('h:1', 'ftp')).toThrow('ERROR_PROXY_FORMAT');
  });
});
