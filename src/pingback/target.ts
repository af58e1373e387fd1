/**
 * @module
 * The SSRF guard of pingback delivery: a URL is deliverable only over http(s), without
 * credentials, to a host whose every address (after DNS resolution, through an injected
 * resolver) is public, unless the operator's allow-list (`PINGBACK_ALLOW`) names the host or
 * covers the address. Delivery then connects to the checked address only, so a second DNS
 * answer cannot swap in an internal one.
 */
import { inCidr, isBlocked, parseCidr, parseIp, type Cidr } from './address.ts';

/** Every address a host name resolves to (A and AAAA). */
export type Resolve = (host: string) => Promise<string[]>;

export interface Allow {
  hosts: Set<string>;
  ranges: Cidr[];
}

/** `PINGBACK_ALLOW`: host names, addresses and CIDR ranges, comma-separated. */
export function parseAllow(list: string | undefined): Allow {
  const allow: Allow = { hosts: new Set(), ranges: [] };
  for (const item of (list ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean)) {
    const range = parseCidr(item);
    if (range) allow.ranges.push(range);
    else allow.hosts.add(item);
  }
  return allow;
}

export interface Target {
  url: URL;
  /** The checked address to connect to. */
  address: string;
}

/** Why a URL is not deliverable; never retried. */
export class TargetRefused extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'TargetRefused';
  }
}

const maxUrlLength = 2048;

/** The checks that need no DNS: run on in.php, before any upstream call. */
export function parseTarget(text: string): URL {
  if (text.length > maxUrlLength) throw new TargetRefused('URL too long');
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new TargetRefused('not a URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TargetRefused('not http(s)');
  if (url.username || url.password) throw new TargetRefused('credentials in URL');
  if (!url.hostname) throw new TargetRefused('no host');
  return url;
}

function permitted(address: string, allow: Allow): boolean {
  const ip = parseIp(address);
  if (!ip) return false;
  return !isBlocked(ip) || allow.ranges.some((r) => inCidr(ip, r));
}

/** Checks a pingback URL down to its addresses; throws TargetRefused. */
export async function checkTarget(text: string, resolve: Resolve, allow: Allow): Promise<Target> {
  const url = parseTarget(text);
  const host = url.hostname.toLowerCase();
  const literal = parseIp(host);
  let addresses: string[];
  if (literal) addresses = [host.replace(/^\[|\]$/g, '')];
  else {
    try {
      addresses = await resolve(host);
    } catch {
      throw new TargetRefused('host does not resolve');
    }
    if (addresses.length === 0) throw new TargetRefused('host does not resolve');
  }
  if (!allow.hosts.has(host) && !addresses.every((a) => permitted(a, allow))) {
    throw new TargetRefused('address not allowed');
  }
  return { url, address: addresses[0]! };
}
