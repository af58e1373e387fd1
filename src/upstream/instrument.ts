/**
 * @module
 * Upstream calls counted and timed by call and outcome. Outcomes are a fixed set: `ok`, the
 * task states a poll can report, `rejected` (the upstream answered an error code), or the
 * fault kind (timeout, network, busy…); never the upstream's own text.
 */
import { UpstreamError, type Upstream } from './client.ts';
import type { TransportResponse } from './transport.ts';

export type ObserveCall = (call: string, outcome: string, seconds: number) => void;

function callOutcome(e: unknown): string {
  if (e instanceof UpstreamError) return e.fault ?? 'rejected';
  return 'error';
}

async function timed<T>(call: string, observe: ObserveCall, run: () => Promise<T>, ok: (v: T) => string): Promise<T> {
  const started = performance.now();
  try {
    const value = await run();
    observe(call, ok(value), (performance.now() - started) / 1000);
    return value;
  } catch (e) {
    observe(call, callOutcome(e), (performance.now() - started) / 1000);
    throw e;
  }
}

const okay = (): string => 'ok';
/** A passed-through answer: an HTTP error status is the upstream refusing the call. */
const forwarded = (res: TransportResponse): string => (res.status < 400 ? 'ok' : 'rejected');

export function instrumentUpstream(upstream: Upstream, observe: ObserveCall): Upstream {
  return {
    createTask: (...args) => timed('createTask', observe, () => upstream.createTask(...args), okay),
    getTaskResult: (...args) =>
      timed(
        'getTaskResult',
        observe,
        () => upstream.getTaskResult(...args),
        (s) => s.state,
      ),
    getBalance: (...args) => timed('getBalance', observe, () => upstream.getBalance(...args), okay),
    report: (...args) => timed('report', observe, () => upstream.report(...args), okay),
    // Labelled by the passthrough call, one of a fixed set (passthroughCalls).
    forward: (call, body) => timed(call, observe, () => upstream.forward(call, body), forwarded),
  };
}
