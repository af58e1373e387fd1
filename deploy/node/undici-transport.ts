/**
 * @module
 * The Node transport: `undici.request` through one keep-alive Agent, several times the
 * throughput of `fetch` on Node. Agent and request come from the same undici.
 */
import { Agent, request } from 'undici';
import { maxResponseBytes, ResponseTooLarge, type Transport } from '../../src/upstream/transport.ts';

export interface UndiciTransportOptions {
  /** Connect, headers and body timeouts, ms. */
  timeoutMs: number;
  connections?: number;
  limit?: number;
}

export function createUndiciTransport(opts: UndiciTransportOptions): { transport: Transport; agent: Agent } {
  const agent = new Agent({
    connect: { timeout: Math.min(opts.timeoutMs, 10_000) },
    headersTimeout: opts.timeoutMs,
    bodyTimeout: opts.timeoutMs,
    keepAliveTimeout: 10_000,
    connections: opts.connections ?? 256,
  });
  const limit = opts.limit ?? maxResponseBytes;

  const transport: Transport = async (req) => {
    const res = await request(req.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: req.body,
      signal: req.signal,
      dispatcher: agent,
    });
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of res.body) {
      size += (chunk as Buffer).length;
      if (size > limit) {
        res.body.destroy();
        throw new ResponseTooLarge();
      }
      chunks.push(chunk as Buffer);
    }
    return { status: res.statusCode, body: Buffer.concat(chunks).toString('utf8') };
  };
  return { transport, agent };
}
