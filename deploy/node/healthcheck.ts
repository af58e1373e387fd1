/**
 * @module
 * The container's HEALTHCHECK (deploy/node/Dockerfile): GET /healthz on this machine's PORT,
 * over HTTPS when TLS_CERT is set, as main.ts serves. Exit 0 on 200, else 1. The certificate is
 * not verified: it names the public host, and this check reaches the process over loopback.
 * Slim images have no curl, and Node's fetch cannot skip verification: node:http(s) it is.
 */
import { get as httpGet } from 'node:http';
import { get as httpsGet } from 'node:https';

const tls = Boolean(process.env.TLS_CERT?.trim());
const port = Number(process.env.PORT?.trim() || 8080);
const get = tls ? httpsGet : httpGet;
get({ host: '127.0.0.1', port, path: '/healthz', rejectUnauthorized: false, timeout: 2_000 }, (res) => {
  res.resume();
  process.exit(res.statusCode === 200 ? 0 : 1);
})
  .on('timeout', () => process.exit(1))
  .on('error', () => process.exit(1));
