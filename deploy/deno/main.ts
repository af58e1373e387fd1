/**
 * @module
 * inres on Deno: settings from the environment, the portable fetch transport, Deno.serve.
 * `deno task start` from this folder (PORT, HOST, UPSTREAM_URL… as on Node).
 */
import { createApp } from '../../src/app.ts';
import { createLogger } from '../../src/log.ts';
import { loadSettings } from '../../src/settings.ts';
import { fetchTransport } from '../../src/upstream/fetch-transport.ts';

const loaded = loadSettings(Deno.env.toObject());
if (!loaded.ok) {
  console.error(`inres: ${loaded.message}`);
  Deno.exit(1);
}
const settings = loaded.settings;
const logger = createLogger(settings.LOG_LEVEL, (line) => console.log(line));
const app = createApp(settings, { transport: fetchTransport(), logger });

const server = Deno.serve(
  {
    port: settings.PORT,
    hostname: settings.HOST,
    onListen: ({ port }) =>
      logger.info('listening', { host: settings.HOST, port, upstream: new URL(settings.UPSTREAM_URL).origin, dialect: settings.UPSTREAM_DIALECT }),
  },
  app.fetch,
);

function shutdown(signal: Deno.Signal): void {
  logger.info('shutting down', { signal });
  void server.shutdown().then(() => Deno.exit(0));
}
Deno.addSignalListener('SIGTERM', () => shutdown('SIGTERM'));
Deno.addSignalListener('SIGINT', () => shutdown('SIGINT'));
