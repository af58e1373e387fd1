/**
 * inres on workerd keeps its ids in Durable Objects, outside any isolate: an id issued by one
 * Worker process is found by the next one (sharing only the persisted Durable Object storage),
 * which the per-isolate memory store could never do. With IDS=stateless it needs no storage at
 * all. And a misconfigured Worker says why.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { unstable_startWorker } from 'wrangler';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokens } from '../support/fake-tasks.ts';
import { keys, startFakeUpstream, type FakeUpstream } from '../support/fake-upstream.ts';

const config = fileURLToPath(new URL('../../deploy/cloudflare/wrangler.jsonc', import.meta.url));
const entrypoint = fileURLToPath(new URL('../../deploy/cloudflare/worker.ts', import.meta.url));
const vars = (values: Record<string, string>) =>
  Object.fromEntries(Object.entries(values).map(([k, value]) => [k, { type: 'plain_text' as const, value }]));
const dev = (persist: string | false) => ({
  server: { hostname: '127.0.0.1', port: 0 },
  inspector: false as const,
  persist,
  watch: false,
  logLevel: 'none' as const,
});

let fake: FakeUpstream;
let persist: string;
beforeAll(async () => {
  fake = await startFakeUpstream();
  persist = mkdtempSync(join(tmpdir(), 'inres-do-'));
});
afterAll(async () => {
  await fake?.close();
  rmSync(persist, { recursive: true, force: true });
});

/** A wrangler config with no Durable Object binding (without one of its own, wrangler would find wrangler.jsonc beside the entrypoint). */
function unboundConfig(): string {
  const path = join(persist, 'unbound.jsonc');
  writeFileSync(path, JSON.stringify({ name: 'inres-unbound', main: entrypoint, compatibility_date: '2026-04-20' }));
  return path;
}

/**
 * Runs `body` against a fresh Worker process: by default built from wrangler.jsonc, with the
 * Durable Object storage persisted in one folder across processes.
 */
async function withWorker(
  body: (base: string) => Promise<void>,
  opts: { config?: string; vars?: Record<string, string> } = {},
): Promise<void> {
  const worker = await unstable_startWorker({
    config: opts.config ?? config,
    bindings: vars({ UPSTREAM_URL: fake.url, POLL_MIN_INTERVAL_MS: '0', ...opts.vars }),
    sendMetrics: false,
    dev: dev(opts.config ? false : persist),
  });
  try {
    await body((await worker.url).origin);
  } finally {
    await worker.dispose();
  }
}

const text = async (url: string) => (await fetch(url)).text();

const submitQuery = new URLSearchParams({
  key: keys.good,
  method: 'userrecaptcha',
  googlekey: '6Le-wvkSAAAAAPBMRTvw0Q4Muexq9bi0DJwx_mJ-',
  pageurl: 'https://example.com/',
});

/** Submits on one Worker process and polls on the next, each started by `start`. */
async function submitThenPollElsewhere(start: typeof withWorker, idFormat: RegExp): Promise<void> {
  let id = '';
  await start(async (base) => {
    const submitted = await text(`${base}/in.php?${submitQuery}`);
    expect(submitted).toMatch(idFormat);
    id = submitted.slice(3);
  });
  await start(async (base) => {
    const poll = `${base}/res.php?key=${keys.good}&action=get&id=${id}`;
    expect(await text(poll)).toBe('CAPCHA_NOT_READY');
    expect(await text(poll)).toBe(`OK|${tokens.recaptcha}`);
    expect(await text(`${base}/res.php?key=${keys.other}&action=get&id=${id}`)).toBe('ERROR_WRONG_CAPTCHA_ID');
  });
}

describe('workerd: the Durable Object store', () => {
  it('an id submitted on one Worker process is polled on the next', async () => {
    await submitThenPollElsewhere(withWorker, /^OK\|\d{15}$/);
  }, 60_000);
});

describe('workerd: IDS=stateless', () => {
  it('needs no binding and no shared storage: the next Worker process answers the id', async () => {
    const stateless = { IDS: 'stateless', IDS_SECRET: 'workerd-stateless-secret-0123456789abcdef' };
    await submitThenPollElsewhere(
      (body) => withWorker(body, { config: unboundConfig(), vars: stateless }),
      /^OK\|\d+$/,
    );
  }, 60_000);
});

describe('workerd: a misconfigured Worker answers 503 and says why', () => {
  /** The status and body of /healthz on a Worker with no Durable Object binding and these vars. */
  async function healthz(values: Record<string, string>): Promise<[number, string]> {
    const worker = await unstable_startWorker({
      config: unboundConfig(),
      bindings: vars(values),
      sendMetrics: false,
      dev: dev(false),
    });
    try {
      const res = await fetch(`${(await worker.url).origin}/healthz`);
      return [res.status, await res.text()];
    } finally {
      await worker.dispose();
    }
  }

  it('a bad setting', async () => {
    expect(await healthz({ UPSTREAM_URL: 'ftp://example.com' })).toEqual([
      503,
      'inres: invalid setting UPSTREAM_URL: expected an http(s) URL',
    ]);
  }, 60_000);

  it('no TASKS binding', async () => {
    expect(await healthz({ UPSTREAM_URL: fake.url })).toEqual([
      503,
      'inres: the TASKS Durable Object binding is missing (see wrangler.jsonc); or set IDS=stateless',
    ]);
  }, 60_000);
});
