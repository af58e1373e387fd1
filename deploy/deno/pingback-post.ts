/**
 * @module
 * Pingback delivery on Deno, with Deno's own APIs: host names resolved with Deno.resolveDns, and
 * the POST written over a connection to the address the SSRF guard checked (TLS started on it
 * for the URL's host name), because Deno's fetch cannot connect to one address while naming
 * another host. One HTTP/1.1 request with `connection: close`; only the status line is read,
 * so redirects are never followed and the answer is discarded.
 */
import type { Resolve } from '../../src/pingback/target.ts';
import type { Post } from '../../src/pingback/worker.ts';

export const resolveDns: Resolve = async (host) => {
  const found = await Promise.allSettled([Deno.resolveDns(host, 'A'), Deno.resolveDns(host, 'AAAA')]);
  return found.flatMap((r) => (r.status === 'fulfilled' ? r.value : []));
};

const statusLine = /^HTTP\/1\.[01] (\d{3})/;

/** The request's bytes: the form, to the URL's path, naming its host. */
function requestBytes(url: URL, form: URLSearchParams): Uint8Array {
  const body = form.toString();
  const head = [
    `POST ${url.pathname}${url.search} HTTP/1.1`,
    `host: ${url.host}`,
    'content-type: application/x-www-form-urlencoded',
    `content-length: ${body.length}`,
    'connection: close',
  ];
  return new TextEncoder().encode(`${head.join('\r\n')}\r\n\r\n${body}`);
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

export const denoPost: Post = async (target, form, timeoutMs) => {
  const { url } = target;
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
    return await statusOf(conn, requestBytes(url, form));
  } finally {
    signal.removeEventListener('abort', closed);
    closed();
  }
};
