/**
 * @module
 * Dotted paths into a JSON object (`initParameters.captcha_id`, `coordinates.0.x`): the method
 * table places legacy parameters with them, the dialect table moves task fields with them.
 */

type Json = Record<string, unknown>;

/** Sets `value` at `path`, making the objects on the way (an array where the next part is an index). */
export function setPath(target: Json, path: string, value: unknown): void {
  const parts = path.split('.');
  let obj = target;
  for (const [i, part] of parts.slice(0, -1).entries()) {
    obj = (obj[part] ??= /^\d+$/.test(parts[i + 1]!) ? [] : {}) as Json;
  }
  obj[parts[parts.length - 1]!] = value;
}

/** The value at `path`, or undefined. */
export function getPath(source: Json, path: string): unknown {
  let v: unknown = source;
  for (const part of path.split('.')) v = typeof v === 'object' && v !== null ? (v as Json)[part] : undefined;
  return v;
}
