/**
 * @module
 * DBC credentials as clients send them: `authtoken` (a field, or a header), `username` +
 * `password` (fields, or HTTP Basic). DBC's Node client sends `username=authtoken` beside its
 * token, so a token wins whenever one is present.
 */
import { pick, type DbcFields } from './request.ts';

export type Credentials = { authtoken: string } | { username: string; password: string };

/** `Basic base64(user:pass)` → its two halves. */
function basic(header: string | undefined): { username: string; password: string } | undefined {
  const m = /^basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!m) return undefined;
  let decoded: string;
  try {
    decoded = new TextDecoder().decode(Uint8Array.from(atob(m[1]!), (c) => c.charCodeAt(0)));
  } catch {
    return undefined;
  }
  const colon = decoded.indexOf(':');
  return colon === -1 ? undefined : { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** The credentials of a request, or undefined when it carries none. */
export function credentialsOf(f: DbcFields, header: (name: string) => string | undefined): Credentials | undefined {
  const authtoken = pick(f, 'authtoken') ?? header('authtoken');
  if (authtoken) return { authtoken };
  const username = pick(f, 'username');
  const password = pick(f, 'password');
  if (username !== undefined && password !== undefined) return { username, password };
  const auth = basic(header('authorization'));
  if (!auth?.password) return undefined;
  return auth.username === 'authtoken' ? { authtoken: auth.password } : auth;
}

/**
 * The key a credential stands for without a DBC entry in the gateway-key table: the token, or the
 * password (the username is free: uCaptcha's DBC layer also takes the API key as the password).
 */
export const keyOf = (c: Credentials): string => ('authtoken' in c ? c.authtoken : c.password);
