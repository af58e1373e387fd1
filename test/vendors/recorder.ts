/**
 * A recording upstream on 127.0.0.1: keeps every JSON body it is sent and refuses every
 * createTask (`ERROR_RECORDED`), so a vendor SDK stops after building its task instead of
 * polling. What the SDK built is the oracle; what inres built is compared with it.
 */
import { createServer } from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { AddressInfo } from 'node:net';

export interface Recorder {
  url: string;
  port: number;
  /** The `task` of the last createTask received. */
  lastTask(): Record<string, unknown>;
  close(): Promise<void>;
}

export async function startRecorder(): Promise<Recorder> {
  const tasks: Record<string, unknown>[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const call = (req.url ?? '/').replace(/^\/+/, '');
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
      if (call === 'createTask') tasks.push(body.task as Record<string, unknown>);
      const answer =
        call === 'createTask'
          ? { errorId: 1, errorCode: 'ERROR_RECORDED', errorDescription: 'recorded, not solved' }
          : { errorId: 0, balance: 1 };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    lastTask: () => {
      const t = tasks.at(-1);
      if (!t) throw new Error('no createTask recorded');
      return t;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

type CreateConnection = (opts: { host?: string; servername?: string }) => net.Socket;

/**
 * Sends the https connections Node's default agent opens to `host` (an SDK's hard-coded API
 * host) as plain HTTP to `port` on 127.0.0.1; any other host is refused. Returns the undo.
 */
export const routeHost = (host: string, port: number): (() => void) => routeHosts({ [host]: port });

/**
 * The shape of a task: each field path with the JSON type of its value. A field an SDK sends
 * as `null` (its "not set") is left out, and so are the ones in `ignore`.
 */
export function shape(task: Record<string, unknown>, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(task)) {
    if (value === null || value === undefined) continue;
    const path = prefix + name;
    if (typeof value === 'object' && !Array.isArray(value))
      Object.assign(out, shape(value as Record<string, unknown>, `${path}.`));
    else out[path] = Array.isArray(value) ? 'array' : typeof value;
  }
  return out;
}

/** routeHost for several hosts at once: each SDK's hard-coded host to its port on 127.0.0.1. */
export function routeHosts(ports: Record<string, number>): () => void {
  const agent = https.globalAgent as unknown as { createConnection: CreateConnection };
  const original = agent.createConnection;
  agent.createConnection = (opts) => {
    const to = opts.servername ?? opts.host ?? '';
    const port = ports[to];
    if (port === undefined)
      throw new Error(`test tried to reach ${to}: only ${Object.keys(ports).join(', ')} are routed`);
    return net.createConnection({ host: '127.0.0.1', port });
  };
  return () => {
    agent.createConnection = original;
    // Kept-alive sockets lead to this server: the next routing must open its own.
    https.globalAgent.destroy();
  };
}
