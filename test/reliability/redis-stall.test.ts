/**
 * A store that stops answering (redis-server frozen by SIGSTOP: its sockets stay open, nothing
 * comes back) and a replica that falls behind. A legacy client gets its usual bytes within one
 * store timeout: a poll CAPCHA_NOT_READY (2captcha-python keeps polling on it; any ERROR_ ends
 * the solve), a submit ERROR_NO_SLOT_AVAILABLE; and `OK|<id>` only once a replica holds the id.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokens } from '../support/fake-tasks.ts';
import { keys, startFakeUpstream, type FakeUpstream } from '../support/fake-upstream.ts';
import { startRedis, type TestRedis } from '../support/redis.ts';
import { spawnGateway, type SpawnedGateway } from '../support/spawn-gateway.ts';

const timeoutMs = 800;
const recaptcha = {
  method: 'userrecaptcha',
  googlekey: '6Le-wvkSAAAAAPBMRTvw0Q4Muexq9bi0DJwx_mJ-',
  pageurl: 'https://example.com/login',
};

let fake: FakeUpstream;
beforeAll(async () => {
  fake = await startFakeUpstream();
});
afterAll(async () => {
  await fake?.close();
});

/** One legacy call: its exact body and how long it took. */
async function call(
  gw: SpawnedGateway,
  path: string,
  params: Record<string, string>,
): Promise<{ text: string; ms: number }> {
  const started = performance.now();
  const res = await fetch(`${gw.url}${path}?${new URLSearchParams({ key: keys.good, ...params })}`, {
    signal: AbortSignal.timeout(10_000),
  });
  expect(res.status).toBe(200);
  return { text: await res.text(), ms: performance.now() - started };
}

async function submit(gw: SpawnedGateway): Promise<string> {
  const { text } = await call(gw, '/in.php', recaptcha);
  expect(text).toMatch(/^OK\|\d{15}$/);
  return text.slice(3);
}

const waitFor = async (what: string, check: () => Promise<boolean>) => {
  for (let i = 0; i < 100; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
};

describe('redis-server frozen (SIGSTOP)', () => {
  let redis: TestRedis;
  let gw: SpawnedGateway;
  beforeAll(async () => {
    redis = await startRedis();
    gw = await spawnGateway({ UPSTREAM_URL: fake.url, STORE_URL: redis.url, STORE_TIMEOUT_MS: String(timeoutMs) });
  });
  afterAll(async () => {
    redis?.resume();
    await gw?.kill();
    await redis?.stop();
  });

  it('a poll answers CAPCHA_NOT_READY and a submit ERROR_NO_SLOT_AVAILABLE, each within one store timeout; then it serves again', async () => {
    fake.fate = () => ({ polls: 0 });
    const id = await submit(gw);
    redis.pause();
    // The rate counter and the record lookup share the wait: one timeout, not two in a row.
    const first = await call(gw, '/res.php', { action: 'get', id });
    expect(first.text).toBe('CAPCHA_NOT_READY');
    expect(first.ms).toBeLessThan(timeoutMs * 1.5);
    const json = await call(gw, '/res.php', { action: 'get', id, json: '1' });
    expect(json.text).toBe('{"status":0,"request":"CAPCHA_NOT_READY"}');
    expect(json.ms).toBeLessThan(timeoutMs * 1.5);
    const refused = await call(gw, '/in.php', recaptcha);
    expect(refused.text).toBe('ERROR_NO_SLOT_AVAILABLE');
    expect(refused.ms).toBeLessThan(timeoutMs * 1.5);

    redis.resume();
    let answer = '';
    await waitFor('the store to answer again', async () => {
      answer = (await call(gw, '/res.php', { action: 'get', id })).text;
      return answer !== 'CAPCHA_NOT_READY';
    });
    expect(answer).toBe(`OK|${tokens.recaptcha}`);
  });
});

describe('a primary with a replica', () => {
  let primary: TestRedis;
  let replica: TestRedis;
  let waiting: SpawnedGateway;
  let notWaiting: SpawnedGateway;
  beforeAll(async () => {
    primary = await startRedis();
    replica = await startRedis({ args: ['--replicaof', '127.0.0.1', String(primary.port)] });
    await waitFor('the replica to sync', async () =>
      /slave0:.*state=online/.test(await primary.raw('INFO replication')),
    );
    const env = { UPSTREAM_URL: fake.url, STORE_URL: primary.url, STORE_TIMEOUT_MS: String(timeoutMs) };
    [waiting, notWaiting] = await Promise.all([spawnGateway(env), spawnGateway({ ...env, STORE_WAIT_REPLICAS: '0' })]);
  });
  afterAll(async () => {
    replica?.resume();
    await Promise.all([waiting?.kill(), notWaiting?.kill()]);
    await Promise.all([replica?.stop(), primary?.stop()]);
  });

  it('OK|<id> comes once the replica holds the task', async () => {
    const id = await submit(waiting);
    expect(await replica.raw(`EXISTS inres:task:${id}`)).toBe(':1');
  });

  it('a replica that does not acknowledge in time: ERROR_NO_SLOT_AVAILABLE; with STORE_WAIT_REPLICAS=0, OK', async () => {
    replica.pause();
    const refused = await call(waiting, '/in.php', recaptcha);
    expect(refused.text).toBe('ERROR_NO_SLOT_AVAILABLE');
    expect(refused.ms).toBeLessThan(timeoutMs * 1.5);
    expect((await call(notWaiting, '/in.php', recaptcha)).text).toMatch(/^OK\|\d{15}$/);
    replica.resume();
    await waitFor('the replica to catch up', async () =>
      (await call(waiting, '/in.php', recaptcha)).text.startsWith('OK|'),
    );
  });

  it('a stored outcome waits for the replica too: while it lags, the poll stays CAPCHA_NOT_READY', async () => {
    fake.fate = () => ({ polls: 0 });
    const id = await submit(waiting);
    replica.pause();
    expect((await call(waiting, '/res.php', { action: 'get', id })).text).toBe('CAPCHA_NOT_READY');
    replica.resume();
    let answer = '';
    await waitFor('the outcome to be stored', async () => {
      answer = (await call(waiting, '/res.php', { action: 'get', id })).text;
      return answer !== 'CAPCHA_NOT_READY';
    });
    expect(answer).toBe(`OK|${tokens.recaptcha}`);
    expect(await replica.raw(`GET inres:task:${id}`)).toContain('"outcome"');
  });
});
