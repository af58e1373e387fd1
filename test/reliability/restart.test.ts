/**
 * Restarts under load: two inres processes share one Redis (STORE_URL) behind a client-side
 * "load balancer". While clients submit and poll, instance A is taken out of rotation and
 * stopped with SIGTERM (its in-flight requests still answered), then started again; then B is
 * killed with SIGKILL (its in-flight requests retried on A) and started again. Every id a client
 * was given ends with its own answer: no accepted task is lost. On the memory store (no
 * STORE_URL) a restart loses both: the id answers ERROR_WRONG_CAPTCHA_ID and its queued pingback
 * is never retried (docs/reliability.md says so).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { keys, startFakeUpstream, type FakeUpstream } from '../support/fake-upstream.ts';
import { parseLegacy } from '../support/legacy-grammar.ts';
import { answerOf, numberedFate, numberedSubmit, willFail } from '../support/numbered-tasks.ts';
import { startRedis, type TestRedis } from '../support/redis.ts';
import { spawnGateway, type SpawnedGateway } from '../support/spawn-gateway.ts';

let fake: FakeUpstream;
let redis: TestRedis;
const instances: { name: string; gw: SpawnedGateway; up: boolean }[] = [];

const env = () => ({
  UPSTREAM_URL: fake.url,
  STORE_URL: redis.url,
  UPSTREAM_TIMEOUT_MS: '2000',
  RATE_LIMIT_PER_IP: '0',
});

beforeAll(async () => {
  fake = await startFakeUpstream();
  fake.fate = numberedFate;
  redis = await startRedis();
  const [a, b] = await Promise.all([spawnGateway(env()), spawnGateway(env())]);
  instances.push({ name: 'A', gw: a, up: true }, { name: 'B', gw: b, up: true });
});
afterAll(async () => {
  await Promise.all(instances.map((i) => i.gw.kill()));
  await redis?.stop();
  await fake?.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const count = { accepted: 0, ready: 0, failed: 0, lost: 0, malformed: 0, retried: 0 };
const problems: string[] = [];

/** One legacy call through the "load balancer": a live instance, another one if the connection fails. */
async function call(path: string, params: Record<string, string>): Promise<string | undefined> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const live = instances.filter((i) => i.up);
    const target = live[Math.floor(Math.random() * live.length)];
    if (!target) {
      await sleep(50);
      continue;
    }
    try {
      const res = await fetch(`${target.gw.url}${path}?${new URLSearchParams({ key: keys.good, ...params })}`, {
        signal: AbortSignal.timeout(5000),
      });
      const text = await res.text();
      if (res.status !== 200 || typeof parseLegacy(text, false) === 'string') {
        count.malformed++;
        problems.push(`${res.status} ${text.slice(0, 80)}`);
      }
      return text;
    } catch {
      count.retried++;
    }
  }
  return undefined;
}

async function task(n: number): Promise<void> {
  const submitted = await call('/in.php', numberedSubmit(n));
  const id = submitted?.match(/^OK\|(\d{15})$/)?.[1];
  if (!id) return;
  count.accepted++;
  const deadline = performance.now() + 20_000;
  while (performance.now() < deadline) {
    await sleep(30);
    const a = await call('/res.php', { action: 'get', id });
    if (a === undefined || a === 'CAPCHA_NOT_READY') continue;
    if (a === `OK|${answerOf(n)}` && !willFail(n)) return void count.ready++;
    if (a === 'ERROR_CAPTCHA_UNSOLVABLE' && willFail(n)) return void count.failed++;
    count.lost++;
    problems.push(`task ${n} (${id}): ${a}`);
    return;
  }
  count.lost++;
  problems.push(`task ${n} (${id}) never finished`);
}

it('stop and restart each instance under load: no accepted task lost', async () => {
  let loading = true;
  let next = 1;
  const clients = Array.from({ length: 12 }, async () => {
    while (loading) await task(next++);
  });

  await sleep(1500);
  // A: out of rotation, then SIGTERM (a graceful stop, as an orchestrator does it).
  const a = instances[0]!;
  a.up = false;
  await sleep(100);
  await a.gw.kill('SIGTERM');
  await sleep(500);
  a.gw = await spawnGateway(env());
  a.up = true;
  await sleep(1500);
  // B: SIGKILL while in rotation; its in-flight requests fail and go to A.
  const b = instances[1]!;
  await b.gw.kill('SIGKILL');
  b.up = false;
  await sleep(500);
  b.gw = await spawnGateway(env());
  b.up = true;
  await sleep(1500);
  loading = false;
  await Promise.all(clients);

  console.log('restart under load', JSON.stringify(count));
  expect(problems).toEqual([]);
  expect(count.accepted).toBeGreaterThan(50);
  expect(count.ready + count.failed).toBe(count.accepted);
  expect(count.lost).toBe(0);
}, 60_000);

it('on the memory store a restart forgets ids and queued pingbacks', async () => {
  fake.fate = () => ({ polls: 0 });
  let attempts = 0;
  // A receiver that fails: the job stays queued for a retry 2 s later.
  const receiver = createServer((_req, res) => {
    attempts++;
    res.writeHead(500).end();
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  const memoryEnv = { UPSTREAM_URL: fake.url, PINGBACK_ALLOW: '127.0.0.1', UPSTREAM_TIMEOUT_MS: '2000' };
  let gw = await spawnGateway(memoryEnv);
  try {
    const pingback = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/cb`;
    const ask = async (path: string, params: Record<string, string>) =>
      (await fetch(`${gw.url}${path}?${new URLSearchParams({ key: keys.good, ...params })}`)).text();
    const submitted = await ask('/in.php', { ...numberedSubmit(1), pingback });
    expect(submitted).toMatch(/^OK\|\d{15}$/);
    for (let i = 0; i < 50 && attempts === 0; i++) await sleep(100);
    expect(attempts).toBe(1);

    await gw.kill('SIGKILL');
    gw = await spawnGateway(memoryEnv);
    expect(await ask('/res.php', { action: 'get', id: submitted.slice(3) })).toBe('ERROR_WRONG_CAPTCHA_ID');
    // The retry was due 2 s after the first attempt: nothing comes.
    await sleep(4000);
    expect(attempts).toBe(1);
  } finally {
    await gw.kill();
    await new Promise<void>((r) => receiver.close(() => r()));
  }
}, 30_000);
