/**
 * @module
 * inres on Deno: settings from the environment, Deno.serve. `deno task start` in this folder
 * (or `npm run start:deno`); npm packages come from the project's node_modules.
 */
import { getConnInfo } from 'hono/deno';
import { createLogger } from '../../src/log.ts';
import { upstreamLabel } from '../../src/sandbox/transport.ts';
import { loadSettings } from '../../src/settings.ts';
import { createFetchGateway } from '../fetch-gateway.ts';

const loaded = loadSettings(Deno.env.toObject());
if (!loaded.ok) {
  console.error(`inres: ${loaded.message}`);
  Deno.exit(1);
}
const settings = loaded.settings;
const logger = createLogger(settings.LOG_LEVEL, (line) => console.log(line));
const gateway = createFetchGateway(settings, logger, (c) => getConnInfo(c).remote.address);

const server = Deno.serve(
  {
    port: settings.PORT,
    hostname: settings.HOST,
    onListen: ({ port }) =>
      logger.info('listening', { host: settings.HOST, port, upstream: upstreamLabel(settings.UPSTREAM_URL), dialect: settings.UPSTREAM_DIALECT }),
  },
  gateway.app.fetch,
);

function shutdown(signal: Deno.Signal): void {
  logger.info('shutting down', { signal });
  void server.shutdown().then(gateway.close).then(() => Deno.exit(0));
}
Deno.addSignalListener('SIGTERM', () => shutdown('SIGTERM'));
Deno.addSignalListener('SIGINT', () => shutdown('SIGINT'));
