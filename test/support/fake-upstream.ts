/**
 * A fake modern upstream (uCaptcha's createTask API) as a real HTTP server on 127.0.0.1.
 * It is strict about task types and fields, records every request so tests can assert what
 * inres sent, lets a test script each task's fate, and can be switched into fault modes.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { DialectName } from '../../src/upstream/dialects.ts';
import { fakeDialect, type FakeDialect } from './fake-dialects.ts';
import type { Solution } from './fake-tasks.ts';

export const keys = {
  good: 'ucap_test0123456789abcdefghijklmnop',
  other: 'ucap_other0123456789abcdefghijklmno',
  unknown: 'ucap_unknown_key_000000000000000000',
  broke: 'ucap_zero_balance_00000000000000000',
};

/** What becomes of a task; every field optional (defaults: ready after one processing poll). */
export interface Fate {
  /** Polls answered `processing` before the outcome. */
  polls?: number;
  /** Answer the outcome in createTask itself (as uCaptcha may for images). */
  sync?: boolean;
  solution?: Solution;
  /** Fail the task with this code (`status:"failed"`). */
  fail?: string;
  cost?: number;
}

export interface RecordedRequest {
  call: string;
  body: Record<string, unknown>;
}

/** Ways the fake can misbehave, for every call until cleared. */
export type Fault =
  | 'html500'
  | 'status502'
  | 'status503'
  | 'non-json'
  | 'truncated'
  | 'hang'
  | 'reset'
  | 'huge'
  | 'drip'
  | 'reset-mid-body'
  | Spoiler;

/** Faults that serve the call (a task is created or polled) but spoil the JSON answer. */
type Spoiler = 'no-task-id' | 'task-id-type' | 'unknown-error' | 'unknown-status';
const spoilers: Record<Spoiler, (body: Record<string, unknown>) => Record<string, unknown>> = {
  'no-task-id': ({ taskId: _, ...rest }) => rest,
  'task-id-type': (b) => ('taskId' in b ? { ...b, taskId: { id: b.taskId } } : b),
  'unknown-error': () => ({ errorId: 1, errorCode: 'ERROR_FROM_THE_FUTURE', errorDescription: 'fake: unknown code' }),
  'unknown-status': (b) => ('status' in b ? { ...b, status: 'pondering' } : b),
};
const isSpoiler = (f: Fault | undefined): f is Spoiler => f !== undefined && Object.hasOwn(spoilers, f);

interface FakeTask {
  key: string;
  task: Record<string, unknown>;
  fate: Fate;
  polls: number;
}

export interface FakeUpstream {
  url: string;
  /** The vendor the fake speaks (uCaptcha unless started with another dialect). */
  dialect: FakeDialect;
  requests: RecordedRequest[];
  /** When each request arrived, ms since the epoch, in the order of `requests` (per-window counts). */
  arrivals: number[];
  /** Decides the fate of each new task; replace it in a test. */
  fate: (task: Record<string, unknown>) => Fate;
  fault: Fault | undefined;
  /** Task types refused with TASK_NOT_SUPPORTED, as an upstream without them would. */
  unsupported: Set<string>;
  /** Picks a fault per call when `fault` is unset (the soak's 1 % of faults). */
  chaos: ((call: string) => Fault | undefined) | undefined;
  balance: number;
  /** Every answer waits this long, ms (to make concurrent calls overlap). */
  delayMs: number;
  /** The bodies of the calls named `call`. */
  sent(call: string): Record<string, unknown>[];
  reset(): void;
  close(): Promise<void>;
}

const defaultFate = (task: Record<string, unknown>): Fate => ({ sync: task.type === 'ImageToTextTask' });

export async function startFakeUpstream(opts: { dialect?: DialectName } = {}): Promise<FakeUpstream> {
  const tasks = new Map<string, FakeTask>();
  const sockets = new Set<Socket>();
  const d = fakeDialect(opts.dialect ?? 'ucaptcha');

  const fake: FakeUpstream = {
    url: '',
    dialect: d,
    requests: [],
    arrivals: [],
    fate: defaultFate,
    fault: undefined,
    unsupported: new Set(),
    chaos: undefined,
    balance: 12.5,
    delayMs: 0,
    sent: (call) => fake.requests.filter((r) => r.call === call).map((r) => r.body),
    reset() {
      fake.requests.length = 0;
      fake.arrivals.length = 0;
      fake.fate = defaultFate;
      fake.fault = undefined;
      fake.unsupported.clear();
      fake.chaos = undefined;
      fake.balance = 12.5;
      fake.delayMs = 0;
      tasks.clear();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };

  /** Responses whose JSON a spoiler fault rewrites. */
  const spoiled = new WeakMap<ServerResponse, Spoiler>();

  function send(res: ServerResponse, status: number, body: Record<string, unknown>): void {
    const spoiler = spoiled.get(res);
    const text = JSON.stringify(spoiler ? spoilers[spoiler](body) : body);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  }
  const error = (res: ServerResponse, http: number, code: string) =>
    send(res, d.errorStatus(http), { errorId: 1, errorCode: code, errorDescription: `fake: ${code}` });

  function outcome(t: FakeTask): { http: number; body: Record<string, unknown> } {
    if (t.fate.fail) return d.failed(t.fate.fail);
    const solution = t.fate.solution ?? d.solution(t.task);
    return {
      http: 200,
      body: { errorId: 0, status: 'ready', solution, cost: t.fate.cost ?? 0.00299, solveTime: 1234 },
    };
  }

  /** Misbehaves as `fault` says; true when the response has been dealt with. */
  function misbehave(res: ServerResponse, fault: Fault): void {
    switch (fault) {
      case 'html500':
        res
          .writeHead(500, { 'content-type': 'text/html' })
          .end('<html><body><h1>500 Internal Server Error</h1></body></html>');
        return;
      case 'status502':
        res.writeHead(502, { 'content-type': 'text/plain' }).end('Bad Gateway');
        return;
      case 'status503':
        res.writeHead(503, { 'content-type': 'text/html', 'retry-after': '5' }).end('<h1>503 Service Unavailable</h1>');
        return;
      case 'non-json':
        res.writeHead(200, { 'content-type': 'text/plain' }).end('this is not json');
        return;
      case 'truncated':
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"errorId":0,"taskId":"abc');
        return;
      case 'huge':
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(`{"errorId":0,"pad":"${'x'.repeat(10 * 1024 * 1024)}"}`);
        return;
      case 'reset':
        res.socket?.destroy();
        return;
      case 'reset-mid-body':
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '4096' });
        res.write('{"errorId":0,"taskId":"');
        setTimeout(() => res.socket?.destroy(), 20);
        return;
      case 'drip': {
        const text = '{"errorId":0,"status":"processing","taskId":"00000000-0000-4000-8000-000000000000"}';
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': text.length });
        let sent = 0;
        const timer = setInterval(() => {
          res.write(text[sent++]);
          if (sent === text.length) res.end();
          if (sent === text.length || res.destroyed) clearInterval(timer);
        }, 1000);
        res.on('close', () => clearInterval(timer));
        return;
      }
      case 'hang':
        return;
    }
  }

  function handle(call: string, body: Record<string, unknown>, res: ServerResponse): void {
    const key = body.clientKey;
    if (typeof key !== 'string' || key === keys.unknown) return error(res, 401, 'ERROR_KEY_DOES_NOT_EXIST');
    switch (call) {
      case 'createTask': {
        const task = body.task as Record<string, unknown> | undefined;
        if (!task || typeof task !== 'object') return error(res, 400, 'ERROR_BAD_PARAMETERS');
        if (fake.unsupported.has(task.type as string)) return error(res, 400, 'TASK_NOT_SUPPORTED');
        const refused = d.check(task);
        if (refused) return error(res, refused.http, refused.code);
        if (key === keys.broke) return error(res, 402, 'ERROR_ZERO_BALANCE');
        const id = d.newId();
        const t: FakeTask = { key, task, fate: fake.fate(task), polls: 0 };
        tasks.set(String(id), t);
        if (t.fate.sync) {
          const done = outcome(t);
          return send(res, done.http, { ...done.body, taskId: id });
        }
        return send(res, 200, d.created(id));
      }
      case 'getTaskResult': {
        const idKey = d.idKey(body.taskId);
        const t = idKey === undefined ? undefined : tasks.get(idKey);
        if (!t || t.key !== key) return error(res, d.notFound.http, d.notFound.code);
        if (!t.fate.sync && t.polls++ < (t.fate.polls ?? 1))
          return send(res, 200, { errorId: 0, status: 'processing' });
        const done = outcome(t);
        return send(res, done.http, done.body);
      }
      case 'getBalance':
        return send(res, 200, { errorId: 0, balance: key === keys.broke ? 0 : fake.balance });
      default: {
        const report = d.report(call, body);
        if (report === 'no-such-call')
          return void res.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found');
        const idKey = d.idKey(body.taskId);
        const t = idKey === undefined ? undefined : tasks.get(idKey);
        if (!t || t.key !== key) return error(res, d.notFound.http, d.notFound.code);
        if (report === 'bad-body') return error(res, 400, 'ERROR_BAD_PARAMETERS');
        return send(res, 200, { errorId: 0, status: 'success', message: 'Feedback recorded' });
      }
    }
  }

  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const call = (req.url ?? '/').replace(/^\/+/, '').split('?')[0]!;
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
      } catch {
        return error(res, 400, 'ERROR_BAD_PARAMETERS');
      }
      fake.requests.push({ call, body });
      fake.arrivals.push(Date.now());
      const fault = fake.fault ?? fake.chaos?.(call);
      if (isSpoiler(fault)) spoiled.set(res, fault);
      else if (fault) return misbehave(res, fault);
      if (fake.delayMs > 0) setTimeout(() => handle(call, body, res), fake.delayMs);
      else handle(call, body, res);
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}
