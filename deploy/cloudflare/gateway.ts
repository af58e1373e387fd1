/**
 * @module
 * The gateway on Workers, for the Worker's requests and for a task object's alarm alike: settings
 * from the bindings (refusing what a Worker cannot honour), the fetch transport, and pingback
 * sent with fetch. The caller passes where ids and pingback jobs live (Durable Objects).
 */
import { createGateway, type Deps, type Gateway } from '../../src/app.ts';
import { createLogger } from '../../src/ops/log.ts';
import type { Resolve } from '../../src/pingback/target.ts';
import type { Post } from '../../src/pingback/worker.ts';
import { loadSettings, type Settings, type SettingsResult, type Support } from '../../src/settings.ts';
import { fetchTransport } from '../../src/upstream/fetch-transport.ts';

const noFiles = 'a Worker cannot read files';
/** A Worker honours no server setting: set, every request answers 503 naming it. */
const support: Support = {
  GATEWAY_KEYS_FILE: `${noFiles}; put the table in the GATEWAY_KEYS secret`,
  CONFIG: `${noFiles}; put the list in the UPSTREAMS variable`,
  TLS_CERT: 'Cloudflare terminates TLS for a Worker',
  TLS_KEY: 'Cloudflare terminates TLS for a Worker',
  MAX_HEADER_BYTES: 'Cloudflare sets the header size limit',
  SHUTDOWN_TIMEOUT_MS: 'the Workers runtime ends requests itself',
  CLIENT_HEADERS_TIMEOUT_MS: 'the Workers runtime manages client connections',
  CLIENT_REQUEST_TIMEOUT_MS: 'the Workers runtime manages client connections',
};

/** The settings in a Worker's bindings (its string vars and secrets). */
export function settingsOf(env: Record<string, unknown>): SettingsResult {
  const vars: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) if (typeof value === 'string') vars[name] = value;
  return loadSettings(vars, support);
}

/**
 * A Worker cannot pin a connection to an address (nor fetch a raw IP once deployed), so the
 * SSRF guard's check of the resolved addresses is backed by Cloudflare's own refusal to reach
 * private networks. Redirects are not followed; the answer is discarded.
 */
const fetchPost: Post = async (_target, sent, timeoutMs) => {
  const res = await fetch(sent.url, {
    method: sent.method,
    ...(sent.contentType !== undefined && { headers: { 'content-type': sent.contentType } }),
    ...(sent.body !== undefined && { body: sent.body }),
    redirect: 'manual',
    signal: AbortSignal.timeout(timeoutMs),
  });
  await res.body?.cancel();
  return res.status;
};

/** Host names resolved over DNS-over-HTTPS (Workers have no resolver API): A and AAAA. */
const dohResolve: Resolve = async (host) => {
  const answers = await Promise.all(
    ['A', 'AAAA'].map(async (type) => {
      const url = `https://cloudflare-dns.com/dns-query?${new URLSearchParams({ name: host, type })}`;
      const res = await fetch(url, { headers: { accept: 'application/dns-json' } });
      const body = (await res.json()) as { Answer?: { type: number; data: string }[] };
      return (body.Answer ?? []).filter((a) => a.type === 1 || a.type === 28).map((a) => a.data);
    }),
  );
  return answers.flat();
};

/** The gateway over the given task store and pingback queue (Durable Objects, or none). */
export function workerGateway(settings: Settings, parts: Pick<Deps, 'store' | 'pingbackQueue' | 'socketIp'>): Gateway {
  return createGateway(settings, {
    transport: fetchTransport(),
    logger: createLogger(settings.LOG_LEVEL, (line) => console.log(line)),
    ...parts,
    ...(parts.pingbackQueue && { pingbackDelivery: { post: fetchPost, resolve: dohResolve } }),
  });
}
