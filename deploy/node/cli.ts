/**
 * @module
 * Command-line flags: every setting is also a flag (`UPSTREAM_URL` is `--upstream-url`), a few
 * have short names (`--upstream`, `--dialect`), and flags win over the environment. The result
 * is the same plain record `loadSettings` reads, so both paths share one validation.
 */
import { sandboxUrl } from '../../src/sandbox/transport.ts';
import { defaultSettings, settingNames, type Settings } from '../../src/settings.ts';

/** The concerns `--help` groups the options under, in its order. */
const groups = ['Listening', 'Upstream', 'Keys and clients', 'Tasks and store', 'Pingbacks', 'Logs'] as const;
type Group = (typeof groups)[number];

/** Each setting's concern and what it does, for `--help`: a setting added without one does not compile. */
const described: Record<keyof Settings, [Group, string]> = {
  PORT: ['Listening', 'port to listen on'],
  HOST: ['Listening', 'address to listen on'],
  TLS_CERT: ['Listening', 'PEM certificate file: serve HTTPS (with TLS_KEY)'],
  TLS_KEY: ['Listening', 'PEM private key file for TLS_CERT'],
  MAX_HEADER_BYTES: ['Listening', 'largest request head (legacy GETs carry long query strings)'],
  MAX_BODY_BYTES: ['Listening', 'largest request body'],
  MAX_PARAM_BYTES: ['Listening', 'longest text parameter (image data excepted)'],
  MAX_PARAMS: ['Listening', 'most parameters in one request (query, form fields, multipart parts, JSON keys)'],
  CLIENT_HEADERS_TIMEOUT_MS: ['Listening', 'a client that has not sent its request head by then is cut off'],
  CLIENT_REQUEST_TIMEOUT_MS: ['Listening', 'a client that has not sent its whole request by then is cut off'],
  SHUTDOWN_TIMEOUT_MS: ['Listening', 'how long a shutdown waits for requests in flight'],
  UPSTREAM_URL: ['Upstream', 'base URL of the modern captcha API, or sandbox'],
  UPSTREAM_DIALECT: ['Upstream', 'which vendor dialect the upstream speaks'],
  MODERN_DIALECT: ['Keys and clients', 'the family a modern request is answered in when its path and task do not say'],
  UPSTREAMS: ['Upstream', 'JSON list of upstreams (url, dialect, name, keys, types, priority); replaces UPSTREAM_URL'],
  CONFIG: ['Upstream', 'file holding the UPSTREAMS JSON'],
  UPSTREAM_TIMEOUT_MS: ['Upstream', 'longest wait for one upstream call'],
  MAX_UPSTREAM_IN_FLIGHT: ['Upstream', 'most upstream calls at once; past it: ERROR_NO_SLOT_AVAILABLE'],
  BREAKER_FAILURES: ['Upstream', "faults in a row that open an upstream's circuit breaker"],
  BREAKER_COOLDOWN_MS: ['Upstream', 'how long an open breaker keeps new tasks away'],
  UNSOLVABLE_RETRIES: ['Upstream', 'resubmissions of an unsolvable task (0: off)'],
  UNSOLVABLE_RETRY_WINDOW_MS: ['Upstream', 'no resubmission once a task is this old'],
  BALANCE: ['Upstream', 'getbalance with several upstreams: primary or sum'],
  UPSTREAM_RATE_LIMIT: [
    'Upstream',
    'calls per window each upstream takes, all instances together: <requests>/<seconds>',
  ],
  UPSTREAM_RATE_INSTANCES: ['Upstream', 'instances assumed to share the budget until the heartbeat counts them'],
  POLL_MIN_INTERVAL_MS: [
    'Upstream',
    'answer a poll of an id polled upstream less than this ago from its last state (0: off)',
  ],
  SANDBOX_DELAY_MS: ['Upstream', 'with UPSTREAM_URL=sandbox: how long a fake task stays not ready'],
  GATEWAY_KEYS: [
    'Keys and clients',
    'JSON object of gateway keys: {"<key>": {"upstream": "...", "ips": [...], "banned": false}}',
  ],
  GATEWAY_KEYS_FILE: ['Keys and clients', 'file holding the GATEWAY_KEYS JSON (SIGHUP rereads it)'],
  TRUSTED_PROXIES: ['Keys and clients', 'comma-separated proxy addresses/CIDRs whose X-Forwarded-For is believed'],
  RATE_LIMIT_PER_IP: ['Keys and clients', 'requests per window per client IP (0: off)'],
  RATE_LIMIT_PER_KEY: ['Keys and clients', 'requests per window per key (0: off)'],
  RATE_LIMIT_WINDOW_SECONDS: ['Keys and clients', 'length of a rate-limit window'],
  TASK_TTL_SECONDS: ['Tasks and store', 'how long a task id stays pollable'],
  MAX_TASKS: ['Tasks and store', 'most task ids the memory store keeps'],
  MAX_TASKS_PER_KEY: [
    'Tasks and store',
    "most running tasks of one key in the memory store (unset: a tenth of MAX_TASKS); past it, that key's submits answer ERROR_NO_SLOT_AVAILABLE",
  ],
  STORE_URL: [
    'Tasks and store',
    'store (and rate counters) shared by several instances: redis[s]://…, redis+sentinel://[:password@]h1:26379,h2:26380/<primary-name> or redis+cluster://[:password@]h1:7000,h2:7001',
  ],
  STORE_TIMEOUT_MS: ['Tasks and store', 'longest wait for the store in one request'],
  STORE_WAIT_REPLICAS: [
    'Tasks and store',
    '1: OK|<id> only once a replica holds the task (WAIT), when the primary has replicas; 0: off',
  ],
  IDS: ['Tasks and store', 'store: ids name stored records; stateless: signed self-contained ids, no store needed'],
  IDS_SECRET: ['Tasks and store', 'with IDS=stateless: the signing secret, at least 32 characters'],
  PINGBACK_ALLOW: ['Pingbacks', 'hosts, addresses or CIDRs a pingback may reach past the SSRF guard (comma-separated)'],
  LOG_LEVEL: ['Logs', 'debug, info, warn or error (JSON lines on stdout)'],
};

/** Flags that stand for a setting's value: `--sandbox` is `--upstream-url sandbox`. */
const switches: Readonly<Record<string, [keyof Settings, string]>> = {
  '--sandbox': ['UPSTREAM_URL', sandboxUrl],
};

const aliases: Readonly<Record<string, keyof Settings>> = {
  upstream: 'UPSTREAM_URL',
  dialect: 'UPSTREAM_DIALECT',
};

const flagOf = (name: string): string => `--${name.toLowerCase().replaceAll('_', '-')}`;

const flags = new Map<string, string>([
  ...settingNames.map((name) => [flagOf(name), name] as const),
  ...Object.entries(aliases).map(([alias, name]) => [`--${alias}`, name] as const),
]);

export type CliResult =
  | { kind: 'run'; env: Record<string, string | undefined> }
  | { kind: 'help'; text: string }
  | { kind: 'version' }
  | { kind: 'error'; message: string };

/** Reads `argv` (without node and the script) over `env`. */
export function parseCli(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): CliResult {
  const out: Record<string, string | undefined> = { ...env };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') return { kind: 'help', text: helpText() };
    if (arg === '--version' || arg === '-v') return { kind: 'version' };
    if (Object.hasOwn(switches, arg)) {
      const [name, value] = switches[arg]!;
      out[name] = value;
      continue;
    }
    const eq = arg.indexOf('=');
    const flag = eq === -1 ? arg : arg.slice(0, eq);
    const name = flags.get(flag);
    if (!name) return { kind: 'error', message: `unknown option ${flag} (see --help)` };
    const value = eq === -1 ? argv[++i] : arg.slice(eq + 1);
    if (value === undefined) return { kind: 'error', message: `option ${flag} needs a value` };
    out[name] = value;
  }
  return { kind: 'run', env: out };
}

function shown(value: unknown): string {
  if (value === undefined) return '';
  if (Array.isArray(value)) return value.length ? value.join(',') : '';
  return String(value);
}

export function helpText(): string {
  const defaults = defaultSettings();
  const option = (name: keyof Settings): string => {
    const fallback = shown(defaults[name]);
    const alias = Object.entries(aliases).find(([, n]) => n === name)?.[0];
    const flag = `${flagOf(name)}${alias ? `, --${alias}` : ''}`;
    return `  ${flag.padEnd(36)} ${name}${fallback ? ` (default ${fallback})` : ''}\n  ${''.padEnd(36)} ${described[name][1]}`;
  };
  const sections = groups.flatMap((group) => [
    `${group}:`,
    ...settingNames.filter((name) => described[name][0] === group).map(option),
    '',
  ]);
  return [
    'inres: a legacy 2captcha (in.php/res.php) gateway over modern captcha APIs',
    '',
    'usage: inres [--option value | --option=value]...',
    '',
    'Every option is also an environment variable (the name after it); options win.',
    'Settings in full: docs/settings.md (in the package: node_modules/inres/docs/settings.md).',
    '',
    `  ${'--sandbox'.padEnd(36)} UPSTREAM_URL=sandbox: the built-in fake solver (no account, nothing solved)`,
    `  ${'--help, -h'.padEnd(36)} this text`,
    `  ${'--version, -v'.padEnd(36)} the version of inres`,
    '',
    ...sections,
  ].join('\n');
}
