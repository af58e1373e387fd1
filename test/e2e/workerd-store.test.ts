/**
 * inres on workerd keeps its ids in Durable Objects, outside any isolate: an id issued by one
 * Worker process is found by the next one (sharing only the persisted Durable Object storage),
 * which the per-isolate memory store could never do. And a misconfigured Worker says why.
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
const dev = (persist: string | false) =>
  ({ server: { hostname: '127.0.0.1', port: 0 }, inspector: false as const, persist, watch: false, logLevel: 'none' as const });

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

/** Runs `body` against a fresh Worker process built from wrangler.jsonc. */
async function withWorker(body: (base: string) => Promise<void>): Promise<void> {
  const worker = await unstable_startWorker({ config, bindings: vars({ UPSTREAM_URL: fake.url }), sendMetrics: false, dev: dev(persist) });
  try {
    await body((await worker.url).origin);
  } finally {
    await worker.dispose();
  }
}

const text = async (url: string) => (await fetch(url)).text();

describe('workerd: the Durable Object store', () => {
  it('an id submitted on one Worker process is polled on the next', async () => {
    const q = new URLSearchParams({ key: keys.good, method: 'userrecaptcha', googlekey: '6Le-wvkSAAAAAPBMRTvw0Q4Muexq9bi0DJwx_mJ-', pageurl: 'https://example.com/' });
    let id = '';
    await withWorker(async (base) => {
      const submitted = await text(`${base}/in.php?${q}`);
      expect(submitted).toMatch(/^OK\|\d{15}$/);
      id = submitted.slice(3);
    });
    await withWorker(async (base) => {
      const poll = `${base}/res.php?key=${keys.good}&action=get&id=${id}`;
      expect(await text(poll)).toBe('CAPCHA_NOT_READY');
      expect(await text(poll)).toBe(`OK|${tokens.recaptcha}`);
      expect(await text(`${base}/res.php?key=${keys.other}&action=get&id=${id}`)).toBe('ERROR_WRONG_CAPTCHA_ID');
    });
  }, 60_000);
});

describe('workerd: a misconfigured Worker answers 503 and says why', () => {
  /** The status and body of /healthz on a Worker with no Durable Object binding and these vars. */
  async function healthz(values: Record<string, string>): Promise<[number, string]> {
    // Without a config of its own, wrangler would find wrangler.jsonc beside the entrypoint.
    const unbound = join(persist, 'unbound.jsonc');
    writeFileSync(unbound, JSON.stringify({ name: 'inres-unbound', main: entrypoint, compatibility_date: '2026-04-20' }));
    const worker = await unstable_startWorker({ config: unbound, bindings: vars(values), sendMetrics: false, dev: dev(false) });
    try {
      const res = await fetch(`${(await worker.url).origin}/healthz`);
      return [res.status, await res.text()];
    } finally {
      await worker.dispose();
    }
  }

  it('a bad setting', async () => {
    expect(await healthz({ UPSTREAM_URL: 'ftp://example.com' })).toEqual([503, 'inres: invalid setting UPSTREAM_URL: expected an http(s) URL']);
  }, 60_000);

  it('no TASKS binding', async () => {
    expect(await healthz({ UPSTREAM_URL: fake.url })).toEqual([503, 'inres: the TASKS Durable Object binding is missing (see wrangler.jsonc)']);
  }, 60_000);
});
