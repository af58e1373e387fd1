/**
 * @module
 * IP addresses as numbers, CIDR ranges, and the ranges a pingback must never reach: loopback,
 * private, link-local (cloud metadata at 169.254.169.254), shared, multicast, reserved and
 * documentation space, in IPv4 and IPv6, with IPv4 embedded in IPv6 judged as the IPv4 it is.
 */

export interface Ip {
  version: 4 | 6;
  value: bigint;
}

export interface Cidr {
  version: 4 | 6;
  base: bigint;
  bits: number;
}

function parseV4(s: string): bigint | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  let v = 0n;
  for (const p of parts) {
    if (!/^(0|[1-9]\d{0,2})$/.test(p) || Number(p) > 255) return undefined;
    v = (v << 8n) | BigInt(p);
  }
  return v;
}

function parseV6(s: string): bigint | undefined {
  if (s.includes('%')) return undefined;
  const lastColon = s.lastIndexOf(':');
  if (s.includes('.', lastColon)) {
    // A dotted IPv4 tail (::ffff:127.0.0.1) is the last two groups.
    const v4 = parseV4(s.slice(lastColon + 1));
    if (v4 === undefined) return undefined;
    s = `${s.slice(0, lastColon + 1)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const groups = (h: string) => (h === '' ? [] : h.split(':'));
  const head = groups(halves[0]!);
  const rest = halves.length === 2 ? groups(halves[1]!) : [];
  const fill = 8 - head.length - rest.length;
  if (halves.length === 2 ? fill < 1 : fill !== 0) return undefined;
  let v = 0n;
  for (const g of [...head, ...Array<string>(halves.length === 2 ? fill : 0).fill('0'), ...rest]) {
    if (!/^[0-9a-f]{1,4}$/i.test(g)) return undefined;
    v = (v << 16n) | BigInt(parseInt(g, 16));
  }
  return v;
}

/** An IPv4 or IPv6 address (brackets allowed, zone ids refused), or undefined. */
export function parseIp(text: string): Ip | undefined {
  const s = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  const v4 = parseV4(s);
  if (v4 !== undefined) return { version: 4, value: v4 };
  const v6 = s.includes(':') ? parseV6(s) : undefined;
  return v6 === undefined ? undefined : { version: 6, value: v6 };
}

/** `10.0.0.0/8`, `fc00::/7`, or a single address. */
export function parseCidr(text: string): Cidr | undefined {
  const [addr, len, extra] = text.trim().split('/');
  if (extra !== undefined) return undefined;
  const ip = parseIp(addr!);
  if (!ip) return undefined;
  const max = ip.version === 4 ? 32 : 128;
  const bits = len === undefined ? max : /^\d{1,3}$/.test(len) ? Number(len) : NaN;
  if (!(bits >= 0 && bits <= max)) return undefined;
  const shift = BigInt(max - bits);
  return { version: ip.version, base: (ip.value >> shift) << shift, bits };
}

export function inCidr(ip: Ip, c: Cidr): boolean {
  if (ip.version !== c.version) return false;
  const shift = BigInt((ip.version === 4 ? 32 : 128) - c.bits);
  return ip.value >> shift === c.base >> shift;
}

const ranges = (list: string[]): Cidr[] => list.map((c) => parseCidr(c)!);

const blockedV4 = ranges([
  '0.0.0.0/8',
  '10.0.0.0/8',
  '100.64.0.0/10',
  '127.0.0.0/8',
  '169.254.0.0/16',
  '172.16.0.0/12',
  '192.0.0.0/24',
  '192.0.2.0/24',
  '192.88.99.0/24',
  '192.168.0.0/16',
  '198.18.0.0/15',
  '198.51.100.0/24',
  '203.0.113.0/24',
  '224.0.0.0/4',
  '240.0.0.0/4',
]);

const blockedV6 = ranges([
  '::/96',
  '64:ff9b:1::/48',
  '100::/64',
  '2001::/23',
  '2001:db8::/32',
  '2002::/16',
  '3fff::/20',
  '5f00::/16',
  'fc00::/7',
  'fe80::/10',
  'fec0::/10',
  'ff00::/8',
]);

/** IPv6 forms that carry an IPv4 address in their low 32 bits: mapped and NAT64. */
const embedsV4 = ranges(['::ffff:0:0/96', '64:ff9b::/96']);

/** True for an address a pingback may not reach (anything but public unicast). */
export function isBlocked(ip: Ip): boolean {
  if (ip.version === 4) return blockedV4.some((c) => inCidr(ip, c));
  if (embedsV4.some((c) => inCidr(ip, c))) return isBlocked({ version: 4, value: ip.value & 0xffffffffn });
  return blockedV6.some((c) => inCidr(ip, c));
}
