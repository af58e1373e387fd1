/**
 * @module
 * Structured logs: one JSON object per line. The sink is injected (a batching stdout sink on
 * Node, console elsewhere). Callers pass paths and codes, never URLs or keys: legacy GETs carry
 * `key=`. A line is appended as JSON text directly (no object built per line, no stringify of
 * the whole), since the access log writes one on every request. A warning or error repeated
 * word for word (a store outage seen by every pingback tick) is written at most once per
 * `repeatMs`; the next one written says how many were left out (`suppressed`).
 */

export type Level = 'debug' | 'info' | 'warn' | 'error';
export type Fields = Record<string, unknown>;
export type Logger = Record<Level, (msg: string, fields?: Fields) => void>;

const rank: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Field names that hold keys, whatever the caller meant to log. */
const keyField = /key/i;
/** `key=…`, `clientKey: …`, `"key":"…"` inside free text such as error messages. */
const keyInText = /(\b(?:client_?|api_?)?key["']?\s*[=:]\s*["']?)[^"'&\s,;}]+/gi;
/**
 * Text that may hold a key (every match of `keyInText` contains `key`) or that JSON must escape.
 * Most values are neither and are quoted as they are, after one scan.
 */
// eslint-disable-next-line no-control-regex -- control characters are exactly what JSON must escape
const special = /key|[\u0000-\u001f"\\\ud800-\udfff]/i;

/** A field value as JSON with keys taken out (undefined when JSON leaves it out); the redaction is the last line of defence, not the plan. */
function valueJson(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return special.test(value) ? JSON.stringify(value.replace(keyInText, '$1[redacted]')) : `"${value}"`;
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    default:
      return JSON.stringify(value);
  }
}

/** Field names come from code, so the cache of their JSON stays small; it stops growing at a bound anyway. */
const maxCachedNames = 512;
/** Distinct repeated lines remembered at once; past it they are forgotten (and may be written again). */
const maxRepeats = 1024;

export function createLogger(
  level: Level,
  write: (line: string) => void,
  now: () => number = Date.now,
  repeatMs = 10_000,
): Logger {
  /** Warnings and errors written lately (the line without its time): when they may be written again, and how many were left out since. */
  const recent = new Map<string, { until: number; suppressed: number }>();
  /** -1: leave the line out; else how many of it were left out before. */
  const repeats = (body: string, t: number): number => {
    const seen = recent.get(body);
    if (seen && t < seen.until) {
      seen.suppressed++;
      return -1;
    }
    if (!seen && recent.size >= maxRepeats) recent.clear();
    recent.set(body, { until: t + repeatMs, suppressed: 0 });
    return seen?.suppressed ?? 0;
  };
  /** `,"name":` per field name, or null for a name that holds keys (its value is never looked at). */
  const names = new Map<string, string | null>();
  const prefixOf = (name: string): string | null => {
    let prefix = names.get(name);
    if (prefix === undefined) {
      prefix = keyField.test(name) ? null : `,${JSON.stringify(name)}:`;
      if (names.size < maxCachedNames) names.set(name, prefix);
    }
    return prefix;
  };
  // Lines within one second share the text of their timestamp up to the milliseconds.
  let second = NaN;
  let secondText = '';
  const timestamp = (t: number): string => {
    const s = Math.floor(t / 1000);
    if (s !== second) {
      second = s;
      secondText = new Date(s * 1000).toISOString().slice(0, -4);
    }
    const ms = Math.trunc(t - s * 1000);
    return `${secondText}${ms < 10 ? '00' : ms < 100 ? '0' : ''}${ms}Z`;
  };
  const entry = (at: Level) => (msg: string, fields?: Fields) => {
    if (rank[at] < rank[level]) return;
    const t = now();
    // A field named time, level or msg comes after the line's own, and a JSON reader keeps the last.
    let body = `"level":"${at}","msg":${JSON.stringify(msg)}`;
    for (const name in fields) {
      const prefix = prefixOf(name);
      if (prefix === null) {
        body += `,${JSON.stringify(name)}:"[redacted]"`;
        continue;
      }
      const value = valueJson(fields[name]);
      if (value !== undefined) body += prefix + value;
    }
    if (rank[at] >= rank.warn) {
      const suppressed = repeats(body, t);
      if (suppressed < 0) return;
      if (suppressed > 0) body += `,"suppressed":${suppressed}`;
    }
    write(`{"time":"${timestamp(t)}",${body}}`);
  };
  return { debug: entry('debug'), info: entry('info'), warn: entry('warn'), error: entry('error') };
}

const nop = (): void => {};
export const silentLogger: Logger = { debug: nop, info: nop, warn: nop, error: nop };
