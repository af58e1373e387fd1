/**
 * @module
 * `npm run bench`: inres, a bare Node passthrough and the upstream itself ("direct"), each in
 * its own process on 127.0.0.1, loaded by wrk in turn (interleaved, same concurrency, same fake
 * upstream), then the memory benchmark of the store. Prints a Markdown table and writes
 * bench/results/latest.json.
 *
 *   npm run bench                  full run (a few minutes on 2 cores)
 *   npm run bench -- --quick       1 s per run, one round
 *   npm run bench -- --profile     CPU profiles of inres and bare in bench/results/profile/, summed up
 *                                  in bench/results/profile.md (--profile-name=x: profile-x.md)
 *   npm run bench -- --only=poll   scenarios whose name contains "poll" (--only=redis: the Redis part)
 *   npm run bench -- --c=64,512    these concurrencies only
 *   npm run bench -- --rounds=4 --seconds=3   more and longer interleaved runs (steadier figures)
 *   BENCH_INRES_ENV=LOG_LEVEL=warn npm run bench    inres with other settings
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { startRedis } from '../test/support/redis.ts';
import { send, submitMany } from './client.ts';
import { compare, costs, top } from './profile-summary.ts';
import { startServer, type Server } from './procs.ts';
import { distinctIds, keys, pollPath, scenarios, type Scenario } from './scenarios.ts';
import { runLoad, sentTo, wrkAvailable, type RunResult } from './wrk.ts';

const args = new Set(process.argv.slice(2));
const quick = args.has('--quick');
const profile = args.has('--profile');
/** `--profile-name=image`: the summary goes to bench/results/profile-image.md. */
const profileName = [...args].find((a) => a.startsWith('--profile-name='))?.slice('--profile-name='.length);
const only = [...args].find((a) => a.startsWith('--only='))?.slice('--only='.length);
const numberArg = (name: string): number | undefined => {
  const v = [...args].find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  return v === undefined ? undefined : Number(v);
};
const seconds = numberArg('seconds') ?? (quick ? 1 : 2);
const rounds = numberArg('rounds') ?? (quick ? 1 : 2);
const concArg = [...args].find((a) => a.startsWith('--c='))?.slice('--c='.length);
const concurrencies = concArg ? concArg.split(',').map(Number) : [1, 64, 512];
const here = import.meta.dirname;
const root = join(here, '..');
const results = join(here, 'results');

type TargetName = 'inres' | 'bare' | 'direct';

interface Row {
  scenario: string;
  target: Scenario['target'];
  concurrency: number;
  /** Share of inres's polls that were a task's first poll (fresh-id scenario only). */
  firstPollShare?: number;
  targets: Partial<Record<TargetName, RunResult>>;
  ratios: { rps?: number; cpu?: number; p99DeltaMs?: number };
}

if (!(await wrkAvailable())) {
  process.stderr.write('bench: needs wrk on PATH (Debian/Ubuntu: apt-get install -y wrk)\n');
  process.exit(1);
}

/** Node flags that write a CPU profile of a server when it exits (with --profile). */
function profiled(name: string): string[] {
  return profile
    ? ['--cpu-prof', '--cpu-prof-dir', join(results, 'profile'), '--cpu-prof-name', `${name}.cpuprofile`]
    : [];
}

const started = Date.now();
/** The rows of the inres/bare/direct scenarios, as they are measured. */
const measuredRows: Row[] = [];
/** The Redis-store gateway's URL, once it ran (for its profile). */
let redisUrl: string | undefined;
const logs = mkdtempSync(join(tmpdir(), 'inres-bench-logs-'));
const upstream = await startServer('fake upstream', [join(here, 'fake-upstream.ts')], {}, join(logs, 'upstream.log'));
// inres with its defaults (info access logs, metrics, the per-IP limiter counting) except that
// the per-IP limit is set beyond reach: every request here comes from one address.
const inresEnv = {
  HOST: '127.0.0.1',
  PORT: '0',
  UPSTREAM_URL: upstream.url,
  RATE_LIMIT_PER_IP: '1000000000',
  // Every poll reaches the upstream, as bare's does: the default interval (1000 ms) answers a
  // repeat poll without the upstream, which would measure the gate rather than the hop.
  POLL_MIN_INTERVAL_MS: '0',
  // A bench key submits far more tasks than it leaves solved: past the default running-task cap
  // per key (MAX_TASKS / 10) its submits would be refused.
  MAX_TASKS_PER_KEY: '100000000',
  // BENCH_INRES_ENV="LOG_LEVEL=warn,…": settings to try (what a feature costs).
  ...Object.fromEntries(
    (process.env.BENCH_INRES_ENV ?? '')
      .split(',')
      .filter(Boolean)
      .map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
  ),
};
const inres = await startServer(
  'inres',
  [...profiled('inres'), join(root, 'deploy/node/main.ts')],
  inresEnv,
  join(logs, 'inres.log'),
);
const bare = await startServer(
  'bare passthrough',
  [...profiled('bare'), join(here, 'bare-passthrough.ts')],
  { UPSTREAM_URL: upstream.url },
  join(logs, 'bare.log'),
);
const servers: Server[] = [inres, bare, upstream];
const stopAll = () => Promise.all(servers.map((s) => s.stop()));
process.on('SIGINT', () => void stopAll().finally(() => process.exit(130)));

try {
  const [readyId] = await submitMany(inres.url, 1, keys.ready);
  const notReadyIds = await submitMany(inres.url, distinctIds, keys.notReady);
  await send(inres.url, { method: 'GET', path: pollPath(keys.ready) + readyId });
  const all = scenarios(readyId!, notReadyIds[0]!).filter((s) => !only || s.name.includes(only));
  const firstId = (s: Scenario) => (s.ids === 'fresh' ? readyId! : s.ids === 'distinct' ? notReadyIds[0]! : '');

  // Every scenario answers correctly on every target before anything is timed.
  for (const s of all) {
    const spec = { ...s.legacy, path: s.legacy.path + firstId(s) };
    const got = await send(inres.url, spec);
    if (!s.expect.test(got)) throw new Error(`${s.name}: inres answered ${got.slice(0, 200)}`);
    const viaBare = await send(bare.url, spec);
    if (!viaBare.includes('"errorId":0'))
      throw new Error(`${s.name}: bare passthrough answered ${viaBare.slice(0, 200)}`);
    const direct = await send(upstream.url, s.direct);
    if (!direct.includes('"errorId":0')) throw new Error(`${s.name}: upstream answered ${direct.slice(0, 200)}`);
  }

  // Warm-up: let both gateways' JIT settle on the paths measured.
  for (const s of all.filter((x) => x.ids !== 'fresh').slice(0, 4)) {
    const ids = s.ids === 'distinct' ? { ids: notReadyIds } : {};
    for (const t of [inres, bare]) await runLoad({ url: t.url, spec: s.legacy, connections: 64, seconds: 1, ...ids });
  }

  const rows: Row[] = measuredRows;
  const measured = (s: string, c: number) => rows.find((r) => r.scenario === s && r.concurrency === c);

  for (const s of all) {
    for (const c of concurrencies) {
      const runs: Record<TargetName, RunResult[]> = { inres: [], bare: [], direct: [] };
      let ids: string[] | undefined = s.ids === 'distinct' ? notReadyIds : undefined;
      if (s.ids === 'fresh') {
        // Enough never-polled tasks for every inres request: estimated from the not-ready poll.
        const est = measured('poll not ready', c)?.targets.inres?.rps ?? 4000;
        ids = await submitMany(inres.url, Math.min(300_000, Math.ceil(est * seconds * rounds * 1.5) + 500), keys.ready);
      }
      let firstPolls = 0;
      let inresPolls = 0;
      for (let round = 0; round < rounds; round++) {
        const order: TargetName[] = round % 2 === 0 ? ['inres', 'bare', 'direct'] : ['bare', 'inres', 'direct'];
        for (const name of order) {
          const target = name === 'inres' ? inres : name === 'bare' ? bare : upstream;
          const slice =
            s.ids === 'fresh' ? ids!.slice((ids!.length / rounds) * round, (ids!.length / rounds) * (round + 1)) : ids;
          const r = await runLoad({
            url: target.url,
            spec: name === 'direct' ? s.direct : s.legacy,
            connections: c,
            seconds,
            ...(slice && name !== 'direct' ? { ids: slice } : {}),
            ...(name === 'direct' ? {} : { pid: target.proc.pid! }),
          });
          runs[name].push(r);
          if (name === 'inres' && s.ids === 'fresh') {
            firstPolls += r.requests - r.wrapped;
            inresPolls += r.requests;
          }
        }
      }
      const row: Row = { scenario: s.name, target: s.target, concurrency: c, targets: {}, ratios: {} };
      for (const name of ['inres', 'bare', 'direct'] as const) row.targets[name] = combine(runs[name]);
      if (s.ids === 'fresh') row.firstPollShare = firstPolls / Math.max(1, inresPolls);
      const i = row.targets.inres!;
      const b = row.targets.bare!;
      row.ratios = {
        rps: i.rps / b.rps,
        ...(i.cpuUsPerReq && b.cpuUsPerReq ? { cpu: i.cpuUsPerReq / b.cpuUsPerReq } : {}),
        p99DeltaMs: i.p99Ms - b.p99Ms,
      };
      rows.push(row);
      process.stderr.write(
        `${s.name} c=${c}: inres ${i.rps.toFixed(0)}/s, bare ${b.rps.toFixed(0)}/s (×${row.ratios.rps!.toFixed(2)})\n`,
      );
    }
  }

  const redis = !only || only === 'redis' ? await redisPolls(readyId!, notReadyIds) : [];
  const memory = await runMemoryBench();
  const report = {
    date: new Date(started).toISOString(),
    durationSeconds: Math.round((Date.now() - started) / 1000),
    mode: quick ? 'quick' : 'full',
    secondsPerRun: seconds,
    rounds,
    machine: machine(),
    rows,
    redis,
    /** All load requests per server, warm-ups included (the denominator for a --profile). */
    served: { inres: sentTo.get(inres.url) ?? 0, bare: sentTo.get(bare.url) ?? 0 },
    memory,
    verdicts: verdicts(rows, redis, memory),
  };
  mkdirSync(results, { recursive: true });
  writeFileSync(join(results, 'latest.json'), `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(
    `${table(rows)}\n\n${redis.length ? `${redisTable(redis)}\n\n` : ''}${memoryTable(memory)}\n\n${report.verdicts.map((v) => `- ${v}`).join('\n')}\n`,
  );
  process.stdout.write(
    `\n${report.machine.summary}; ${report.durationSeconds} s; written to bench/results/latest.json\n`,
  );
} finally {
  await stopAll();
  rmSync(logs, { recursive: true, force: true });
}
// Only when a scenario ran: `--only=redis --profile` profiles the Redis-store gateway alone.
if (profile && measuredRows.length > 0) writeProfileSummary();
if (profile && redisUrl) writeRedisProfile(sentTo.get(redisUrl) ?? 0);

/** bench/results/profile.md: inres and the bare passthrough, µs per request by where it went. */
function writeProfileSummary(): void {
  const dir = join(results, 'profile');
  const served = { inres: sentTo.get(inres.url) ?? 0, bare: sentTo.get(bare.url) ?? 0 };
  const table = compare(
    { name: 'inres', costs: costs(join(dir, 'inres.cpuprofile'), served.inres) },
    { name: 'bare', costs: costs(join(dir, 'bare.cpuprofile'), served.bare) },
  );
  const text = [
    '# Where the CPU goes: inres and the bare passthrough',
    '',
    `\`npm run bench -- ${process.argv.slice(2).join(' ')}\` on ${machine().summary}, ${new Date(started).toISOString()}.`,
    `Sampled self time (V8 CPU profiler, start-up left out) ÷ requests served (${served.inres} inres, ${served.bare} bare,`,
    'warm-ups included). Sampling adds its own overhead: read the differences, not the totals.',
    '',
    table,
    '',
    'Where inres spends it, by function (self time; native calls are charged the wall time of their syscalls,',
    'a loopback write included the waking of its reader, so read the JS functions):',
    '',
    top(costs(join(dir, 'inres.cpuprofile'), served.inres, 'function'), 30),
    '',
  ].join('\n');
  const name = `profile${profileName ? `-${profileName}` : ''}.md`;
  writeFileSync(join(results, name), text);
  process.stdout.write(`\n${table}\n\nwritten to bench/results/${name}\n`);
}

interface RedisRow {
  scenario: string;
  concurrency: number;
  memory: RunResult;
  redis: RunResult;
  /** Requests/s with the Redis store ÷ with the memory store. */
  rpsRatio: number;
}

/** The settings without the memory store's per-key cap (a declaration: the top-level run calls it before this line). */
function withoutTaskCap({ MAX_TASKS_PER_KEY: _cap, ...env }: Record<string, string>): Record<string, string> {
  return env;
}

/**
 * Polls through a second inres whose store is a redis-server of the benchmark's own (127.0.0.1,
 * a free port, no persistence), interleaved with the same polls through the memory-store inres.
 */
async function redisPolls(memoryReady: string, memoryNotReady: string[]): Promise<RedisRow[]> {
  const redis = await startRedis();
  const gw = await startServer(
    'inres (Redis store)',
    [...profiled('inres-redis'), join(root, 'deploy/node/main.ts')],
    // The per-key cap is the memory store's: refused by name with STORE_URL.
    { ...withoutTaskCap(inresEnv), STORE_URL: redis.url },
    join(logs, 'inres-redis.log'),
  );
  redisUrl = gw.url;
  try {
    const [ready] = await submitMany(gw.url, 1, keys.ready);
    const notReady = await submitMany(gw.url, distinctIds, keys.notReady);
    // As in the memory-store scenarios: not-ready polls of distinct tasks, one cached answer.
    const cases = [
      {
        scenario: 'poll not ready',
        path: pollPath(keys.notReady),
        ids: { memory: memoryNotReady, redis: notReady },
        expect: /^CAPCHA_NOT_READY$/,
      },
      {
        scenario: 'poll ready (cached)',
        path: pollPath(keys.ready),
        ids: { memory: [memoryReady], redis: [ready!] },
        expect: /^OK\|03AG/,
      },
    ];
    for (const k of cases) {
      const got = await send(gw.url, { method: 'GET', path: k.path + k.ids.redis[0]! });
      if (!k.expect.test(got)) throw new Error(`${k.scenario}: inres with Redis answered ${got.slice(0, 200)}`);
    }
    await runLoad({
      url: gw.url,
      spec: { method: 'GET', path: cases[0]!.path },
      ids: notReady,
      connections: 64,
      seconds: 1,
    });
    const out: RedisRow[] = [];
    for (const k of cases) {
      for (const c of concurrencies.filter((x) => x > 1)) {
        const runs: { memory: RunResult[]; redis: RunResult[] } = { memory: [], redis: [] };
        for (let round = 0; round < rounds; round++) {
          for (const store of round % 2 === 0 ? (['redis', 'memory'] as const) : (['memory', 'redis'] as const)) {
            const target = store === 'redis' ? gw : inres;
            runs[store].push(
              await runLoad({
                url: target.url,
                spec: { method: 'GET', path: k.path },
                ids: k.ids[store],
                connections: c,
                seconds,
                pid: target.proc.pid!,
              }),
            );
          }
        }
        const memory = combine(runs.memory);
        const viaRedis = combine(runs.redis);
        out.push({
          scenario: k.scenario,
          concurrency: c,
          memory,
          redis: viaRedis,
          rpsRatio: viaRedis.rps / memory.rps,
        });
        process.stderr.write(
          `Redis store, ${k.scenario} c=${c}: ${viaRedis.rps.toFixed(0)}/s (memory ${memory.rps.toFixed(0)}/s)\n`,
        );
      }
    }
    return out;
  } finally {
    await gw.stop();
    await redis.stop();
  }
}

/** bench/results/profile-redis.md: where the Redis-store gateway spends its CPU, by function. */
function writeRedisProfile(served: number): void {
  const text = [
    '# Where the CPU goes: inres with the Redis store',
    '',
    `\`npm run bench -- ${process.argv.slice(2).join(' ')}\` on ${machine().summary}, ${new Date(started).toISOString()}.`,
    `Sampled self time ÷ requests served (${served}, seeding and warm-up included); native calls are charged the`,
    'wall time of their syscalls, a loopback write included the waking of its reader (here redis-server too).',
    '',
    top(costs(join(results, 'profile', 'inres-redis.cpuprofile'), served, 'function'), 30),
    '',
  ].join('\n');
  writeFileSync(join(results, 'profile-redis.md'), text);
}

/** Rounds of one target: requests/s over the summed time, latencies and CPU averaged. */
function combine(runs: RunResult[]): RunResult {
  const n = runs.length;
  const sum = (f: (r: RunResult) => number) => runs.reduce((a, r) => a + f(r), 0);
  const requests = sum((r) => r.requests);
  const out: RunResult = {
    requests,
    seconds: sum((r) => r.seconds),
    rps: requests / sum((r) => r.seconds),
    p50Ms: sum((r) => r.p50Ms) / n,
    p99Ms: sum((r) => r.p99Ms) / n,
    maxMs: Math.max(...runs.map((r) => r.maxMs)),
    errors: sum((r) => r.errors),
    wrapped: sum((r) => r.wrapped),
  };
  if (runs[0]!.cpuUsPerReq !== undefined) {
    out.cpuUsPerReq = sum((r) => r.cpuUsPerReq! * r.requests) / requests;
    out.rssMb = Math.max(...runs.map((r) => r.rssMb!));
  }
  return out;
}

interface MemoryResult {
  ids: number;
  heapBytesPerId: number;
  rssBytesPerId: number;
  insertSeconds: number;
}

/** The store's memory benchmark, in its own process (it needs --expose-gc and a clean heap). */
async function runMemoryBench(): Promise<MemoryResult[]> {
  const out: MemoryResult[] = [];
  for (const n of quick ? [100_000] : [100_000, 1_000_000]) {
    const text = await new Promise<string>((resolve, reject) => {
      const p = spawn(process.execPath, ['--expose-gc', join(here, 'memory.ts'), String(n)], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let s = '';
      p.stdout.on('data', (c: Buffer) => (s += c.toString()));
      p.on('exit', (code) => (code === 0 ? resolve(s) : reject(new Error(`memory bench exited ${code}`))));
    });
    out.push(JSON.parse(text) as MemoryResult);
  }
  return out;
}

function machine() {
  const cpu = cpus();
  const wrk = execFileSync('sh', ['-c', 'wrk --version 2>&1 | head -1'], { encoding: 'utf8' }).trim();
  const summary = `${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Linux ${release()}, Node ${process.version}, ${wrk.split(' ').slice(0, 2).join(' ')}`;
  return {
    summary,
    cores: cpu.length,
    cpu: cpu[0]?.model,
    memGiB: totalmem() / 2 ** 30,
    kernel: release(),
    node: process.version,
    wrk,
    loadavgAtStart: loadavg(),
  };
}

function fixed(n: number | undefined, digits: number): string {
  return n === undefined || Number.isNaN(n) ? '—' : n.toFixed(digits);
}
function f0(n: number | undefined): string {
  return fixed(n, 0);
}
function f1(n: number | undefined): string {
  return fixed(n, 1);
}
function f2(n: number | undefined): string {
  return fixed(n, 2);
}

function table(rows: Row[]): string {
  const head = [
    'scenario',
    'c',
    'inres req/s',
    'bare req/s',
    'direct req/s',
    'inres÷bare',
    'inres p50/p99 ms',
    'bare p50/p99 ms',
    'direct p50/p99 ms',
    'CPU µs/req inres',
    'CPU µs/req bare',
    'CPU ÷',
    'RSS MB inres/bare',
  ];
  const lines = rows.map((r) => {
    const { inres: i, bare: b, direct: d } = r.targets;
    const name =
      r.firstPollShare !== undefined && r.firstPollShare < 0.999
        ? `${r.scenario} [${(r.firstPollShare * 100).toFixed(0)} % first]`
        : r.scenario;
    const errs = [i, b, d].some((x) => x && x.errors > 0)
      ? ` (errors ${[i, b, d].map((x) => x?.errors ?? 0).join('/')})`
      : '';
    return [
      name + errs,
      String(r.concurrency),
      f0(i?.rps),
      f0(b?.rps),
      f0(d?.rps),
      f2(r.ratios.rps),
      `${f2(i?.p50Ms)} / ${f2(i?.p99Ms)}`,
      `${f2(b?.p50Ms)} / ${f2(b?.p99Ms)}`,
      `${f2(d?.p50Ms)} / ${f2(d?.p99Ms)}`,
      f0(i?.cpuUsPerReq),
      f0(b?.cpuUsPerReq),
      f2(r.ratios.cpu),
      `${f0(i?.rssMb)} / ${f0(b?.rssMb)}`,
    ];
  });
  return [head, head.map(() => '---'), ...lines].map((l) => `| ${l.join(' | ')} |`).join('\n');
}

function redisTable(rows: RedisRow[]): string {
  const head = [
    'inres, Redis store',
    'c',
    'req/s',
    'memory store req/s',
    'Redis ÷ memory',
    'p50/p99 ms',
    'CPU µs/req',
    'errors',
  ];
  const lines = rows.map((r) => [
    r.scenario,
    String(r.concurrency),
    f0(r.redis.rps),
    f0(r.memory.rps),
    f2(r.rpsRatio),
    `${f2(r.redis.p50Ms)} / ${f2(r.redis.p99Ms)}`,
    f0(r.redis.cpuUsPerReq),
    String(r.redis.errors),
  ]);
  return [head, head.map(() => '---'), ...lines].map((l) => `| ${l.join(' | ')} |`).join('\n');
}

function memoryTable(m: MemoryResult[]): string {
  const lines = m.map(
    (r) =>
      `| ${r.ids.toLocaleString('en')} | ${f0(r.heapBytesPerId)} | ${f0(r.rssBytesPerId)} | ${f1(r.insertSeconds)} |`,
  );
  return ['| memory store: live ids | heap B/id | RSS B/id | insert s |', '| --- | --- | --- | --- |', ...lines].join(
    '\n',
  );
}

/** One line per target of the performance issue (docs/performance.md), MET or MISSED, with the misses named. */
function verdicts(rows: Row[], redis: RedisRow[], memory: MemoryResult[]): string[] {
  const line = (target: string, misses: string[], judged: number) =>
    judged === 0
      ? `not measured: ${target}`
      : `${misses.length ? 'MISSED' : 'MET'}: ${target}${misses.length ? ` (${misses.join('; ')})` : ''}`;
  const at = (r: { scenario: string; concurrency: number }) => `${r.scenario} c=${r.concurrency}`;
  const loaded = rows.filter((r) => r.concurrency >= 64);
  const hop = loaded.filter((r) => r.target === 'hop');
  const image = loaded.filter((r) => r.target === 'image');
  const polls512 = rows.filter((r) => r.target === 'hop' && r.scenario.startsWith('poll') && r.concurrency === 512);
  const single = rows.filter((r) => r.target === 'hop' && r.concurrency === 1);
  const million = memory.find((m) => m.ids === 1_000_000);
  const redis512 = redis.filter((r) => r.concurrency === 512);
  return [
    line(
      'inres ≥ 0.9 × bare req/s on polls, userrecaptcha submit and getbalance at c=64/512',
      hop.filter((r) => r.ratios.rps! < 0.9).map((r) => `${at(r)} ×${f2(r.ratios.rps)}`),
      hop.length,
    ),
    line(
      'CPU µs/req ≤ 1.15 × bare on the same',
      hop.filter((r) => (r.ratios.cpu ?? Infinity) > 1.15).map((r) => `${at(r)} ×${f2(r.ratios.cpu)}`),
      hop.length,
    ),
    line(
      '30 KB image submits (multipart, base64) ≥ 0.8 × bare req/s at c=64/512',
      image.filter((r) => r.ratios.rps! < 0.8).map((r) => `${at(r)} ×${f2(r.ratios.rps)}`),
      image.length,
    ),
    line(
      'Redis store polls ≥ 0.8 × the memory store req/s',
      redis.filter((r) => r.rpsRatio < 0.8).map((r) => `${at(r)} ×${f2(r.rpsRatio)}`),
      redis.length,
    ),
    line(
      'Redis store p99 at c=512 ≤ 2 × the memory store p99',
      redis512
        .filter((r) => r.redis.p99Ms > 2 * r.memory.p99Ms)
        .map((r) => `${at(r)} ${f2(r.redis.p99Ms)} vs ${f2(r.memory.p99Ms)} ms`),
      redis512.length,
    ),
    line(
      'p99 at c=512 on polls ≤ bare p99 + 5 ms',
      polls512.filter((r) => r.ratios.p99DeltaMs! > 5).map((r) => `${at(r)} +${f2(r.ratios.p99DeltaMs)} ms`),
      polls512.length,
    ),
    line(
      'c=1 p50 within 0.05 ms of bare (polls, userrecaptcha submit, getbalance)',
      single
        .filter((r) => r.targets.inres!.p50Ms - r.targets.bare!.p50Ms > 0.05)
        .map((r) => `${r.scenario} ${f2(r.targets.inres!.p50Ms)} vs ${f2(r.targets.bare!.p50Ms)} ms`),
      single.length,
    ),
    line(
      'memory store ≤ 256 B heap per live id at 1 M ids',
      million && million.heapBytesPerId > 256 ? [`${f0(million.heapBytesPerId)} B`] : [],
      million ? 1 : 0,
    ) + (million && million.heapBytesPerId <= 256 ? ` (${f0(million.heapBytesPerId)} B)` : ''),
  ];
}
