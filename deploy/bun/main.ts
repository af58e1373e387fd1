/**
 * @module
 * inres on Bun: settings from the environment, the portable fetch transport, Bun.serve.
 * `npm run start:bun` (PORT, HOST, UPSTREAM_URL… as on Node). Run it with
 * `--max-http-header-size=262144`: legacy GETs carry long query strings (Bun allows 16 KiB).
 */
import { createApp } from '../../src/app.ts';
import { createLogger } from '../../src/log.ts';
import { loadSettings } from '../../src/settings.ts';
import { fetchTransport } from '../../src/upstream/fetch-transport.ts';

const loaded = loadSettings(Bun.env);
if (!loaded.ok) {
  console.error(`inres: ${loaded.message}`);
  process.exit(1);
}
const settings = loaded.settings;
const logger = createLogger(settings.LOG_LEVEL, (line) => console.log(line));
const app = createApp(settings, { transport: fetchTransport(), logger });

const server = Bun.serve({ port: settings.PORT, hostname: settings.HOST, fetch: app.fetch });
logger.info('listening', { host: settings.HOST, port: server.port, upstream: new URL(settings.UPSTREAM_URL).origin, dialect: settings.UPSTREAM_DIALECT });

function shutdown(signal: string): void {
  logger.info('shutting down', { signal });
  void server.stop().then(() => process.exit(0));
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
