/** The shared end-to-end suite against inres on Bun: `bun deploy/bun/main.ts` as a real process. */
import { fileURLToPath } from 'node:url';
import { spawnServer } from '../support/spawn.ts';
import { addSuite } from './suite.ts';

const bun = fileURLToPath(new URL('../../node_modules/.bin/bun', import.meta.url));

addSuite('bun', (upstreamUrl) =>
  spawnServer(bun, ['--max-http-header-size=262144', 'deploy/bun/main.ts'], { UPSTREAM_URL: upstreamUrl, UPSTREAM_TIMEOUT_MS: '1000' }));
