/**
 * @module
 * Liveness and readiness: `/healthz` answers 200 while the process runs; `/readyz` answers
 * 503 once the process has begun to drain, so a load balancer stops sending new requests.
 */
import type { Env, Hono } from 'hono';

export function addHealth<E extends Env>(app: Hono<E>, draining: () => boolean = () => false): void {
  app.get('/healthz', (c) => c.text('ok'));
  app.get('/readyz', (c) => (draining() ? c.text('draining', 503) : c.text('ok')));
}
