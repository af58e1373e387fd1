/**
 * @module
 * One load run: wrk (a separate process, one thread) against a URL for a fixed time, with the
 * server's CPU time and RSS read around it.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cpuMicros, rssBytes } from './procs.ts';
import type { RequestSpec } from './scenarios.ts';

const script = join(import.meta.dirname, 'load.lua');
const scratch = mkdtempSync(join(tmpdir(), 'inres-bench-'));
let files = 0;

export interface RunResult {
  requests: number;
  seconds: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Socket errors and timeouts, plus non-2xx answers. */
  errors: number;
  /** Requests past the end of the id list (fresh-id runs). */
  wrapped: number;
  /** Server CPU time per request, µs (undefined without a server process to watch). */
  cpuUsPerReq?: number;
  rssMb?: number;
}

export interface RunOptions {
  url: string;
  spec: RequestSpec;
  connections: number;
  seconds: number;
  /** Ids appended to the path, one per request. */
  ids?: string[];
  /** The server process whose CPU and RSS are measured. */
  pid?: number;
}

function scratchFile(content: string | Buffer): string {
  const name = join(scratch, `f${files++}`);
  writeFileSync(name, content);
  return name;
}

export function wrkAvailable(): Promise<boolean> {
  return new Promise((resolve) =>
    execFile('wrk', ['--version'], (e) => resolve(!e || (e as { code?: unknown }).code === 1)),
  );
}

/** Requests wrk has sent to each base URL (warm-ups included): profiles are read against it. */
export const sentTo = new Map<string, number>();

/**
 * The server's CPU time once it has gone quiet: requests still in flight when wrk stops are
 * finished (and counted against the run) rather than charged to the next one.
 */
async function settledCpu(pid: number): Promise<number> {
  let last = cpuMicros(pid);
  for (let i = 0; i < 10; i++) {
    await new Promise((r) => setTimeout(r, 100));
    const now = cpuMicros(pid);
    if (now - last < 20_000) return now;
    last = now;
  }
  return last;
}

export async function runLoad(o: RunOptions): Promise<RunResult> {
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    BENCH_METHOD: o.spec.method,
    BENCH_PATH: o.spec.path,
    BENCH_CT: o.spec.contentType ?? '',
    BENCH_BODY: o.spec.body ? scratchFile(o.spec.body) : '',
    BENCH_IDS: o.ids ? scratchFile(`${o.ids.join('\n')}\n`) : '',
  };
  const cpu0 = o.pid ? cpuMicros(o.pid) : 0;
  const out = await new Promise<string>((resolve, reject) => {
    execFile(
      'wrk',
      ['-t1', `-c${o.connections}`, `-d${o.seconds}s`, '--timeout', '10s', '-s', script, `${o.url}${o.spec.path}`],
      { env, timeout: (o.seconds + 30) * 1000 },
      (e, stdout, stderr) => (e ? reject(new Error(`wrk failed: ${e.message} ${stderr}`)) : resolve(stdout)),
    );
  });
  const cpu1 = o.pid ? await settledCpu(o.pid) : 0;
  const line = out.split('\n').find((l) => l.startsWith('{"requests"'));
  if (!line) throw new Error(`wrk printed no summary: ${out}`);
  const r = JSON.parse(line) as {
    requests: number;
    durationUs: number;
    p50Us: number;
    p99Us: number;
    maxUs: number;
    errors: number;
    non2xx: number;
    wrapped: number;
  };
  sentTo.set(o.url, (sentTo.get(o.url) ?? 0) + r.requests);
  return {
    requests: r.requests,
    seconds: r.durationUs / 1e6,
    rps: r.requests / (r.durationUs / 1e6),
    p50Ms: r.p50Us / 1000,
    p99Ms: r.p99Us / 1000,
    maxMs: r.maxUs / 1000,
    errors: r.errors + r.non2xx,
    wrapped: r.wrapped,
    ...(o.pid ? { cpuUsPerReq: (cpu1 - cpu0) / Math.max(1, r.requests), rssMb: rssBytes(o.pid) / 2 ** 20 } : {}),
  };
}
