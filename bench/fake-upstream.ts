/**
 * @module
 * The benchmark's modern upstream, run as its own process on 127.0.0.1: as cheap as a server
 * can be, so the figures measure the gateway and not the fake. It keeps no task state and never
 * parses a body: a task is "processing" when the request mentions `notready` (the benchmark's
 * not-ready key carries it), else "ready". Prints `{"port":N}` once listening.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

const json = (o: unknown): Buffer => Buffer.from(JSON.stringify(o));
const ready = json({
  errorId: 0,
  status: 'ready',
  solution: { gRecaptchaResponse: `03AGdBq2${'x'.repeat(500)}`, text: 'w9h5k' },
  cost: '0.00299',
  solveTime: 9,
});
const processing = json({ errorId: 0, status: 'processing' });
const balance = json({ errorId: 0, balance: 12.5 });
const notFound = json({ errorId: 1, errorCode: 'ERROR_METHOD_CALL' });
const marker = Buffer.from('notready');

let nextTask = 1;

function send(res: ServerResponse, body: Buffer): void {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
  res.end(body);
}

function answer(req: IncomingMessage, res: ServerResponse, body: Buffer): void {
  switch (req.url) {
    case '/getTaskResult':
      return send(res, body.includes(marker) ? processing : ready);
    case '/createTask':
      return send(res, Buffer.from(`{"errorId":0,"taskId":"${nextTask++}"}`));
    case '/getBalance':
      return send(res, balance);
    default:
      return send(res, notFound);
  }
}

const server = createServer({ keepAliveTimeout: 60_000 }, (req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => answer(req, res, chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const addr = server.address();
  process.stdout.write(`${JSON.stringify({ port: typeof addr === 'object' && addr ? addr.port : 0 })}\n`);
});
process.on('SIGTERM', () => process.exit(0));
