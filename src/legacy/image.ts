/**
 * @module
 * Image payloads: a multipart file part or a base64 string (with or without a `data:` prefix)
 * become the base64 `body` a modern task carries, after the checks 2captcha makes.
 */
import { Base64 } from '../task/base64.ts';
import { LegacyError } from './errors.ts';

/** 2captcha's current limit for an image (600 kB). */
export const maxImageBytes = 600 * 1024;

/** Magic bytes of the image types 2captcha takes; names and extensions are not trusted. */
const signatures: readonly (readonly (number | undefined)[])[] = [
  [0xff, 0xd8, 0xff], // jpeg
  [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], // png
  [0x47, 0x49, 0x46, 0x38], // gif
  [0x42, 0x4d], // bmp
  [0x52, 0x49, 0x46, 0x46, undefined, undefined, undefined, undefined, 0x57, 0x45, 0x42, 0x50], // webp
];

export function isSupportedImage(bytes: Uint8Array): boolean {
  return signatures.some((sig) => sig.length <= bytes.length && sig.every((b, i) => b === undefined || bytes[i] === b));
}

/**
 * Base64 text as clients send it (a `data:` prefix dropped, `+` restored where an unescaped form
 * turned it into a space) → that text cleaned, and the binary string atob gives: one char per byte.
 */
function binaryOf(text: string): { b64: string; bin: string } {
  let b64 = text.trim();
  if (b64.startsWith('data:')) b64 = b64.slice(b64.indexOf(',') + 1);
  b64 = b64.replaceAll(' ', '+').replace(/[\r\n\t]/g, '');
  // atob checks the alphabet and the padding (a regex over a 40 KB image took ~150 µs here);
  // of the whitespace it would skip, only the form feed is left.
  if (b64.includes('\f')) throw new LegacyError('ERROR_UPLOAD');
  try {
    return { b64, bin: atob(b64) };
  } catch {
    throw new LegacyError('ERROR_UPLOAD');
  }
}

/** The first bytes of a binary string, enough for the signatures. */
const headOf = (bin: string): Uint8Array => Uint8Array.from(bin.slice(0, 16), (c) => c.charCodeAt(0));

function checkSize(size: number, maxBytes: number): void {
  if (size === 0) throw new LegacyError('ERROR_ZERO_CAPTCHA_FILESIZE');
  if (size > maxBytes) throw new LegacyError('ERROR_TOO_BIG_CAPTCHA_FILESIZE');
}

/**
 * Whether `b64` (which atob took, as `bin`) is exactly what btoa(bin) would give: padded, and
 * its last character's unused bits zero. Only the last group can differ, so only it is checked.
 */
function isCanonical(b64: string, bin: string): boolean {
  if (b64.length % 4 !== 0) return false;
  const tail = bin.length % 3;
  return tail === 0 ? !b64.endsWith('=') : btoa(bin.slice(-tail)) === b64.slice(-4);
}

/**
 * An upload (file part or base64 text) as the base64 a modern task wants, after the size
 * checks and `accepts` (given its first bytes). Base64 text is checked by atob and, when
 * already canonical, sent as it came; a file part is encoded once, when the request is built.
 */
export function uploadBody(
  raw: string | Uint8Array,
  maxBytes: number,
  accepts: (head: Uint8Array) => boolean = () => true,
): Base64 {
  if (typeof raw !== 'string') {
    checkSize(raw.length, maxBytes);
    if (!accepts(raw)) throw new LegacyError('ERROR_IMAGE_TYPE_NOT_SUPPORTED');
    return new Base64(raw);
  }
  const { b64, bin } = binaryOf(raw);
  checkSize(bin.length, maxBytes);
  if (!accepts(headOf(bin))) throw new LegacyError('ERROR_IMAGE_TYPE_NOT_SUPPORTED');
  return new Base64(isCanonical(b64, bin) ? b64 : btoa(bin));
}

/** A checked image as the base64 a modern task wants. */
export const imageBody = (raw: string | Uint8Array, maxBytes = maxImageBytes): Base64 =>
  uploadBody(raw, maxBytes, isSupportedImage);
