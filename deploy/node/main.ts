/**
 * @module
 * `npm start`: settings from the environment, the Node server, graceful shutdown.
 */
import { createLogger } from '../../src/log.ts';
import { loadSettings } from '../../src/settings.ts';
import { createNodeGateway } from './server.ts';

const loaded = loadSettings(process.env);
if (!loaded.ok) {
  process.stderr.write(`inres: ${loaded.message}\n`);
  process.exit(1);
}
const settings = loaded.settings;
const logger = createLogger(settings.LOG_LEVEL, (line) => process.stdout.write(`${line}\n`));
const gateway = createNodeGateway(settings, { logger });

gateway.server.on('error', (e) => {
  process.stderr.write(`inres: cannot listen on ${settings.HOST}:${settings.PORT}: ${e.message}\n`);
  process.exit(1);
});
gateway.server.listen(settings.PORT, settings.HOST, () => {
  const addr = gateway.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : settings.PORT;
  logger.info('listening', { host: settings.HOST, port, upstream: new URL(settings.UPSTREAM_URL).origin, dialect: settings.UPSTREAM_DIALECT });
});

const shutdownDeadlineMs = 10_000;
let stopping = false;
function shutdown(signal: string): void {
  if (stopping) process.exit(1);
  stopping = true;
  logger.info('shutting down', { signal });
  const force = setTimeout(() => gateway.server.closeAllConnections(), shutdownDeadlineMs);
  gateway.server.close(() => {
    clearTimeout(force);
    void gateway.close().finally(() => process.exit(0));
  });
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
