/**
 * A gateway key removed by a SIGHUP reload takes its pending pingbacks with it: the next time a
 * job comes due it is dropped (one log line with the id, never the key) instead of polling the
 * upstream until the TTL with the raw gateway key as its clientKey.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { keys, startFakeUpstream, type FakeUpstream } from '../support/fake-upstream.ts';
import { spawnGateway, type SpawnedGateway } from '../support/spawn-gateway.ts';

const gatewayKey = 'gw_revoked_000000000000000000000001';
const dir = mkdtempSync(join(tmpdir(), 'inres-revoked-'));
const file = join(dir, 'keys.json');

let fake: FakeUpstream;
let gw: SpawnedGateway;

beforeAll(async () => {
  fake = await startFakeUpstream();
  // Never solved: the job keeps polling for as long as it is kept.
  fake.fate = () => ({ polls: 1_000_000 });
  writeFileSync(file, JSON.stringify({ [gatewayKey]: { upstream: keys.good } }));
  gw = await spawnGateway({
    UPSTREAM_URL: fake.url,
    GATEWAY_KEYS_FILE: file,
    PINGBACK_ALLOW: '127.0.0.1',
    UPSTREAM_TIMEOUT_MS: '1000',
  });
});
afterAll(async () => {
  await gw?.kill();
  await fake?.close();
  rmSync(dir, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(check: () => boolean, withinMs: number): Promise<void> {
  for (let waited = 0; !check() && waited < withinMs; waited += 100) await sleep(100);
  expect(check()).toBe(true);
}

it('drops the pingback jobs of a key the reload removed; the upstream never sees the gateway key', async () => {
  const params = new URLSearchParams({
    key: gatewayKey,
    method: 'userrecaptcha',
    googlekey: '6Le-wvkSAAAAAPBMRTvw0Q4Muexq9bi0DJwx_mJ-',
    pageurl: 'https://example.com/login',
    pingback: 'http://127.0.0.1:9/callback',
  });
  const text = await (await fetch(`${gw.url}/in.php?${params}`)).text();
  expect(text).toMatch(/^OK\|\d{15}$/);
  const id = text.slice(3);
  await until(() => fake.sent('getTaskResult').length === 1, 5000);

  writeFileSync(file, JSON.stringify({ gw_other_0000000000000000000000002: { upstream: keys.good } }));
  gw.signal('SIGHUP');
  await until(() => gw.logs.some((l) => l.msg === 'gateway keys reloaded'), 5000);
  // The job comes due again a poll interval (5 s) after its first poll.
  await until(() => gw.logs.some((l) => l.msg === 'pingback dropped: key no longer admitted'), 8000);
  expect(gw.logs.find((l) => l.msg === 'pingback dropped: key no longer admitted')).toMatchObject({ id });
  await sleep(6000);

  expect(fake.sent('getTaskResult').map((b) => b.clientKey)).toEqual([keys.good]);
  expect(JSON.stringify(gw.logs)).not.toContain(gatewayKey);
  const metrics = await (await fetch(`${gw.url}/metrics`)).text();
  expect(metrics).toMatch(/^inres_pingback_deliveries_total\{result="revoked"\} 1$/m);
}, 40_000);
