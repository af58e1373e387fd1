/**
 * @module
 * Base64 task fields (an image, an audio file) as a value the upstream body builder
 * (`upstream/json-body.ts`) puts into the request text as it is, instead of JSON.stringify
 * scanning 40 KB for characters to escape, or structuredClone copying it. Anything else that
 * serialises a task (a stored record, a test) sees its text through `toJSON`.
 */

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const codes = Uint8Array.from(alphabet, (c) => c.charCodeAt(0));
const ascii = new TextDecoder();

/** Length of the base64 text of `n` bytes, padded. */
const encodedLength = (n: number): number => Math.ceil(n / 3) * 4;

/** Writes the padded base64 of `bytes` into `out`, by table. */
function encodeInto(bytes: Uint8Array, out: Uint8Array): void {
  const n = bytes.length;
  let i = 0;
  let o = 0;
  for (; i + 2 < n; i += 3, o += 4) {
    const v = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out[o] = codes[v >> 18]!;
    out[o + 1] = codes[(v >> 12) & 63]!;
    out[o + 2] = codes[(v >> 6) & 63]!;
    out[o + 3] = codes[v & 63]!;
  }
  if (i < n) {
    const two = i + 1 < n;
    const v = (bytes[i]! << 16) | (two ? bytes[i + 1]! << 8 : 0);
    out[o] = codes[v >> 18]!;
    out[o + 1] = codes[(v >> 12) & 63]!;
    out[o + 2] = two ? codes[(v >> 6) & 63]! : 0x3d;
    out[o + 3] = 0x3d;
  }
}

/**
 * Where the text of the largest upload so far is spelled out before it becomes a string: one
 * buffer kept, not one per request. A per-request buffer lives outside the JS heap, and such
 * allocations make V8 run full collections over every task record held.
 */
let scratch = new Uint8Array(0);

/** Bytes → padded base64 text, by the table above. */
function encodeByTable(bytes: Uint8Array): string {
  const length = encodedLength(bytes.length);
  if (scratch.length < length) scratch = new Uint8Array(length);
  encodeInto(bytes, scratch);
  return ascii.decode(scratch.subarray(0, length));
}

export type Base64Encoder = (bytes: Uint8Array) => string;

/** `Uint8Array.prototype.toBase64` (ES2026), where the runtime has it (Bun, newer V8). */
const standard = (Uint8Array.prototype as { toBase64?: (this: Uint8Array) => string }).toBase64;

let encoder: Base64Encoder = standard ? (bytes) => standard.call(bytes) : encodeByTable;

/**
 * A runtime's own encoder, when it has a faster one than the table (Node's Buffer: ~6× on a
 * 30 KB image); createGateway installs the one its platform passes. Same text either way.
 */
export function useBase64Encoder(encode: Base64Encoder): void {
  encoder = encode;
}

/** Bytes → padded base64 text. */
export const encodeBase64 = (bytes: Uint8Array): string => encoder(bytes);

/** The table, which every runtime can run: tests hold a runtime's own encoder against it. */
export const encodeBase64ByTable: Base64Encoder = encodeByTable;

/** Set while `stringifyMarked` runs: each Base64 value serialises as the marker instead. */
let marking: { marker: string; found: Base64[] } | undefined;

/**
 * A base64 field: bytes still to encode (a file part) or text already in canonical base64 (a
 * checked `body=` upload). Its text holds only the base64 alphabet, which JSON never escapes.
 */
export class Base64 {
  #source: Uint8Array | string;
  constructor(source: Uint8Array | string) {
    this.#source = source;
  }

  /** Its text, encoded once. */
  toString(): string {
    if (typeof this.#source !== 'string') this.#source = encodeBase64(this.#source);
    return this.#source;
  }

  toJSON(): string {
    if (!marking) return this.toString();
    marking.found.push(this);
    return marking.marker;
  }
}

/** `JSON.stringify(value)` with every Base64 value in it written as `marker`; those values, in order. */
export function stringifyMarked(value: unknown, marker: string): { text: string; found: Base64[] } {
  const found: Base64[] = [];
  marking = { marker, found };
  try {
    return { text: JSON.stringify(value), found };
  } finally {
    marking = undefined;
  }
}
