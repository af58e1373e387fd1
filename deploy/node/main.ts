#!/usr/bin/env node
/**
 * @module
 * `npm start` and `npx inres`: settings from the environment and the command line, the Node
 * server (HTTP, or HTTPS with TLS_CERT/TLS_KEY), graceful shutdown.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createLogger } from '../../src/ops/log.ts';
import type { Support } from '../../src/settings.ts';
import { reloadKeys, settingsFromEnv, upstreamFields } from '../shared/start.ts';
import { parseCli } from './cli.ts';
import { createLineSink } from './log-sink.ts';
import { createNodeGateway } from './server.ts';

function fail(message: string, code = 1): never {
  process.stderr.write(`inres: ${message}\n`);
  process.exit(code);
}

const cli = parseCli(process.argv.slice(2), process.env);
if (cli.kind === 'help') {
  process.stdout.write(cli.text);
  process.exit(0);
}
if (cli.kind === 'version') {
  process.stdout.write(`inres ${packageVersion()}\n`);
  process.exit(0);
}
if (cli.kind === 'error') fail(cli.message, 2);

/** package.json's version: two folders up in a clone (deploy/node), three in the package (dist/deploy/node). */
function packageVersion(): string {
  for (let dir = import.meta.dirname; dir !== dirname(dir); dir = dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'inres' && pkg.version) return pkg.version;
    } catch {
      // no package.json here: look one folder up
    }
  }
  return 'unknown';
}

const readText = (path: string) => readFileSync(path, 'utf8');
/** Node's server honours every server setting. */
const support: Support = {
  GATEWAY_KEYS_FILE: true,
  CONFIG: true,
  TLS_CERT: true,
  TLS_KEY: true,
  MAX_HEADER_BYTES: true,
  SHUTDOWN_TIMEOUT_MS: true,
  CLIENT_HEADERS_TIMEOUT_MS: true,
  CLIENT_REQUEST_TIMEOUT_MS: true,
};
const started = settingsFromEnv(cli.env, readText, support);
if (!started.ok) fail(started.message);
const { settings, tls } = started;

const logSink = createLineSink(process.stdout);
// Every way out (fail(), the end of a shutdown, an uncaught error) passes 'exit': queued lines go then.
process.on('exit', () => logSink.flush());
const logger = createLogger(settings.LOG_LEVEL, logSink.line);
let stopping = false;
const gateway = createNodeGateway(settings, { logger, draining: () => stopping }, tls);

/** Pingback delivery polls the upstream for the client: one bounded round a second. */
const pingbackTimer = setInterval(() => void gateway.tick(), 1000);

gateway.server.on('error', (e) => fail(`cannot listen on ${settings.HOST}:${settings.PORT}: ${e.message}`));
gateway.server.listen(settings.PORT, settings.HOST, () => {
  const addr = gateway.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : settings.PORT;
  logger.info('listening', {
    host: settings.HOST,
    port,
    tls: tls !== undefined,
    ...upstreamFields(settings),
  });
});

/**
 * Stop accepting, let requests in flight finish (readiness says 503 meanwhile), cut what is
 * left at the deadline, then release upstream and store connections. A second signal exits now.
 */
function shutdown(signal: string): void {
  if (stopping) process.exit(1);
  stopping = true;
  clearInterval(pingbackTimer);
  logger.info('shutting down', { signal, deadlineMs: settings.SHUTDOWN_TIMEOUT_MS });
  let forced = false;
  const deadline = setTimeout(() => {
    forced = true;
    logger.warn('shutdown deadline reached; closing connections');
    gateway.server.closeAllConnections();
  }, settings.SHUTDOWN_TIMEOUT_MS);
  gateway.server.close(() => {
    clearTimeout(deadline);
    void gateway.close(forced).finally(() => {
      logger.info('stopped');
      process.exit(0);
    });
  });
}
process.on('SIGHUP', () => reloadKeys(settings, gateway.access, logger, readText));
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
