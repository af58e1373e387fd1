/**
 * @module
 * The legacy `proxy` + `proxytype` pair → the split proxy fields of a modern proxied task.
 */
import { LegacyError } from './errors.ts';

export interface ProxyFields {
  proxyType: 'http' | 'https' | 'socks4' | 'socks5';
  proxyAddress: string;
  proxyPort: number;
  proxyLogin?: string;
  proxyPassword?: string;
}

const types = new Set(['http', 'https', 'socks4', 'socks5']);

/**
 * Parses `login:password@host:port` or `host:port` (also `type://…`, whose scheme names the
 * type when `proxytype` is absent). The credentials end at the last `@`, the port after the
 * last `:`, so passwords may hold `@` and `:` and IPv6 hosts may come in brackets.
 */
export function parseProxy(proxy: string, proxytype: string | undefined): ProxyFields {
  let rest = proxy.trim();
  let scheme: string | undefined;
  const sep = rest.indexOf('://');
  if (sep !== -1) {
    scheme = rest.slice(0, sep).toLowerCase();
    rest = rest.slice(sep + 3);
  }
  const type = (proxytype ?? scheme ?? 'http').trim().toLowerCase();
  if (!types.has(type)) throw new LegacyError('ERROR_PROXY_FORMAT');

  const at = rest.lastIndexOf('@');
  const creds = at === -1 ? undefined : rest.slice(0, at);
  const hostPort = at === -1 ? rest : rest.slice(at + 1);
  const colon = hostPort.lastIndexOf(':');
  if (colon <= 0) throw new LegacyError('ERROR_PROXY_FORMAT');
  let host = hostPort.slice(0, colon);
  const portText = hostPort.slice(colon + 1);
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  const port = Number(portText);
  if (!/^\d{1,5}$/.test(portText) || port < 1 || port > 65535 || !/^[\w.:-]+$/.test(host)) {
    throw new LegacyError('ERROR_PROXY_FORMAT');
  }

  const fields: ProxyFields = { proxyType: type as ProxyFields['proxyType'], proxyAddress: host, proxyPort: port };
  if (creds !== undefined) {
    const c = creds.indexOf(':');
    fields.proxyLogin = c === -1 ? creds : creds.slice(0, c);
    if (c !== -1) fields.proxyPassword = creds.slice(c + 1);
  }
  return fields;
}
