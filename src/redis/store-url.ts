/**
 * @module
 * What `STORE_URL` names: one Redis (`redis://`, `rediss://`, passed to the client as given), a
 * Sentinel-watched primary (`redis+sentinel://[:password@]h1:p1,h2:p2/<primary-name>`) or a
 * Cluster (`redis+cluster://[:password@]h1:p1,h2:p2`). The host lists are not WHATWG URLs
 * (a comma in the authority), so this reads them itself; errors never echo the text.
 */

export interface StoreNode {
  host: string;
  port: number;
}

export type StoreTarget =
  | { kind: 'single'; url: string }
  | { kind: 'sentinel'; sentinels: StoreNode[]; name: string; password?: string }
  | { kind: 'cluster'; nodes: StoreNode[]; password?: string };

export type StoreUrlResult = { ok: true; target: StoreTarget } | { ok: false; error: string };

const defaultPort: Readonly<Record<'sentinel' | 'cluster', number>> = { sentinel: 26379, cluster: 6379 };

/** `host`, `host:port`, `[v6]` or `[v6]:port`. */
function parseNode(text: string, fallbackPort: number): StoreNode | undefined {
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([A-Za-z0-9.\-_]+))(?::(\d{1,5}))?$/.exec(text);
  if (!m) return undefined;
  const port = m[3] === undefined ? fallbackPort : Number(m[3]);
  if (port < 1 || port > 65535) return undefined;
  return { host: m[1] ?? m[2]!, port };
}

function parseSingle(text: string): StoreUrlResult {
  try {
    const url = new URL(text);
    if (url.protocol === 'redis:' || url.protocol === 'rediss:')
      return { ok: true, target: { kind: 'single', url: text } };
  } catch {
    // falls through to the one error below
  }
  return { ok: false, error: 'expected a redis://, rediss://, redis+sentinel:// or redis+cluster:// URL' };
}

/** `[user][:password]@` before the hosts; only the password is used (Redis ACL users: not yet). */
function splitCredentials(authority: string): { hosts: string; password?: string } | undefined {
  const at = authority.lastIndexOf('@');
  if (at === -1) return { hosts: authority };
  const userinfo = authority.slice(0, at);
  const colon = userinfo.indexOf(':');
  if (colon === -1) return undefined;
  try {
    const password = decodeURIComponent(userinfo.slice(colon + 1));
    return { hosts: authority.slice(at + 1), ...(password ? { password } : {}) };
  } catch {
    return undefined;
  }
}

export function parseStoreUrl(text: string): StoreUrlResult {
  const m = /^redis\+(sentinel|cluster):\/\/([^/?#]*)(?:\/([^?#]*))?$/.exec(text);
  if (!m) return parseSingle(text);
  const kind = m[1] as 'sentinel' | 'cluster';
  const creds = splitCredentials(m[2]!);
  if (!creds) return { ok: false, error: `expected redis+${kind}://[:password@]host:port,…` };
  const nodes = creds.hosts.split(',').map((h) => parseNode(h.trim(), defaultPort[kind]));
  if (!nodes.length || nodes.some((n) => !n))
    return { ok: false, error: `expected redis+${kind}:// with host:port,host:port` };
  const list = nodes as StoreNode[];
  const pw = creds.password === undefined ? {} : { password: creds.password };
  if (kind === 'cluster') {
    if (m[3]) return { ok: false, error: 'expected no path in redis+cluster:// (a cluster has one database)' };
    return { ok: true, target: { kind, nodes: list, ...pw } };
  }
  const name = m[3] ?? '';
  if (!/^[\w.-]+$/.test(name)) return { ok: false, error: 'expected redis+sentinel://…/<primary-name>' };
  return { ok: true, target: { kind, sentinels: list, name, ...pw } };
}
