/**
 * @module
 * The router the settings describe: the `UPSTREAMS` list, or the single `UPSTREAM_URL` with
 * `UPSTREAM_DIALECT`, each upstream with its client and its breaker.
 */
import type { Settings } from '../settings.ts';
import { createBreaker } from './breaker.ts';
import type { AttachRoute } from './budgets.ts';
import { createUpstream, type Upstream } from './client.ts';
import { dialects, type DialectName } from './dialects.ts';
import { createRouter, type Route, type Router } from './router.ts';
import type { Transport } from './transport.ts';

/** Wraps an upstream's client (metrics, traces) before the router uses it; `name` is the upstream's. */
export type Decorate = (client: Upstream, dialect: DialectName, name: string) => Upstream;

export function routerFor(
  settings: Settings,
  transport: Transport,
  now: () => number,
  decorate: Decorate = (c) => c,
  attach?: AttachRoute,
  upstreamKey?: (key: string) => string,
): Router {
  const configured = settings.UPSTREAMS ?? [
    { name: 'default', url: settings.UPSTREAM_URL, dialect: settings.UPSTREAM_DIALECT },
  ];
  const routes = configured.map((u): Route => {
    const dialect = dialects[u.dialect];
    const route: Route = {
      name: u.name,
      baseUrl: u.url,
      dialect,
      client: decorate(
        createUpstream({ baseUrl: u.url, dialect, transport, timeoutMs: settings.UPSTREAM_TIMEOUT_MS }),
        u.dialect,
        u.name,
      ),
      breaker: createBreaker({ failures: settings.BREAKER_FAILURES, cooldownMs: settings.BREAKER_COOLDOWN_MS, now }),
    };
    if ('keys' in u && u.keys) route.keys = u.keys;
    if ('types' in u && u.types) route.types = u.types;
    attach?.(route, ('rateLimit' in u ? u.rateLimit : undefined) ?? settings.UPSTREAM_RATE_LIMIT);
    return route;
  });
  return createRouter({
    routes,
    retry: { attempts: settings.UNSOLVABLE_RETRIES, withinMs: settings.UNSOLVABLE_RETRY_WINDOW_MS },
    balance: settings.BALANCE,
    now,
    upstreamKey,
  });
}
