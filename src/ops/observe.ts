/**
 * @module
 * What an operator sees of each request: a request id (also sent back as `X-Request-Id`), one
 * JSON access-log line, and the gateway's metrics. Logs carry the path, never the URL (legacy
 * GETs carry `key=` in the query); metric labels are folded to known values and hold no keys.
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { ClientIp } from '../access/client-ip.ts';
import type { Logger } from './log.ts';
import { requestIdFrom } from '../http/request-id.ts';
import { createRegistry, latencyBuckets, type Counter, type Gauge, type Histogram, type Registry } from './metrics.ts';

export interface GatewayMetrics {
  registry: Registry;
  requests: Counter;
  requestSeconds: Histogram;
  inFlight: Gauge;
  upstreamCalls: Counter;
  upstreamSeconds: Histogram;
  rateLimited: Counter;
  polledCoalesced: Counter;
  /** Incremented where the store client follows a new primary (deploy/node/redis-client.ts). */
  storeFailovers: Counter;
  pingbackDeliveries: Counter;
  pingbackQueueDepth: Gauge;
}

export interface MetricsSources {
  /** Live task ids in the store, where counting them is cheap (not a shared store). */
  storeSize?: () => number;
  /** Upstream calls in flight. */
  upstreamInFlight: () => number;
  /** 1 while the task store answers (store/health.ts). */
  storeUp?: () => number;
}

export function createGatewayMetrics(sources: MetricsSources): GatewayMetrics {
  const registry = createRegistry();
  const metrics: GatewayMetrics = {
    registry,
    requests: registry.counter(
      'inres_requests_total',
      'Requests by face (legacy, modern, dbc, none), endpoint, legacy action and method, and result (legacy code or HTTP status).',
      ['face', 'endpoint', 'action', 'method', 'code'],
    ),
    requestSeconds: registry.histogram(
      'inres_request_duration_seconds',
      'Time to answer a request.',
      ['endpoint'],
      latencyBuckets,
    ),
    inFlight: registry.gauge('inres_requests_in_flight', 'Requests being answered now.'),
    upstreamCalls: registry.counter('inres_upstream_calls_total', 'Upstream calls by dialect, call and outcome.', [
      'dialect',
      'call',
      'outcome',
    ]),
    upstreamSeconds: registry.histogram(
      'inres_upstream_call_duration_seconds',
      'Time an upstream call took.',
      ['dialect', 'call'],
      latencyBuckets,
    ),
    rateLimited: registry.counter('inres_rate_limited_total', 'Requests refused by a rate limit.', ['endpoint']),
    polledCoalesced: registry.counter(
      'inres_polls_coalesced_total',
      'Polls answered without an upstream call of their own: joined one in flight, or within POLL_MIN_INTERVAL_MS of the last.',
      ['how'],
    ),
    storeFailovers: registry.counter(
      'inres_store_failovers_total',
      'Times the shared store client followed a new primary.',
    ),
    pingbackDeliveries: registry.counter(
      'inres_pingback_deliveries_total',
      'Pingback jobs by how they ended: delivered, failed (retried), refused, expired, gone, revoked, error.',
      ['result'],
    ),
    pingbackQueueDepth: registry.gauge(
      'inres_pingback_queue_depth',
      'Pingback jobs queued (due or not), as the last claim found them.',
    ),
  };
  registry.gaugeFn('inres_upstream_in_flight', 'Upstream calls in flight now.', sources.upstreamInFlight);
  if (sources.storeUp)
    registry.gaugeFn(
      'inres_store_up',
      '1 when the task store answered its last call or probe (PING, at most once a second as /readyz or /metrics is read), 0 when it did not.',
      sources.storeUp,
    );
  if (sources.storeSize)
    registry.gaugeFn('inres_store_entries', "Task ids held by this instance's store.", sources.storeSize);
  return metrics;
}

const endpoints: Readonly<Record<string, string>> = {
  '/in.php': 'in.php',
  '/res.php': 'res.php',
  '/healthz': 'healthz',
  '/readyz': 'readyz',
  '/metrics': 'metrics',
};

/** The DBC face's paths, ids folded out: the endpoint label and the path logged alike. */
const dbcEndpoints: readonly [RegExp, string][] = [
  [/^\/api\/captcha\/?$/, '/api/captcha'],
  [/^\/api\/captcha\/\d{1,32}\/?$/, '/api/captcha/{id}'],
  [/^\/api\/captcha\/\d{1,32}\/report\/?$/, '/api/captcha/{id}/report'],
  [/^\/api\/user\/?$/, '/api/user'],
  [/^\/api\/status\/?$/, '/api/status'],
];

const dbcEndpointOf = (path: string): string | undefined =>
  path.startsWith('/api/') ? dbcEndpoints.find(([pattern]) => pattern.test(path))?.[1] : undefined;

/** The endpoint label: a known path, `modern` for the modern face, `other` for what was not found. */
export function endpointOf(path: string, status: number): string {
  if (Object.hasOwn(endpoints, path)) return endpoints[path]!;
  if (status === 404) return 'other';
  return dbcEndpointOf(path) ?? 'modern';
}

/** The face label: which protocol a request spoke, from its endpoint (`none`: the operator's own). */
export function faceOf(endpoint: string): string {
  if (endpoint === 'in.php' || endpoint === 'res.php') return 'legacy';
  if (endpoint.startsWith('/api/')) return 'dbc';
  return endpoint === 'modern' ? 'modern' : 'none';
}

export interface ObserveVariables {
  requestId: string;
  /** The client's address, as the client-IP rule tells it. */
  ip: string;
}

/** What a face says of a request beyond its path: the call, the task method and the result, each from a bounded set. */
export interface RequestLabels {
  action: string;
  method: string;
  code: string;
}

/** What is known of a request once it is answered. */
export interface Finished {
  requestId: string;
  ip: string;
  method: string;
  path: string;
  status: number;
  /** performance.now() when the request came in. */
  started: number;
  /** Legacy requests: what they asked for and how they ended. */
  legacy?: RequestLabels;
}

/**
 * A path a client made up may hold anything, a key included: only known shapes are logged. A DBC
 * path is logged without its id, which is all an uncredentialed poll needs.
 */
const plainPath = /^\/[\w.-]{1,64}$/;
const pathForLog = (path: string, endpoint: string): string =>
  endpoint.startsWith('/api/') ? endpoint : endpoint !== 'other' && plainPath.test(path) ? path : '[other]';

const quiet = new Set(['healthz', 'readyz', 'metrics']);
const none = 'none';

/** Counts, times and logs one answered request (one access-log line). */
export function recorder(metrics: GatewayMetrics, logger: Logger): (f: Finished) => void {
  return function record({ requestId, ip, method, path, status, started, legacy }) {
    const seconds = (performance.now() - started) / 1000;
    const endpoint = endpointOf(path, status);
    metrics.requests.inc([
      faceOf(endpoint),
      endpoint,
      legacy?.action ?? none,
      legacy?.method ?? none,
      legacy?.code ?? String(status),
    ]);
    metrics.requestSeconds.observe(seconds, [endpoint]);
    const log = quiet.has(endpoint) ? logger.debug : logger.info;
    const ms = Math.round(seconds * 10_000) / 10;
    const fields = legacy
      ? {
          requestId,
          ip,
          method,
          path,
          status,
          endpoint,
          action: legacy.action,
          legacyMethod: legacy.method,
          code: legacy.code,
          ms,
        }
      : { requestId, ip, method, path: pathForLog(path, endpoint), status, endpoint, ms };
    log('request', fields);
  };
}

/** The same for every request Hono serves (legacy requests record themselves: legacy/endpoint.ts). */
export function observe(
  metrics: GatewayMetrics,
  logger: Logger,
  clientIp: ClientIp,
): MiddlewareHandler<{ Variables: ObserveVariables }> {
  const record = recorder(metrics, logger);
  return async function observeRequest(c: Context<{ Variables: ObserveVariables }>, next) {
    const started = performance.now();
    const requestId = requestIdFrom(c.req.header('x-request-id'));
    c.set('requestId', requestId);
    const ip = clientIp(c);
    c.set('ip', ip);
    metrics.inFlight.add(1);
    try {
      await next();
    } finally {
      metrics.inFlight.add(-1);
    }
    c.res.headers.set('x-request-id', requestId);
    record({ requestId, ip, method: c.req.method, path: c.req.path, status: c.res.status, started });
  };
}
