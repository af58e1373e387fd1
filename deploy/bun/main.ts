/**
 * @module
 * inres on Bun: settings from the environment, Bun.serve. `npm run start:bun` runs it with
 * `--max-http-header-size=262144`: legacy GETs carry long query strings (Bun allows 16 KiB).
 */
import { getConnInfo } from 'hono/bun';
import { createLogger } from '../../src/log.ts';
import { upstreamLabel } from '../../src/sandbox/transport.ts';
import { loadSettings } from '../../src/settings.ts';
import { createFetchGateway } from '../fetch-gateway.ts';

const loaded = loadSettings(Bun.env);
if (!loaded.ok) {
  console.error(`inres: ${loaded.message}`);
  process.exit(1);
}
const settings = loaded.settings;
const logger = createLogger(settings.LOG_LEVEL, (line) => console.log(line));
const gateway = createFetchGateway(settings, logger, (c) => getConnInfo(c).remote.address);

const server = Bun.serve({ port: settings.PORT, hostname: settings.HOST, fetch: gateway.app.fetch });
logger.info('listening', { host: settings.HOST, port: server.port, upstream: upstreamLabel(settings.UPSTREAM_URL), dialect: settings.UPSTREAM_DIALECT });

function shutdown(signal: string): void {
  logger.info('shutting down', { signal });
  void server.stop().then(gateway.close).then(() => process.exit(0));
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
