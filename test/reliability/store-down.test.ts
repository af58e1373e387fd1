/**
 * Redis stops (SIGKILL) under a gateway with no upstream rate budget, then comes back on the same
 * port: /readyz answers 503 "store unavailable" and `inres_store_up` reads 0 while it is down,
 * both recover by themselves, and the pingback worker's failure (one a second before) is logged
 * once, not once a tick.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startFakeUpstream, type FakeUpstream } from '../support/fake-upstream.ts';
import { startRedis, type TestRedis } from '../support/redis.ts';
import { spawnGateway, type SpawnedGateway } from '../support/spawn-gateway.ts';

let fake: FakeUpstream;
let redis: TestRedis;
let gw: SpawnedGateway;

beforeAll(async () => {
  fake = await startFakeUpstream();
  redis = await startRedis();
  gw = await spawnGateway({ UPSTREAM_URL: fake.url, STORE_URL: redis.url, STORE_TIMEOUT_MS: '500' });
});
afterAll(async () => {
  await gw?.kill();
  await redis?.stop();
  await fake?.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const readyz = async () => {
  const res = await fetch(`${gw.url}/readyz`, { signal: AbortSignal.timeout(5000) });
  return `${res.status} ${await res.text()}`;
};
const storeUp = async () =>
  /^inres_store_up (\d)$/m.exec(await (await fetch(`${gw.url}/metrics`)).text())?.[1] ?? 'absent';
async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (await check()) return;
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what}`);
}

it('/readyz and inres_store_up follow Redis down and back; the repeated warning is logged once', async () => {
  expect([await readyz(), await storeUp()]).toEqual(['200 ok', '1']);

  await redis.stop();
  const stopped = gw.logs.length;
  await until('/readyz to answer 503', async () => (await readyz()) !== '200 ok');
  expect([await readyz(), await storeUp()]).toEqual(['503 store unavailable', '0']);
  await sleep(4000);
  const pingbackWarnings = gw.logs.slice(stopped).filter((l) => String(l.msg).startsWith('pingback'));
  expect(pingbackWarnings.length).toBeGreaterThan(0);
  expect(pingbackWarnings.length).toBeLessThanOrEqual(1);

  await redis.start();
  await until('/readyz to answer 200 again', async () => (await readyz()) === '200 ok');
  expect(await storeUp()).toBe('1');
}, 40_000);
