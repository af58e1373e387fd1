/**
 * @module
 * Command-line flags: every setting is also a flag (`UPSTREAM_URL` is `--upstream-url`), a few
 * have short names (`--upstream`, `--dialect`), and flags win over the environment. The result
 * is the same plain record `loadSettings` reads, so both paths share one validation.
 */
import { sandboxUrl } from '../../src/sandbox/transport.ts';
import { defaultSettings, settingNames, type Settings } from '../../src/settings.ts';

/** What each setting does, for `--help`. */
const descriptions: Partial<Record<keyof Settings, string>> = {
  PORT: 'port to listen on',
  HOST: 'address to listen on',
  UPSTREAM_URL: 'base URL of the modern captcha API',
  UPSTREAM_DIALECT: 'which vendor dialect the upstream speaks',
  UPSTREAM_TIMEOUT_MS: 'longest wait for one upstream call',
  TASK_TTL_SECONDS: 'how long a task id stays pollable',
  MAX_TASKS: 'most task ids the memory store keeps',
  MAX_TASKS_PER_KEY:
    "most running tasks of one key in the memory store (unset: a tenth of MAX_TASKS); past it, that key's submits answer ERROR_NO_SLOT_AVAILABLE",
  STORE_URL:
    'store (and rate counters) shared by several instances: redis[s]://…, redis+sentinel://[:password@]h1:26379,h2:26380/<primary-name> or redis+cluster://[:password@]h1:7000,h2:7001',
  STORE_TIMEOUT_MS: 'longest wait for the store in one request',
  STORE_WAIT_REPLICAS: '1: OK|<id> only once a replica holds the task (WAIT), when the primary has replicas; 0: off',
  LOG_LEVEL: 'debug, info, warn or error (JSON lines on stdout)',
  GATEWAY_KEYS: 'JSON object of gateway keys: {"<key>": {"upstream": "...", "ips": [...], "banned": false}}',
  GATEWAY_KEYS_FILE: 'file holding the GATEWAY_KEYS JSON',
  TRUSTED_PROXIES: 'comma-separated proxy addresses/CIDRs whose X-Forwarded-For is believed',
  RATE_LIMIT_PER_IP: 'requests per window per client IP (0: off)',
  RATE_LIMIT_PER_KEY: 'requests per window per key (0: off)',
  RATE_LIMIT_WINDOW_SECONDS: 'length of a rate-limit window',
  MAX_BODY_BYTES: 'largest request body',
  MAX_PARAM_BYTES: 'longest text parameter (image data excepted)',
  MAX_UPSTREAM_IN_FLIGHT: 'most upstream calls at once; past it: ERROR_NO_SLOT_AVAILABLE',
  MAX_HEADER_BYTES: 'largest request head (legacy GETs carry long query strings)',
  SHUTDOWN_TIMEOUT_MS: 'how long a shutdown waits for requests in flight',
  TLS_CERT: 'PEM certificate file: serve HTTPS (with TLS_KEY)',
  TLS_KEY: 'PEM private key file for TLS_CERT',
  UPSTREAMS: 'JSON list of upstreams (url, dialect, name, keys, types, priority); replaces UPSTREAM_URL',
  CONFIG: 'file holding the UPSTREAMS JSON',
  BREAKER_FAILURES: "faults in a row that open an upstream's circuit breaker",
  BREAKER_COOLDOWN_MS: 'how long an open breaker keeps new tasks away',
  UNSOLVABLE_RETRIES: 'resubmissions of an unsolvable task (0: off)',
  UNSOLVABLE_RETRY_WINDOW_MS: 'no resubmission once a task is this old',
  BALANCE: 'getbalance with several upstreams: primary or sum',
  UPSTREAM_RATE_LIMIT: 'calls per window each upstream takes, all instances together: <requests>/<seconds>',
  UPSTREAM_RATE_INSTANCES: 'instances assumed to share the budget until the heartbeat counts them',
  POLL_MIN_INTERVAL_MS: 'answer a poll of an id polled upstream less than this ago from its last state (0: off)',
  SANDBOX_DELAY_MS: 'with UPSTREAM_URL=sandbox: how long a fake task stays not ready',
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
  | { kind: 'error'; message: string };

/** Reads `argv` (without node and the script) over `env`. */
export function parseCli(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): CliResult {
  const out: Record<string, string | undefined> = { ...env };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') return { kind: 'help', text: helpText() };
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
  const lines = settingNames.map((name) => {
    const fallback = shown(defaults[name]);
    const alias = Object.entries(aliases).find(([, n]) => n === name)?.[0];
    const flag = `${flagOf(name)}${alias ? `, --${alias}` : ''}`;
    return `  ${flag.padEnd(36)} ${name}${fallback ? ` (default ${fallback})` : ''}\n  ${''.padEnd(36)} ${descriptions[name] ?? ''}`;
  });
  return [
    'inres: a legacy 2captcha (in.php/res.php) gateway over modern captcha APIs',
    '',
    'usage: inres [--option value | --option=value]...',
    '',
    'Every option is also an environment variable (the name after it); options win.',
    '',
    `  ${'--sandbox'.padEnd(36)} UPSTREAM_URL=sandbox: the built-in fake solver (no account, nothing solved)`,
    '',
    ...lines,
    '',
  ].join('\n');
}
