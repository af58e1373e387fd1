/**
 * Fuzzed upstream answers (fast-check): whatever the modern API sends back to createTask,
 * getTaskResult, getBalance or a report (any status, any JSON, near-valid documents with wrong
 * types), the legacy client gets a well-formed answer and inres logs no internal error. The
 * transport port is fed the generated answers directly, so this runs in process.
 */
import { fc, test } from '@fast-check/vitest';
import { expect } from 'vitest';
import { createGateway } from '../../src/app.ts';
import { modernCodes } from '../../src/legacy/errors.ts';
import type { Logger } from '../../src/ops/log.ts';
import { defaultSettings } from '../../src/settings.ts';
import type { TransportResponse } from '../../src/upstream/transport.ts';
import { keys } from '../support/fake-upstream.ts';
import { png } from '../support/images.ts';
import { parseLegacy } from '../support/legacy-grammar.ts';

const seed = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
console.log(
  `upstream fuzz seed ${seed} (replay: FUZZ_SEED=${seed} npx vitest run test/reliability/upstream-fuzz.test.ts)`,
);

const anything = fc.oneof(
  fc.constantFrom(null, true, false, 0, 1, -1, 1.5, 2 ** 60, Number.MAX_SAFE_INTEGER, '', '0', '1', 'x'),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.jsonValue({ maxDepth: 2 }),
);
const text = fc.oneof(
  fc.constantFrom('03AGdBq25SxXT-pmSeBXjzScW', 'w8Kp3', ' padded ', 'line\nbreak', 'ends with newline\n', ''),
  fc.string({ unit: 'binary', maxLength: 30 }),
);
const point = fc.record(
  { x: fc.oneof(fc.integer(), anything), y: fc.oneof(fc.integer(), anything) },
  { requiredKeys: [] },
);
const solution = fc.oneof(
  fc.record(
    {
      gRecaptchaResponse: fc.oneof(text, anything),
      token: fc.oneof(text, anything),
      text: fc.oneof(text, anything),
      userAgent: anything,
      respKey: anything,
      cookies: anything,
      click: fc.oneof(fc.array(fc.oneof(fc.integer(), anything), { maxLength: 4 }), anything),
      coordinates: fc.oneof(fc.array(fc.oneof(point, anything), { maxLength: 3 }), anything),
      canvas: fc.oneof(fc.array(fc.array(point, { maxLength: 3 }), { maxLength: 2 }), anything),
    },
    { requiredKeys: [] },
  ),
  anything,
);
const document = fc.record(
  {
    errorId: fc.oneof(fc.constantFrom(0, 0, 0, 1, '0', '1', null, 2), anything),
    errorCode: fc.oneof(
      fc.constantFrom(...Object.keys(modernCodes), 'ERROR_FROM_THE_FUTURE', '__proto__', 'toString'),
      anything,
    ),
    errorDescription: anything,
    taskId: fc.oneof(fc.uuid(), fc.integer(), anything),
    status: fc.oneof(fc.constantFrom('ready', 'ready', 'processing', 'failed', 'idle', 'READY', 'pondering'), anything),
    solution,
    cost: anything,
    balance: fc.oneof(fc.double(), fc.constantFrom('12.5', '1e400', '-0', 'NaN'), anything),
  },
  { requiredKeys: [] },
);
const response: fc.Arbitrary<TransportResponse> = fc.record({
  status: fc.constantFrom(200, 200, 200, 200, 201, 204, 301, 400, 401, 404, 429, 500, 502, 503),
  body: fc.oneof(
    { weight: 6, arbitrary: document.map((d) => JSON.stringify(d)) },
    { weight: 1, arbitrary: fc.json() },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 50 }) },
    {
      weight: 1,
      arbitrary: fc.constantFrom('', '{', '<html>502</html>', '{"errorId":0,"taskId":"a"', 'null', '[]', '"str"'),
    },
  ),
});

const calls = fc.record({
  json: fc.boolean(),
  submit: fc.constantFrom('recaptcha', 'hcaptcha', 'image', 'grid', 'coordinates', 'canvas'),
  createTask: response,
  getTaskResult: fc.array(response, { minLength: 1, maxLength: 3 }),
  getBalance: response,
  report: response,
});

const errors: string[] = [];
const logger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: (msg, fields) => errors.push(`${msg} ${JSON.stringify(fields)}`),
};
const image = `method=base64&body=${encodeURIComponent(Buffer.from(png).toString('base64'))}`;
const submits = {
  recaptcha: 'method=userrecaptcha&googlekey=6Le-wvkSAAAAAPBMRTvw0Q4Muexq9bi0DJwx_mJ-&pageurl=https://example.com/',
  hcaptcha: 'method=hcaptcha&sitekey=b76cd927-d266-4cfb-a328-3b03ae07ded6&pageurl=https://example.com/',
  image,
  grid: `${image}&recaptcha=1&textinstructions=cars`,
  coordinates: `${image}&coordinatescaptcha=1&textinstructions=click`,
  canvas: `${image}&canvas=1&textinstructions=draw`,
};

test.prop([calls], { numRuns: 2000, seed })('any upstream answer becomes a well-formed legacy answer', async (c) => {
  errors.length = 0;
  const queue: Record<string, TransportResponse[]> = {
    createTask: [c.createTask],
    getTaskResult: [...c.getTaskResult],
    getBalance: [c.getBalance],
    feedbackTask: [c.report],
  };
  const { app } = createGateway(defaultSettings({ UPSTREAM_URL: 'http://127.0.0.1:9' }), {
    logger,
    transport: async (req) => {
      const next = queue[req.url.slice(req.url.lastIndexOf('/') + 1)]?.shift();
      if (!next) throw new Error(`unexpected call ${req.url}`);
      return next;
    },
  });
  const ask = async (query: string) => {
    const res = await app.request(`/${query}&key=${keys.good}${c.json ? '&json=1' : ''}`);
    expect(res.status).toBe(200);
    const body = await res.text();
    const answer = parseLegacy(body, c.json);
    if (typeof answer === 'string') expect.fail(`${answer} for ${query}`);
    expect(body).not.toContain(keys.good);
    return answer;
  };
  const submitted = await ask(`in.php?${submits[c.submit]}`);
  if (submitted.kind === 'ok') {
    const id = String(submitted.value);
    expect(id).toMatch(/^\d{15}$/);
    for (let i = 0; i < c.getTaskResult.length; i++) await ask(`res.php?action=get&id=${id}`);
    await ask(`res.php?action=reportbad&id=${id}`);
  }
  await ask('res.php?action=getbalance');
  expect(errors).toEqual([]);
});
