/**
 * @module
 * `CONFIG=<file>` on Node: the file holds the `UPSTREAMS` JSON (a list of upstreams, or
 * `{"upstreams": [...]}`), for lists too long for an environment variable. Only the Node
 * entrypoint reads files; the core gets the text as the UPSTREAMS setting.
 */
import { readFileSync } from 'node:fs';
import { SettingFileError } from './files.ts';

/** The environment with UPSTREAMS taken from the CONFIG file, when that is set. */
export function withConfigFile(env: Record<string, string | undefined>): Record<string, string | undefined> {
  const path = env.CONFIG?.trim();
  if (!path) return env;
  if (env.UPSTREAMS?.trim()) throw new SettingFileError('CONFIG', 'set it or UPSTREAMS, not both');
  try {
    return { ...env, UPSTREAMS: readFileSync(path, 'utf8') };
  } catch (e) {
    throw new SettingFileError('CONFIG', `cannot read ${path} (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}
