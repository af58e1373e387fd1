/**
 * @module
 * Base64 task fields (an image, an audio file) as a value that knows how to write itself: the
 * upstream body builder (`upstream/json-body.ts`) encodes it straight into the request's bytes,
 * instead of making a base64 string, a JSON string holding it and the bytes of that (three 40 KB
 * copies per 30 KB image). Anything else that serialises a task (a stored record, a test) sees
 * its text through `toJSON`.
 */

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const codes = Uint8Array.from(alphabet, (c) => c.charCodeAt(0));
const ascii = new TextDecoder();
const encoder = new TextEncoder();

/** Length of the base64 text of `n` bytes, padded. */
const encodedLength = (n: number): number => Math.ceil(n / 3) * 4;

/** Writes the padded base64 of `bytes` into `out` from `at`, by table; returns the end. */
function encodeInto(bytes: Uint8Array, out: Uint8Array, at: number): number {
  const n = bytes.length;
  let i = 0;
  let o = at;
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
    o += 4;
  }
  return o;
}

/** Bytes → padded base64 text. */
export function encodeBase64(bytes: Uint8Array): string {
  const out = new Uint8Array(encodedLength(bytes.length));
  encodeInto(bytes, out, 0);
  return ascii.decode(out);
}

/** Set while `stringifyMarked` runs: each Base64 value serialises as the marker instead. */
let marking: { marker: string; found: Base64[] } | undefined;

/**
 * A base64 field: bytes still to encode (a file part) or text already in canonical base64 (a
 * checked `body=` upload). Its text holds only the base64 alphabet, which JSON never escapes.
 */
export class Base64 {
  readonly #source: Uint8Array | string;
  constructor(source: Uint8Array | string) {
    this.#source = source;
  }

  /** Length of its text, in bytes (one per character). */
  get length(): number {
    return typeof this.#source === 'string' ? this.#source.length : encodedLength(this.#source.length);
  }

  /** Writes its text into `out` from `at` (room for `length` bytes); returns the end. */
  writeInto(out: Uint8Array, at: number): number {
    if (typeof this.#source !== 'string') return encodeInto(this.#source, out, at);
    return at + encoder.encodeInto(this.#source, out.subarray(at)).written;
  }

  toString(): string {
    return typeof this.#source === 'string' ? this.#source : encodeBase64(this.#source);
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
