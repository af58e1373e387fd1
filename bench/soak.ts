/**
 * @module
 * `npm run soak`: inres (`deploy/node/main.ts`, its own process) under minutes of mixed
 * submit/poll load from 127.0.0.1, against the fake upstream with 1 % of its answers faulty.
 * Passes when no answer is malformed, every accepted id ends with its own answer (ready or
 * failed, as the fake decided), and the gateway's RSS after warm-up grows by 20 % at most.
 * Bounded: SOAK_SECONDS (180), SOAK_MAX_REQUESTS (3 000 000), SOAK_CONCURRENCY (32).
 */
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { parseLegacy } from '../test/support/legacy-grammar.ts';
import { keys, startFakeUpstream, type Fault } from '../test/support/fake-upstream.ts';
import { answerOf, numberedFate, numberedSubmit, willFail } from '../test/support/numbered-tasks.ts';
import { rssBytes, startServer } from './procs.ts';

const seconds = Number(process.env.SOAK_SECONDS ?? 180);
const maxRequests = Number(process.env.SOAK_MAX_REQUESTS ?? 3_000_000);
const concurrency = Number(process.env.SOAK_CONCURRENCY ?? 32);
const faultRate = 0.01;
const upstreamTimeoutMs = 2000;
/** Tasks still being polled when the load stops get this long to finish. */
const drainMs = 30_000;
/** Long enough for the id store to fill to its steady state (TASK_TTL_SECONDS is 60). */
const warmupMs = Math.min(90_000, (seconds * 1000) / 2);
const windowMs = Math.min(20_000, warmupMs / 2);

/**
 * Every fault but an unknown errorCode: that one is a terminal answer by design (a client
 * resubmits), so a task meeting it ends "failed" without the fake having failed it.
 */
const faults: Fault[] = [
  'html500',
  'status502',
  'status503',
  'non-json',
  'truncated',
  'hang',
  'reset',
  'huge',
  'drip',
  'reset-mid-body',
  'no-task-id',
  'task-id-type',
  'unknown-status',
];

const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)]!;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const count = {
  requests: 0,
  malformed: 0,
  transportErrors: 0,
  accepted: 0,
  rejected: 0,
  ready: 0,
  failed: 0,
  lost: 0,
  wrong: 0,
  unexpected: 0,
};
const examples: string[] = [];
const note = (what: string) => examples.length < 10 && examples.push(what);

async function main(): Promise<void> {
  const fake = await startFakeUpstream();
  fake.fate = numberedFate;
  fake.chaos = () => (Math.random() < faultRate ? pick(faults) : undefined);
  const trim = setInterval(() => (fake.requests.length = 0), 1000);
  const logFile = join(tmpdir(), `inres-soak-${process.pid}.log`);
  const gw = await startServer(
    'inres',
    ['deploy/node/main.ts'],
    {
      HOST: '127.0.0.1',
      PORT: '0',
      UPSTREAM_URL: fake.url,
      UPSTREAM_TIMEOUT_MS: String(upstreamTimeoutMs),
      TASK_TTL_SECONDS: '60',
      RATE_LIMIT_PER_IP: '0',
      LOG_LEVEL: 'info',
    },
    logFile,
  );
  const pid = gw.proc.pid!;
  const agent = new Agent({ connections: concurrency, keepAliveTimeout: 10_000 });

  const started = performance.now();
  const elapsed = () => performance.now() - started;
  const loadEnds = seconds * 1000;
  const running = () => elapsed() < loadEnds && count.requests < maxRequests;

  const rss: { t: number; bytes: number }[] = [];
  const sampler = setInterval(() => rss.push({ t: elapsed(), bytes: rssBytes(pid) }), 1000);
  const progress = setInterval(() => {
    const mb = (rssBytes(pid) / 2 ** 20).toFixed(0);
    process.stderr.write(
      `soak ${Math.round(elapsed() / 1000)} s: ${count.requests} requests, ${count.accepted} accepted, rss ${mb} MiB\n`,
    );
  }, 15_000);

  /** One legacy request; undefined when it did not get an answer at all. */
  async function ask(path: string, params: Record<string, string>, json: boolean, post: boolean) {
    count.requests++;
    const query = new URLSearchParams({ key: keys.good, ...params, ...(json ? { json: '1' } : {}) }).toString();
    try {
      const res = post
        ? await request(`${gw.url}${path}`, {
            method: 'POST',
            dispatcher: agent,
            body: query,
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
          })
        : await request(`${gw.url}${path}?${query}`, { dispatcher: agent });
      const text = await res.body.text();
      const answer = parseLegacy(text, json);
      if (res.statusCode !== 200 || typeof answer === 'string') {
        count.malformed++;
        note(`malformed: ${res.statusCode} ${text.slice(0, 100)}`);
        return undefined;
      }
      return answer;
    } catch (e) {
      count.transportErrors++;
      note(`transport: ${(e as Error).message}`);
      return undefined;
    }
  }

  /** Submits task n and polls it to its end. */
  async function task(n: number): Promise<void> {
    const json = Math.random() < 0.5;
    const submitted = await ask('/in.php', numberedSubmit(n), json, Math.random() < 0.3);
    if (!submitted) return;
    if (submitted.kind === 'code') {
      if (submitted.code === 'ERROR_NO_SLOT_AVAILABLE') count.rejected++;
      else {
        count.unexpected++;
        note(`submit ${n}: ${submitted.code}`);
      }
      return;
    }
    const id = String(submitted.value);
    count.accepted++;
    const deadline = loadEnds + drainMs;
    for (;;) {
      await sleep(20);
      if (elapsed() > deadline) {
        count.lost++;
        note(`task ${n} (${id}) unfinished at the deadline`);
        return;
      }
      const a = await ask('/res.php', { action: 'get', id }, json, false);
      if (!a || (a.kind === 'code' && a.code === 'CAPCHA_NOT_READY')) continue;
      if (a.kind === 'ok' && a.value === answerOf(n) && !willFail(n)) {
        count.ready++;
        if (Math.random() < 0.05) await ask('/res.php', { action: 'reportgood', id }, json, false);
        return;
      }
      if (a.kind === 'code' && a.code === 'ERROR_CAPTCHA_UNSOLVABLE' && willFail(n)) {
        count.failed++;
        return;
      }
      if (a.kind === 'code' && (a.code === 'ERROR_WRONG_CAPTCHA_ID' || a.code === 'ERROR_WRONG_ID_FORMAT'))
        count.lost++;
      else count.wrong++;
      note(`task ${n} (${id}): ${JSON.stringify(a)}`);
      return;
    }
  }

  let next = 1;
  async function worker(): Promise<void> {
    while (running()) {
      if (Math.random() < 0.05) await ask('/res.php', { action: 'getbalance' }, Math.random() < 0.5, false);
      else await task(next++);
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  clearInterval(sampler);
  clearInterval(progress);
  clearInterval(trim);
  const total = elapsed();

  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
  const inWindow = (from: number, to: number) => rss.filter((s) => s.t >= from && s.t < to).map((s) => s.bytes);
  const baseline = median(inWindow(warmupMs - windowMs, warmupMs));
  const final = median(inWindow(loadEnds - windowMs, loadEnds));
  const peak = Math.max(...inWindow(warmupMs, loadEnds), 0);
  const growth = baseline ? final / baseline - 1 : 0;
  const mib = (b: number) => `${(b / 2 ** 20).toFixed(1)} MiB`;

  await gw.stop();
  rmSync(logFile, { force: true });
  await agent.close();
  await fake.close();

  const pass =
    count.malformed === 0 &&
    count.lost === 0 &&
    count.wrong === 0 &&
    count.unexpected === 0 &&
    count.transportErrors === 0 &&
    growth <= 0.2 &&
    count.accepted > 0;
  const lines = [
    `soak: ${(total / 1000).toFixed(0)} s (load ${seconds} s), ${concurrency} clients, ${faultRate * 100} % upstream faults`,
    `requests ${count.requests} (${Math.round(count.requests / (total / 1000))}/s), malformed ${count.malformed}, transport errors ${count.transportErrors}`,
    `tasks accepted ${count.accepted}: ready ${count.ready}, failed ${count.failed}, lost ${count.lost}, wrong answer ${count.wrong}; submits refused (upstream fault) ${count.rejected}, unexpected codes ${count.unexpected}`,
    `gateway RSS: after warm-up (${warmupMs / 1000} s) ${mib(baseline)}, at the end ${mib(final)} (${(growth * 100).toFixed(1)} %), peak after warm-up ${mib(peak)}`,
    pass ? 'PASS' : 'FAIL',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  if (examples.length) process.stdout.write(`examples:\n  ${examples.join('\n  ')}\n`);
  process.exit(pass ? 0 : 1);
}

await main();
