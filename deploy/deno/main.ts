/**
 * @module
 * inres on Deno: settings from the environment (GATEWAY_KEYS_FILE, CONFIG and TLS_* read as on
 * Node, hence --allow-read), Deno.serve (HTTPS with TLS_CERT/TLS_KEY), SIGHUP reloads the key
 * file. `deno task start` in this folder (or `npm run start:deno`); npm packages come from the
 * project's node_modules.
 */
import { getConnInfo } from 'hono/deno';
import { createLogger } from '../../src/ops/log.ts';
import { createFetchGateway, fetchServerSupport } from '../fetch-gateway.ts';
import { reloadKeys, settingsFromEnv, upstreamFields } from '../shared/start.ts';
import { denoPost, resolveDns } from './pingback-post.ts';

const readText = (path: string) => Deno.readTextFileSync(path);
const started = settingsFromEnv(Deno.env.toObject(), readText, {
  ...fetchServerSupport,
  MAX_HEADER_BYTES: 'Deno.serve has no header size setting',
});
if (!started.ok) {
  console.error(`inres: ${started.message}`);
  Deno.exit(1);
}
const { settings, tls } = started;
const logger = createLogger(settings.LOG_LEVEL, (line) => console.log(line));
const gateway = createFetchGateway(settings, logger, {
  socketIp: (c) => getConnInfo(c).remote.address,
  pingbackDelivery: { post: denoPost, resolve: resolveDns },
});
/** Pingback delivery polls the upstream for the client: one bounded round a second, as on Node. */
const pingbackTimer = setInterval(() => void gateway.tick(), 1000);

const server = Deno.serve(
  {
    port: settings.PORT,
    hostname: settings.HOST,
    ...tls,
    onListen: ({ port }) =>
      logger.info('listening', { host: settings.HOST, port, tls: tls !== undefined, ...upstreamFields(settings) }),
  },
  gateway.app.fetch,
);

/** Stop accepting, let requests in flight finish until SHUTDOWN_TIMEOUT_MS, then exit regardless. */
function shutdown(signal: Deno.Signal): void {
  clearInterval(pingbackTimer);
  logger.info('shutting down', { signal, deadlineMs: settings.SHUTDOWN_TIMEOUT_MS });
  const deadline = setTimeout(() => Deno.exit(0), settings.SHUTDOWN_TIMEOUT_MS);
  void server
    .shutdown()
    .then(() => clearTimeout(deadline))
    .then(gateway.close)
    .then(() => Deno.exit(0));
}
Deno.addSignalListener('SIGHUP', () => reloadKeys(settings, gateway.access, logger, readText));
Deno.addSignalListener('SIGTERM', () => shutdown('SIGTERM'));
Deno.addSignalListener('SIGINT', () => shutdown('SIGINT'));
