/**
 * @module
 * The client's IP address: the socket's peer, unless an operator has named the proxies in
 * front of inres. Only then is `X-Forwarded-For` believed, read from the right and skipping
 * trusted hops, so a client cannot pick its own address by sending the header itself.
 */
import type { Context } from 'hono';
import { ipBits, ipMatcher } from './ip-match.ts';

/** The peer address of the connection (from the runtime's conninfo), if the runtime knows it. */
export type SocketIp = (c: Context) => string | undefined;

export type ClientIp = (c: Context) => string;

/** Stands for an address the runtime could not tell; all such requests share one limit. */
export const unknownIp = 'unknown';

/**
 * The rule without a framework: the peer address and, read only when the peer is a trusted
 * proxy, the X-Forwarded-For header.
 */
export type ClientIpRule = (peer: string | undefined, forwardedFor: () => string | undefined) => string;

export function clientIpRule(trustedProxies: readonly string[]): ClientIpRule {
  if (trustedProxies.length === 0) return (peer) => peer ?? unknownIp;
  const trusted = ipMatcher(trustedProxies);
  return (peer, forwardedFor) => {
    const ip = peer ?? unknownIp;
    if (!trusted(ip)) return ip;
    const hops = (forwardedFor() ?? '').split(',');
    for (let i = hops.length - 1; i >= 0; i--) {
      const hop = hops[i]!.trim();
      // Whatever is not an address was written by a client, not by a proxy: stop believing here.
      if (ipBits(hop) === undefined) return ip;
      if (!trusted(hop)) return hop;
    }
    return ip;
  };
}

/** The rule applied to a Hono request. */
export function clientIpResolver(socketIp: SocketIp | undefined, rule: ClientIpRule): ClientIp {
  return (c) => rule(socketIp?.(c), () => c.req.header('x-forwarded-for'));
}
