/**
 * The setup every conformance file shares: the fake upstream, inres on 127.0.0.1, and the
 * clients' hard-coded https://2captcha.com routed to it, for the file's lifetime. Each test
 * starts with a fresh fake whose tasks are solved at the first poll.
 */
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import { keys, startFakeUpstream, type FakeUpstream } from './fake-upstream.ts';
import { startGateway, type TestGateway } from './gateway.ts';
import { route2captchaTo } from './route-2captcha.ts';

export interface Routed {
  fake: FakeUpstream;
  gw: TestGateway;
}

/** Registers the hooks; the returned object is filled in before the first test runs. */
export function useRoutedGateway(): Routed {
  const env = {} as Routed;
  let unroute: () => void = () => {};
  beforeAll(async () => {
    env.fake = await startFakeUpstream();
    env.gw = await startGateway(env.fake.url);
    unroute = route2captchaTo(Number(new URL(env.gw.url).port));
  });
  afterAll(async () => {
    unroute();
    await env.gw.close();
    await env.fake.close();
  });
  beforeEach(() => {
    env.fake.reset();
    env.fake.fate = () => ({ polls: 0 });
  });
  return env;
}

/** The legacy code a client library's rejection carries (the `err` of its APIError). */
export async function rejectionCode(p: Promise<unknown>): Promise<string> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  const code = e instanceof Error && e.name === 'APIError' ? (e as { err?: unknown }).err : undefined;
  if (typeof code !== 'string') throw new Error(`expected an APIError, got ${String(e)}`);
  return code;
}

/** Runs a solve and checks the answer the client returned and the one task inres created. */
export async function expectSolve(
  env: Routed,
  solve: Promise<unknown>,
  answer: unknown,
  task: Record<string, unknown>,
): Promise<void> {
  expect(await solve).toEqual(answer);
  expect(env.fake.sent('createTask')).toEqual([{ clientKey: keys.good, task }]);
}
