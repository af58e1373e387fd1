/**
 * The shared end-to-end suite against inres inside workerd, the Workers runtime: wrangler's
 * dev server, in-process, built from deploy/cloudflare/wrangler.jsonc (Durable Objects and
 * all) with UPSTREAM_URL bound to the fake upstream on 127.0.0.1, and the suite's further settings as vars.
 */
import { startLocalWorker, workerConfig } from '../support/local-worker.ts';
import { addSuite } from './suite.ts';

addSuite(
  'workerd',
  async (upstreamUrl, env = {}) => {
    const vars = { UPSTREAM_URL: upstreamUrl, UPSTREAM_TIMEOUT_MS: '1000', POLL_MIN_INTERVAL_MS: '0', ...env };
    const worker = await startLocalWorker(workerConfig, vars, 'warn');
    const url = await worker.url;
    return { baseUrl: url.origin, close: () => worker.dispose() };
  },
  { readsFiles: false, tls: false, refused: ['SHUTDOWN_TIMEOUT_MS', '1000'] },
);
