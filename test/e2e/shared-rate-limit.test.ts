/**
 * Rate limits shared through Redis: two gateway processes behind one imaginary load balancer
 * count against one limit, and a Redis outage lets requests through rather than failing them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys, startFakeUpstream, type FakeUpstream } from '../support/fake-upstream.ts';
import { startRedis, type TestRedis } from '../support/redis.ts';
import { spawnGateway, type SpawnedGateway } from '../support/spawn-gateway.ts';

let fake: FakeUpstream;
let redis: TestRedis;
let a: SpawnedGateway;
let b: SpawnedGateway;

beforeAll(async () => {
  fake = await startFakeUpstream();
  redis = await startRedis();
  const env = {
    UPSTREAM_URL: fake.url,
    STORE_URL: redis.url,
    STORE_TIMEOUT_MS: '300',
    RATE_LIMIT_PER_IP: '3',
    RATE_LIMIT_WINDOW_SECONDS: '3600',
  };
  [a, b] = await Promise.all([spawnGateway(env), spawnGateway(env)]);
});
afterAll(async () => {
  await Promise.all([a?.kill(), b?.kill()]);
  await redis?.stop();
  await fake?.close();
});

const balance = `/res.php?${new URLSearchParams({ key: keys.good, action: 'getbalance' })}`;

async function get(gw: SpawnedGateway): Promise<[string, string | null]> {
  const res = await fetch(`${gw.url}${balance}`, { signal: AbortSignal.timeout(5000) });
  return [await res.text(), res.headers.get('x-ratelimit-remaining')];
}

describe('two instances, one Redis', () => {
  it('count every request against one limit, whichever instance answers it', async () => {
    expect([await get(a), await get(b), await get(a), await get(b)]).toEqual([
      ['12.5000', '2'],
      ['12.5000', '1'],
      ['12.5000', '0'],
      ['ERROR: 1005', '0'],
    ]);
  });

  it('let requests through while Redis is down', async () => {
    await redis.stop();
    try {
      expect((await get(a))[0]).toBe('12.5000');
    } finally {
      await redis.start();
    }
  });
});
