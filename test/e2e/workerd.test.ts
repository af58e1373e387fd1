/**
 * The shared end-to-end suite against inres inside workerd, the Workers runtime: wrangler's
 * dev server, in-process, built from deploy/cloudflare/wrangler.jsonc (Durable Objects and
 * all) with UPSTREAM_URL bound to the fake upstream on 127.0.0.1.
 */
import { fileURLToPath } from 'node:url';
import { unstable_startWorker } from 'wrangler';
import { addSuite } from './suite.ts';

const config = fileURLToPath(new URL('../../deploy/cloudflare/wrangler.jsonc', import.meta.url));

addSuite('workerd', async (upstreamUrl) => {
  const worker = await unstable_startWorker({
    config,
    bindings: {
      UPSTREAM_URL: { type: 'plain_text', value: upstreamUrl },
      UPSTREAM_TIMEOUT_MS: { type: 'plain_text', value: '1000' },
      POLL_MIN_INTERVAL_MS: { type: 'plain_text', value: '0' },
    },
    sendMetrics: false,
    dev: { server: { hostname: '127.0.0.1', port: 0 }, inspector: false, persist: false, watch: false, logLevel: 'warn' },
  });
  const url = await worker.url;
  return { baseUrl: url.origin, close: () => worker.dispose() };
});
