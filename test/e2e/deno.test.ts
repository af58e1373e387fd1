/** The shared end-to-end suite against inres on Deno: `deno run main.ts` in deploy/deno as a real process. */
import { fileURLToPath } from 'node:url';
import { spawnServer } from '../support/spawn.ts';
import { addSuite } from './suite.ts';

const deno = fileURLToPath(new URL('../../node_modules/.bin/deno', import.meta.url));
const folder = fileURLToPath(new URL('../../deploy/deno/', import.meta.url));

addSuite('deno', (upstreamUrl) =>
  spawnServer(deno, ['run', '--allow-net', '--allow-env', 'main.ts'], {
    UPSTREAM_URL: upstreamUrl, UPSTREAM_TIMEOUT_MS: '1000', DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1',
  }, { cwd: folder }));
