/**
 * @module
 * The floor for any Node proxy: a bare node:http server that reads each request and makes the
 * same upstream call inres would make (createTask for /in.php and DBC's /api/captcha, getBalance
 * for res.php?action=getbalance and /api/user, getTaskResult for other requests), through an undici
 * Agent configured as deploy/node/undici-transport.ts configures its own, with
 * `undici.request`, then writes the upstream body back. No parsing, no translation: the
 * upstream body is the request's query string or its raw body. Prints `{"port":N}`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { Agent, request } from 'undici';

const upstream = (process.env.UPSTREAM_URL ?? '').replace(/\/+$/, '');
const timeoutMs = 20_000;
const agent = new Agent({
  connect: { timeout: 10_000 },
  headersTimeout: timeoutMs,
  bodyTimeout: timeoutMs,
  keepAliveTimeout: 10_000,
  connections: 256,
});
const headers = { 'content-type': 'application/json', accept: 'application/json' };

/** The modern calls bare relays as they are (the modern-face rows' baseline). */
const modern = new Set(['/createTask', '/getTaskResult', '/getBalance']);

function callOf(url: string): string {
  if (modern.has(url)) return url.slice(1);
  // The DBC face's upload and account, as inres makes them (its polls are getTaskResult).
  if (url.startsWith('/in.php') || url === '/api/captcha') return 'createTask';
  return url.includes('action=getbalance') || url === '/api/user' ? 'getBalance' : 'getTaskResult';
}

async function readBody(req: IncomingMessage): Promise<Buffer | string> {
  if (req.method === 'GET') return req.url!.slice(req.url!.indexOf('?') + 1);
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

// The same listener limits as deploy/node/server.ts.
const serverOptions = {
  maxHeaderSize: 256 * 1024,
  headersTimeout: 20_000,
  requestTimeout: 60_000,
  keepAliveTimeout: 5_000,
};

async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    const body = await readBody(req);
    const up = await request(`${upstream}/${callOf(req.url!)}`, { method: 'POST', headers, body, dispatcher: agent });
    const out = Buffer.from(await up.body.arrayBuffer());
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': out.length });
    res.end(out);
  } catch {
    res.writeHead(502).end();
  }
}

const server = createServer(serverOptions, (req, res) => void serve(req, res));
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const addr = server.address();
  process.stdout.write(`${JSON.stringify({ port: typeof addr === 'object' && addr ? addr.port : 0 })}\n`);
});
process.on('SIGTERM', () => process.exit(0));
