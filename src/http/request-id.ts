/**
 * @module
 * Request ids: the client's own `X-Request-Id` when it is short and plain, else a new one. A new
 * id is UUID-shaped (version 8, the vendor-specific layout, so tools expecting UUIDs take it):
 * 74 random bits drawn once per process, at first use (never at import: Workers forbid random
 * values there), then a 48-bit count. Unique within a process, apart across processes and
 * restarts, and a string concatenation per request instead of a random UUID. Ids correlate logs;
 * they are not secrets (a seen id tells the next ones).
 */

/** Ids from clients are kept when they are short and plain (hono/request-id's rule). */
export const validRequestId = /^[\w\-=]{1,255}$/;

const hexByte: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

let random: string | undefined;
/** The id without its last two hex digits; changes once every 256 ids. */
let block = '';
let count = 0;

/** `xxxxxxxx-xxxx-8xxx-yxxx-`: this process's random part. */
function randomPart(): string {
  const b = crypto.getRandomValues(new Uint8Array(10));
  b[6] = (b[6]! & 0x0f) | 0x80; // version 8
  b[8] = (b[8]! & 0x3f) | 0x80; // RFC 9562 variant
  const hex = Array.from(b, (x) => hexByte[x]).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-`;
}

/** A new id: this process's random part, then the count in 12 hex digits. */
export function newRequestId(): string {
  const low = count % 256;
  if (low === 0) block = (random ??= randomPart()) + (count / 256).toString(16).padStart(10, '0');
  count = (count + 1) % 2 ** 48;
  return block + hexByte[low]!;
}

/** The id of a request: its `X-Request-Id` header when valid, else a new one. */
export function requestIdFrom(header: string | undefined): string {
  return header !== undefined && validRequestId.test(header) ? header : newRequestId();
}
