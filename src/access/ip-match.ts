/**
 * @module
 * IP allow-lists: addresses and CIDR ranges, IPv4 and IPv6. Every address is compared as 128
 * bits with IPv4 mapped into `::ffff:0:0/96`, so `1.2.3.4` and Node's `::ffff:1.2.3.4` are
 * the same client.
 */
import { convertIPv4ToBinary, convertIPv6ToBinary, distinctRemoteAddr } from 'hono/utils/ipaddr';

const mapped = 0xffffn << 32n;
const all = (1n << 128n) - 1n;

/** An address as 128 bits, or undefined when it is not an IP address. */
export function ipBits(ip: string): bigint | undefined {
  try {
    const type = distinctRemoteAddr(ip);
    if (type === 'IPv4') return mapped | convertIPv4ToBinary(ip);
    if (type === 'IPv6') return convertIPv6ToBinary(ip.replace(/%.*$/, ''));
  } catch {
    // not an address
  }
  return undefined;
}

interface Range {
  net: bigint;
  mask: bigint;
}

function parseRule(rule: string): Range {
  const [addr = '', prefix] = rule.trim().split('/');
  const bits = ipBits(addr);
  if (bits === undefined) throw new TypeError(`not an IP address or CIDR range: ${rule}`);
  const v4 = distinctRemoteAddr(addr) === 'IPv4';
  const max = v4 ? 32 : 128;
  const n = prefix === undefined ? max : Number(prefix);
  if (!/^\d{1,3}$/.test(prefix ?? '0') || n > max) throw new TypeError(`bad prefix length in ${rule}`);
  const width = BigInt(n + (v4 ? 96 : 0));
  const mask = (all << (128n - width)) & all;
  return { net: bits & mask, mask };
}

/** A predicate over client addresses; throws a TypeError naming a malformed rule. */
export function ipMatcher(rules: readonly string[]): (ip: string) => boolean {
  const ranges = rules.map(parseRule);
  return (ip) => {
    const bits = ipBits(ip);
    return bits !== undefined && ranges.some((r) => (bits & r.mask) === r.net);
  };
}
