/**
 * The upstream rate budget with the real thing: two inres processes sharing one redis-server,
 * a fake upstream on 127.0.0.1 that records when each call arrives, and clients submitting and
 * polling through both instances at three times the budget for a few seconds. The upstream's
 * count per window never exceeds the budget, every answer is a well-formed legacy answer, and
 * every task the gateway accepted is answered once the load stops. Figures: docs/reliability.md.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokens } from '../support/fake-tasks.ts';
import { keys, startFakeUpstream, type FakeUpstream } from '../support/fake-upstream.ts';
import { startRedis, type TestRedis } from '../support/redis.ts';
import { spawnGateway, type SpawnedGateway } from '../support/spawn-gateway.ts';

/** 20 upstream calls a second, both instances together. */
const budget = 20;
const windowMs = 1000;
/** Ticks of 50 ms, three requests each: 60 requests a second, three times the budget. */
const tickMs = 50;
const ticks = 80;

const recaptcha = {
  method: 'userrecaptcha',
  googlekey: '6Le-wvkSAAAAAPBMRTvw0Q4Muexq9bi0DJwx_mJ-',
  pageurl: 'https://example.com/login',
};
const solved = `OK|${tokens.recaptcha}`;

let fake: FakeUpstream;
let redis: TestRedis;
let instances: SpawnedGateway[] = [];

beforeAll(async () => {
  fake = await startFakeUpstream();
  redis = await startRedis();
  // POLL_MIN_INTERVAL_MS=0: every poll asks for an upstream call, so only the budget holds them back.
  const env = {
    UPSTREAM_URL: fake.url,
    STORE_URL: redis.url,
    STORE_TIMEOUT_MS: '500',
    UPSTREAM_TIMEOUT_MS: '2000',
    UPSTREAM_RATE_LIMIT: `${budget}/${windowMs / 1000}`,
    POLL_MIN_INTERVAL_MS: '0',
    RATE_LIMIT_PER_IP: '0',
  };
  instances = await Promise.all([spawnGateway(env), spawnGateway(env)]);
}, 60_000);
afterAll(async () => {
  await Promise.all(instances.map((g) => g.kill()));
  await redis?.stop();
  await fake?.close();
});

async function call(gw: SpawnedGateway, path: string, params: Record<string, string>): Promise<string> {
  const res = await fetch(`${gw.url}${path}?${new URLSearchParams({ key: keys.good, ...params })}`, {
    signal: AbortSignal.timeout(5000),
  });
  const text = await res.text();
  return res.status === 200 ? text : `HTTP ${res.status}: ${text}`;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('two instances, one Redis, UPSTREAM_RATE_LIMIT=20/1, load at 60 requests a second', () => {
  it('the upstream never gets more than 20 calls in a second; every answer is well-formed; every accepted task is answered', async () => {
    fake.fate = () => ({ polls: 1 });
    const pending: string[] = [];
    const answered = new Set<string>();
    const accepted: string[] = [];
    const malformed: string[] = [];
    const counts = { submits: 0, refusedSubmits: 0, polls: 0, notReady: 0 };
    let turn = 0;
    const gw = () => instances[turn++ % instances.length]!;

    async function submit(): Promise<void> {
      counts.submits++;
      const text = await call(gw(), '/in.php', recaptcha);
      const id = /^OK\|(\d{15})$/.exec(text)?.[1];
      if (id) {
        accepted.push(id);
        pending.push(id);
      } else if (text === 'ERROR_NO_SLOT_AVAILABLE') counts.refusedSubmits++;
      else malformed.push(`in.php: ${text}`);
    }
    async function poll(id: string): Promise<void> {
      counts.polls++;
      const text = await call(gw(), '/res.php', { action: 'get', id });
      if (text === solved) {
        answered.add(id);
        const i = pending.indexOf(id);
        if (i >= 0) pending.splice(i, 1);
      } else if (text === 'CAPCHA_NOT_READY') counts.notReady++;
      else malformed.push(`res.php: ${text}`);
    }

    const started = Date.now();
    const inFlight: Promise<void>[] = [];
    let next = 0;
    for (let t = 0; t < ticks; t++) {
      const batch: Promise<void>[] = [];
      if (t % 2 === 0) batch.push(submit());
      while (batch.length < 3 && pending.length > 0) batch.push(poll(pending[next++ % pending.length]!));
      inFlight.push(...batch);
      await sleep(tickMs);
    }
    await Promise.all(inFlight);
    const loadMs = Date.now() - started;

    // Once the load stops, clients keep polling what is left: bounded in rounds and time.
    for (let round = 0; round < 120 && pending.length > 0; round++) {
      await Promise.all(pending.slice(0, 8).map(poll));
      await sleep(100);
    }

    const perWindow = new Map<number, number>();
    for (const at of fake.arrivals)
      perWindow.set(Math.floor(at / windowMs), (perWindow.get(Math.floor(at / windowMs)) ?? 0) + 1);
    const highest = Math.max(...perWindow.values());
    console.log(
      JSON.stringify({
        loadMs,
        ...counts,
        accepted: accepted.length,
        answered: answered.size,
        upstreamCalls: fake.requests.length,
        windows: perWindow.size,
        highestPerWindow: highest,
        perWindow: [...perWindow.values()],
      }),
    );

    expect(malformed).toEqual([]);
    expect(highest).toBeLessThanOrEqual(budget);
    // The load was over the budget: the gateway refused some submits and held polls back.
    expect(counts.refusedSubmits + counts.notReady).toBeGreaterThan(0);
    expect(counts.submits + counts.polls).toBeGreaterThan(2 * budget * (loadMs / windowMs));
    expect(accepted.length).toBeGreaterThan(0);
    expect(pending).toEqual([]);
    expect(answered.size).toBe(accepted.length);
    expect(fake.sent('createTask')).toHaveLength(accepted.length);
    // The heartbeat counted both instances: each one's share while the store is down is half.
    for (const g of instances) {
      const metrics = await (await fetch(`${g.url}/metrics`)).text();
      expect(metrics).toContain('\ninres_budget_instances 2\n');
      expect(metrics).toContain('\ninres_store_up 1\n');
      expect(metrics).toMatch(/\ninres_upstream_budget_refused_total\{upstream="default",class="poll"\} [1-9]/);
    }
  }, 60_000);
});
