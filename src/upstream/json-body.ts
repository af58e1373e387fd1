/**
 * @module
 * A request body as JSON, built as bytes when it carries base64 fields (`task/base64.ts`): the
 * text around them is encoded once and each field writes its base64 into the same buffer, so a
 * 30 KB image costs one 40 KB buffer rather than a base64 string, a JSON string and its bytes.
 * A body without one is the plain JSON text.
 */
import { stringifyMarked } from '../task/base64.ts';

const encoder = new TextEncoder();

/**
 * What a base64 field stands in as while the rest is serialised: random per process, so no
 * client text can spell it (its control characters come out of JSON escaped, as `\u0001`).
 * Made on first use: Workers refuse random values at module scope.
 */
let stand: { marker: string; json: string } | undefined;
function standIn(): { marker: string; json: string } {
  if (!stand) {
    const nonce = Array.from(crypto.getRandomValues(new Uint8Array(8)), (b) => b.toString(16).padStart(2, '0'));
    const marker = `\u0001${nonce.join('')}\u0001`;
    stand = { marker, json: JSON.stringify(marker) };
  }
  return stand;
}

export function jsonBody(value: unknown): string | Uint8Array<ArrayBuffer> {
  const { marker, json: markerJson } = standIn();
  const { text, found } = stringifyMarked(value, marker);
  if (found.length === 0) return text;
  const pieces = text.split(markerJson);
  // Only a client that guessed the nonce gets here; its body is then built as text.
  if (pieces.length !== found.length + 1) return JSON.stringify(value);
  let room = 0;
  for (const piece of pieces) room += piece.length * 3;
  for (const field of found) room += field.length + 2;
  const out = new Uint8Array(room);
  let at = encoder.encodeInto(pieces[0]!, out).written;
  for (let i = 0; i < found.length; i++) {
    out[at++] = 0x22;
    at = found[i]!.writeInto(out, at);
    out[at++] = 0x22;
    at += encoder.encodeInto(pieces[i + 1]!, out.subarray(at)).written;
  }
  return out.subarray(0, at);
}
