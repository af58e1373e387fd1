/**
 * @module
 * What every server entrypoint (Node, Bun, Deno) does around the gateway: settings from the
 * environment with the file settings read, the fields of the "listening" line, and the SIGHUP
 * reload of the gateway key file.
 */
import type { Access } from '../../src/access/keys.ts';
import type { Logger } from '../../src/ops/log.ts';
import { upstreamLabel } from '../../src/sandbox/transport.ts';
import { loadSettings, type Settings, type Support } from '../../src/settings.ts';
import { withConfigFile } from './config-file.ts';
import { rereadKeysFile, SettingFileError, tlsFiles, withKeysFile, type ReadText, type TlsFiles } from './files.ts';

export type Started = { ok: true; settings: Settings; tls?: TlsFiles } | { ok: false; message: string };

/** Settings from `env`, GATEWAY_KEYS_FILE, CONFIG and TLS_* read; a failure is one line naming the setting. */
export function settingsFromEnv(env: Record<string, string | undefined>, read: ReadText, support: Support): Started {
  try {
    const loaded = loadSettings(withConfigFile(withKeysFile(env, read), read), support);
    if (!loaded.ok) return loaded;
    return { ok: true, settings: loaded.settings, tls: tlsFiles(loaded.settings, read) };
  } catch (e) {
    if (e instanceof SettingFileError) return { ok: false, message: e.message };
    throw e;
  }
}

/** Where upstream calls go, for the "listening" line: every upstream's name, or the one URL's origin. */
export function upstreamFields(settings: Settings): Record<string, unknown> {
  return settings.UPSTREAMS
    ? { upstreams: settings.UPSTREAMS.map((u) => u.name) }
    : { upstream: upstreamLabel(settings.UPSTREAM_URL), dialect: settings.UPSTREAM_DIALECT };
}

/** SIGHUP: serve the gateway key file's current content; a bad file keeps the keys in use. */
export function reloadKeys(settings: Settings, access: Access | undefined, logger: Logger, read: ReadText): void {
  const path = settings.GATEWAY_KEYS_FILE;
  if (!path || !access) {
    logger.warn('SIGHUP ignored: no GATEWAY_KEYS_FILE to reload');
    return;
  }
  try {
    const table = rereadKeysFile(path, read);
    access.replace(table);
    logger.info('gateway keys reloaded', { count: Object.keys(table).length });
  } catch (e) {
    logger.error('gateway keys not reloaded; the previous keys stay in use', { error: (e as Error).message });
  }
}
