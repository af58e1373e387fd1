/**
 * @module
 * The benchmark's own HTTP client, for checks and seeding (never for the timed load).
 */
import { Pool, request } from 'undici';
import { seedSubmit, type RequestSpec } from './scenarios.ts';

export async function send(base: string, spec: RequestSpec, pool?: Pool): Promise<string> {
  const res = await request(`${base}${spec.path}`, {
    method: spec.method,
    ...(spec.body ? { body: spec.body, headers: { 'content-type': spec.contentType! } } : {}),
    ...(pool ? { dispatcher: pool } : {}),
  });
  return res.body.text();
}

/** Submits `n` reCAPTCHA tasks for `key` through the gateway at `base`; their legacy ids. */
export async function submitMany(base: string, n: number, key: string): Promise<string[]> {
  const pool = new Pool(base, { connections: 32 });
  const spec = seedSubmit(key);
  const ids: string[] = [];
  let next = 0;
  try {
    await Promise.all(
      Array.from({ length: 64 }, async () => {
        while (next++ < n) {
          const text = await send(base, spec, pool);
          if (!text.startsWith('OK|')) throw new Error(`seeding: the gateway answered ${text}`);
          ids.push(text.slice(3));
        }
      }),
    );
  } finally {
    await pool.close();
  }
  return ids;
}
