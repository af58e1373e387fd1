/**
 * Slow clients on the Node server, over raw sockets on 127.0.0.1: headers that never end, a body
 * that never comes, a body trickled byte by byte. The server cuts each one off once
 * CLIENT_HEADERS_TIMEOUT_MS / CLIENT_REQUEST_TIMEOUT_MS have passed (bounds are generous: this
 * checks that the socket is released, not how fast), and keeps serving everyone else.
 */
import type { Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeGateway, type NodeGateway } from '../../deploy/node/server.ts';
import { defaultSettings } from '../../src/settings.ts';
import { keys, startFakeUpstream, type FakeUpstream } from '../support/fake-upstream.ts';

const headersMs = 500;
const requestMs = 1000;
/** Node checks its timeouts once a second at most; the rest is slack for a busy machine. */
const slackMs = 4000;

let fake: FakeUpstream;
let gw: NodeGateway;
let port: number;
beforeAll(async () => {
  fake = await startFakeUpstream();
  gw = createNodeGateway(
    defaultSettings({
      UPSTREAM_URL: fake.url,
      CLIENT_HEADERS_TIMEOUT_MS: String(headersMs),
      CLIENT_REQUEST_TIMEOUT_MS: String(requestMs),
    }),
  );
  await new Promise<void>((resolve) => gw.server.listen(0, '127.0.0.1', resolve));
  port = (gw.server.address() as AddressInfo).port;
});
afterAll(async () => {
  gw.server.closeAllConnections();
  await new Promise<void>((resolve) => gw.server.close(() => resolve()));
  await gw.close();
  await fake.close();
});

interface Slow {
  socket: Socket;
  /** Resolves with what the server sent and when it closed the socket (ms after opening). */
  closed: Promise<{ ms: number; text: string }>;
  stop(): void;
}

/** Opens a socket, writes `first`, then `drip` every 100 ms until the server closes it. */
function slowClient(first: string, drip = ''): Slow {
  const socket = connect(port, '127.0.0.1');
  const t0 = performance.now();
  let text = '';
  socket.on('data', (d: Buffer) => (text += d.toString('latin1')));
  socket.on('error', () => {});
  const timer = drip ? setInterval(() => socket.writable && socket.write(drip), 100) : undefined;
  const closed = new Promise<{ ms: number; text: string }>((resolve) =>
    socket.on('close', () => {
      clearInterval(timer);
      resolve({ ms: performance.now() - t0, text });
    }),
  );
  socket.write(first);
  return { socket, closed, stop: () => (clearInterval(timer), socket.destroy()) };
}

const connections = () =>
  new Promise<number>((resolve, reject) =>
    (gw.server as Server).getConnections((e, n) => (e ? reject(e) : resolve(n))),
  );

/** A whole request written at once, then the raw response (the server closes the socket). */
function exchange(parts: string[], pauseMs = 0): Promise<string> {
  const socket = connect(port, '127.0.0.1');
  let text = '';
  socket.on('data', (d: Buffer) => (text += d.toString('latin1')));
  const closed = new Promise<string>((resolve, reject) => {
    socket.on('close', () => resolve(text));
    socket.on('error', reject);
  });
  void (async () => {
    for (const part of parts) {
      socket.write(part);
      if (pauseMs) await new Promise((r) => setTimeout(r, pauseMs));
    }
  })();
  return closed;
}

const balanceRequest = [
  'GET /res.php?key=',
  keys.good,
  '&action=getbalance HTTP/1.1\r\n',
  'Host: x\r\n',
  'Connection: close\r\n',
  '\r\n',
];
const balanceAnswer = /^HTTP\/1\.1 200 [\s\S]*\r\n\r\n12\.5000$/;

async function answersNormally(): Promise<void> {
  expect(await exchange(balanceRequest)).toMatch(balanceAnswer);
}

describe('slow clients', () => {
  it('headers that never end: cut off after the headers timeout', async () => {
    const c = slowClient('GET /res.php?action=getbalance HTTP/1.1\r\nHost: x\r\n', 'X-Slow: 1\r\n');
    await answersNormally();
    const { ms, text } = await c.closed;
    expect(ms).toBeGreaterThanOrEqual(headersMs - 50);
    expect(ms).toBeLessThan(headersMs + slackMs);
    expect(text).toMatch(/^HTTP\/1\.1 408 |^$/);
  });

  it('a body that never comes: cut off after the request timeout', async () => {
    const c = slowClient(
      `POST /in.php HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\nkey=${keys.good}&method=`,
    );
    const { ms } = await c.closed;
    expect(ms).toBeGreaterThanOrEqual(requestMs - 50);
    expect(ms).toBeLessThan(requestMs + slackMs);
  });

  it('a body trickled a byte at a time: cut off after the request timeout', async () => {
    const c = slowClient(
      'POST /in.php HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100000\r\n\r\n',
      'a',
    );
    const { ms } = await c.closed;
    expect(ms).toBeLessThan(requestMs + slackMs);
  });

  it('a slow but complete request within the limits is answered', async () => {
    expect(await exchange(balanceRequest, 50)).toMatch(balanceAnswer);
  });

  it('fifty slow clients at once are all released, and others are served meanwhile', async () => {
    const before = await connections();
    const slow = Array.from({ length: 50 }, (_, i) =>
      i % 2
        ? slowClient('GET /in.php HTTP/1.1\r\nHost: x\r\n', 'X: y\r\n')
        : slowClient('POST /in.php HTTP/1.1\r\nHost: x\r\nContent-Length: 50\r\n\r\nkey=', ''),
    );
    await new Promise((r) => setTimeout(r, 100));
    expect(await connections()).toBeGreaterThanOrEqual(before + 50);
    await answersNormally();
    const results = await Promise.all(slow.map((s) => s.closed));
    for (const { ms } of results) expect(ms).toBeLessThan(requestMs + slackMs);
    expect(await connections()).toBe(before);
    await answersNormally();
  });
});
