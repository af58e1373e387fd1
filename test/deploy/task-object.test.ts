/**
 * The Durable Object behind ids on Workers, inside workerd (Miniflare on the bundle wrangler
 * builds): insert only when free, update keeps the entry, an expired entry is gone.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TaskRecord } from '../../src/store/types.ts';

const folder = fileURLToPath(new URL('../../deploy/cloudflare/', import.meta.url));
const wrangler = fileURLToPath(new URL('../../node_modules/.bin/wrangler', import.meta.url));

interface TaskStub {
  insert(rec: TaskRecord, ttlMs: number): Promise<boolean>;
  read(): Promise<TaskRecord | undefined>;
  update(rec: TaskRecord): Promise<void>;
}

let outdir: string;
let mf: Miniflare;
let task: (id: string) => TaskStub;

beforeAll(async () => {
  outdir = mkdtempSync(join(tmpdir(), 'inres-worker-'));
  const build = spawn(wrangler, ['deploy', '--dry-run', '--outdir', outdir], {
    cwd: folder,
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
    stdio: 'ignore',
  });
  const [code] = (await once(build, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`wrangler build exited with ${code}`);
  mf = new Miniflare({
    modules: true,
    scriptPath: join(outdir, 'worker.js'),
    modulesRoot: outdir,
    compatibilityDate: '2026-04-20',
    durableObjects: { TASKS: { className: 'TaskObject', useSQLite: true } },
  });
  const ns = await mf.getDurableObjectNamespace('TASKS');
  task = (id) => ns.get(ns.idFromName(id)) as unknown as TaskStub;
}, 60_000);
afterAll(async () => {
  await mf?.dispose();
  if (outdir) rmSync(outdir, { recursive: true, force: true });
});

/** A record as plain data (results come back through Miniflare's proxy). */
const read = async (id: string) => {
  const rec = await task(id).read();
  return rec === undefined ? undefined : (JSON.parse(JSON.stringify(rec)) as TaskRecord);
};
const rec: TaskRecord = { upstreamId: 'up-1', type: 'RecaptchaV2TaskProxyless', keyHash: 'k1', createdAt: 1 };
const hour = 3_600_000;

describe('TaskObject', () => {
  it('inserts into a free id only', async () => {
    expect(await task('100000000000001').insert(rec, hour)).toBe(true);
    expect(await task('100000000000001').insert({ ...rec, upstreamId: 'up-2' }, hour)).toBe(false);
    expect(await read('100000000000001')).toEqual(rec);
  });

  it('an id never inserted reads as undefined, and update does not create it', async () => {
    expect(await read('100000000000002')).toBeUndefined();
    await task('100000000000002').update(rec);
    expect(await read('100000000000002')).toBeUndefined();
  });

  it('update replaces the record of a live id', async () => {
    const solved: TaskRecord = { ...rec, outcome: { solution: { gRecaptchaResponse: 'token' } } };
    await task('100000000000003').insert(rec, hour);
    await task('100000000000003').update(solved);
    expect(await read('100000000000003')).toEqual(solved);
  });

  it('an expired entry is gone, and its id is free again', async () => {
    expect(await task('100000000000004').insert(rec, 1)).toBe(true);
    await new Promise((r) => setTimeout(r, 20));
    expect(await read('100000000000004')).toBeUndefined();
    await task('100000000000004').update({ ...rec, upstreamId: 'late' });
    expect(await read('100000000000004')).toBeUndefined();
    expect(await task('100000000000004').insert(rec, hour)).toBe(true);
  });
});
