/**
 * Fuzzed modern requests (fast-check), in process against a strict fake: whatever path, body,
 * key, task or id comes in, the answer is well-formed JSON with a numeric errorId, never a 500,
 * an internal error, an unhandled rejection or the key echoed. The seed is printed;
 * `FUZZ_SEED=<seed>` replays a run.
 */
import { test } from '@fast-check/vitest';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { createGateway } from '../../src/app.ts';
import { modernPaths } from '../../src/modern/choose.ts';
import { defaultSettings } from '../../src/settings.ts';
import { dialectNames, dialects } from '../../src/upstream/dialects.ts';
import { fetchTransport } from '../../src/upstream/fetch-transport.ts';
import { watchFailures } from './watch.ts';
import { keys, startFakeUpstream, type FakeUpstream } from '../support/fake-upstream.ts';

const seed = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const runs = Number(process.env.FUZZ_RUNS ?? 2_000);
console.log(`modern fuzz seed ${seed} (replay: FUZZ_SEED=${seed} npx vitest run test/reliability/modern-fuzz.test.ts)`);

let fake: FakeUpstream;
let app: ReturnType<typeof createGateway>['app'];
const { logger: recordErrors, errors, rejections, start, stop } = watchFailures();
/** Ids the face issued, for later polls and reports. */
const ids: unknown[] = [];
const tally: Record<string, number> = {};

beforeAll(async () => {
  start();
  fake = await startFakeUpstream({ dialect: 'anticaptcha' });
  fake.fate = () => ({ polls: 0 });
  app = createGateway(
    defaultSettings({ UPSTREAM_URL: fake.url, UPSTREAM_DIALECT: 'anticaptcha', UPSTREAM_TIMEOUT_MS: '2000' }),
    {
      transport: fetchTransport(),
      logger: recordErrors,
    },
  ).app;
});
afterAll(async () => {
  stop();
  await fake.close();
  console.log('modern fuzz answers', JSON.stringify(tally));
  expect(rejections).toEqual([]);
  expect(errors).toEqual([]);
  // Tasks were created and read: the fuzz reached the upstream, not only the validation. About
  // 1 run in 130 creates a task (10–24 of 2000 seen), so the bound leaves room for any seed.
  expect(tally['createTask ok']).toBeGreaterThanOrEqual(runs / 1000);
  expect(tally['getTaskResult ok']).toBeGreaterThanOrEqual(runs / 1000);
});

/** Every type and field name any dialect spells, so tasks often get past the type check. */
const typeNames = [
  ...new Set(
    dialectNames.flatMap((d) =>
      Object.entries(dialects[d].types).flatMap(([t, r]) => [t, ...('type' in r && r.type ? [r.type] : [])]),
    ),
  ),
  'RecaptchaV2TaskProxyless',
  'ImageToTextTask',
  'NoCaptchaTask',
];
const fieldNames = [
  'websiteURL',
  'websiteKey',
  'body',
  'proxy',
  'proxyType',
  'proxyAddress',
  'proxyPort',
  'cookies',
  'metadata',
  'initParameters',
  'gt',
  'version',
  'captchaId',
  'imagesBase64',
  'isInvisible',
  'enterprisePayload',
];

const value = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.jsonValue({ maxDepth: 2 }));
/** Tasks the fake accepts, in three families' spellings. */
const valid = [
  { type: 'RecaptchaV2TaskProxyless', websiteURL: 'https://example.com/', websiteKey: 'k' },
  { type: 'ReCaptchaV2TaskProxyLess', websiteURL: 'https://example.com/', websiteKey: 'k' },
  { type: 'TurnstileTask', websiteURL: 'https://example.com/', websiteKey: 'k', pageAction: 'a' },
  { type: 'ImageToTextTask', body: 'iVBORw0KGgo=' },
];
const task = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...valid) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.constantFrom(...typeNames), fc.dictionary(fc.constantFrom(...fieldNames), value, { maxKeys: 6 }))
      .map(([type, fields]) => ({
        type,
        websiteURL: 'https://example.com/',
        websiteKey: 'k',
        body: 'iVBORw0KGgo=',
        ...fields,
      })),
  },
  { weight: 1, arbitrary: value },
);
const taskId = fc.oneof(
  fc.nat({ max: Math.max(0, 50) }).map((i) => ids[i % Math.max(1, ids.length)]),
  value,
  fc.constant(72_345_678_901),
);
const body = fc.oneof(
  { weight: 1, arbitrary: fc.string() },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)) },
  {
    weight: 6,
    arbitrary: fc
      .record(
        {
          clientKey: fc.oneof(fc.constant(keys.good), fc.constant(keys.good), fc.constant(keys.unknown), value),
          task,
          taskId,
          callbackUrl: fc.oneof(fc.constant('https://hooks.example.com/x'), value),
          result: fc.oneof(fc.record({ invalid: fc.boolean(), message: fc.string() }), value),
          softId: value,
          appId: fc.string(),
        },
        { requiredKeys: ['clientKey', 'task'] },
      )
      .map((b) => JSON.stringify(b)),
  },
);
const paths = modernPaths().map((p) => p.path);

describe('fuzzed modern requests', () => {
  test.prop([fc.constantFrom(...paths), body], { numRuns: runs, seed })(
    `${runs} requests answer well-formed JSON`,
    async (path, text) => {
      const res = await app.request(path, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: text,
      });
      const answer = await res.text();
      expect(res.status).not.toBe(500);
      expect(res.status).toBeLessThan(600);
      expect(res.headers.get('content-type')).toBe('application/json');
      const json = JSON.parse(answer) as Record<string, unknown>;
      expect(typeof json.errorId).toBe('number');
      expect(answer).not.toContain(keys.good);
      const call = path.slice(path.lastIndexOf('/') + 1);
      const outcome = json.errorId === 0 ? 'ok' : String(json.errorCode);
      tally[`${call} ${outcome}`] = (tally[`${call} ${outcome}`] ?? 0) + 1;
      if (call === 'createTask' && json.errorId === 0) ids.push(json.taskId);
    },
  );
});
