/**
 * @module
 * multipart/form-data (RFC 7578) read straight from the body's bytes. The runtime's
 * `Response.formData()` costs ~250 µs for a 30 KB image on Node (a Request, a Blob and a File
 * per part, streams, text decoding: bench/results/profile.md), more than the rest of a submit;
 * this is a scan for the boundary and a view per file part, no copy.
 */

export interface FormParts {
  values: [name: string, value: string][];
  files: [name: string, bytes: Uint8Array][];
}

export class MalformedMultipart extends Error {
  constructor(reason: string) {
    super(`malformed multipart body: ${reason}`);
    this.name = 'MalformedMultipart';
  }
}

/** More parts than the cap: thrown as soon as the part past it starts, before it is read. */
export class TooManyParts extends Error {
  constructor(max: number) {
    super(`multipart body over ${max} parts`);
    this.name = 'TooManyParts';
  }
}

const encoder = new TextEncoder();
const utf8 = new TextDecoder();

/** The `boundary` parameter of a Content-Type, quoted or not. */
export function boundaryOf(contentType: string): string | undefined {
  const m = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;"]{1,70}))/i.exec(contentType);
  return m ? (m[1] ?? m[2]) : undefined;
}

function indexOf(hay: Uint8Array, needle: Uint8Array, from: number): number {
  const first = needle[0]!;
  const last = hay.length - needle.length;
  for (let i = hay.indexOf(first, from); i !== -1 && i <= last; i = hay.indexOf(first, i + 1)) {
    let j = 1;
    while (j < needle.length && hay[i + j] === needle[j]) j++;
    if (j === needle.length) return i;
  }
  return -1;
}

const paramPattern = (param: string): RegExp => new RegExp(`;\\s*${param}=(?:"((?:[^"\\\\]|\\\\.)*)"|([^\\s;]*))`, 'i');
const nameParam = paramPattern('name');
const filenameParam = paramPattern('filename');

/** A parameter of a Content-Disposition header: `name="a b"` or `name=a`. */
function dispositionParam(header: string, pattern: RegExp): string | undefined {
  const m = pattern.exec(header);
  if (!m) return undefined;
  // Browsers escape a quote in a name as %22 (the HTML form rule); undici decodes it, so do we.
  return m[1] !== undefined
    ? m[1].replace(/\\(.)/g, '$1').replaceAll('%22', '"').replaceAll('%0D', '\r').replaceAll('%0A', '\n')
    : m[2];
}

/**
 * Every part of a multipart body; throws MalformedMultipart on anything that is not one, and
 * TooManyParts past `maxParts`.
 */
export function parseMultipart(body: Uint8Array, contentType: string, maxParts = Infinity): FormParts {
  const boundary = boundaryOf(contentType);
  if (!boundary) throw new MalformedMultipart('no boundary');
  const delimiter = encoder.encode(`--${boundary}`);
  // Past the first, a delimiter starts a line: the CRLF before it belongs to it, not the content.
  const nextDelimiter = encoder.encode(`\r\n--${boundary}`);
  const headEnd = encoder.encode('\r\n\r\n');
  const parts: FormParts = { values: [], files: [] };
  let at = indexOf(body, delimiter, 0);
  if (at === -1) throw new MalformedMultipart('no delimiter');
  for (let count = 0; ; count++) {
    at += delimiter.length;
    // `--` after a delimiter closes the body; anything after it is an epilogue.
    if (body[at] === 0x2d && body[at + 1] === 0x2d) return parts;
    if (count === maxParts) throw new TooManyParts(maxParts);
    while (body[at] === 0x20 || body[at] === 0x09) at++;
    if (body[at] !== 0x0d || body[at + 1] !== 0x0a) throw new MalformedMultipart('delimiter line');
    at += 2;
    const headersEnd = indexOf(body, headEnd, at);
    if (headersEnd === -1) throw new MalformedMultipart('part headers');
    const headers = utf8.decode(body.subarray(at, headersEnd)).split('\r\n');
    const disposition = headers.find((h) => /^content-disposition\s*:/i.test(h));
    if (!disposition || !/:\s*form-data\b/i.test(disposition)) throw new MalformedMultipart('content-disposition');
    const name = dispositionParam(disposition, nameParam);
    if (name === undefined) throw new MalformedMultipart('part name');
    const start = headersEnd + headEnd.length;
    const next = indexOf(body, nextDelimiter, start);
    if (next === -1) throw new MalformedMultipart('unterminated part');
    const content = body.subarray(start, next);
    if (dispositionParam(disposition, filenameParam) !== undefined) parts.files.push([name, content]);
    else parts.values.push([name, utf8.decode(content)]);
    at = next + 2;
  }
}
