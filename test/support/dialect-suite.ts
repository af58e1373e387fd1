/**
 * Runs a suite against a fake upstream in one dialect and inres set to speak it: starts both
 * before the suite, resets the fake before each test, closes both after.
 */
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import type { DialectName } from '../../src/upstream/dialects.ts';
import { keys, startFakeUpstream, type FakeUpstream } from './fake-upstream.ts';
import { startGateway, type TestGateway } from './gateway.ts';

export function useDialect(dialect: DialectName, started: (fake: FakeUpstream, gw: TestGateway) => void): void {
  let fake: FakeUpstream;
  let gw: TestGateway;
  beforeAll(async () => {
    fake = await startFakeUpstream({ dialect });
    gw = await startGateway(fake.url, { UPSTREAM_DIALECT: dialect });
    started(fake, gw);
  });
  afterAll(async () => {
    await gw.close();
    await fake.close();
  });
  beforeEach(() => fake.reset());
}

/** A legacy form POST with the fake's good key: the answer's text, once it came as HTTP 200. */
export async function post(gw: TestGateway, path: string, params: Record<string, string>): Promise<string> {
  const r = await gw.http
    .post(path)
    .type('form')
    .send({ key: keys.good, ...params });
  expect(r.status).toBe(200);
  return r.text;
}
