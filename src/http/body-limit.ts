/**
 * @module
 * The request body cap. A body over the cap is read and thrown away before the answer goes
 * out: a server that answers without reading the upload often has the client see a connection
 * reset instead of the answer, and a legacy client must read ERROR_TOO_BIG_CAPTCHA_FILESIZE
 * (a modern one its 413). `MAX_BODY_BYTES` is the one cap on both faces.
 */
import type { Context } from 'hono';

/** Past this much, an oversized upload is cut off rather than drained. */
export const drainCapBytes = 64 * 1024 * 1024;

async function drain(reader: ReadableStreamDefaultReader<Uint8Array>, already: number): Promise<void> {
  let seen = already;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    seen += value.byteLength;
    if (seen > drainCapBytes) {
      await reader.cancel();
      return;
    }
  }
}

/**
 * Whether the body of `c`'s request fits in `maxBytes`; an oversized body has been drained
 * when this answers false. A body without a Content-Length (chunked) is read into memory up
 * to the cap first and put back as a fixed body, as hono's own bodyLimit does.
 */
export async function bodyFits(c: Context, maxBytes: number): Promise<boolean> {
  // Decided from the method and headers while they suffice: on Node, touching `.body` turns
  // the Hono adapter's light request into a full Request and its body into a web stream, once
  // the costliest steps of a poll in the benchmark's profile (bench/).
  const { method, headers } = c.req.raw;
  if (method === 'GET' || method === 'HEAD') return true;
  const length = headers.get('content-length');
  const fixed = length !== null && !headers.has('transfer-encoding');
  if (fixed && Number(length) <= maxBytes) return true;
  const body = c.req.raw.body;
  if (!body) return true;
  if (fixed) {
    await drain(body.getReader(), 0);
    return false;
  }
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await drain(reader, size);
      return false;
    }
    chunks.push(value);
  }
  const whole = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    whole.set(chunk, at);
    at += chunk.byteLength;
  }
  c.req.raw = new Request(c.req.raw, { body: whole });
  return true;
}

/** A string's opening quote, or a character that opens a value past the first: `,`, `[`, `{`. */
const jsonToken = /[",[{]/g;

/** Where the JSON string opened at `from` ends (past its closing quote), or -1 if it does not. */
function stringEnd(text: string, from: number): number {
  for (let at = from + 1; ;) {
    const quote = text.indexOf('"', at);
    if (quote === -1) return -1;
    // Escaped when an odd run of backslashes comes before it; each run is looked at once.
    let before = quote;
    while (before > at && text.charCodeAt(before - 1) === 0x5c) before--;
    if ((quote - before) % 2 === 0) return quote + 1;
    at = quote + 1;
  }
}

/**
 * Whether JSON text holds more than `max` items (keys and array elements, at every depth),
 * counted by a scan that skips strings whole and stops at the cap: JSON.parse of a million keys
 * blocks the event loop for seconds, a body cap alone does not bound that. Any face that parses
 * a client's JSON asks this first (the legacy face with MAX_PARAMS). Linear, and no regex
 * backtracking: an unterminated string ends the scan (JSON.parse refuses such text at once).
 */
export function jsonItemsOver(text: string, max: number): boolean {
  jsonToken.lastIndex = 0;
  let n = 0;
  for (let m = jsonToken.exec(text); m !== null; m = jsonToken.exec(text)) {
    if (m[0] !== '"') {
      if (++n > max) return true;
      continue;
    }
    const end = stringEnd(text, m.index);
    if (end === -1) return false;
    jsonToken.lastIndex = end;
  }
  return false;
}
