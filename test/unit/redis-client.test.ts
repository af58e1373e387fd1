/**
 * One request waits at most STORE_TIMEOUT_MS for the store in all: the commands of one request
 * (withStoreBudget, as the entrypoints wrap each request) share one timeout, while commands
 * outside a request each get their own. BLPOP on an empty list is a real command that answers
 * after a given time without blocking the server.
 */
import { describe, expect, it } from 'vitest';
import { withStoreBudget } from '../../deploy/shared/redis-client.ts';
import { useRedisClient } from '../support/redis.ts';

const { client } = useRedisClient();
/** Answers nil after 600 ms: over half the 1000 ms timeout. */
const slow = () => client().command(['BLPOP', 'inres-test:empty', 0.6]);

describe('the store wait of one request', () => {
  it('two slow commands in one request: the second fails once the shared timeout is spent', async () => {
    const started = performance.now();
    const outcome = await withStoreBudget(async () => {
      expect(await slow()).toBeNull();
      return slow().then(
        () => 'answered',
        (e: Error) => e.message,
      );
    });
    expect(outcome).toBe('store did not answer in time');
    expect(performance.now() - started).toBeLessThan(1000 + 300);
  });

  it('outside a request each command has its own timeout', async () => {
    expect(await slow()).toBeNull();
    expect(await slow()).toBeNull();
  });
});

describe('commands of one event-loop turn (sent as one pipeline)', () => {
  it('each gets its own reply, in order, and a failing one fails alone', async () => {
    const key = (i: number) => `inres-test:turn:${i}`;
    await Promise.all(Array.from({ length: 20 }, (_, i) => client().command(['SET', key(i), `v${i}`])));
    const replies = await Promise.allSettled([
      ...Array.from({ length: 20 }, (_, i) => client().command(['GET', key(i)])),
      client().command(['HGET', key(0), 'field']),
      client().command(['INCR', key(99)]),
    ]);
    expect(replies.slice(0, 20).map((r) => (r.status === 'fulfilled' ? r.value : r.reason))).toEqual(
      Array.from({ length: 20 }, (_, i) => `v${i}`),
    );
    expect(replies[20]!.status).toBe('rejected');
    expect(String((replies[20] as PromiseRejectedResult).reason)).toMatch(/WRONGTYPE/);
    expect(replies[21]).toEqual({ status: 'fulfilled', value: 1 });
    await client().command(['DEL', key(99), ...Array.from({ length: 20 }, (_, i) => key(i))]);
  });
});
