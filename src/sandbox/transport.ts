/**
 * @module
 * The sandbox upstream: an in-process stand-in for a modern solver, as a Transport. It speaks
 * createTask/getTaskResult/getBalance and the report calls, so a legacy request goes through
 * the same path as with a real vendor (ids, store, answers, metrics, logs). Nothing is solved:
 * every answer is fake, deterministic for the same task.
 */
import { statusOf } from '../upstream/codes.ts';
import { dialects } from '../upstream/dialects.ts';
import type { Transport, TransportResponse } from '../upstream/transport.ts';
import { hash32, sandboxFamily, solutions, solve } from './solutions.ts';

/** The `UPSTREAM_URL` that selects the sandbox. */
export const sandboxUrl = 'sandbox';

/** Keys and page URLs that take the unhappy paths (README, docs/runtimes.md). */
export const triggers = {
  badKey: 'sandbox-bad-key',
  zeroBalance: 'sandbox-zero-balance',
  unsolvable: 'sandbox-unsolvable',
} as const;

export const sandboxBalance = 100;

/** An upstream URL as start-up lines show it: the origin (never a path or credentials), or `sandbox`. */
export const upstreamLabel = (url: string): string => (url === sandboxUrl ? sandboxUrl : new URL(url).origin);

/** What every runtime logs at start-up with the sandbox: it must not pass for a solver. */
export const sandboxNotice = 'sandbox upstream: no captcha is really solved; every answer is a fake SANDBOX value';

export interface SandboxReport {
  call: string;
  taskId: unknown;
}

export interface SandboxOptions {
  /** How long a task stays `processing`; 0 answers on the first poll. */
  delayMs: number;
  now: () => number;
}

export interface Sandbox {
  transport: Transport;
  /** The reports received, the latest last (at most `maxReports`). */
  reports(): readonly SandboxReport[];
}

const maxReports = 1000;
/** Every dialect's report calls: the sandbox records whichever one the configured dialect sends. */
const reportCalls = new Set<string>(
  Object.values(dialects)
    .flatMap((d) => Object.values(d.reports).flatMap((r: { bad?: string; good?: string }) => [r.bad, r.good]))
    .filter((c): c is string => c !== undefined),
);
const families = Object.keys(solutions);
type Json = Record<string, unknown>;

const answer = (body: Json): TransportResponse => ({ status: 200, body: JSON.stringify({ errorId: 0, ...body }) });
/** A request error, with the HTTP status the error table gives the code. */
const refuse = (code: string): TransportResponse => ({
  status: statusOf(code),
  body: JSON.stringify({ errorId: 1, errorCode: code, errorDescription: `sandbox: ${code}` }),
});

/**
 * A task id carries all the sandbox needs to answer it (created at, seed, family, flags), so
 * polls need no state and any instance or isolate answers them alike.
 */
interface TaskId {
  createdAt: number;
  seed: number;
  family: string | undefined;
  v4: boolean;
  unsolvable: boolean;
}

function encodeId(t: TaskId, serial: number): string {
  const family = t.family === undefined ? 'x' : families.indexOf(t.family).toString(36);
  const flags = (t.v4 ? 1 : 0) + (t.unsolvable ? 2 : 0);
  return ['sandbox', t.createdAt.toString(36), serial.toString(36), t.seed.toString(36), family, flags].join('-');
}

function decodeId(id: unknown): TaskId | undefined {
  const m = typeof id === 'string' ? /^sandbox-([0-9a-z]+)-[0-9a-z]+-([0-9a-z]+)-([0-9a-z]+)-([0-3])$/.exec(id) : null;
  if (!m) return undefined;
  const family = m[3] === 'x' ? undefined : families[parseInt(m[3]!, 36)];
  if (m[3] !== 'x' && family === undefined) return undefined;
  const flags = Number(m[4]);
  return {
    createdAt: parseInt(m[1]!, 36),
    seed: parseInt(m[2]!, 36),
    family,
    v4: (flags & 1) !== 0,
    unsolvable: (flags & 2) !== 0,
  };
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

export function createSandbox(opts: SandboxOptions): Sandbox {
  const reports: SandboxReport[] = [];
  let serial = 0;

  function createTask(body: Json, key: string): TransportResponse {
    if (key === triggers.zeroBalance) return refuse('ERROR_ZERO_BALANCE');
    const task = body.task;
    if (!isObject(task) || typeof task.type !== 'string') return refuse('ERROR_TASK_NOT_SUPPORTED');
    const id: TaskId = {
      createdAt: opts.now(),
      seed: hash32(JSON.stringify(task)),
      family: sandboxFamily(task.type),
      v4: task.version === 4,
      unsolvable: typeof task.websiteURL === 'string' && task.websiteURL.includes(triggers.unsolvable),
    };
    serial = (serial + 1) % 2 ** 31;
    return answer({ taskId: encodeId(id, serial) });
  }

  function getTaskResult(body: Json): TransportResponse {
    const id = decodeId(body.taskId);
    if (!id) return refuse('ERROR_WRONG_CAPTCHA_ID');
    if (opts.now() - id.createdAt < opts.delayMs) return answer({ status: 'processing' });
    if (id.unsolvable) return answer({ status: 'failed', errorCode: 'ERROR_CAPTCHA_UNSOLVABLE' });
    return answer({ status: 'ready', solution: solve(id.family, id.seed, id.v4), cost: '0' });
  }

  function report(call: string, body: Json): TransportResponse {
    if (!decodeId(body.taskId)) return refuse('ERROR_WRONG_CAPTCHA_ID');
    if (reports.length >= maxReports) reports.shift();
    reports.push({ call, taskId: body.taskId });
    return answer({ status: 'success' });
  }

  const transport: Transport = async (req) => {
    const call = req.url.slice(req.url.lastIndexOf('/') + 1);
    let body: unknown;
    try {
      body = JSON.parse(req.body);
    } catch {
      return refuse('ERROR_BAD_PARAMETERS');
    }
    if (!isObject(body)) return refuse('ERROR_BAD_PARAMETERS');
    const key = typeof body.clientKey === 'string' ? body.clientKey : '';
    if (key === triggers.badKey || key === '') return refuse('ERROR_KEY_DOES_NOT_EXIST');
    if (Object.hasOwn(calls, call)) return calls[call]!(body, key);
    return reportCalls.has(call) ? report(call, body) : refuse('ERROR_NO_SUCH_METHOD');
  };
  const calls: Readonly<Record<string, (body: Json, key: string) => TransportResponse>> = {
    createTask,
    getTaskResult,
    getBalance: (_body, key) => answer({ balance: key === triggers.zeroBalance ? 0 : sandboxBalance }),
  };

  return { transport, reports: () => reports };
}
