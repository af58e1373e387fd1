/**
 * @module
 * Upstream calls counted and timed by call and outcome, and traced: a failed call's error learns
 * which upstream and which task it was about (for the fault's log line), and at LOG_LEVEL=debug
 * each call is logged with its upstream, outcome, time and task id (never its key). Outcomes are
 * a fixed set: `ok`, the task states a poll can report, `rejected` (the upstream answered an
 * error code), or the fault kind (timeout, network, busy…); never the upstream's own text.
 */
import type { Logger } from '../ops/log.ts';
import { UpstreamError, type Upstream } from './client.ts';

export type ObserveCall = (call: string, outcome: string, seconds: number) => void;

/** Where an upstream's calls are traced: its configured name, and the debug log when LOG_LEVEL=debug (else no line is built). */
export interface Trace {
  upstream: string;
  debug?: Logger['debug'];
}

function callOutcome(e: unknown): string {
  if (e instanceof UpstreamError) return e.fault ?? 'rejected';
  return 'error';
}

export function instrumentUpstream(upstream: Upstream, observe: ObserveCall, trace?: Trace): Upstream {
  /** `run` timed, counted and traced; `taskId` is the upstream task the call is about, when it names one. */
  async function timed<T>(
    call: string,
    run: () => Promise<T>,
    ok: (v: T) => string,
    taskId?: (v: T | undefined) => string | undefined,
  ): Promise<T> {
    const started = performance.now();
    let value: T | undefined;
    let outcome = 'error';
    let error: unknown;
    try {
      value = await run();
      outcome = ok(value);
      return value;
    } catch (e) {
      error = e;
      outcome = callOutcome(e);
      if (e instanceof UpstreamError && trace) {
        e.upstream ??= trace.upstream;
        e.taskId ??= taskId?.(undefined);
      }
      throw e;
    } finally {
      const seconds = (performance.now() - started) / 1000;
      observe(call, outcome, seconds);
      trace?.debug?.('upstream call', {
        call,
        upstream: trace.upstream,
        outcome,
        ms: Math.round(seconds * 10_000) / 10,
        taskId: taskId?.(value),
        ...(error instanceof UpstreamError ? { status: error.status, cause: error.faultCause } : {}),
      });
    }
  }

  const okay = (): string => 'ok';

  return {
    createTask: (...args) =>
      timed(
        'createTask',
        () => upstream.createTask(...args),
        okay,
        (created) => created?.taskId,
      ),
    getTaskResult: (key, taskId) =>
      timed(
        'getTaskResult',
        () => upstream.getTaskResult(key, taskId),
        (s) => s.state,
        () => taskId,
      ),
    getBalance: (...args) => timed('getBalance', () => upstream.getBalance(...args), okay),
    report: (key, type, taskId, bad) =>
      timed(
        'report',
        () => upstream.report(key, type, taskId, bad),
        okay,
        () => taskId,
      ),
  };
}
