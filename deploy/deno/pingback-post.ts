/**
 * @module
 * Pingback delivery on Deno, with Deno's own APIs: host names resolved with Deno.resolveDns, and
 * the request written over a connection to the address the SSRF guard checked (TLS started on it
 * for the URL's host name), because Deno's fetch cannot connect to one address while naming
 * another host. One HTTP/1.1 request with `connection: close`; only the status line is read,
 * so redirects are never followed and the answer is discarded.
 */
import type { Resolve } from '../../src/pingback/target.ts';
import type { Post, Sent } from '../../src/pingback/worker.ts';

export const resolveDns: Resolve = async (host) => {
  const found = await Promise.allSettled([Deno.resolveDns(host, 'A'), Deno.resolveDns(host, 'AAAA')]);
  return found.flatMap((r) => (r.status === 'fulfilled' ? r.value : []));
};

const statusLine = /^HTTP\/1\.[01] (\d{3})/;

/** The request's bytes: the method to the URL's path (a GET's query on it), naming its host, and the body. */
function requestBytes(sent: Sent): Uint8Array {
  const { url } = sent;
  const body = new TextEncoder().encode(sent.body ?? '');
  const head = [
    `${sent.method} ${url.pathname}${url.search} HTTP/1.1`,
    `host: ${url.host}`,
    ...(sent.contentType !== undefined ? [`content-type: ${sent.contentType}`] : []),
    ...(sent.body !== undefined ? [`content-length: ${body.byteLength}`] : []),
    'connection: close',
  ];
  const start = new TextEncoder().encode(`${head.join('\r\n')}\r\n\r\n`);
  const bytes = new Uint8Array(start.byteLength + body.byteLength);
  bytes.set(start);
  bytes.set(body, start.byteLength);
  return bytes;
}

async function statusOf(conn: Deno.Conn, bytes: Uint8Array): Promise<number> {
  const writer = conn.writable.getWriter();
  await writer.write(bytes);
  writer.releaseLock();
  const reader = conn.readable.getReader();
  const first = await reader.read();
  const match = statusLine.exec(new TextDecoder().decode(first.value ?? new Uint8Array()));
  return match ? Number(match[1]) : 0;
}

export const denoPost: Post = async (target, sent, timeoutMs) => {
  const { url } = sent;
  const https = url.protocol === 'https:';
  const port = Number(url.port || (https ? 443 : 80));
  const signal = AbortSignal.timeout(timeoutMs);
  const tcp = await Deno.connect({ hostname: target.address, port, signal });
  const conn = https ? await Deno.startTls(tcp, { hostname: url.hostname }) : tcp;
  const closed = () => {
    try {
      conn.close();
    } catch {
      // already closed by the receiver
    }
  };
  signal.addEventListener('abort', closed, { once: true });
  try {
    return await statusOf(conn, requestBytes(sent));
  } finally {
    signal.removeEventListener('abort', closed);
    closed();
  }
};
