/**
 * @module
 * The modern side: createTask, getTaskResult, getBalance and the report call, through an
 * injected transport, with every failure turned into a value that carries its legacy code.
 */
import { legacyCodeFor, LegacyError, type LegacyCode, type Phase } from '../legacy/errors.ts';
import type { Solution } from '../legacy/answers.ts';
import type { Dialect } from './dialects.ts';
import { UpstreamBusy } from './in-flight.ts';
import { encodeTask, reportCall, wireTaskId } from './translate.ts';
import { ResponseTooLarge, type Transport, type TransportResponse } from './transport.ts';

/**
 * `open`: the circuit breaker kept the call from leaving (see breaker.ts); `busy`: the cap on
 * calls in flight did (see in-flight.ts).
 */
export type FaultKind = 'network' | 'timeout' | 'status' | 'malformed' | 'too-large' | 'open' | 'busy';

/**
 * An upstream failure as a legacy error. `modern` is the vendor's errorCode for a rejected
 * call; `fault` is set when the upstream could not be reached or answered garbage.
 */
export class UpstreamError extends LegacyError {
  readonly modern: string | undefined;
  readonly fault: FaultKind | undefined;
  /** The HTTP status of the answer, when there was one. */
  readonly status: number | undefined;
  constructor(code: LegacyCode, modern?: string, fault?: FaultKind, status?: number) {
    super(code);
    this.name = 'UpstreamError';
    this.modern = modern;
    this.fault = fault;
    this.status = status;
  }
}

export type TaskState =
  | { state: 'processing' }
  | { state: 'ready'; solution: Solution; cost?: string }
  | { state: 'failed'; code: LegacyCode };

export interface Created {
  taskId: string;
  /** Set when createTask answered the task already solved (or failed). */
  state?: TaskState;
}

export interface Upstream {
  createTask(key: string, type: string, task: Record<string, unknown>, extras: Record<string, unknown>): Promise<Created>;
  getTaskResult(key: string, taskId: string): Promise<TaskState>;
  getBalance(key: string): Promise<number>;
  report(key: string, type: string, taskId: string, bad: boolean): Promise<void>;
  /**
   * One modern call as a modern client wrote it (the passthrough): `body` goes out as it is,
   * the answer comes back as it is, whatever its status. Rejects only with a fault.
   */
  forward(call: string, body: string): Promise<TransportResponse>;
}

export interface UpstreamOptions {
  baseUrl: string;
  dialect: Dialect;
  transport: Transport;
  timeoutMs: number;
}

interface CallSpec {
  phase: Phase;
  /** What a legacy client gets when the upstream is down or answers garbage. */
  fault: LegacyCode;
  /** What it gets for an error code the error table does not know. */
  unknown: LegacyCode;
}

/**
 * A poll that meets a fault answers CAPCHA_NOT_READY: the task is still upstream and clients
 * keep polling, where an error code would make them drop a task that will come back.
 * Faults are: refused, reset (before or mid-body), no answer or a body dripping past the
 * timeout, any HTTP status ≥ 400 without an errorCode, non-JSON, truncated or over-cap bodies,
 * a createTask answer without a usable taskId, and a getTaskResult `status` no row knows.
 * An errorCode the error table lacks is no fault: it takes the `unknown` code (never
 * CAPCHA_NOT_READY, or a client would poll a dead task forever).
 */
const specs = {
  createTask: { phase: 'submit', fault: 'ERROR_NO_SLOT_AVAILABLE', unknown: 'ERROR_BAD_PARAMETERS' },
  getTaskResult: { phase: 'poll', fault: 'CAPCHA_NOT_READY', unknown: 'ERROR_CAPTCHA_UNSOLVABLE' },
  getBalance: { phase: 'poll', fault: 'ERROR_NO_SLOT_AVAILABLE', unknown: 'ERROR_BAD_PARAMETERS' },
  report: { phase: 'poll', fault: 'ERROR_REPORT_NOT_RECORDED', unknown: 'ERROR_REPORT_NOT_RECORDED' },
} as const satisfies Record<string, CallSpec>;

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

export function faultKind(e: unknown): FaultKind {
  if (e instanceof ResponseTooLarge) return 'too-large';
  if (e instanceof UpstreamBusy) return 'busy';
  if (e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError')) return 'timeout';
  return 'network';
}

export function createUpstream(opts: UpstreamOptions): Upstream {
  const base = opts.baseUrl.replace(/\/+$/, '');
  const { dialect } = opts;

  async function post(call: string, spec: CallSpec, key: string, body: Json): Promise<Json> {
    let res;
    try {
      res = await opts.transport({ url: `${base}/${call}`, body: JSON.stringify({ clientKey: key, ...body }), timeoutMs: opts.timeoutMs });
    } catch (e) {
      throw new UpstreamError(spec.fault, undefined, faultKind(e));
    }
    let json: unknown;
    try {
      json = JSON.parse(res.body);
    } catch {
      throw new UpstreamError(spec.fault, undefined, res.status >= 400 ? 'status' : 'malformed', res.status);
    }
    if (!isObject(json)) throw new UpstreamError(spec.fault, undefined, 'malformed', res.status);
    // An object errorId is garbage, and Number() of one may even throw ({"toString":0}).
    const rawErrorId = json.errorId ?? 0;
    const errorId = typeof rawErrorId === 'object' ? NaN : Number(rawErrorId);
    if (errorId !== 0 || Number.isNaN(errorId)) {
      const modern = typeof json.errorCode === 'string' ? json.errorCode : '';
      throw new UpstreamError(legacyCodeFor(modern, spec.phase, spec.unknown), modern, undefined, res.status);
    }
    if (res.status >= 400) throw new UpstreamError(spec.fault, undefined, 'status', res.status);
    return json;
  }

  function stateOf(json: Json, spec: CallSpec): TaskState | undefined {
    switch (json.status) {
      case 'ready': {
        if (!isObject(json.solution)) throw new UpstreamError(spec.fault, undefined, 'malformed');
        const cost = json.cost;
        return {
          state: 'ready',
          solution: json.solution,
          ...(typeof cost === 'number' || typeof cost === 'string' ? { cost: String(cost) } : {}),
        };
      }
      case 'failed': {
        const modern = typeof json.errorCode === 'string' ? json.errorCode : '';
        return { state: 'failed', code: legacyCodeFor(modern, 'poll', 'ERROR_CAPTCHA_UNSOLVABLE') };
      }
      case 'processing':
      case 'idle':
        return { state: 'processing' };
      default:
        return undefined;
    }
  }

  return {
    async createTask(key, type, task, extras) {
      const json = await post('createTask', specs.createTask, key, encodeTask(dialect, type, task, extras));
      const id = json.taskId;
      if (!(typeof id === 'string' && id !== '') && !(typeof id === 'number' && Number.isSafeInteger(id))) {
        throw new UpstreamError(specs.createTask.fault, undefined, 'malformed');
      }
      const state = json.status === undefined ? undefined : stateOf(json, specs.createTask);
      return state && state.state !== 'processing' ? { taskId: String(id), state } : { taskId: String(id) };
    },

    async getTaskResult(key, taskId) {
      let json: Json;
      try {
        json = await post('getTaskResult', specs.getTaskResult, key, { taskId: wireTaskId(dialect, taskId) });
      } catch (e) {
        // The anti-captcha family fails a task with a request error: that is the task's outcome.
        if (e instanceof UpstreamError && e.modern && dialect.taskFailures.includes(e.modern)) {
          return { state: 'failed', code: e.code };
        }
        throw e;
      }
      const state = stateOf(json, specs.getTaskResult);
      if (!state) throw new UpstreamError(specs.getTaskResult.fault, undefined, 'malformed');
      return state;
    },

    async getBalance(key) {
      const json = await post('getBalance', specs.getBalance, key, {});
      const balance = typeof json.balance === 'string' ? Number(json.balance) : json.balance;
      if (typeof balance !== 'number' || !Number.isFinite(balance)) {
        throw new UpstreamError(specs.getBalance.fault, undefined, 'malformed');
      }
      return balance;
    },

    async report(key, type, taskId, bad) {
      const call = reportCall(dialect, type, bad, wireTaskId(dialect, taskId));
      // A vendor without a "good" report has nothing to record; the legacy answer is still OK.
      if (!call) return;
      try {
        await post(call.call, specs.report, key, call.body);
      } catch (e) {
        // The task is ours (the caller holds its record): an id the vendor no longer knows means
        // its report window has closed (anti-captcha: 60 s), which legacy clients know as this.
        if (e instanceof UpstreamError && e.code === 'ERROR_WRONG_CAPTCHA_ID') {
          throw new UpstreamError('ERROR_REPORT_NOT_RECORDED', e.modern, e.fault, e.status);
        }
        throw e;
      }
    },

    async forward(call, body) {
      try {
        return await opts.transport({ url: `${base}/${call}`, body, timeoutMs: opts.timeoutMs });
      } catch (e) {
        throw new UpstreamError('ERROR_NO_SLOT_AVAILABLE', undefined, faultKind(e));
      }
    },
  };
}
