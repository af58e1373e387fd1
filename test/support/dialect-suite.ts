/**
 * Runs a suite against a fake upstream in one dialect and inres set to speak it: starts both
 * before the suite, resets the fake before each test, closes both after.
 */
import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { DialectName } from '../../src/upstream/dialects.ts';
import { startFakeUpstream, type FakeUpstream } from './fake-upstream.ts';
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
