/**
 * @module
 * Embedding: `createInres(settings, options)` is the gateway as a Hono app to mount in an existing
 * one (`app.route('/captcha', createInres({...}))`) or to serve as a fetch handler. Settings are a
 * plain object with the environment's names, validated by the same schema as the environment.
 * It is the one public builder; `createGateway` (app.ts) is the composition root beneath it.
 */
import type { Context } from 'hono';
import type { GetConnInfo } from 'hono/conninfo';
import type { SocketIp } from './access/client-ip.ts';
import { createGateway, type Deps, type Gateway } from './app.ts';
import { createLogger, type Logger } from './ops/log.ts';
import { loadSettings, settingNames, type Settings } from './settings.ts';
import { fetchTransport } from './upstream/fetch-transport.ts';

/** A setting as code passes it: text as in the environment, or a number, flag, list or object. */
export type SettingValue =
  | string
  | number
  | boolean
  | readonly string[]
  | Readonly<Record<string, unknown>>
  | readonly Readonly<Record<string, unknown>>[];
export type InresSettings = Partial<Record<keyof Settings, SettingValue>>;

export class InvalidSettings extends Error {
  readonly code = 'INVALID_SETTINGS';
  constructor(message: string) {
    super(`inres: ${message}`);
    this.name = 'InvalidSettings';
  }
}

/** A value as the environment would spell it: lists of names comma-separated, objects as JSON. */
function asText(value: SettingValue): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value.join(',');
  return JSON.stringify(value);
}

/** Validates settings (an unknown name or a bad value throws InvalidSettings naming the setting). */
export function embeddedSettings(settings: InresSettings): Settings {
  const known = new Set<string>(settingNames);
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(settings)) {
    if (!known.has(name)) throw new InvalidSettings(`unknown setting ${name}`);
    if (value !== undefined) env[name] = asText(value);
  }
  const loaded = loadSettings(env);
  if (!loaded.ok) throw new InvalidSettings(loaded.message);
  return loaded.settings;
}

/** What `createInres` takes besides settings. Every field is optional. */
export interface InresOptions extends Partial<Omit<Deps, 'routes'>> {
  /**
   * The runtime adapter's `getConnInfo` (`@hono/node-server/conninfo`, `hono/bun`, `hono/deno`,
   * `hono/cloudflare-workers`): the peer address per-IP rate limits and key IP rules use. Without
   * it, the address @hono/node-server, `Deno.serve` or `Bun.serve` put in `c.env` is read.
   */
  connInfo?: GetConnInfo;
  /** Where log lines go; default: JSON lines through `console.log` at LOG_LEVEL. */
  logger?: Logger;
  /** `false` leaves out `/metrics` (Prometheus text). */
  metrics?: boolean;
  /** `false` leaves out `/openapi.json`. */
  openapi?: boolean;
  /** `false` leaves out the modern JSON API (`/createTask`, `/getTaskResult`, …). */
  modern?: boolean;
  /** `false` leaves out the DeathByCaptcha API (`/api/captcha`, `/api/user`, …). */
  dbc?: boolean;
}

/** What the runtime adapters put in `c.env`, read as plain objects (no adapter imported). */
interface AdapterEnv {
  /** @hono/node-server: the node:http request. */
  incoming?: { socket?: { remoteAddress?: unknown } };
  /** `Deno.serve(app.fetch)`: its ServeHandlerInfo. */
  remoteAddr?: { hostname?: unknown };
  /** `Bun.serve({ fetch: app.fetch })`: the server. */
  requestIP?: (request: Request) => { address?: unknown } | null;
}

/** The peer address from the adapter that serves the request, when it is one of those three. */
export const adapterPeer: SocketIp = (c: Context) => {
  const env = c.env as AdapterEnv | undefined;
  const address =
    env?.incoming?.socket?.remoteAddress ??
    env?.remoteAddr?.hostname ??
    (typeof env?.requestIP === 'function' ? env.requestIP(c.req.raw)?.address : undefined);
  return typeof address === 'string' ? address : undefined;
};

/**
 * The gateway as a Hono app; upstream calls go through the runtime's `fetch` unless `options`
 * says otherwise.
 */
export function createInres(settings: InresSettings = {}, options: InresOptions = {}): Gateway['app'] {
  const { connInfo, metrics, openapi, modern, dbc, ...deps } = options;
  const valid = embeddedSettings(settings);
  const logger = deps.logger ?? createLogger(valid.LOG_LEVEL, (line) => console.log(line));
  const socketIp = deps.socketIp ?? (connInfo ? (c: Context) => connInfo(c).remote.address : adapterPeer);
  return createGateway(valid, {
    transport: fetchTransport(),
    ...deps,
    logger,
    socketIp,
    routes: { metrics, openapi, modern, dbc },
  }).app;
}
