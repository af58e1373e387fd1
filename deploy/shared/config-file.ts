/**
 * @module
 * `CONFIG=<file>` on Node, Bun and Deno: the file holds the `UPSTREAMS` JSON (a list of upstreams, or
 * `{"upstreams": [...]}`), for lists too long for an environment variable. Only entrypoints
 * read files; the core gets the text as the UPSTREAMS setting.
 */
import { readSetting, SettingFileError, type ReadText } from './files.ts';

/** The environment with UPSTREAMS taken from the CONFIG file, when that is set. */
export function withConfigFile(
  env: Record<string, string | undefined>,
  read: ReadText,
): Record<string, string | undefined> {
  const path = env.CONFIG?.trim();
  if (!path) return env;
  if (env.UPSTREAMS?.trim()) throw new SettingFileError('CONFIG', 'set it or UPSTREAMS, not both');
  return { ...env, UPSTREAMS: readSetting(read, 'CONFIG', path) };
}
