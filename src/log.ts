/**
 * @module
 * Structured logs: one JSON object per line. The sink is injected (stdout on Node, console
 * elsewhere). Callers pass paths and codes, never URLs or keys: legacy GETs carry `key=`.
 */

export type Level = 'debug' | 'info' | 'warn' | 'error';
export type Fields = Record<string, unknown>;
export type Logger = Record<Level, (msg: string, fields?: Fields) => void>;

const rank: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export function createLogger(level: Level, write: (line: string) => void, now: () => number = Date.now): Logger {
  const entry = (at: Level) => (msg: string, fields?: Fields) => {
    if (rank[at] < rank[level]) return;
    write(JSON.stringify({ time: new Date(now()).toISOString(), level: at, msg, ...fields }));
  };
  return { debug: entry('debug'), info: entry('info'), warn: entry('warn'), error: entry('error') };
}

const nop = (): void => {};
export const silentLogger: Logger = { debug: nop, info: nop, warn: nop, error: nop };
