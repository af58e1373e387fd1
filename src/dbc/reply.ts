/**
 * @module
 * DBC answers on the wire: JSON when the client's Accept names `application/json`, else
 * `application/x-www-form-urlencoded` (`status=0&captcha=…&text=…&is_correct=1`), which clients
 * without an Accept header parse. Errors carry `status=255` and DBC's error name with the HTTP
 * status DBC uses for it.
 */
import type { Fields } from './answers.ts';
import { dbcCodes, type DbcCode } from './errors.ts';

export const wantsJson = (accept: string | undefined): boolean =>
  accept !== undefined && accept.toLowerCase().includes('application/json');

/** Booleans are 0/1 in the urlencoded form (`is_banned=0`), as DBC writes them there. */
function urlencoded(fields: Fields): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) params.append(k, typeof v === 'boolean' ? (v ? '1' : '0') : String(v));
  return params.toString();
}

export function reply(fields: Fields, json: boolean, status = 200, headers: Record<string, string> = {}): Response {
  return json
    ? new Response(JSON.stringify(fields), {
        status,
        headers: { 'content-type': 'application/json', ...headers },
      })
    : new Response(urlencoded(fields), {
        status,
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      });
}

export const errorReply = (code: DbcCode, json: boolean, headers?: Record<string, string>): Response =>
  reply({ status: 255, error: code }, json, dbcCodes[code], headers);

/**
 * An upload's answer: 303 to the captcha's own URL, with the captcha in the body. Absolute,
 * from the request's own origin: samcday's client polls the Location as it comes and takes the
 * id as what follows `<its endpoint>/captcha/`.
 */
export function uploaded(
  fields: Fields,
  json: boolean,
  requestUrl: string,
  headers?: Record<string, string>,
): Response {
  const location = new URL(`/api/captcha/${String(fields.captcha)}`, requestUrl).href;
  return reply(fields, json, 303, { location, ...headers });
}
