/**
 * The shared end-to-end suite against inres on Node: the adaptor server and undici transport in
 * this process, or, with further settings, `deploy/node/main.ts` as operators run it (it reads files).
 */
import { startGateway } from '../support/gateway.ts';
import { spawnGateway } from '../support/spawn-gateway.ts';
import { addSuite } from './suite.ts';

addSuite(
  'node',
  async (upstreamUrl, env) => {
    if (env) {
      const gw = await spawnGateway({ UPSTREAM_URL: upstreamUrl, UPSTREAM_TIMEOUT_MS: '1000', ...env }, 'node');
      return { baseUrl: gw.url, logs: gw.logs, signal: gw.signal, close: () => gw.kill('SIGKILL') };
    }
    const gw = await startGateway(upstreamUrl);
    // deploy/node/main.ts's background timer (pingbacks, watched tasks), quicker.
    const timer = setInterval(() => void gw.tick(), 200);
    return {
      baseUrl: gw.url,
      close: () => {
        clearInterval(timer);
        return gw.close();
      },
    };
  },
  { readsFiles: true, tls: true },
);
