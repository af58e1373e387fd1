/**
 * @module
 * The modern side: createTask, getTaskResult, getBalance and the report call, through an
 * injected transport, with every failure turned into a value that says which call failed and
 * how: the vendor's errorCode, or a fault. What a legacy client hears of it is the legacy
 * side's business (`legacy/errors.ts`).
 */
import type { Solution } from '../task/record.ts';
import type { Dialect } from './dialects.ts';
import { UpstreamBusy } from './in-flight.ts';
import { jsonBody } from './json-body.ts';
import { encodeTask, reportCall, wireTaskId } from './translate.ts';
import { ResponseTooLarge, type Transport } from './transport.ts';

/**
 * `open`: the circuit breaker kept the call from leaving (see breaker.ts); `busy`: the cap on
 * calls in flight did (see in-flight.ts).
 * Faults are: refused, reset (before or mid-body), no answer or a body dripping past the
 * timeout, any HTTP status ≥ 400 without an errorCode, non-JSON, truncated or over-cap bodies,
 * a createTask answer without a usable taskId, and a getTaskResult `status` no row knows.
 */
/** `budget`: the upstream's rate budget (budget.ts) kept the call from leaving. */
export type FaultKind = 'network' | 'timeout' | 'status' | 'malformed' | 'too-large' | 'open' | 'busy' | 'budget';

export type Call = 'createTask' | 'getTaskResult' | 'getBalance' | 'report';

/**
 * A failed upstream call. `modern` is the vendor's errorCode for a rejected call ('' when it
 * gave none); `fault` is set instead when the upstream could not be reached or answered garbage.
 */
export class UpstreamError extends Error {
  readonly call: Call;
  readonly modern: string | undefined;
  readonly fault: FaultKind | undefined;
  /** The HTTP status of the answer, when there was one. */
  readonly status: number | undefined;
  /** Why a network fault happened: the transport's error code (ECONNREFUSED, ENOTFOUND, ECONNRESET, CERT_…). */
  readonly faultCause: string | undefined;
  /** The upstream's name and the task the call was about, set where they are known (instrument.ts), for the logs. */
  upstream: string | undefined;
  taskId: string | undefined;
  constructor(call: Call, modern?: string, fault?: FaultKind, status?: number, faultCause?: string) {
    super(fault ? `${call}: ${fault}` : `${call}: rejected`);
    this.name = 'UpstreamError';
    this.call = call;
    this.modern = modern;
    this.fault = fault;
    this.status = status;
    this.faultCause = faultCause;
  }
}

/** A failed task carries the upstream's errorCode ('' when it gave none). */
export type TaskState =
  { state: 'processing' } | { state: 'ready'; solution: Solution; cost?: string } | { state: 'failed'; code: string };

export interface Created {
  taskId: string;
  /** Set when createTask answered the task already solved (or failed). */
  state?: TaskState;
}

export interface Upstream {
  createTask(
    key: string,
    type: string,
    task: Record<string, unknown>,
    extras: Record<string, unknown>,
  ): Promise<Created>;
  getTaskResult(key: string, taskId: string): Promise<TaskState>;
  getBalance(key: string): Promise<number>;
  report(key: string, type: string, taskId: string, bad: boolean): Promise<void>;
}

export interface UpstreamOptions {
  baseUrl: string;
  dialect: Dialect;
  transport: Transport;
  timeoutMs: number;
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

const errorCodeOf = (json: Json): string => (typeof json.errorCode === 'string' ? json.errorCode : '');

/**
 * The code of a transport error, looked for down its `cause` chain (fetch wraps the socket's
 * error in a TypeError): a short fixed word such as ECONNREFUSED, ENOTFOUND, ECONNRESET (Bun: ConnectionRefused),
 * UND_ERR_SOCKET or CERT_HAS_EXPIRED, never a message (one may hold the upstream's URL).
 */
export function faultCause(e: unknown): string | undefined {
  let at = e;
  for (let depth = 0; depth < 4 && typeof at === 'object' && at !== null; depth++) {
    const code = (at as { code?: unknown }).code;
    if (typeof code === 'string' && /^[A-Za-z][A-Za-z0-9_]{1,63}$/.test(code)) return code;
    at = (at as { cause?: unknown }).cause;
  }
  return undefined;
}

/** A transport's rejection as the fault it is. */
const transportFault = (call: Call, e: unknown): UpstreamError =>
  new UpstreamError(call, undefined, faultKind(e), undefined, faultCause(e));

export function faultKind(e: unknown): FaultKind {
  if (e instanceof ResponseTooLarge) return 'too-large';
  if (e instanceof UpstreamBusy) return 'busy';
  if (e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError')) return 'timeout';
  return 'network';
}

export function createUpstream(opts: UpstreamOptions): Upstream {
  const base = opts.baseUrl.replace(/\/+$/, '');
  const { dialect } = opts;

  async function post(call: Call, path: string, key: string, body: Json): Promise<Json> {
    let res;
    try {
      res = await opts.transport({
        url: `${base}/${path}`,
        body: jsonBody({ clientKey: key, ...body }),
        timeoutMs: opts.timeoutMs,
      });
    } catch (e) {
      throw transportFault(call, e);
    }
    let json: unknown;
    try {
      json = JSON.parse(res.body);
    } catch {
      throw new UpstreamError(call, undefined, res.status >= 400 ? 'status' : 'malformed', res.status);
    }
    if (!isObject(json)) throw new UpstreamError(call, undefined, 'malformed', res.status);
    // An object errorId is garbage, and Number() of one may even throw ({"toString":0}).
    const rawErrorId = json.errorId ?? 0;
    const errorId = typeof rawErrorId === 'object' ? NaN : Number(rawErrorId);
    if (errorId !== 0 || Number.isNaN(errorId)) {
      throw new UpstreamError(call, errorCodeOf(json), undefined, res.status);
    }
    if (res.status >= 400) throw new UpstreamError(call, undefined, 'status', res.status);
    return json;
  }

  function stateOf(json: Json, call: Call): TaskState | undefined {
    switch (json.status) {
      case 'ready': {
        if (!isObject(json.solution)) throw new UpstreamError(call, undefined, 'malformed');
        const cost = json.cost;
        return {
          state: 'ready',
          solution: json.solution,
          ...(typeof cost === 'number' || typeof cost === 'string' ? { cost: String(cost) } : {}),
        };
      }
      case 'failed':
        return { state: 'failed', code: errorCodeOf(json) };
      case 'processing':
      case 'idle':
        return { state: 'processing' };
      default:
        return undefined;
    }
  }

  return {
    async createTask(key, type, task, extras) {
      const json = await post('createTask', 'createTask', key, encodeTask(dialect, type, task, extras));
      const id = json.taskId;
      if (!(typeof id === 'string' && id !== '') && !(typeof id === 'number' && Number.isSafeInteger(id))) {
        throw new UpstreamError('createTask', undefined, 'malformed');
      }
      const state = json.status === undefined ? undefined : stateOf(json, 'createTask');
      return state && state.state !== 'processing' ? { taskId: String(id), state } : { taskId: String(id) };
    },

    async getTaskResult(key, taskId) {
      let json: Json;
      try {
        json = await post('getTaskResult', 'getTaskResult', key, { taskId: wireTaskId(dialect, taskId) });
      } catch (e) {
        // The anti-captcha family fails a task with a request error: that is the task's outcome.
        if (e instanceof UpstreamError && e.modern && dialect.taskFailures.includes(e.modern)) {
          return { state: 'failed', code: e.modern };
        }
        throw e;
      }
      const state = stateOf(json, 'getTaskResult');
      if (!state) throw new UpstreamError('getTaskResult', undefined, 'malformed');
      return state;
    },

    async getBalance(key) {
      const json = await post('getBalance', 'getBalance', key, {});
      const balance = typeof json.balance === 'string' ? Number(json.balance) : json.balance;
      if (typeof balance !== 'number' || !Number.isFinite(balance)) {
        throw new UpstreamError('getBalance', undefined, 'malformed');
      }
      return balance;
    },

    async report(key, type, taskId, bad) {
      const call = reportCall(dialect, type, bad, wireTaskId(dialect, taskId));
      // A vendor without a "good" report has nothing to record; the legacy answer is still OK.
      if (!call) return;
      await post('report', call.call, key, call.body);
    },
  };
}
