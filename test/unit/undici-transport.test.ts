/**
 * The Node transport's own handler (deploy/node/undici-transport.ts), against a real server on
 * 127.0.0.1: bodies decoded as `body.text()` decodes them, and a deadline that reaches a call
 * still waiting for a connection.
 */
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUndiciTransport } from '../../deploy/node/undici-transport.ts';
import { ResponseTooLarge } from '../../src/upstream/transport.ts';

let server: Server;
let base: string;
const held: ServerResponse[] = [];
let onHold = (): void => {};

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (req.url === '/hold') return void (held.push(res), onHold());
      res.writeHead(req.url === '/teapot' ? 418 : 200, { 'content-type': 'application/json' });
      if (req.url === '/big') return void res.end('x'.repeat(2048));
      // A BOM, then "é" and "€" split across writes.
      const body = Buffer.from('\ufeff{"a":"é€"}');
      res.write(body.subarray(0, 9));
      setTimeout(() => res.end(body.subarray(9)), 5);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const res of held) res.end();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const call = (url: string, signal = new AbortController().signal) =>
  createUndiciTransport({ timeoutMs: 2000, limit: 1024 }).transport({ url, body: '{}', signal });

describe('the undici transport', () => {
  it('answers the status and the body as UTF-8, a leading BOM dropped, however it was split', async () => {
    expect(await call(`${base}/ok`)).toEqual({ status: 200, body: '{"a":"é€"}' });
    expect((await call(`${base}/teapot`)).status).toBe(418);
  });

  it('fails a body over the cap as ResponseTooLarge', async () => {
    await expect(call(`${base}/big`)).rejects.toBeInstanceOf(ResponseTooLarge);
  });

  it('rejects with the reason of an already aborted signal', async () => {
    const reason = new DOMException('upstream timeout', 'TimeoutError');
    await expect(call(`${base}/ok`, AbortSignal.abort(reason))).rejects.toBe(reason);
  });

  it('answers a call aborted while it waits for a connection at once, and keeps serving', async () => {
    const { transport, agent } = createUndiciTransport({ timeoutMs: 2000, connections: 1 });
    const holding = new Promise<void>((resolve) => (onHold = resolve));
    const first = transport({ url: `${base}/hold`, body: '{}', signal: new AbortController().signal });
    await holding;
    const deadline = new AbortController();
    const queued = transport({ url: `${base}/ok`, body: '{}', signal: deadline.signal });
    const reason = new DOMException('upstream timeout', 'TimeoutError');
    deadline.abort(reason);
    await expect(queued).rejects.toBe(reason);
    for (const res of held.splice(0)) res.end('{}');
    expect(await first).toEqual({ status: 200, body: '{}' });
    expect((await transport({ url: `${base}/ok`, body: '{}', signal: new AbortController().signal })).body).toBe('{"a":"é€"}');
    await agent.close();
  });
});
