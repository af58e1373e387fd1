/**
 * Pingback delivery is fair: one customer's 200 pingbacks to a receiver that takes 10 s to
 * answer (each delivery times out at 5 s) hold at most their share of deliveries in flight, and
 * another customer's pingback to a prompt receiver still arrives within seconds, and a third's
 * flood of 300 drains at over 100 a second. Before, rounds of 50 waited for their slowest
 * receiver: the other pingback came ~112 s late and a flood drained at 47 a second. With the
 * memory queue and with Redis.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys, startFakeUpstream, type FakeUpstream } from '../support/fake-upstream.ts';
import { startRedis, type TestRedis } from '../support/redis.ts';
import { spawnGateway, type SpawnedGateway } from '../support/spawn-gateway.ts';

const slowJobs = 200;
const floodKey = 'ucap_flood0123456789abcdefghijklmnop';
const slowMs = 10_000;
/** How long the test waits for the starved pingback (raise it to measure how late it comes). */
const waitMs = Number(process.env.PINGBACK_STARVE_WAIT_MS ?? 8000);

let fake: FakeUpstream;
let redis: TestRedis;
let receiver: Server;
let base: string;
let slowInFlight = 0;
let slowMaxInFlight = 0;
const fastArrivals = new Map<string, number>();
const held = new Set<() => void>();

beforeAll(async () => {
  fake = await startFakeUpstream();
  fake.fate = () => ({ polls: 0 });
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString('utf8')));
    req.on('end', () => {
      const id = new URLSearchParams(body).get('id') ?? '';
      if (req.url === '/fast') {
        fastArrivals.set(id, performance.now());
        res.end('ok');
        return;
      }
      slowMaxInFlight = Math.max(slowMaxInFlight, ++slowInFlight);
      const answer = () => {
        held.delete(answer);
        slowInFlight--;
        if (!res.destroyed) res.end('ok');
      };
      held.add(answer);
      setTimeout(answer, slowMs).unref();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  redis = await startRedis();
});
afterAll(async () => {
  for (const answer of [...held]) answer();
  receiver?.closeAllConnections();
  await new Promise<void>((r) => receiver?.close(() => r()));
  await fake?.close();
  await redis?.stop();
});

async function submit(gw: SpawnedGateway, key: string, pingback: string): Promise<string> {
  const params = new URLSearchParams({
    key,
    method: 'userrecaptcha',
    googlekey: '6Le-wvkSAAAAAPBMRTvw0Q4Muexq9bi0DJwx_mJ-',
    pageurl: 'https://example.com/login',
    pingback,
  });
  const text = await (await fetch(`${gw.url}/in.php?${params}`, { signal: AbortSignal.timeout(5000) })).text();
  expect(text).toMatch(/^OK\|\d{15}$/);
  return text.slice(3);
}

describe.each(['memory', 'redis'])('pingback queue in %s', (queue) => {
  let gw: SpawnedGateway;
  beforeAll(async () => {
    // The last gateway's deliveries still held: answered, so they count for none of this one.
    for (const answer of [...held]) answer();
    slowMaxInFlight = 0;
    gw = await spawnGateway({
      UPSTREAM_URL: fake.url,
      PINGBACK_ALLOW: '127.0.0.1',
      UPSTREAM_TIMEOUT_MS: '2000',
      ...(queue === 'redis' && { STORE_URL: redis.url }),
    });
  });
  afterAll(async () => {
    await gw?.kill();
  });

  it(
    "one key's slow receiver holds its share of deliveries; another key's pingback arrives in seconds",
    async () => {
      for (let sent = 0; sent < slowJobs; sent += 20) {
        await Promise.all(Array.from({ length: 20 }, () => submit(gw, keys.good, `${base}/slow`)));
      }
      // Let the slow jobs take the delivery slots first, as they would in a flood.
      await new Promise((r) => setTimeout(r, 1500));
      const started = performance.now();
      const id = await submit(gw, keys.other, `${base}/fast`);
      while (!fastArrivals.has(id) && performance.now() - started < waitMs) await new Promise((r) => setTimeout(r, 50));
      const delayMs = fastArrivals.has(id) ? Math.round(fastArrivals.get(id)! - started) : undefined;
      console.log('starved pingback', JSON.stringify({ queue, delayMs: delayMs ?? `> ${waitMs}`, slowMaxInFlight }));
      expect(delayMs).toBeDefined();
      expect(delayMs).toBeLessThan(5000);
      expect(slowMaxInFlight).toBeLessThanOrEqual(8);

      const metrics = await (await fetch(`${gw.url}/metrics`)).text();
      expect(metrics).toMatch(/^inres_pingback_deliveries_total\{result="delivered"\} [1-9]\d*$/m);
      expect(metrics).toMatch(/^inres_pingback_queue_depth [1-9]\d*$/m);
    },
    Math.max(60_000, waitMs + 40_000),
  );

  it("a plain flood from one key (a third one) drains at twice the old rounds' 50 a second, the slow key's backlog queued alongside", async () => {
    const flood = 300;
    const before = fastArrivals.size;
    const started = performance.now();
    for (let sent = 0; sent < flood; sent += 50) {
      await Promise.all(Array.from({ length: 50 }, () => submit(gw, floodKey, `${base}/fast`)));
    }
    const submitted = performance.now();
    while (fastArrivals.size < before + flood && performance.now() - started < 20_000) {
      await new Promise((r) => setTimeout(r, 50));
    }
    const seconds = (performance.now() - started) / 1000;
    const afterSubmits = (performance.now() - submitted) / 1000;
    console.log(
      'pingback flood',
      JSON.stringify({ queue, delivered: fastArrivals.size - before, seconds, afterSubmits }),
    );
    expect(fastArrivals.size - before).toBe(flood);
    expect(flood / seconds).toBeGreaterThan(100);
  }, 40_000);
});
