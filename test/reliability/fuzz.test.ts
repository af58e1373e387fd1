/**
 * Fuzzed legacy requests (fast-check): whatever comes in, the answer is HTTP 200 in the legacy
 * grammar, never a 5xx, an internal error, an unhandled rejection or an echoed key. Most runs go
 * in process (app.request) for speed; a share goes through the Node server. The seed is printed;
 * `FUZZ_SEED=<seed>` replays a run.
 */
import { test } from '@fast-check/vitest';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { createGateway } from '../../src/app.ts';
import { methodRule } from '../../src/legacy/endpoint.ts';
import { defaultSettings } from '../../src/settings.ts';
import { fetchTransport } from '../../src/upstream/fetch-transport.ts';
import { keys, startFakeUpstream, type FakeUpstream } from '../support/fake-upstream.ts';
import { startGateway, type TestGateway } from '../support/gateway.ts';
import { parseIdsAnswer, parseLegacy } from '../support/legacy-grammar.ts';
import { watchFailures } from './watch.ts';
import { bodyInit, fuzzRequest, resolveIds, type FuzzRequest } from './fuzz-requests.ts';

const seed = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const inProcessRuns = Number(process.env.FUZZ_RUNS ?? 10_000);
const nodeRuns = Math.ceil(inProcessRuns / 10);
console.log(`fuzz seed ${seed} (replay: FUZZ_SEED=${seed} npx vitest run test/reliability/fuzz.test.ts)`);

interface Reply {
  status: number;
  type: string;
  text: string;
}
interface Prepared {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: BodyInit | undefined;
}

let fake: FakeUpstream;
let gw: TestGateway;
const { logger: recordErrors, errors, rejections, start, stop } = watchFailures();
const ids: string[] = [];
/** Answers by legacy code (`OK` for successes), to show the fuzz reaches past validation. */
const tally: Record<string, number> = {};

beforeAll(async () => {
  start();
  fake = await startFakeUpstream();
  gw = await startGateway(fake.url, {}, { logger: recordErrors });
});
afterAll(async () => {
  stop();
  await gw.close();
  await fake.close();
  console.log('fuzz answers', JSON.stringify(tally));
  expect(rejections).toEqual([]);
  // Successes on both endpoints: the fuzz reached the upstream, not only the validation.
  expect(tally['/in.php ok']).toBeGreaterThan(inProcessRuns / 50);
  expect(tally['/res.php ok']).toBeGreaterThan(inProcessRuns / 100);
});

async function prepare(req: FuzzRequest): Promise<Prepared> {
  const resolve = (s: string) => resolveIds(s, ids, req.idPick);
  const query = resolve(req.query);
  const noBody = req.method === 'GET' || req.method === 'HEAD';
  const { body, type } = noBody ? {} : await bodyInit(req.body, resolve);
  return {
    method: req.method,
    path: `${req.path}${query ? `?${query}` : ''}`,
    headers: type ? { 'content-type': type } : {},
    body,
  };
}

/** Sends one request and checks its answer; remembers ids it issued for later polls. */
async function property(req: FuzzRequest, send: (p: Prepared) => Promise<Reply>): Promise<void> {
  fake.fault = req.fault;
  if (fake.requests.length > 1000) fake.requests.length = 0;
  const errorsBefore = errors.length;
  let reply: Reply;
  try {
    reply = await send(await prepare(req));
  } finally {
    fake.fault = undefined;
  }
  expect(errors.slice(errorsBefore)).toEqual([]);
  if (req.method === 'OPTIONS') {
    expect(reply.status).toBe(204);
    return;
  }
  // Only GET and POST reach a handler; HEAD of /res.php is headers only.
  const rule = methodRule(req.method, req.path);
  if (rule !== 'serve') {
    expect([reply.status, reply.text]).toEqual([rule === 'headers' ? 200 : 405, '']);
    return;
  }
  expect(reply.status).toBe(200);
  const json = reply.type === 'application/json';
  if (!json) expect(reply.type).toBe('text/plain; charset=utf-8');
  let answer = parseLegacy(reply.text, json);
  // A request naming `ids` may be an ids= poll, answered as a `|`-joined list.
  if (typeof answer === 'string' && JSON.stringify(req).includes('ids')) answer = parseIdsAnswer(reply.text, json);
  if (typeof answer === 'string') expect.fail(`${answer} for ${req.method} ${req.path}`);
  for (const key of Object.values(keys)) expect(reply.text).not.toContain(key);
  const outcome = answer.kind === 'code' ? answer.code : `${req.path} ${answer.kind}`;
  tally[outcome] = (tally[outcome] ?? 0) + 1;
  if (req.path === '/in.php' && answer.kind === 'ok' && ids.length < 1000) ids.push(String(answer.value));
}

describe('fuzzed legacy requests', () => {
  describe('in process', () => {
    let target: ReturnType<typeof createGateway>['app'];
    beforeAll(() => {
      target = createGateway(defaultSettings({ UPSTREAM_URL: fake.url, UPSTREAM_TIMEOUT_MS: '2000' }), {
        transport: fetchTransport(),
        logger: recordErrors,
      }).app;
    });
    const send = async (p: Prepared): Promise<Reply> => {
      const res = await target.request(p.path, { method: p.method, headers: p.headers, body: p.body ?? null });
      return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
    };
    const methods = [
      'GET',
      'GET',
      'GET',
      'POST',
      'POST',
      'POST',
      'POST',
      'PUT',
      'DELETE',
      'PATCH',
      'HEAD',
      'OPTIONS',
      'PROPFIND',
    ];
    test.prop([fuzzRequest({ big: true, methods })], { numRuns: inProcessRuns, seed })(
      `${inProcessRuns} requests answer in the legacy grammar`,
      (req) => property(req, send),
      120_000,
    );
  });

  describe('through the Node server', () => {
    const send = async (p: Prepared): Promise<Reply> => {
      const body = p.body instanceof Uint8Array || typeof p.body === 'string' ? p.body : undefined;
      const res = await request(`${gw.url}${p.path}`, { method: p.method, headers: p.headers, body });
      const type = res.headers['content-type'];
      return { status: res.statusCode, type: typeof type === 'string' ? type : '', text: await res.body.text() };
    };
    // Node's parser answers 400 to methods it does not know, before any app sees them.
    const methods = ['GET', 'GET', 'POST', 'POST', 'POST', 'PUT', 'HEAD', 'OPTIONS', 'PROPFIND'];
    test.prop([fuzzRequest({ big: true, methods })], { numRuns: nodeRuns, seed })(
      `${nodeRuns} requests answer in the legacy grammar`,
      (req) => property(req, send),
      120_000,
    );
  });
});
