/**
 * Upstream answers that are JSON but nonsense (found by test/reliability/upstream-fuzz.test.ts):
 * they become a legacy code like any bad answer, never an internal error.
 */
import { describe, expect, it } from 'vitest';
import { createGateway } from '../../src/app.ts';
import { defaultSettings } from '../../src/settings.ts';
import { keys } from '../support/fake-upstream.ts';

function gateway(body: string) {
  const errors: string[] = [];
  const { app } = createGateway(defaultSettings({ UPSTREAM_URL: 'http://127.0.0.1:9' }), {
    transport: async () => ({ status: 200, body }),
    logger: { debug: () => {}, info: () => {}, warn: () => {}, error: (msg) => errors.push(msg) },
  });
  return { errors, balance: async () => (await app.request(`/res.php?key=${keys.good}&action=getbalance`)).text() };
}

describe('an errorId that is an object', () => {
  it.each([
    '{"errorId":{"toString":0}}',
    '{"errorId":{"valueOf":null,"toString":null}}',
    '{"errorId":[1]}',
    '{"errorId":{}}',
  ])('%s is a rejected call, not an internal error', async (body) => {
    const gw = gateway(body);
    expect(await gw.balance()).toBe('ERROR_BAD_PARAMETERS');
    expect(gw.errors).toEqual([]);
  });
});
