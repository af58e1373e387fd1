/**
 * @module
 * Structured logs: one JSON object per line. The sink is injected (stdout on Node, console
 * elsewhere). Callers pass paths and codes, never URLs or keys: legacy GETs carry `key=`.
 */

export type Level = 'debug' | 'info' | 'warn' | 'error';
export type Fields = Record<string, unknown>;
export type Logger = Record<Level, (msg: string, fields?: Fields) => void>;

const rank: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Field names that hold keys, whatever the caller meant to log. */
const keyField = /key/i;
/** `key=…`, `clientKey: …`, `"key":"…"` inside free text such as error messages. */
const keyInText = /(\b(?:client_?|api_?)?key["']?\s*[=:]\s*["']?)[^"'&\s,;}]+/gi;

/** A field value with keys taken out; the redaction is the last line of defence, not the plan. */
function redact(name: string, value: unknown): unknown {
  if (keyField.test(name)) return '[redacted]';
  return typeof value === 'string' ? value.replace(keyInText, '$1[redacted]') : value;
}

export function createLogger(level: Level, write: (line: string) => void, now: () => number = Date.now): Logger {
  const entry = (at: Level) => (msg: string, fields?: Fields) => {
    if (rank[at] < rank[level]) return;
    const line: Fields = { time: new Date(now()).toISOString(), level: at, msg };
    for (const name in fields) line[name] = redact(name, fields[name]);
    write(JSON.stringify(line));
  };
  return { debug: entry('debug'), info: entry('info'), warn: entry('warn'), error: entry('error') };
}

const nop = (): void => {};
export const silentLogger: Logger = { debug: nop, info: nop, warn: nop, error: nop };
