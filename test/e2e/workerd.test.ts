/**
 * The shared end-to-end suite against inres inside workerd, the Workers runtime: wrangler's
 * dev server, in-process, built from deploy/cloudflare/wrangler.jsonc (Durable Objects and
 * all) with UPSTREAM_URL bound to the fake upstream on 127.0.0.1, and the suite's further settings as vars.
 */
import { fileURLToPath } from 'node:url';
import { unstable_startWorker } from 'wrangler';
import { addSuite } from './suite.ts';

const config = fileURLToPath(new URL('../../deploy/cloudflare/wrangler.jsonc', import.meta.url));

addSuite(
  'workerd',
  async (upstreamUrl, env = {}) => {
    const vars = { UPSTREAM_URL: upstreamUrl, UPSTREAM_TIMEOUT_MS: '1000', POLL_MIN_INTERVAL_MS: '0', ...env };
    const worker = await unstable_startWorker({
      config,
      bindings: Object.fromEntries(
        Object.entries(vars).map(([name, value]) => [name, { type: 'plain_text' as const, value }]),
      ),
      sendMetrics: false,
      dev: {
        server: { hostname: '127.0.0.1', port: 0 },
        inspector: false,
        persist: false,
        watch: false,
        logLevel: 'warn',
      },
    });
    const url = await worker.url;
    return { baseUrl: url.origin, close: () => worker.dispose() };
  },
  { readsFiles: false, tls: false, refused: ['SHUTDOWN_TIMEOUT_MS', '1000'] },
);
