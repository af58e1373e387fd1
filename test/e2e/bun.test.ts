/** The shared end-to-end suite against inres on Bun: `deploy/bun/main.ts` in its own process. */
import { spawnGateway } from '../support/spawn-gateway.ts';
import { addSuite } from './suite.ts';

addSuite(
  'bun',
  async (upstreamUrl, env = {}) => {
    const gw = await spawnGateway({ UPSTREAM_URL: upstreamUrl, UPSTREAM_TIMEOUT_MS: '1000', ...env }, 'bun');
    return { baseUrl: gw.url, logs: gw.logs, signal: gw.signal, close: () => gw.kill('SIGKILL') };
  },
  { readsFiles: true, tls: true, refused: ['MAX_HEADER_BYTES', '65536'] },
);
