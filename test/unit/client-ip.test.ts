import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { clientIpResolver, clientIpRule, unknownIp, type SocketIp } from '../../src/access/client-ip.ts';
import { ipMatcher } from '../../src/access/ip-match.ts';

describe('ipMatcher', () => {
  it('matches addresses and CIDR ranges, IPv4 also in its IPv6-mapped form', () => {
    const m = ipMatcher(['10.0.0.0/8', '192.0.2.1', '2001:db8::/32', '::1']);
    expect(['10.1.2.3', '::ffff:10.1.2.3', '192.0.2.1', '2001:db8::5', '::1'].map(m)).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(['11.0.0.1', '192.0.2.2', '2001:db9::1', '::2', 'not-an-ip', ''].map(m)).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
  });

  it('throws on a malformed rule', () => {
    expect(() => ipMatcher(['1.2.3.4/33'])).toThrow(TypeError);
    expect(() => ipMatcher(['example.com'])).toThrow(TypeError);
  });
});

async function ipOf(socket: string | undefined, trusted: string[], xff?: string): Promise<string> {
  const socketIp: SocketIp = () => socket;
  const resolve = clientIpResolver(socketIp, clientIpRule(trusted));
  const app = new Hono();
  app.get('/', (c) => c.text(resolve(c)));
  const res = await app.request('/', { headers: xff === undefined ? {} : { 'x-forwarded-for': xff } });
  return res.text();
}

describe('client IP', () => {
  it('is the socket peer when no proxy is trusted, whatever X-Forwarded-For says', async () => {
    expect(await ipOf('192.0.2.9', [], '198.51.100.1')).toBe('192.0.2.9');
  });

  it('is read from X-Forwarded-For, right to left past trusted hops, when the peer is trusted', async () => {
    expect(await ipOf('10.0.0.1', ['10.0.0.0/8'], '198.51.100.1, 203.0.113.5, 10.0.0.2')).toBe('203.0.113.5');
  });

  it('stops at a hop that is not an address (a client wrote it), keeping the peer', async () => {
    expect(await ipOf('10.0.0.1', ['10.0.0.0/8'], '198.51.100.1, key=SECRET')).toBe('10.0.0.1');
  });

  it('stays the peer when the peer is not a trusted proxy', async () => {
    expect(await ipOf('192.0.2.9', ['10.0.0.0/8'], '198.51.100.1')).toBe('192.0.2.9');
  });

  it('falls back to a shared stand-in when the runtime cannot tell', async () => {
    expect(await ipOf(undefined, [])).toBe(unknownIp);
  });
});
