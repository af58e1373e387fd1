/**
 * @module
 * `npm run bench:endpoint`: CPU µs per call of the legacy endpoint itself (the DBC face's rows:
 * the Hono app), in one process, for
 * the requests of bench/scenarios.ts, with the upstream answered in-process as
 * bench/fake-upstream.ts answers. No sockets, no other process: the figure is repeatable to a few
 * per cent, so it is what compares two builds of the gateway's own code (the wrk bench measures
 * the whole hop, with the kernel and the other processes in it). Median of five rounds.
 *
 *   npm run bench:endpoint                  every scenario
 *   npm run bench:endpoint -- image         scenarios whose name contains "image"
 */
import { nodeBase64 } from '../deploy/node/server.ts';
import { createGateway } from '../src/app.ts';
import type { LegacyRequest } from '../src/legacy/endpoint.ts';
import { queryParams, readQuery, withBody } from '../src/legacy/params.ts';
import { createLogger } from '../src/ops/log.ts';
import { defaultSettings } from '../src/settings.ts';
import { keys, pollPath, scenarios, seedSubmit, type RequestSpec } from './scenarios.ts';

const ready = JSON.stringify({
  errorId: 0,
  status: 'ready',
  solution: { gRecaptchaResponse: `03AGdBq2${'x'.repeat(500)}`, text: 'w9h5k' },
  cost: '0.00299',
  solveTime: 9,
});
const processing = JSON.stringify({ errorId: 0, status: 'processing' });
const balance = JSON.stringify({ errorId: 0, balance: 12.5 });
let nextTask = 1;
const utf8 = new TextDecoder();

const transport = async (req: { url: string; body: string | Uint8Array }) => {
  const call = req.url.slice(req.url.lastIndexOf('/') + 1);
  if (call === 'createTask') return { status: 200, body: `{"errorId":0,"taskId":"${nextTask++}"}` };
  if (call === 'getBalance') return { status: 200, body: balance };
  const body = typeof req.body === 'string' ? req.body : utf8.decode(req.body);
  return { status: 200, body: body.includes('notready') ? processing : ready };
};

// Access logs on, as users run it; the lines go nowhere (the wrk bench writes them to a file).
let logged = 0;
const logger = createLogger('info', (line) => void (logged += line.length));
const gateway = createGateway(
  defaultSettings({
    UPSTREAM_URL: 'http://127.0.0.1:9',
    RATE_LIMIT_PER_IP: '1000000000',
    POLL_MIN_INTERVAL_MS: '0',
    // 120 000 submits per key and scenario, none solved: past the default running-task cap per key.
    MAX_TASKS_PER_KEY: '100000000',
  }),
  // What Node's gateway passes (deploy/node/server.ts), the transport apart.
  { transport, logger, socketIp: () => '127.0.0.1', base64: nodeBase64 },
);

/** A legacy request as Node's fast path makes it (deploy/node/legacy-listener.ts). */
function request(spec: RequestSpec, suffix = ''): LegacyRequest {
  const url = spec.path + suffix;
  const path = url.slice(0, url.indexOf('?') === -1 ? undefined : url.indexOf('?')) as LegacyRequest['path'];
  const type = spec.contentType ?? '';
  return {
    method: spec.method,
    path,
    peer: '127.0.0.1',
    header: (name) => (name === 'content-type' ? type : undefined),
    read: async () =>
      spec.body
        ? withBody(readQuery(url), type, new Uint8Array(spec.body))
        : { params: { values: queryParams(url), files: new Map() } },
  };
}

/** One call: a legacy request through the endpoint as Node's fast path calls it, a DBC one through the Hono app. */
async function answer(spec: RequestSpec, suffix: string): Promise<string> {
  if (!spec.path.startsWith('/api/')) return (await gateway.legacy(request(spec, suffix))).body ?? '';
  const headers: Record<string, string> = spec.contentType ? { 'content-type': spec.contentType } : {};
  const res = await gateway.app.request(spec.path + suffix, {
    method: spec.method,
    headers,
    body: (spec.body as Uint8Array<ArrayBuffer> | undefined) ?? null,
  });
  return res.text();
}

async function submitted(key: string): Promise<string> {
  const reply = await gateway.legacy(request(seedSubmit(key)));
  return reply.body!.slice(3);
}

const only = process.argv[2];
const calls = 20_000;
const [readyId] = [await submitted(keys.ready)];
// Its answer stored, as the cached-poll rows expect.
await answer({ method: 'GET', path: pollPath(keys.ready) + readyId }, '');
const notReady = await Promise.all(Array.from({ length: 256 }, () => submitted(keys.notReady)));
const rows: string[] = [];
// The legacy endpoint, and the DBC face through Hono; the modern-face scenarios: npm run bench.
const legacyOnly = scenarios(readyId!, notReady[0]!).filter((x) => !x.name.startsWith('modern'));
for (const s of legacyOnly.filter((x) => !only || x.name.includes(only))) {
  const n = s.name.includes('image') ? calls / 4 : calls;
  const rounds: number[] = [];
  for (let round = 0; round < 6; round++) {
    const fresh = s.ids === 'fresh' ? await Promise.all(Array.from({ length: n }, () => submitted(keys.ready))) : [];
    const suffix = (i: number) => (s.ids === 'fresh' ? fresh[i]! : s.ids === 'distinct' ? notReady[i % 256]! : '');
    const before = process.cpuUsage();
    for (let i = 0; i < n; i++) {
      const body = await answer(s.legacy, suffix(i));
      if (i === 0 && !s.expect.test(body)) throw new Error(`${s.name}: answered ${body}`);
    }
    const used = process.cpuUsage(before);
    // The first round warms the JIT up.
    if (round > 0) rounds.push((used.user + used.system) / n);
  }
  rounds.sort((a, b) => a - b);
  rows.push(`| ${s.name} | ${rounds[2]!.toFixed(1)} | ${rounds[0]!.toFixed(1)}–${rounds[4]!.toFixed(1)} |`);
}
process.stdout.write(
  [
    `CPU µs per call of the legacy endpoint, in-process, upstream stubbed (${process.version}; ${logged > 0 ? 'access logs on' : 'no logs'}):`,
    '',
    '| scenario | µs/call (median of 5) | range |',
    '| --- | --- | --- |',
    ...rows,
    '',
  ].join('\n'),
);
