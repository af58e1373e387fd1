/**
 * @module
 * Node's fast path for /in.php and /res.php: straight from node:http to the legacy endpoint and
 * back, without the Request and Response objects the Hono adapter builds per request (the
 * largest share of a poll's CPU beyond the upstream call in bench/results/profile.md).
 * Every other path, and any legacy path spelled otherwise, goes to the Hono listener.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { drainCapBytes } from '../../src/http/body-limit.ts';
import type { LegacyEndpoint, LegacyPath, LegacyRequest } from '../../src/legacy/endpoint.ts';
import { bodyError, noFiles, queryOnly, readQuery, withBody, type ReadResult } from '../../src/legacy/params.ts';
import type { HttpReply } from '../../src/legacy/reply.ts';

type Body = Uint8Array | 'too-big' | 'failed';

/**
 * The whole body, up to `maxBytes`. A body over the cap is read to its end and thrown away
 * (a client that is answered before its upload is read often sees a reset instead of the
 * answer), up to the drain cap, past which the connection is given up.
 */
function readBody(req: IncomingMessage, maxBytes: number): Promise<Body> {
  return new Promise((resolve) => {
    const length = req.headers['content-length'];
    let over = length !== undefined && req.headers['transfer-encoding'] === undefined && Number(length) > maxBytes;
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) over = true;
      if (!over) chunks.push(chunk);
      else if (size > drainCapBytes) {
        req.pause();
        resolve('too-big');
      }
    });
    req.on('end', () => resolve(over ? 'too-big' : Buffer.concat(chunks, size)));
    req.on('error', () => resolve('failed'));
    req.on('close', () => resolve('failed'));
  });
}

/** The request limits the fast path applies itself: MAX_BODY_BYTES and MAX_PARAMS. */
export interface Limits {
  maxBodyBytes: number;
  maxParams: number;
}

async function readNodeParams(req: IncomingMessage, url: string, limits: Limits): Promise<ReadResult> {
  const query = readQuery(url, limits.maxParams);
  const { values } = query;
  if (req.method === 'GET' || req.method === 'HEAD') return queryOnly(query);
  const body = await readBody(req, limits.maxBodyBytes);
  const type = req.headers['content-type'] ?? '';
  if (body === 'too-big') return { params: { values, files: noFiles }, error: 'ERROR_TOO_BIG_CAPTCHA_FILESIZE' };
  if (body === 'failed') return { params: { values, files: noFiles }, error: bodyError(type) };
  return withBody(query, type, body);
}

/** A node:http request as the legacy endpoint reads it (a class: no closures per request). */
class NodeLegacyRequest implements LegacyRequest {
  readonly method: string;
  readonly peer: string | undefined;
  readonly path: LegacyPath;
  readonly #req: IncomingMessage;
  readonly #url: string;
  readonly #limits: Limits;
  constructor(req: IncomingMessage, path: LegacyPath, url: string, limits: Limits) {
    this.method = req.method ?? 'GET';
    this.peer = req.socket.remoteAddress;
    this.path = path;
    this.#req = req;
    this.#url = url;
    this.#limits = limits;
  }

  header(name: string): string | undefined {
    const value = this.#req.headers[name];
    return Array.isArray(value) ? value.join(', ') : value;
  }

  read(): Promise<ReadResult> {
    return readNodeParams(this.#req, this.#url, this.#limits);
  }
}

function write(req: IncomingMessage, res: ServerResponse, reply: HttpReply): void {
  const headers: Record<string, string | number> = reply.headers;
  // Given, not left to Node: after writeHead(), end(body) would send the answer chunked.
  if (reply.body !== null) headers['Content-Length'] = Buffer.byteLength(reply.body);
  // An upload past the drain cap was left unread: the connection cannot be reused.
  if (!req.complete) headers.connection = 'close';
  res.writeHead(reply.status, headers);
  res.end(reply.body ?? undefined);
}

function legacyPathOf(url: string): LegacyPath | undefined {
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  return path === '/in.php' || path === '/res.php' ? path : undefined;
}

/** Hono's node listener: it settles once it has written the answer, and never rejects. */
type Fallback = (...args: Parameters<RequestListener>) => Promise<void>;

export function withLegacyFastPath(legacy: LegacyEndpoint, fallback: Fallback, limits: Limits): RequestListener {
  return (req, res) => {
    const url = req.url ?? '/';
    const path = legacyPathOf(url);
    if (!path) return void fallback(req, res);
    legacy(new NodeLegacyRequest(req, path, url, limits)).then(
      (reply) => write(req, res, reply),
      // The endpoint answers every outcome itself; this is the last resort, as Hono's onError.
      () => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=UTF-8' });
        res.end('Internal Server Error');
      },
    );
  };
}
