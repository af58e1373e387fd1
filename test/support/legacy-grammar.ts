/**
 * The grammar every legacy answer must match, for tests that check answers they cannot predict
 * byte for byte (faults, fuzzing, the soak): `OK|…`, a bare number, `OK_REPORT_RECORDED`, a
 * code of the error table, or json=1's `{"status":0|1,"request":…}`.
 */
import { legacyCodes, type LegacyCode } from '../../src/legacy/errors.ts';

export type LegacyAnswer =
  | { kind: 'ok'; value: unknown }
  | { kind: 'number'; value: number }
  | { kind: 'report'; value: 'OK_REPORT_RECORDED' }
  | { kind: 'code'; code: LegacyCode };

export const isLegacyCode = (s: unknown): s is LegacyCode => typeof s === 'string' && Object.hasOwn(legacyCodes, s);

/** The answer `body` stands for, or a string saying why it is malformed. */
export function parseLegacy(body: string, json: boolean): LegacyAnswer | string {
  if (/[\r\n]$/.test(body)) return 'trailing newline';
  if (!json) {
    if (body.startsWith('OK|') && body.length > 3) return { kind: 'ok', value: body.slice(3) };
    if (/^-?\d+(\.\d+)?$/.test(body)) return { kind: 'number', value: Number(body) };
    if (body === 'OK_REPORT_RECORDED') return { kind: 'report', value: body };
    if (isLegacyCode(body)) return { kind: 'code', code: body };
    return `not a legacy answer: ${JSON.stringify(body.slice(0, 200))}`;
  }
  let v: unknown;
  try {
    v = JSON.parse(body);
  } catch {
    return `not JSON: ${JSON.stringify(body.slice(0, 200))}`;
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return 'not a JSON object';
  const o = v as Record<string, unknown>;
  if (o.status === 0) {
    const extra = Object.keys(o).find((k) => k !== 'status' && k !== 'request' && k !== 'error_text');
    if (extra !== undefined) return `unexpected key ${extra} in an error`;
    if (!isLegacyCode(o.request)) return `status 0 with request ${JSON.stringify(o.request)}`;
    if (o.request !== 'CAPCHA_NOT_READY' && o.error_text !== legacyCodes[o.request])
      return 'error_text does not match the code';
    return { kind: 'code', code: o.request };
  }
  // A success may carry extras beside `request` (useragent, respKey, cookies, price…).
  if (o.status !== 1 || o.request === undefined || o.request === null || o.error_text !== undefined) {
    return `bad status/request: ${body.slice(0, 200)}`;
  }
  if (o.request === 'OK_REPORT_RECORDED') return { kind: 'report', value: o.request };
  return { kind: 'ok', value: o.request };
}

/**
 * An `ids=` poll's answer: every id's answer (without `OK|`) or code, joined by `|`; json=1 puts
 * the joined text in `request` with status 1. Items are never empty, and an item that looks
 * like a code is one of the error table's.
 */
export function parseIdsAnswer(body: string, json: boolean): LegacyAnswer | string {
  let text = body;
  if (json) {
    const o = JSON.parse(body) as Record<string, unknown>;
    if (o.status !== 1 || typeof o.request !== 'string' || Object.keys(o).length !== 2)
      return `bad ids answer: ${body.slice(0, 200)}`;
    text = o.request;
  }
  const items = text.split('|');
  const bad = items.find(
    (item) => item === '' || (/^[A-Z_]+$/.test(item) && item.includes('ERROR') && !isLegacyCode(item)),
  );
  if (bad !== undefined || /[\r\n]$/.test(body)) return `bad ids answer: ${JSON.stringify(body.slice(0, 200))}`;
  return { kind: 'ok', value: items };
}

/** The legacy code of an answer, or `OK` for any success. */
export function answerKind(body: string, json: boolean): string {
  const a = parseLegacy(body, json);
  if (typeof a === 'string') throw new Error(`malformed legacy answer (${a})`);
  return a.kind === 'code' ? a.code : 'OK';
}
