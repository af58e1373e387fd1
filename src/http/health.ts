/**
 * @module
 * Liveness and readiness: `/healthz` answers 200 while the process runs; `/readyz` answers
 * 503 once the process has begun to drain or while its store does not answer, so a load
 * balancer sends new requests elsewhere.
 */
import type { Env, Hono } from 'hono';

export function addHealth<E extends Env>(
  app: Hono<E>,
  draining: () => boolean = () => false,
  storeAnswers: () => Promise<boolean> = async () => true,
): void {
  app.get('/healthz', (c) => c.text('ok'));
  app.get('/readyz', async (c) => {
    if (draining()) return c.text('draining', 503);
    return (await storeAnswers()) ? c.text('ok') : c.text('store unavailable', 503);
  });
}
