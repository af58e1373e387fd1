/**
 * @module
 * Settings that name files (GATEWAY_KEYS_FILE, TLS_CERT, TLS_KEY), read once at start-up by
 * the entrypoints that can read files (Node, Bun and Deno, through node:fs). A failure is one
 * line naming the setting, never the file's content.
 */
import { keyTableSchema, type KeyTable } from '../../src/access/keys.ts';
import type { Settings } from '../../src/settings.ts';

/** PEM texts: with them the gateway serves HTTPS (clients that hard-code https://2captcha.com). */
export interface TlsFiles {
  cert: string;
  key: string;
}

/** The runtime's synchronous file read (node:fs on Node and Bun, Deno.readTextFileSync on Deno). */
export type ReadText = (path: string) => string;

export class SettingFileError extends Error {
  constructor(name: string, problem: string) {
    super(`invalid setting ${name}: ${problem}`);
    this.name = 'SettingFileError';
  }
}

/** The file a setting names, as text; a failure names the setting and the error code only. */
export function readSetting(read: ReadText, name: string, path: string): string {
  try {
    return read(path);
  } catch (e) {
    throw new SettingFileError(name, `cannot read ${path} (${(e as { code?: string }).code ?? 'error'})`);
  }
}

/** The environment with GATEWAY_KEYS taken from GATEWAY_KEYS_FILE, when that is set. */
export function withKeysFile(
  env: Record<string, string | undefined>,
  read: ReadText,
): Record<string, string | undefined> {
  const path = env.GATEWAY_KEYS_FILE?.trim();
  if (!path) return env;
  if (env.GATEWAY_KEYS?.trim()) throw new SettingFileError('GATEWAY_KEYS_FILE', 'set it or GATEWAY_KEYS, not both');
  return { ...env, GATEWAY_KEYS: readSetting(read, 'GATEWAY_KEYS_FILE', path) };
}

/** The certificate and key for HTTPS, or undefined for plain HTTP. */
export function tlsFiles(settings: Settings, read: ReadText): TlsFiles | undefined {
  if (!settings.TLS_CERT && !settings.TLS_KEY) return undefined;
  if (!settings.TLS_CERT) throw new SettingFileError('TLS_CERT', 'TLS_KEY is set but TLS_CERT is not');
  if (!settings.TLS_KEY) throw new SettingFileError('TLS_KEY', 'TLS_CERT is set but TLS_KEY is not');
  return {
    cert: readSetting(read, 'TLS_CERT', settings.TLS_CERT),
    key: readSetting(read, 'TLS_KEY', settings.TLS_KEY),
  };
}

/** GATEWAY_KEYS_FILE read again (on SIGHUP), validated as at start-up. */
export function rereadKeysFile(path: string, read: ReadText): KeyTable {
  const parsed = keyTableSchema.safeParse(readSetting(read, 'GATEWAY_KEYS_FILE', path));
  if (!parsed.success) throw new SettingFileError('GATEWAY_KEYS_FILE', parsed.error.issues[0]!.message);
  return parsed.data;
}
