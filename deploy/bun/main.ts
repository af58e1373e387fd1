/**
 * @module
 * inres on Bun: settings from the environment (GATEWAY_KEYS_FILE, CONFIG and TLS_* read as on
 * Node), Bun.serve (HTTPS with TLS_CERT/TLS_KEY), SIGHUP reloads the key file. `npm run
 * start:bun` runs it with `--max-http-header-size=262144`: legacy GETs carry long query strings
 * (Bun allows 16 KiB); Bun takes that limit only on its command line, so MAX_HEADER_BYTES is refused.
 */
import { getConnInfo } from 'hono/bun';
import { readFileSync } from 'node:fs';
import { createLogger } from '../../src/ops/log.ts';
import { createFetchGateway, fetchServerSupport } from '../fetch-gateway.ts';
import { reloadKeys, settingsFromEnv, upstreamFields } from '../shared/start.ts';
import { pinnedPost, resolveHost } from '../shared/pingback-post.ts';

const readText = (path: string) => readFileSync(path, 'utf8');
const started = settingsFromEnv(Bun.env, readText, {
  ...fetchServerSupport,
  MAX_HEADER_BYTES: 'Bun takes it on its command line only (--max-http-header-size, see npm run start:bun)',
});
if (!started.ok) {
  console.error(`inres: ${started.message}`);
  process.exit(1);
}
const { settings, tls } = started;
const logger = createLogger(settings.LOG_LEVEL, (line) => console.log(line));
const gateway = createFetchGateway(settings, logger, {
  socketIp: (c) => getConnInfo(c).remote.address,
  pingbackDelivery: { post: pinnedPost, resolve: resolveHost },
});
/** Pingback delivery polls the upstream for the client: one bounded round a second, as on Node. */
const pingbackTimer = setInterval(() => void gateway.tick(), 1000);

const server = Bun.serve({
  port: settings.PORT,
  hostname: settings.HOST,
  fetch: gateway.app.fetch,
  ...(tls && { tls }),
});
logger.info('listening', {
  host: settings.HOST,
  port: server.port,
  tls: tls !== undefined,
  ...upstreamFields(settings),
});

/** Stop accepting, let requests in flight finish until SHUTDOWN_TIMEOUT_MS, then cut them. */
function shutdown(signal: string): void {
  clearInterval(pingbackTimer);
  logger.info('shutting down', { signal, deadlineMs: settings.SHUTDOWN_TIMEOUT_MS });
  const deadline = setTimeout(() => void server.stop(true), settings.SHUTDOWN_TIMEOUT_MS);
  void server
    .stop()
    .then(() => clearTimeout(deadline))
    .then(gateway.close)
    .then(() => process.exit(0));
}
process.on('SIGHUP', () => reloadKeys(settings, gateway.access, logger, readText));
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
