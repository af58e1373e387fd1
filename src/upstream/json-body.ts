/**
 * @module
 * A request body as JSON text, with base64 fields (`task/base64.ts`) put in as they are: the
 * rest is serialised with a stand-in for each, which is then replaced by the field's text.
 * JSON.stringify would scan the 40 KB of a 30 KB image for characters to escape, and base64 has
 * none.
 */
import { stringifyMarked } from '../task/base64.ts';

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

export function jsonBody(value: unknown): string {
  const { marker, json: markerJson } = standIn();
  const { text, found } = stringifyMarked(value, marker);
  if (found.length === 0) return text;
  const pieces = text.split(markerJson);
  // Only a client that guessed the nonce gets here; its body is then serialised in full.
  if (pieces.length !== found.length + 1) return JSON.stringify(value);
  // Joined as strings (ropes, no copy here): no buffer per request outside the JS heap.
  let body = pieces[0]!;
  for (let i = 0; i < found.length; i++) body += `"${found[i]!.toString()}"${pieces[i + 1]!}`;
  return body;
}
