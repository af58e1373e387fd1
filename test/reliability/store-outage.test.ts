/**
 * A store that cannot record a task must not let one be created upstream: the task would be
 * billed and its id never given, and every client retry would bill another. With redis-server
 * killed, then frozen (SIGSTOP), each submit answers ERROR_NO_SLOT_AVAILABLE, and the fake
 * upstream counts the createTask calls that got through: none once the gateway knows the store
 * is out. When the store is back, submits are served again.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { keys, startFakeUpstream, type FakeUpstream } from '../support/fake-upstream.ts';
import { startRedis, type TestRedis } from '../support/redis.ts';
import { spawnGateway, type SpawnedGateway } from '../support/spawn-gateway.ts';

const timeoutMs = 500;
const retries = 5;
const recaptcha = new URLSearchParams({
  key: keys.good,
  method: 'userrecaptcha',
  googlekey: '6Le-wvkSAAAAAPBMRTvw0Q4Muexq9bi0DJwx_mJ-',
  pageurl: 'https://example.com/login',
});

let fake: FakeUpstream;
let redis: TestRedis;
let gw: SpawnedGateway;
beforeAll(async () => {
  fake = await startFakeUpstream();
  redis = await startRedis();
  gw = await spawnGateway({ UPSTREAM_URL: fake.url, STORE_URL: redis.url, STORE_TIMEOUT_MS: String(timeoutMs) });
}, 40_000);
afterAll(async () => {
  redis?.resume();
  await gw?.kill();
  await redis?.stop();
  await fake?.close();
});
beforeEach(() => fake.reset());

async function submit(): Promise<string> {
  const res = await fetch(`${gw.url}/in.php?${recaptcha}`, { signal: AbortSignal.timeout(10_000) });
  expect(res.status).toBe(200);
  return res.text();
}

/** A client retrying through an outage: its answers. */
async function retrying(): Promise<string[]> {
  const answers: string[] = [];
  for (let i = 0; i < retries; i++) {
    answers.push(await submit());
    await new Promise((r) => setTimeout(r, 100));
  }
  return answers;
}

/** Submits (bounded) until one is served again. */
async function servedAgain(): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if ((await submit()).startsWith('OK|')) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('submits were not served again');
}

describe('submits while the store cannot record them', () => {
  it('redis-server killed: ERROR_NO_SLOT_AVAILABLE for every retry, no createTask upstream', async () => {
    expect(await submit()).toMatch(/^OK\|\d{15}$/);
    fake.reset();
    await redis.stop();
    const answers = await retrying();
    console.log(`store down: ${fake.sent('createTask').length} createTask calls for ${retries} submits`);
    expect(answers).toEqual(Array(retries).fill('ERROR_NO_SLOT_AVAILABLE'));
    expect(fake.sent('createTask')).toEqual([]);
    await redis.start();
    await servedAgain();
  }, 60_000);

  it('redis-server frozen: after the command that found it stalled, no createTask upstream', async () => {
    redis.pause();
    // The first store command (the rate counter's) waits its timeout and finds the store stalled.
    const answers = await retrying();
    console.log(`store frozen: ${fake.sent('createTask').length} createTask calls for ${retries} submits`);
    expect(answers).toEqual(Array(retries).fill('ERROR_NO_SLOT_AVAILABLE'));
    expect(fake.sent('createTask')).toEqual([]);
    redis.resume();
    await servedAgain();
  }, 60_000);
});
