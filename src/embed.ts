/**
 * @module
 * Embedding: `createInres(settings)` is the gateway as a Hono app to mount in an existing one
 * (`app.route('/captcha', createInres({...}))`) or to serve as a fetch handler. Settings are a
 * plain object with the environment's names, validated by the same schema as the environment.
 */
import { createApp, type Deps } from './app.ts';
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

/** The gateway as a Hono app; upstream calls go through the runtime's `fetch` unless `deps` says otherwise. */
export function createInres(settings: InresSettings = {}, deps: Partial<Deps> = {}): ReturnType<typeof createApp> {
  return createApp(embeddedSettings(settings), { transport: fetchTransport(), ...deps });
}
