/**
 * Every upstream fault, on submit and on poll, plain and json=1, through the Node server (undici
 * transport) and in process (fetch transport): the answer is HTTP 200, well-formed, carries the
 * documented legacy code, and comes within the upstream timeout (plus a generous margin: this
 * checks liveness, not speed); the gateway keeps serving meanwhile; and every task the upstream
 * accepted is answered once the upstream recovers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway, type Deps } from '../../src/app.ts';
import { defaultSettings } from '../../src/settings.ts';
import { createMemoryStore } from '../../src/store/memory.ts';
import type { TaskStore } from '../../src/store/types.ts';
import { fetchTransport } from '../../src/upstream/fetch-transport.ts';
import { closedPortUrl } from '../support/closed-port.ts';
import { tokens } from '../support/fake-tasks.ts';
import { keys, startFakeUpstream, type FakeUpstream, type Fault } from '../support/fake-upstream.ts';
import { startGateway } from '../support/gateway.ts';
import { answerKind, parseLegacy } from '../support/legacy-grammar.ts';

const timeoutMs = 1000;
const marginMs = 2500;

type Scenario = Fault | 'refused';
interface Expected {
  submit: string;
  poll: string;
}

const noSlot: Expected = { submit: 'ERROR_NO_SLOT_AVAILABLE', poll: 'CAPCHA_NOT_READY' };

/** The documented mapping (README "Reliability"); `OK` is any success. */
const expected: Record<Scenario, Expected> = {
  refused: noSlot,
  hang: noSlot,
  drip: noSlot,
  html500: noSlot,
  status502: noSlot,
  status503: noSlot,
  'non-json': noSlot,
  truncated: noSlot,
  huge: noSlot,
  reset: noSlot,
  'reset-mid-body': noSlot,
  // getTaskResult answers carry no taskId: a poll is unaffected.
  'no-task-id': noSlot,
  'task-id-type': noSlot,
  'unknown-error': { submit: 'ERROR_BAD_PARAMETERS', poll: 'ERROR_CAPTCHA_UNSOLVABLE' },
  // An unknown status in createTask still carries a task id: the task is accepted.
  'unknown-status': { submit: 'OK', poll: 'CAPCHA_NOT_READY' },
};
const scenarios = Object.keys(expected) as Scenario[];
/** Faults where the upstream keeps the call open until inres gives up. */
const slow = new Set<Scenario>(['hang', 'drip']);

interface Answer {
  status: number;
  text: string;
  json: boolean;
  /** When the answer was complete, ms (performance.now()) */
  end: number;
  ms: number;
}
interface Target {
  ask(path: string, params: Record<string, string>): Promise<Answer>;
  close(): Promise<void>;
}
type Start = (upstreamUrl: string, store: TaskStore) => Promise<Target>;

async function timed(send: () => Promise<Response>, json: boolean): Promise<Answer> {
  const t0 = performance.now();
  const res = await send();
  const text = await res.text();
  const end = performance.now();
  return { status: res.status, text, json, end, ms: end - t0 };
}
const query = (params: Record<string, string>) => new URLSearchParams({ key: keys.good, ...params }).toString();
const settings = (url: string) =>
  defaultSettings({ UPSTREAM_URL: url, UPSTREAM_TIMEOUT_MS: String(timeoutMs), POLL_MIN_INTERVAL_MS: '0' });

const runtimes: [string, Start][] = [
  [
    'Node server, undici transport',
    async (url, store) => {
      const gw = await startGateway(url, { UPSTREAM_TIMEOUT_MS: String(timeoutMs) }, { store });
      return {
        ask: (path, params) => timed(() => fetch(`${gw.url}${path}?${query(params)}`), params.json === '1'),
        close: gw.close,
      };
    },
  ],
  [
    'in process, fetch transport',
    async (url, store) => {
      const deps: Deps = { transport: fetchTransport(), store };
      const { app } = createGateway(settings(url), deps);
      return {
        ask: (path, params) => timed(async () => app.request(`${path}?${query(params)}`), params.json === '1'),
        close: async () => {},
      };
    },
  ],
];

const recaptcha = {
  method: 'userrecaptcha',
  googlekey: '6Le-wvkSAAAAAPBMRTvw0Q4Muexq9bi0DJwx_mJ-',
  pageurl: 'https://example.com/',
};

let fake: FakeUpstream;
let downUrl: string;
beforeAll(async () => {
  fake = await startFakeUpstream();
  downUrl = await closedPortUrl();
});
afterAll(() => fake.close());

function wellFormed(a: Answer): string {
  expect(a.status).toBe(200);
  const parsed = parseLegacy(a.text, a.json);
  expect(typeof parsed === 'string' ? parsed : 'well-formed').toBe('well-formed');
  return answerKind(a.text, a.json);
}

describe.each(runtimes)('%s', (_name, start) => {
  // Two instances over one store: one reaches the fake, one a closed port ("refused").
  let live: Target;
  let down: Target;
  beforeAll(async () => {
    const store = createMemoryStore({ ttlMs: 3_600_000, maxEntries: 10_000 });
    live = await start(fake.url, store);
    down = await start(downUrl, store);
  });
  afterAll(async () => {
    await live.close();
    await down.close();
  });

  async function accept(): Promise<string> {
    const a = await live.ask('/in.php', recaptcha);
    expect(a.text).toMatch(/^OK\|\d{15}$/);
    return a.text.slice(3);
  }

  /** Polls until the task is answered; the upstream is healthy again. */
  async function recovered(id: string): Promise<string> {
    for (let i = 0; i < 10; i++) {
      const a = await live.ask('/res.php', { action: 'get', id });
      if (a.text !== 'CAPCHA_NOT_READY') return a.text;
    }
    return 'still not ready after 10 polls';
  }

  it.each(scenarios)('%s', async (scenario) => {
    fake.reset();
    fake.fate = () => ({ polls: 3 });
    const pending = [await accept(), await accept()];
    const via = scenario === 'refused' ? down : live;
    if (scenario !== 'refused') fake.fault = scenario;

    const faulted = Promise.all([
      via.ask('/in.php', recaptcha),
      via.ask('/in.php', { ...recaptcha, json: '1' }),
      via.ask('/res.php', { action: 'get', id: pending[0]! }),
      via.ask('/res.php', { action: 'get', id: pending[1]!, json: '1' }),
    ]);
    // Needs no upstream: answered while the faulted calls wait.
    const local = await via.ask('/res.php', { action: 'get', id: 'x' });
    const [submitPlain, submitJson, pollPlain, pollJson] = await faulted;

    expect(wellFormed(local)).toBe('ERROR_WRONG_ID_FORMAT');
    if (slow.has(scenario)) expect(local.end).toBeLessThan(Math.min(submitPlain.end, pollPlain.end));
    const want = expected[scenario];
    for (const a of [submitPlain, submitJson]) expect(wellFormed(a)).toBe(want.submit);
    for (const a of [pollPlain, pollJson]) expect(wellFormed(a)).toBe(want.poll);
    for (const a of [submitPlain, submitJson, pollPlain, pollJson]) expect(a.ms).toBeLessThan(timeoutMs + marginMs);

    fake.fault = undefined;
    for (const a of [submitPlain, submitJson]) {
      if (answerKind(a.text, a.json) !== 'OK') continue;
      const request = a.json ? (JSON.parse(a.text) as { request: string }).request : a.text.slice(3);
      pending.push(request);
    }
    for (const id of pending) expect(await recovered(id)).toBe(`OK|${tokens.recaptcha}`);
    // And new work goes through.
    expect(await recovered(await accept())).toBe(`OK|${tokens.recaptcha}`);
  });
});
