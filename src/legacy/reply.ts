/**
 * @module
 * The answer formats of the legacy protocol: one value, two renderings (plain text and json=1).
 * Every legacy answer is HTTP 200 with no trailing newline, errors included.
 */
import { legacyCodes, type LegacyCode } from './errors.ts';

/** What a handler answers; `render` turns it into bytes. */
export type Answer =
  /** `OK|<plain>`; json=1: `{"status":1,"request":<request>,...extras}`. */
  | { kind: 'ok'; request: unknown; plain: string; extras?: Record<string, unknown> }
  /** A success without `OK|` (balance, `OK_REPORT_RECORDED`): the text itself; json=1 status 1. */
  | { kind: 'bare'; text: string; extras?: Record<string, unknown> }
  /** A failure or `CAPCHA_NOT_READY`: the bare code; json=1 status 0. */
  | { kind: 'code'; code: LegacyCode };

export const ok = (plain: string, request: unknown = plain, extras?: Record<string, unknown>): Answer => ({
  kind: 'ok',
  request,
  plain,
  extras,
});
export const bare = (text: string): Answer => ({ kind: 'bare', text });
export const code = (c: LegacyCode): Answer => ({ kind: 'code', code: c });
export const notReady: Answer = code('CAPCHA_NOT_READY');

export interface ReplyOptions {
  json: boolean;
  /** `header_acao=1`: let browser pages read the answer. */
  acao: boolean;
  /** More headers (request id, rate limits). */
  headers?: Record<string, string>;
}

/**
 * An HTTP answer as plain data: each runtime writes it its own way (a Response through Hono,
 * `writeHead`/`end` on Node's fast path), so no Request or Response object is made per poll.
 */
export interface HttpReply {
  status: number;
  headers: Record<string, string>;
  body: string | null;
}

/** The body of an answer, as the client asked for it. */
export function renderBody(answer: Answer, json: boolean): string {
  if (!json) {
    switch (answer.kind) {
      case 'ok':
        return `OK|${answer.plain}`;
      case 'bare':
        return answer.text;
      case 'code':
        return answer.code;
    }
  }
  switch (answer.kind) {
    case 'ok':
      return JSON.stringify({ status: 1, request: answer.request, ...answer.extras });
    case 'bare':
      return JSON.stringify({ status: 1, request: answer.text, ...answer.extras });
    case 'code':
      return answer.code === 'CAPCHA_NOT_READY'
        ? '{"status":0,"request":"CAPCHA_NOT_READY"}'
        : JSON.stringify({ status: 0, request: answer.code, error_text: legacyCodes[answer.code] });
  }
}

export const plainType = 'text/plain; charset=utf-8';

const lineBreakOrNul = /[\r\n\0]/;
const separatorOrBreak = /[|\r\n\0]/;

/**
 * Whether a plain answer text would not read back as it is: a line break or NUL ends it early
 * for line and C-string readers; where answers are `|`-joined (`ids=` items, get2's answer before
 * its price), a `|` also splits it. 2captcha documents no escape for either, so such an answer
 * is refused in plain text; json=1 carries it exactly.
 */
export const breaksPlain = (text: string, joined: boolean): boolean =>
  (joined ? separatorOrBreak : lineBreakOrNul).test(text);
const jsonType = 'application/json';

/** The HTTP answer: always 200. */
export function render(answer: Answer, opts: ReplyOptions): HttpReply {
  const headers: Record<string, string> = { 'content-type': opts.json ? jsonType : plainType };
  if (opts.acao) headers['access-control-allow-origin'] = '*';
  if (opts.headers) Object.assign(headers, opts.headers);
  return { status: 200, headers, body: renderBody(answer, opts.json) };
}
