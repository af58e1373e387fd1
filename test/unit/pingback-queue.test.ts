/**
 * The pingback queues: a claimed job is leased to one claimer (two Redis queues on one real
 * redis-server claim disjoint sets), comes due again when its lease runs out, and is gone once
 * done.
 */
import { describe, expect, it } from 'vitest';
import { createMemoryQueue, type PingbackJob, type PingbackQueue } from '../../src/pingback/queue.ts';
import { createRedisQueue } from '../../src/redis/pingback-queue.ts';
import { useRedisClient } from '../support/redis.ts';

const { client } = useRedisClient();

const t0 = 1_800_000_000_000;
const job = (n: number): PingbackJob => ({
  id: String(100000000000000 + n),
  key: 'k',
  url: 'http://127.0.0.1/cb',
  deadline: t0 + 3_600_000,
  attempts: 0,
});

const queues: Record<string, () => PingbackQueue[]> = {
  memory: () => {
    const q = createMemoryQueue({ maxJobs: 1000 });
    return [q, q];
  },
  redis: () => {
    const prefix = `q${Math.random().toString(36).slice(2)}:`;
    return [createRedisQueue(client().command, prefix), createRedisQueue(client().command, prefix)];
  },
};

describe.each(Object.keys(queues))('%s pingback queue', (name) => {
  it('two claimers never get the same job', async () => {
    const [q1, q2] = queues[name]!();
    for (let i = 0; i < 40; i++) await q1!.add(job(i), t0);
    const [x, y] = await Promise.all([q1!.claim(t0, t0 + 30_000, 25), q2!.claim(t0, t0 + 30_000, 25)]);
    const ids = [...x, ...y].map((j) => j.id);
    expect(ids).toHaveLength(40);
    expect(new Set(ids).size).toBe(40);
  });

  it('a leased job comes due again after its lease; a done one never', async () => {
    const [q] = queues[name]!();
    await q!.add(job(1), t0);
    await q!.add(job(2), t0 + 10_000);
    expect((await q!.claim(t0, t0 + 30_000, 10)).map((j) => j.id)).toEqual([job(1).id]);
    expect(await q!.claim(t0 + 1000, t0 + 31_000, 10)).toEqual([]);
    expect((await q!.claim(t0 + 30_000, t0 + 60_000, 10)).map((j) => j.id).sort()).toEqual([job(1).id, job(2).id]);
    await q!.done(job(1).id);
    await q!.retry({ ...job(2), attempts: 1 }, t0 + 70_000);
    expect(await q!.claim(t0 + 69_000, t0 + 99_000, 10)).toEqual([]);
    expect(await q!.claim(t0 + 70_000, t0 + 99_000, 10)).toEqual([{ ...job(2), attempts: 1 }]);
  });

  it('a job sent back due now is claimed after the jobs already due; depth counts every job held', async () => {
    const [q] = queues[name]!();
    for (let i = 1; i <= 3; i++) await q!.add(job(i), t0 + i);
    const [first] = await q!.claim(t0 + 10, t0 + 30_000, 1);
    expect(first!.id).toBe(job(1).id);
    await q!.retry(first!, t0 + 10);
    expect((await q!.claim(t0 + 10, t0 + 30_000, 10)).map((j) => j.id)).toEqual([job(2).id, job(3).id, job(1).id]);
    expect(await q!.depth!()).toBe(3);
    await q!.done(job(2).id);
    expect(await q!.depth!()).toBe(2);
  });

  it("skips the jobs of owners at their share, and a long backlog of them does not hide another owner's job", async () => {
    const [q] = queues[name]!();
    for (let i = 1; i <= 100; i++) await q!.add({ ...job(i), owner: 'a' }, t0);
    await q!.add({ ...job(101), owner: 'b' }, t0 + 1);
    const skip = new Set(['a']);
    const claimed: string[] = [];
    for (let i = 0; i < 3 && claimed.length === 0; i++) {
      claimed.push(...(await q!.claim(t0 + 10 + i, t0 + 30_000, 1, skip)).map((j) => j.id));
    }
    expect(claimed).toEqual([job(101).id]);
    expect(await q!.depth!()).toBe(101);
    expect((await q!.claim(t0 + 20, t0 + 30_000, 200)).length).toBe(100);
  });
});
