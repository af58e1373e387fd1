/**
 * @module
 * Pingback delivery on Node: host names resolved with node:dns, and the POST made with undici
 * to the address the SSRF guard checked (a pinned lookup), so DNS cannot answer differently
 * between the check and the connection. Redirects are never followed; the body is discarded.
 */
import { lookup } from 'node:dns/promises';
import type { LookupFunction } from 'node:net';
import { isIP } from 'node:net';
import { Agent, request } from 'undici';
import type { Post } from '../../src/pingback/worker.ts';
import type { Resolve } from '../../src/pingback/target.ts';

export const resolveHost: Resolve = async (host) =>
  (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);

/** A lookup that answers `address` whatever name is asked. */
function pinned(address: string): LookupFunction {
  const family = isIP(address);
  return (_host, options, callback) => {
    if (options.all) callback(null, [{ address, family }]);
    else callback(null, address, family);
  };
}

/** Longest answer read (and discarded) from a receiver. */
const maxAnswerBytes = 64 * 1024;

export const nodePost: Post = async (target, form, timeoutMs) => {
  const agent = new Agent({
    connect: { lookup: pinned(target.address), timeout: timeoutMs },
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
    maxResponseSize: maxAnswerBytes,
    pipelining: 0,
  });
  try {
    const res = await request(target.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
      dispatcher: agent,
      signal: AbortSignal.timeout(timeoutMs),
    });
    await res.body.dump();
    return res.statusCode;
  } finally {
    void agent.close();
  }
};
