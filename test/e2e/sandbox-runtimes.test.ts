/**
 * The sandbox upstream on every runtime: Node, Bun and Deno started as `npm start`,
 * `start:bun` and `start:deno` do, and the Worker under workerd (wrangler's local runtime),
 * each with UPSTREAM_URL=sandbox and no upstream at all: a submit, the fake answer at the first
 * poll (SANDBOX_DELAY_MS=0), a report, the balance, and the start-up notice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxNotice } from '../../src/sandbox/transport.ts';
import { startLocalWorker, workerConfig } from '../support/local-worker.ts';
import { spawnGateway, type Runtime, type SpawnedGateway } from '../support/spawn-gateway.ts';

const env = { UPSTREAM_URL: 'sandbox', SANDBOX_DELAY_MS: '0' };
const runtimes = ['node', 'bun', 'deno'] as const satisfies readonly Runtime[];
const gateways = {} as Record<Runtime, SpawnedGateway>;
beforeAll(async () => {
  await Promise.all(runtimes.map(async (r) => (gateways[r] = await spawnGateway(env, r))));
}, 30_000);
afterAll(async () => {
  await Promise.all(Object.values(gateways).map((gw) => gw.kill('SIGKILL')));
});

const text = async (url: string) => (await fetch(url, { signal: AbortSignal.timeout(5000) })).text();

async function session(base: string): Promise<void> {
  const submitted = await text(
    `${base}/in.php?key=k&method=hcaptcha&sitekey=b76cd927-d266-4cfb-a328-3b03ae07ded6&pageurl=https://example.com/&json=1`,
  );
  const id = (JSON.parse(submitted) as { request: string }).request;
  expect(id).toMatch(/^\d{15,}$/);
  expect(JSON.parse(await text(`${base}/res.php?key=k&action=get&id=${id}&json=1`))).toEqual({
    status: 1,
    request: expect.stringMatching(/^SANDBOX-[0-9a-f]{8}$/),
    useragent: 'Mozilla/5.0 (sandbox) inres',
    respKey: expect.stringMatching(/^SANDBOX-/),
  });
  expect(await text(`${base}/res.php?key=k&action=reportbad&id=${id}`)).toBe('OK_REPORT_RECORDED');
  expect(await text(`${base}/res.php?key=k&action=getbalance`)).toBe('100.0000');
}

describe('the sandbox on every runtime', () => {
  it.each(runtimes)('%s', async (runtime) => {
    await session(gateways[runtime].url);
    expect(gateways[runtime].logs.some((l) => l.msg === sandboxNotice)).toBe(true);
  });

  it('workerd (the Worker, stateless ids)', async () => {
    const worker = await startLocalWorker(workerConfig, { ...env, IDS: 'stateless', IDS_SECRET: 'a'.repeat(32) });
    try {
      await session((await worker.url).origin);
    } finally {
      await worker.dispose();
    }
  }, 30_000);
});
