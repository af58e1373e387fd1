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

const call = (url: string) =>
  createUndiciTransport({ timeoutMs: 2000, limit: 1024 }).transport({ url, body: '{}', timeoutMs: 2000 });
const timeout = { name: 'TimeoutError', message: 'upstream timeout' };

describe('the undici transport', () => {
  it('answers the status and the body as UTF-8, a leading BOM dropped, however it was split', async () => {
    expect(await call(`${base}/ok`)).toEqual({ status: 200, body: '{"a":"é€"}' });
    expect((await call(`${base}/teapot`)).status).toBe(418);
  });

  it('fails a body over the cap as ResponseTooLarge', async () => {
    await expect(call(`${base}/big`)).rejects.toBeInstanceOf(ResponseTooLarge);
  });

  it('times out a call that waits for its answer', async () => {
    const { transport, agent } = createUndiciTransport({ timeoutMs: 2000 });
    const holding = new Promise<void>((resolve) => (onHold = resolve));
    const pending = transport({ url: `${base}/hold`, body: '{}', timeoutMs: 50 });
    await holding;
    await expect(pending).rejects.toMatchObject(timeout);
    await agent.close();
  });

  it('times out a call still waiting for a connection, and keeps serving', async () => {
    const { transport, agent } = createUndiciTransport({ timeoutMs: 2000, connections: 1 });
    const holding = new Promise<void>((resolve) => (onHold = resolve));
    const first = transport({ url: `${base}/hold`, body: '{}', timeoutMs: 2000 });
    await holding;
    await expect(transport({ url: `${base}/ok`, body: '{}', timeoutMs: 50 })).rejects.toMatchObject(timeout);
    for (const res of held.splice(0)) res.end('{}');
    expect(await first).toEqual({ status: 200, body: '{}' });
    expect((await transport({ url: `${base}/ok`, body: '{}', timeoutMs: 2000 })).body).toBe('{"a":"é€"}');
    await agent.close();
  });
});
