/**
 * Fuzzed DeathByCaptcha requests (fast-check) on the /api routes: mostly near-valid uploads,
 * polls, reports and account reads, mutated with junk names, values, types, bodies and content
 * types. Whatever comes in, the answer is a DBC answer: a status DBC uses, a body that parses as
 * the content type says, `status` 0 or 255 with one of DBC's error names; never a 5xx of
 * inres's own, a logged internal error, an unhandled rejection or an echoed key. The seed is
 * printed; `FUZZ_SEED=<seed>` replays a run.
 */
import { fc, test } from '@fast-check/vitest';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { createGateway } from '../../src/app.ts';
import { dbcCodes } from '../../src/dbc/errors.ts';
import type { Logger } from '../../src/ops/log.ts';
import { defaultSettings } from '../../src/settings.ts';
import { fetchTransport } from '../../src/upstream/fetch-transport.ts';
import { keys, startFakeUpstream, type FakeUpstream } from '../support/fake-upstream.ts';
import { png } from '../support/images.ts';
import { bodyInit, type Body } from './fuzz-requests.ts';

const seed = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const runs = Number(process.env.FUZZ_RUNS ?? 2000);
console.log(`dbc fuzz seed ${seed} (replay: FUZZ_SEED=${seed} npx vitest run test/reliability/dbc-fuzz.test.ts)`);

const pageurl = 'https://example.com/login';
const b64 = png.toString('base64');
const json = (o: Record<string, unknown>) => JSON.stringify(o);

const names = [
  'username',
  'password',
  'authtoken',
  'type',
  'captchafile',
  'captcha',
  'token_params',
  'token_enterprise_params',
  'hcaptcha_params',
  'turnstile_params',
  'geetest_params',
  'funcaptcha_params',
  'lemin_params',
  'waf_params',
  'datadome_params',
  'banner',
  'banner_text',
  'grid',
  'textcaptcha',
  'audio',
  'language',
  'swid',
  'x',
];
const value = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(keys.good, keys.other, keys.unknown, keys.broke, 'authtoken', 'bot') },
  { weight: 4, arbitrary: fc.integer({ min: -1, max: 30 }).map(String) },
  {
    weight: 6,
    arbitrary: fc.constantFrom(
      json({ googlekey: 'gk', pageurl }),
      json({ googlekey: 'gk', pageurl, proxy: 'http://u:p@127.0.0.1:3128', proxytype: 'HTTP' }),
      json({ googlekey: 'gk', pageurl, proxy: 'nonsense', proxytype: 'FTP' }),
      json({ googlekey: 'gk', pageurl, action: 'a', min_score: 'x' }),
      json({ sitekey: 'sk', pageurl, rqdata: 'r' }),
      json({ gt: 'g', challenge: 'c', pageurl }),
      json({ captcha_id: 'c', pageurl }),
      json({ captchaid: 'c', pageurl }),
      '[]',
      'null',
      '{',
      '{"pageurl":{"nested":[1,2]}}',
    ),
  },
  { weight: 3, arbitrary: fc.constantFrom(`base64:${b64}`, b64, 'base64:', 'base64:@@', '3x3', '0x0', '99x99') },
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ minLength: 2000, maxLength: 6000 }) },
);
/** Uploads that should go through: credentials, a type and its fields. */
const validUpload = fc.constantFrom<[string, string][]>(
  [
    ['authtoken', keys.good],
    ['captchafile', `base64:${b64}`],
  ],
  [
    ['username', 'authtoken'],
    ['authtoken', keys.good],
    ['type', '4'],
    ['token_params', json({ googlekey: 'gk', pageurl })],
  ],
  [
    ['username', 'bot'],
    ['password', keys.good],
    ['type', '7'],
    ['hcaptcha_params', json({ sitekey: 'sk', pageurl })],
  ],
  [
    ['authtoken', keys.good],
    ['type', '12'],
    ['turnstile_params', json({ sitekey: 'sk', pageurl })],
  ],
  [
    ['authtoken', keys.good],
    ['type', '9'],
    ['geetest_params', json({ captcha_id: 'c', pageurl })],
  ],
  [
    ['authtoken', keys.good],
    ['type', '11'],
    ['textcaptcha', 'Which day?'],
  ],
);
const mutations = fc.array(
  fc.tuple(
    fc.oneof(
      { weight: 9, arbitrary: fc.constantFrom(...names) },
      { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
    ),
    fc.oneof({ weight: 9, arbitrary: value }, { weight: 1, arbitrary: fc.constant(new Uint8Array(png)) }),
  ),
  { maxLength: 8 },
);
const entries = fc.oneof(
  { weight: 1, arbitrary: mutations },
  {
    weight: 1,
    arbitrary: fc
      .tuple(
        validUpload,
        mutations.map((m) => m.slice(0, 2)),
      )
      .map(([valid, more]): [string, string | Uint8Array][] => [...valid, ...more]),
  },
);
const urlencoded = (list: [string, string | Uint8Array][]): string =>
  new URLSearchParams(list.map(([k, v]) => [k, typeof v === 'string' ? v : b64])).toString();

const body: fc.Arbitrary<Body> = fc.oneof(
  { weight: 2, arbitrary: fc.constant<Body>({ kind: 'none' }) },
  {
    weight: 5,
    arbitrary: fc
      .tuple(entries, fc.constantFrom<string | undefined>('application/x-www-form-urlencoded', undefined, 'text/plain'))
      .map(([list, type]): Body => ({ kind: 'text', type, text: urlencoded(list) })),
  },
  {
    weight: 5,
    arbitrary: fc
      .tuple(entries, fc.option(fc.nat(), { freq: 5 }))
      .map(([list, cut]): Body => ({ kind: 'multipart', entries: list, cut: cut ?? undefined })),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(
        fc.uint8Array({ maxLength: 200 }),
        fc.constantFrom('multipart/form-data; boundary=x', 'multipart/form-data', undefined),
      )
      .map(([bytes, type]): Body => ({ kind: 'bytes', type, bytes })),
  },
);

interface DbcRequest {
  method: string;
  path: string;
  accept: string | undefined;
  basic: string | undefined;
  query: string;
  body: Body;
  pick: number;
}
const request: fc.Arbitrary<DbcRequest> = fc.record({
  method: fc.constantFrom('GET', 'GET', 'POST', 'POST', 'POST', 'POST', 'PUT', 'HEAD'),
  path: fc.constantFrom(
    '/api/captcha',
    '/api/captcha',
    '/api/captcha/$id',
    '/api/captcha/$id',
    '/api/captcha/$id/report',
    '/api/captcha/123456789012345',
    '/api/captcha/12abc',
    '/api/captcha/%00',
    '/api/user',
    '/api/user/',
    '/api/status',
  ),
  accept: fc.constantFrom(undefined, 'application/json', 'application/json, text/plain, */*', 'text/html'),
  basic: fc.constantFrom(undefined, `Basic ${btoa(`bot:${keys.good}`)}`, 'Basic !!!', 'Bearer x'),
  query: fc.oneof(fc.constant(''), entries.map(urlencoded)),
  body,
  pick: fc.nat(),
});

let fake: FakeUpstream;
let app: ReturnType<typeof createGateway>['app'];
const errors: string[] = [];
const rejections: unknown[] = [];
const onRejection = (e: unknown) => rejections.push(e);
const recordErrors: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: (msg, fields) => errors.push(`${msg} ${JSON.stringify(fields)}`),
};
const ids: string[] = [];
const tally: Record<string, number> = {};
const statuses = new Set([200, 303, ...Object.values(dbcCodes)]);

beforeAll(async () => {
  process.on('unhandledRejection', onRejection);
  fake = await startFakeUpstream();
  fake.fate = () => ({ polls: 0 });
  app = createGateway(
    defaultSettings({ UPSTREAM_URL: fake.url, UPSTREAM_TIMEOUT_MS: '2000', MAX_BODY_BYTES: '65536' }),
    {
      transport: fetchTransport(),
      logger: recordErrors,
    },
  ).app;
});
afterAll(async () => {
  process.off('unhandledRejection', onRejection);
  await fake.close();
  console.log('dbc fuzz answers', JSON.stringify(tally));
  expect(rejections).toEqual([]);
  // The fuzz reached past validation: uploads made tasks, and polls found them.
  expect(tally['303']).toBeGreaterThan(runs / 100);
  expect(tally['200']).toBeGreaterThan(runs / 50);
});

function parse(type: string, text: string): Record<string, unknown> {
  if (type === 'application/json') return JSON.parse(text) as Record<string, unknown>;
  expect(type).toBe('application/x-www-form-urlencoded');
  return Object.fromEntries(new URLSearchParams(text));
}

async function property(req: DbcRequest): Promise<void> {
  if (fake.requests.length > 1000) fake.requests.length = 0;
  const id = ids.length > 0 ? ids[req.pick % ids.length]! : '1';
  const { body, type } = req.method === 'GET' || req.method === 'HEAD' ? {} : await bodyInit(req.body, (s) => s);
  const headers: Record<string, string> = {};
  if (type) headers['content-type'] = type;
  if (req.accept) headers.accept = req.accept;
  if (req.basic) headers.authorization = req.basic;
  const url = `${req.path.replace('$id', id)}${req.query ? `?${req.query}` : ''}`;
  const errorsBefore = errors.length;
  const res = await app.request(url, { method: req.method, headers, body: body ?? null });
  const text = await res.text();
  expect(errors.slice(errorsBefore)).toEqual([]);
  for (const key of Object.values(keys)) expect(text).not.toContain(key);
  const contentType = res.headers.get('content-type') ?? '';
  tally[String(res.status)] = (tally[String(res.status)] ?? 0) + 1;
  // A path or method the face does not serve: the gateway's plain 404 (HEAD: without its body).
  if (contentType.startsWith('text/plain')) {
    expect([res.status, text]).toEqual([404, req.method === 'HEAD' ? '' : 'Not Found']);
    return;
  }
  expect(statuses).toContain(res.status);
  if (req.method === 'HEAD') return;
  const fields = parse(contentType, text);
  if (res.status >= 400) {
    expect(String(fields.status)).toBe('255');
    expect(Object.keys(dbcCodes)).toContain(fields.error);
    expect(dbcCodes[fields.error as keyof typeof dbcCodes]).toBe(res.status);
    return;
  }
  expect(String(fields.status)).toBe('0');
  if (res.status === 303) {
    const issued = String(fields.captcha);
    expect(issued).toMatch(/^\d{15}$/);
    expect(res.headers.get('location')).toBe(`http://localhost/api/captcha/${issued}`);
    if (ids.length < 500) ids.push(issued);
  }
}

describe('fuzzed DBC requests', () => {
  test.prop([request], { numRuns: runs, seed })(`${runs} requests answer as DBC does`, (req) => property(req), 120_000);
});
