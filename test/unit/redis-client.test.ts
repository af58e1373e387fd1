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
