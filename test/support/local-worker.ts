/**
 * wrangler's dev server, in-process on 127.0.0.1 (a free port, no inspector, nothing kept or
 * watched), for a wrangler config, with `vars` bound as plain-text variables.
 */
import { fileURLToPath } from 'node:url';
import { unstable_startWorker } from 'wrangler';

/** The repository's Worker (deploy/cloudflare), Durable Objects and all. */
export const workerConfig = fileURLToPath(new URL('../../deploy/cloudflare/wrangler.jsonc', import.meta.url));

export function startLocalWorker(
  config: string,
  vars: Record<string, string> = {},
  logLevel: 'none' | 'warn' = 'none',
): ReturnType<typeof unstable_startWorker> {
  return unstable_startWorker({
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
      logLevel,
    },
  });
}
