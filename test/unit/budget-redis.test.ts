/**
 * The budget's shared counter on a real redis-server: instances count against one window, the
 * heartbeat counts the instances, and with Redis stopped each instance falls back to its share
 * (budget ÷ instances, less what it took already this window), then to the shared count again
 * once Redis is back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisClient, type RedisClient } from '../../deploy/shared/redis-client.ts';
import { silentLogger } from '../../src/ops/log.ts';
import { createBudget, type Budget, type BudgetCounter, type CallClass } from '../../src/upstream/budget.ts';
import { createRedisBudgetCounter } from '../../src/redis/budget-counter.ts';
import { startRedis, type TestRedis } from '../support/redis.ts';

let redis: TestRedis;
let clients: RedisClient[];
let counters: BudgetCounter[];
/** Windows of 10 s on this clock; Redis keeps its own time for expiry. */
let clock = 1_800_000_000_000;
const now = () => clock;

beforeAll(async () => {
  redis = await startRedis();
  clients = [0, 1, 2].map(() => createRedisClient(redis.url, { timeoutMs: 200, logger: silentLogger }));
  counters = clients.map((c) =>
    createRedisBudgetCounter({ command: c.command, now: Date.now, prefix: 'budget-test:' }),
  );
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await redis?.stop();
});

function budgetOf(counter: BudgetCounter, instances: () => number, log: string[] = []): Budget {
  return createBudget({
    bucket: 'up',
    rate: { requests: 30, windowMs: 10_000 },
    counter,
    now,
    instances,
    events: { taken: () => {}, refused: () => {}, fallback: (on) => log.push(on ? 'fallback' : 'shared') },
  });
}

async function takeAll(budget: Budget, kind: CallClass, tries: number): Promise<number> {
  let taken = 0;
  for (let i = 0; i < tries; i++) if (await budget.take(kind)) taken++;
  return taken;
}

describe('the shared budget on Redis', () => {
  it('three instances share 30 calls a window; polls stop at 24', async () => {
    const budgets = counters.map((c) => budgetOf(c, () => 3));
    expect(await takeAll(budgets[0]!, 'poll', 10)).toBe(10);
    expect(await takeAll(budgets[1]!, 'poll', 20)).toBe(14);
    expect(await takeAll(budgets[2]!, 'submit', 10)).toBe(6);
    expect(await takeAll(budgets[0]!, 'submit', 1)).toBe(0);
    clock += 10_000;
    expect(await takeAll(budgets[2]!, 'submit', 40)).toBe(30);
  });

  it('the heartbeat counts every instance once', async () => {
    const counts = await Promise.all(counters.map((c) => c.beat!()));
    expect(Math.max(...counts)).toBe(3);
    expect(await counters[0]!.beat!()).toBe(3);
  });

  it('with Redis stopped, an instance takes its share (30 ÷ 3), less what it took already; shared again once Redis is back', async () => {
    clock += 10_000;
    const log: string[] = [];
    const budget = budgetOf(counters[0]!, () => 3, log);
    expect(await takeAll(budget, 'submit', 4)).toBe(4);
    await redis.stop();
    expect(await takeAll(budget, 'submit', 20)).toBe(6);
    // Polls' share is 24 ÷ 3 = 8: ten taken already.
    expect(await takeAll(budget, 'poll', 5)).toBe(0);
    clock += 10_000;
    expect(await takeAll(budget, 'poll', 20)).toBe(8);
    expect(await takeAll(budget, 'submit', 20)).toBe(2);
    await redis.start();
    // The client reconnects by itself; bounded wait for it.
    for (let i = 0; i < 50 && (await clients[0]!.command(['PING']).catch(() => 'down')) !== 'PONG'; i++)
      await new Promise((r) => setTimeout(r, 100));
    clock += 10_000;
    expect(await takeAll(budget, 'submit', 40)).toBe(30);
    expect(log).toEqual(['fallback', 'shared']);
  });
});
