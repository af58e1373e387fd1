/**
 * @module
 * Pingback delivery on Node: the request (a POST, or uCaptcha-style GET) made with undici, as every upstream call on Node is, to the
 * address the SSRF guard checked (the pinned lookup of ../shared/pingback-post.ts), so DNS cannot
 * answer differently between the check and the connection. Redirects are never followed; the
 * body is discarded.
 */
import { Agent, request } from 'undici';
import type { Post } from '../../src/pingback/worker.ts';
import { maxAnswerBytes, pinned } from '../shared/pingback-post.ts';

export { resolveHost } from '../shared/pingback-post.ts';

export const nodePost: Post = async (target, sent, timeoutMs) => {
  const agent = new Agent({
    connect: { lookup: pinned(target.address), timeout: timeoutMs },
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
    maxResponseSize: maxAnswerBytes,
    pipelining: 0,
  });
  try {
    const res = await request(sent.url, {
      method: sent.method,
      ...(sent.contentType !== undefined && { headers: { 'content-type': sent.contentType } }),
      ...(sent.body !== undefined && { body: sent.body }),
      dispatcher: agent,
      signal: AbortSignal.timeout(timeoutMs),
    });
    await res.body.dump();
    return res.statusCode;
  } finally {
    void agent.close();
  }
};
