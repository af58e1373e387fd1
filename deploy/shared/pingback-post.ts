/**
 * @module
 * Pingback delivery through node:http and node:https (Bun and Deno implement both, `lookup`
 * included; their fetch cannot connect to one address while naming another host): host names
 * resolved with node:dns, the connection pinned to the address the SSRF guard checked, so DNS
 * cannot answer differently between the check and the connection. Redirects are never followed
 * (node:http does not); the answer is read up to a cap and discarded.
 */
import { lookup } from 'node:dns/promises';
import { request as httpRequest, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import type { Resolve } from '../../src/pingback/target.ts';
import type { Post } from '../../src/pingback/worker.ts';

export const resolveHost: Resolve = async (host) =>
  (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);

/** A lookup that answers `address` whatever name is asked. */
export function pinned(address: string): LookupFunction {
  const family = isIP(address);
  return (_host, options, callback) => {
    if (options.all) callback(null, [{ address, family }]);
    else callback(null, address, family);
  };
}

/** Longest answer read (and discarded) from a receiver. */
export const maxAnswerBytes = 64 * 1024;

export const pinnedPost: Post = (target, sent, timeoutMs) =>
  new Promise((resolve, reject) => {
    const body = sent.body === undefined ? undefined : new TextEncoder().encode(sent.body);
    const options: RequestOptions = {
      method: sent.method,
      headers: {
        ...(sent.contentType !== undefined && { 'content-type': sent.contentType }),
        ...(body && { 'content-length': String(body.byteLength) }),
      },
      lookup: pinned(target.address),
      signal: AbortSignal.timeout(timeoutMs),
      timeout: timeoutMs,
    };
    const send = sent.url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(sent.url, options, (res) => {
      let read = 0;
      res.on('data', (chunk: Uint8Array) => {
        read += chunk.byteLength;
        if (read > maxAnswerBytes) res.destroy();
      });
      res.on('close', () => resolve(res.statusCode ?? 0));
      res.on('error', () => resolve(res.statusCode ?? 0));
    });
    req.on('timeout', () => req.destroy(new Error('pingback timed out')));
    req.on('error', reject);
    req.end(body);
  });
