/**
 * @module
 * createGateway(settings, platform): the one composition root. Every entrypoint under deploy/
 * passes only what its runtime provides (a transport, the peer address, a Redis command, a
 * pingback sender, durable task storage); the core picks memory or Redis for the store, the rate
 * counters and the pingback queue, and builds the key table and pingbacks, so a capability added
 * here is there on every runtime that can supply its part.
 */
import { Hono, type Context } from 'hono';
import { createAccess, type Access, type Admission } from './access/keys.ts';
import { bodyFits } from './http/body-limit.ts';
import { createCoordination } from './coordination.ts';
import { clientIpResolver, clientIpRule, type SocketIp } from './access/client-ip.ts';
import { addHealth } from './http/health.ts';
import { storeIds } from './ids/ids.ts';
import { createSolver } from './core/solver.ts';
import { withDbc } from './dbc/openapi.ts';
import { mountDbc } from './dbc/routes.ts';
import { createAdmission } from './legacy/admission.ts';
import { createLegacyEndpoint, type LegacyEndpoint, type LegacyPath } from './legacy/endpoint.ts';
import { legacyFace } from './legacy/in.ts';
import { methods } from './legacy/methods.ts';
import { proxiedOf } from './task/type.ts';
import { renderPingback } from './legacy/pingback.ts';
import { noFiles, queryParams, readParams, type ReadResult } from './legacy/params.ts';
import { silentLogger, type Logger } from './ops/log.ts';
import { metricsContentType } from './ops/metrics.ts';
import { modernCalls, modernGuard } from './http/modern-guard.ts';
import { createGatewayMetrics, observe, recorder, type GatewayMetrics, type ObserveVariables } from './ops/observe.ts';
import { openapi } from './legacy/openapi.ts';
import { mountModern, modernFace } from './modern/routes.ts';
import { modernCallback } from './modern/callback.ts';
import { createMemoryQueue, type PingbackQueue } from './pingback/queue.ts';
import { createRedisQueue } from './redis/pingback-queue.ts';
import { parseAllow, type Resolve } from './pingback/target.ts';
import { createPingbacks, type Pingbacks, type Post } from './pingback/worker.ts';
import { createRedisCounter } from './redis/rate-counter.ts';
import { createMemoryCounter, createRateLimiter, type RateCounter } from './access/rate-limit.ts';
import type { Settings } from './settings.ts';
import { createSandbox, sandboxNotice, sandboxUrl } from './sandbox/transport.ts';
import { signedIds } from './ids/signed-ids.ts';
import { createMemoryStore } from './store/memory.ts';
import { createStoreHealth, watchStore } from './store/health.ts';
import { createRedisStore, type RedisCommand } from './redis/store.ts';
import { useBase64Encoder, type Base64Encoder } from './task/base64.ts';
import type { TaskStore } from './store/types.ts';
import { limitInFlight } from './upstream/in-flight.ts';
import { instrumentUpstream } from './upstream/instrument.ts';
import { routerFor } from './upstream/routes.ts';
import type { Transport } from './upstream/transport.ts';

export interface Deps {
  /** How upstream calls leave the process: undici on Node, fetch elsewhere. */
  transport: Transport;
  /** The shared store behind STORE_URL: task ids, rate counters and pingback jobs live there. */
  redis?: RedisCommand;
  /** Its write path that waits for a replica (STORE_WAIT_REPLICAS); else `redis`. */
  redisDurable?: RedisCommand;
  /** The Redis client's state: connected and not stalled (no task is created upstream otherwise). */
  redisReady?: () => boolean;
  /** Where the Redis client reports following a new primary (inres_store_failovers_total). */
  onStoreFailover?: (listener: () => void) => void;
  /** Where task ids live when the runtime has its own (Durable Objects); else Redis or memory. */
  store?: TaskStore;
  logger?: Logger;
  now?: () => number;
  /** The connection's peer address (getConnInfo on Node); without it all clients share one rate limit. */
  socketIp?: SocketIp;
  /** Rate-limit counters; Redis with `redis`, else memory. */
  rateCounter?: RateCounter;
  /** True once the process drains before exit: /readyz answers 503. */
  draining?: () => boolean;
  /** How a pingback leaves this runtime; without it `pingback=` answers ERROR_BAD_PARAMETERS. */
  pingbackDelivery?: { post: Post; resolve: Resolve };
  /** Where pingback jobs live when the runtime has its own (Durable Objects); else Redis or memory. */
  pingbackQueue?: PingbackQueue;
  /** Pingbacks built elsewhere (tests); else built from `pingbackDelivery`. */
  pingbacks?: Pingbacks;
  /** Bytes → base64 the runtime's own way (Buffer on Node); else the standard `toBase64` or a table. */
  base64?: Base64Encoder;
  /** Routes an embedder leaves out (`false`); all are served by default. */
  routes?: { metrics?: boolean; openapi?: boolean; modern?: boolean; dbc?: boolean };
}

type Env = { Variables: ObserveVariables };

export interface Gateway {
  app: Hono<Env>;
  /** /in.php and /res.php without Hono: Node's fast path calls it straight from node:http. */
  legacy: LegacyEndpoint;
  /** The gateway key table, when GATEWAY_KEYS is set (the entrypoint reloads it on SIGHUP). */
  access?: Access;
  /** One bounded round of pingback delivery; the runtime calls it on a timer. Never rejects. */
  tick(): Promise<void>;
}

/**
 * The app and, for runtimes that can serve it without Hono, the legacy endpoint. Nothing here
 * reads the environment, listens or starts timers.
 */
export function createGateway(settings: Settings, deps: Deps): Gateway {
  if (deps.base64) useBase64Encoder(deps.base64);
  const now = deps.now ?? Date.now;
  const logger = deps.logger ?? silentLogger;
  const ttlMs = settings.TASK_TTL_SECONDS * 1000;
  const redis = deps.redis;
  const health = createStoreHealth({ probe: redis && (() => redis(['PING'])), now });
  // The memory store cannot fail to answer: only a store that can is watched.
  const remote =
    deps.store ??
    (redis && createRedisStore({ command: redis, durable: deps.redisDurable, ready: deps.redisReady, ttlMs, now }));
  const store = remote
    ? watchStore(remote, health)
    : createMemoryStore({
        ttlMs,
        maxEntries: settings.MAX_TASKS,
        maxRunningPerKey: settings.MAX_TASKS_PER_KEY ?? Math.ceil(settings.MAX_TASKS / 10),
        now,
      });
  const sandbox = settings.UPSTREAM_URL === sandboxUrl;
  if (sandbox) logger.warn(sandboxNotice, { delayMs: settings.SANDBOX_DELAY_MS });
  const transport = sandbox ? createSandbox({ delayMs: settings.SANDBOX_DELAY_MS, now }).transport : deps.transport;
  const inFlight = limitInFlight(transport, settings.MAX_UPSTREAM_IN_FLIGHT);
  const metrics = createGatewayMetrics({
    storeSize: store.size?.bind(store),
    upstreamInFlight: inFlight.count,
    storeUp: () => (health.up() ? 1 : 0),
  });
  deps.onStoreFailover?.(() => metrics.storeFailovers.inc());
  const shared = createCoordination(settings, metrics, now, deps.redis);
  const access = settings.GATEWAY_KEYS ? createAccess(settings.GATEWAY_KEYS) : undefined;
  // Every upstream's client is measured; the router alone maps gateway keys to upstream keys.
  const upstream = routerFor(
    settings,
    inFlight.transport,
    now,
    (client, dialect, name) =>
      instrumentUpstream(
        client,
        (call, outcome, seconds) => {
          metrics.upstreamCalls.inc([dialect, call, outcome]);
          metrics.upstreamSeconds.observe(seconds, [dialect, call]);
        },
        {
          upstream: name,
          ...(settings.LOG_LEVEL === 'debug' && { debug: (msg, fields) => logger.debug(msg, fields) }),
        },
      ),
    shared.attach,
    access && ((key) => access.upstreamKey(key)),
  );
  const limiter = createRateLimiter(
    {
      perIp: settings.RATE_LIMIT_PER_IP,
      perKey: settings.RATE_LIMIT_PER_KEY,
      windowMs: settings.RATE_LIMIT_WINDOW_SECONDS * 1000,
    },
    deps.rateCounter ?? (deps.redis ? createRedisCounter(deps.redis) : createMemoryCounter()),
    now,
  );
  const admit = createAdmission({ limiter, access, maxParamBytes: settings.MAX_PARAM_BYTES });
  const pingbacks = deps.pingbacks ?? pingbacksFor(settings, deps, ttlMs, metrics, access);
  const solver = createSolver({
    upstream,
    ids:
      settings.IDS_SECRET && settings.IDS === 'stateless'
        ? signedIds({ secret: settings.IDS_SECRET, ttlMs, now, types: methods.map((row) => row.type) })
        : storeIds(store),
    logger,
    now,
    callbacks: pingbacks,
    polls: shared.polls,
  });
  pingbacks?.use({ solver, logger, now });
  const ctx = { solver, logger };

  const clientIp = clientIpRule(settings.TRUSTED_PROXIES);
  const legacy = createLegacyEndpoint({ ctx, admit, clientIp, metrics, logger, record: recorder(metrics, logger) });

  /** A body over the cap has been drained; its answer can only use the query string. */
  async function read(c: Context<Env>): Promise<ReadResult> {
    if (await bodyFits(c, settings.MAX_BODY_BYTES)) return readParams(c.req.raw, settings.MAX_PARAMS);
    const values = queryParams(c.req.url, settings.MAX_PARAMS);
    return { params: { values, files: noFiles }, error: 'ERROR_TOO_BIG_CAPTCHA_FILESIZE' };
  }

  async function serveLegacy(c: Context<Env>, path: LegacyPath): Promise<Response> {
    const reply = await legacy({
      method: c.req.method,
      path,
      header: (name: string) => c.req.header(name),
      peer: deps.socketIp?.(c),
      read: () => read(c),
    });
    return new Response(reply.body, { status: reply.status, headers: reply.headers });
  }

  const app = new Hono<Env>();
  // Before the middleware: the legacy endpoint observes its requests itself.
  app.all('/in.php', (c) => serveLegacy(c, '/in.php'));
  app.all('/res.php', (c) => serveLegacy(c, '/res.php'));
  app.use(observe(metrics, logger, clientIpResolver(deps.socketIp, clientIp)));
  // The DBC face, unless left out; before the modern guard: it answers its own limits in DBC's terms.
  if (deps.routes?.dbc !== false) {
    mountDbc(app, {
      solver,
      access,
      limiter,
      onLimited: () => metrics.rateLimited.inc(['dbc']),
      maxBodyBytes: settings.MAX_BODY_BYTES,
      limits: { maxParams: settings.MAX_PARAMS, maxParamBytes: settings.MAX_PARAM_BYTES },
      watch: pingbacks !== undefined,
      ip: (c) => c.get('ip'),
    });
  }
  app.use(
    modernGuard({
      limiter,
      maxBodyBytes: settings.MAX_BODY_BYTES,
      skip: new Set(['/healthz', '/readyz', '/metrics']),
      onLimited: () => metrics.rateLimited.inc(['modern']),
    }),
  );
  // The modern face, unless the embedder leaves it out.
  if (deps.routes?.modern !== false) {
    mountModern(app, {
      solver,
      access,
      ip: (c) => c.get('ip'),
      limiter,
      onLimited: () => metrics.rateLimited.inc(['modern']),
      logger,
      now,
      types: methods.flatMap((row) => [row.type, proxiedOf(row.type)]),
      dialect: settings.MODERN_DIALECT,
      maxParams: settings.MAX_PARAMS,
    });
  }
  addHealth(app, deps.draining, health.check);
  if (deps.routes?.openapi !== false) {
    const modern = deps.routes?.modern === false ? [] : modernCalls;
    // The servers entry: where this app is mounted, as the document was asked for.
    const dbcDoc = deps.routes?.dbc === false ? (doc: Record<string, unknown>) => doc : withDbc;
    const served = (c: Context<Env>) => new URL('.', c.req.url).href.replace(/\/$/, '');
    app.get('/openapi.json', (c) =>
      c.json(dbcDoc(openapi({ server: served(c), modernCalls: modern, metrics: deps.routes?.metrics !== false }))),
    );
  }
  if (deps.routes?.metrics !== false) {
    app.get('/metrics', async (c) => {
      await health.check();
      return c.body(metrics.registry.render(), 200, { 'content-type': metricsContentType });
    });
  }
  app.notFound((c) => c.text('Not Found', 404));
  app.onError((e, c) => {
    logger.error('unhandled error', { requestId: c.get('requestId'), path: c.req.path, error: e.message });
    return c.text('Internal Server Error', 500);
  });
  return { app, legacy, access, tick: async () => pingbacks?.tick() };
}

/** Pingbacks where the runtime can send them: jobs in Redis with `redis` (any instance delivers), else in memory. */
function pingbacksFor(
  settings: Settings,
  deps: Deps,
  ttlMs: number,
  metrics: GatewayMetrics,
  access: Access | undefined,
): Pingbacks | undefined {
  if (!deps.pingbackDelivery) return undefined;
  return createPingbacks({
    render: { [legacyFace]: renderPingback, [modernFace]: modernCallback(settings.MODERN_DIALECT) },
    queue:
      deps.pingbackQueue ??
      (deps.redis ? createRedisQueue(deps.redis) : createMemoryQueue({ maxJobs: settings.MAX_TASKS })),
    ...deps.pingbackDelivery,
    allow: parseAllow(settings.PINGBACK_ALLOW),
    ttlMs,
    upstreamTimeoutMs: settings.UPSTREAM_TIMEOUT_MS,
    admits: access && (async (key) => stillAdmitted(await access.admit(key, ''))),
    events: {
      result: (result) => metrics.pingbackDeliveries.inc([result]),
      depth: (jobs) => metrics.pingbackQueueDepth.set(jobs),
    },
  });
}

/** A job has no client address: only a key gone from the table or banned stops its pingback. */
const stillAdmitted = (a: Admission): boolean => a.ok || a.code === 'IP_BANNED';
