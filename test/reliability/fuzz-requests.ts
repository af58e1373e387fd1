/**
 * fast-check arbitraries for legacy requests: mostly near-valid submits and polls (so the fuzz
 * reaches the upstream), mutated with unknown and duplicated names, array parameters, huge and
 * unicode values, broken bodies and wrong content types.
 */
import { fc } from '@fast-check/vitest';
import { keys, type Fault } from '../support/fake-upstream.ts';
import { png } from '../support/images.ts';

export type Body =
  | { kind: 'none' }
  | { kind: 'text'; type: string | undefined; text: string }
  | { kind: 'bytes'; type: string | undefined; bytes: Uint8Array }
  | { kind: 'multipart'; entries: [string, string | Uint8Array][]; cut: number | undefined };

export interface FuzzRequest {
  method: string;
  path: '/in.php' | '/res.php';
  /** The query string, already encoded (with occasional raw junk). */
  query: string;
  body: Body;
  /** Upstream fault for this request (only the fast ones). */
  fault: Fault | undefined;
  /** Index into the ids issued so far, resolved when the request is sent (`$id`). */
  idPick: number;
}

const pngBase64 = Buffer.from(png).toString('base64');
const pageurl = 'https://example.com/login';
const paramNames = [
  'key',
  'method',
  'action',
  'id',
  'ids',
  'json',
  'header_acao',
  'googlekey',
  'sitekey',
  'pageurl',
  'body',
  'file',
  'proxy',
  'proxytype',
  'textcaptcha',
  'version',
  'min_score',
  'enterprise',
  'invisible',
  'data',
  'pagedata',
  'phrase',
  'regsense',
  'numeric',
  'calc',
  'min_len',
  'max_len',
  'language',
  'lang',
  'textinstructions',
  'imginstructions',
  'soft_id',
  'userAgent',
  'cookies',
  'domain',
  'data-s',
  'recaptcha',
  'coordinatescaptcha',
];
const oddNames = [
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'key[]',
  'id[]',
  'json[]',
  'ids[0]',
  'KEY',
  'Method',
  '',
];
const goodValues = [
  keys.good,
  keys.good,
  keys.other,
  keys.unknown,
  keys.broke,
  '$id',
  '$id',
  'userrecaptcha',
  'hcaptcha',
  'turnstile',
  'post',
  'base64',
  'textcaptcha',
  'funcaptcha',
  'geetest',
  'get',
  'get2',
  'getbalance',
  'reportbad',
  'reportgood',
  'GET',
  ' get ',
  '0',
  '1',
  'true',
  'false',
  'yes',
  '',
  ' ',
  'v3',
  '0.3',
  '0.9',
  '-1',
  '1e999',
  'NaN',
  '6Le-wvkSAAAAAPBMRTvw0Q4Muexq9bi0DJwx_mJ-',
  'b76cd927-d266-4cfb-a328-3b03ae07ded6',
  '0x4AAAAAAAVrOwQWPlm3Bnr5',
  pageurl,
  'example.com',
  'javascript:alert(1)',
  'http://',
  'ftp://example.com/',
  'login:pass@127.0.0.1:3128',
  '127.0.0.1:3128',
  'HTTP',
  'SOCKS5',
  'nonsense',
  pngBase64,
  `data:image/png;base64,${pngBase64}`,
  pngBase64.replaceAll('+', ' '),
  'not*base64',
  'A',
  'AAAA',
  '====',
  '123456789012345',
  '99999999999999999999',
  '000000000000000',
  '12,34',
];

/** Unicode of every kind, lone surrogates included. */
const unicode = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 20 }).map((cs) => String.fromCharCode(...cs)),
);
/** Built once: generating them per run would cost more than sending them. */
const hugeValues = [
  'A'.repeat(300_000),
  'A'.repeat(40_000),
  'é'.repeat(20_000),
  '\u{1F600}'.repeat(10_000),
  '%&='.repeat(10_000),
  'x'.repeat(2_000),
];

const name = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...paramNames) },
  { weight: 1, arbitrary: fc.constantFrom(...oddNames) },
  { weight: 1, arbitrary: unicode },
);
const value = fc.oneof(
  { weight: 10, arbitrary: fc.constantFrom(...goodValues) },
  { weight: 3, arbitrary: unicode },
  { weight: 1, arbitrary: fc.integer().map(String) },
  { weight: 1, arbitrary: fc.base64String({ maxLength: 64 }) },
);

/** A valid request of each kind, as the seed that mutations start from. */
const templates: [string, string][][] = [
  [
    ['key', keys.good],
    ['method', 'userrecaptcha'],
    ['googlekey', '6Le-wvkSAAAAAPBMRTvw0Q4Muexq9bi0DJwx_mJ-'],
    ['pageurl', pageurl],
  ],
  [
    ['key', keys.good],
    ['method', 'hcaptcha'],
    ['sitekey', 'b76cd927-d266-4cfb-a328-3b03ae07ded6'],
    ['pageurl', pageurl],
  ],
  [
    ['key', keys.good],
    ['method', 'turnstile'],
    ['sitekey', '0x4AAAAAAAVrOwQWPlm3Bnr5'],
    ['pageurl', pageurl],
  ],
  [
    ['key', keys.good],
    ['method', 'base64'],
    ['body', pngBase64],
  ],
  [
    ['key', keys.good],
    ['method', 'userrecaptcha'],
    ['version', 'v3'],
    ['googlekey', '6Le-wvkSAAAAAPBMRTvw0Q4Muexq9bi0DJwx_mJ-'],
    ['pageurl', pageurl],
    ['min_score', '0.3'],
  ],
  [
    ['key', keys.good],
    ['action', 'get'],
    ['id', '$id'],
  ],
  [
    ['key', keys.good],
    ['action', 'get'],
    ['id', '$id'],
  ],
  [
    ['key', keys.good],
    ['action', 'get'],
    ['ids', '$id,$id,1'],
  ],
  [
    ['key', keys.good],
    ['action', 'get2'],
    ['id', '$id'],
  ],
  [
    ['key', keys.good],
    ['action', 'getbalance'],
  ],
  [
    ['key', keys.good],
    ['action', 'reportbad'],
    ['id', '$id'],
  ],
  [
    ['key', keys.good],
    ['action', 'reportgood'],
    ['id', '$id'],
  ],
];

/** A template, some of its parameters dropped, others added (a huge one in 1 of 20 when `big`). */
const entries = (big: boolean): fc.Arbitrary<[string, string][]> =>
  fc
    .tuple(
      fc.constantFrom(...templates),
      fc.array(fc.tuple(name, value), { maxLength: 6 }),
      fc.array(fc.nat({ max: 7 }), { maxLength: 3 }),
      fc.constantFrom(undefined, '0', '1', '1', 'true'),
      fc.oneof(
        { weight: 19, arbitrary: fc.constant(undefined) },
        {
          weight: big ? 1 : 0,
          arbitrary: fc.tuple(
            name,
            fc.nat({ max: hugeValues.length - 1 }).map((i) => hugeValues[i]!),
          ),
        },
      ),
    )
    .map(([template, extra, drop, json, hugeOne]) => {
      const all = [...template.filter((_, i) => !drop.includes(i)), ...extra];
      if (json !== undefined) all.push(['json', json]);
      if (hugeOne) all.push(hugeOne);
      return all;
    });

/** URLSearchParams, not encodeURIComponent: it sends lone surrogates as U+FFFD, as browsers do. */
const encode = (list: [string, string][]) => new URLSearchParams(list).toString();
const rawJunk = fc.constantFrom(
  '',
  '',
  '',
  '&&',
  '=',
  '%',
  '%zz',
  '%E0%A4%A',
  'a=1=2',
  ';key=x',
  '+++',
  'json',
  'json=1&json=0',
  'key=',
);

const contentTypes = [
  undefined,
  'application/x-www-form-urlencoded',
  'APPLICATION/X-WWW-FORM-URLENCODED; charset=utf-8',
  'application/json',
  'application/json; charset=utf-16',
  'text/plain',
  'text/xml',
  'image/png',
  'application/octet-stream',
  'multipart/form-data',
  'multipart/form-data; boundary=',
  'multipart/form-data; boundary=zzz',
  'multipart/mixed; boundary=x',
  '*/*',
  'garbage',
  'application/x-www-form-urlencoded, application/json',
];

function body(big: boolean): fc.Arbitrary<Body> {
  const list = entries(big);
  const type = fc.constantFrom(...contentTypes);
  return fc.oneof(
    { weight: 3, arbitrary: fc.constant<Body>({ kind: 'none' }) },
    {
      weight: 3,
      arbitrary: fc
        .tuple(list, fc.constantFrom('application/x-www-form-urlencoded', undefined))
        .map(([l, t]): Body => ({ kind: 'text', type: t, text: encode(l) })),
    },
    {
      weight: 3,
      arbitrary: fc
        .tuple(list, fc.constantFrom('application/json', 'text/plain', undefined))
        .map(([l, t]): Body => ({ kind: 'text', type: t, text: JSON.stringify(Object.fromEntries(l)) })),
    },
    {
      weight: 3,
      arbitrary: fc
        .tuple(list, fc.boolean(), fc.option(fc.nat(), { nil: undefined }))
        .map(([l, withFile, cut]): Body => ({
          kind: 'multipart',
          entries: withFile ? [...l, ['file', png] as [string, Uint8Array]] : l,
          cut,
        })),
    },
    { weight: 1, arbitrary: fc.tuple(type, fc.json()).map(([t, text]): Body => ({ kind: 'text', type: t, text })) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(type, fc.constantFrom('{', '{"key":', '[1,2]', 'null', '{"key":"k"}}', '\u0000', '{"a":'.repeat(5000)))
        .map(([t, text]): Body => ({ kind: 'text', type: t, text })),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(type, fc.uint8Array({ maxLength: 256 }))
        .map(([t, bytes]): Body => ({ kind: 'bytes', type: t, bytes })),
    },
    { weight: 1, arbitrary: fc.tuple(type, unicode).map(([t, text]): Body => ({ kind: 'text', type: t, text })) },
  );
}

const fastFaults: Fault[] = [
  'html500',
  'status502',
  'status503',
  'non-json',
  'truncated',
  'reset',
  'no-task-id',
  'task-id-type',
  'unknown-error',
  'unknown-status',
];

export function fuzzRequest(opts: { big: boolean; methods: readonly string[] }): fc.Arbitrary<FuzzRequest> {
  return fc.record({
    method: fc.constantFrom(...opts.methods),
    path: fc.constantFrom('/in.php' as const, '/res.php' as const),
    // Huge values go in bodies only: a URL past the server's header limit is not a legacy request.
    query: fc.tuple(entries(false), rawJunk).map(([l, junk]) => [encode(l), junk].filter(Boolean).join('&')),
    body: body(opts.big),
    fault: fc.oneof(
      { weight: 9, arbitrary: fc.constant(undefined) },
      { weight: 1, arbitrary: fc.constantFrom(...fastFaults) },
    ),
    idPick: fc.nat(),
  });
}

/** Replaces `$id` with an id issued earlier (or a made-up one before any was). */
export function resolveIds(text: string, ids: readonly string[], pick: number): string {
  const id = ids.length ? ids[pick % ids.length]! : '100000000000001';
  return text.replaceAll('%24id', id).replaceAll('$id', id);
}

/** The request's body and headers as fetch wants them, `$id` resolved. */
export async function bodyInit(b: Body, resolve: (s: string) => string): Promise<{ body?: BodyInit; type?: string }> {
  switch (b.kind) {
    case 'none':
      return {};
    case 'text':
      return { body: resolve(b.text), ...(b.type ? { type: b.type } : {}) };
    case 'bytes':
      return { body: b.bytes as Uint8Array<ArrayBuffer>, ...(b.type ? { type: b.type } : {}) };
    case 'multipart': {
      const fd = new FormData();
      for (const [k, v] of b.entries) {
        if (typeof v === 'string') fd.append(k, resolve(v));
        else fd.append(k, new Blob([v as Uint8Array<ArrayBuffer>], { type: 'image/png' }), 'c.png');
      }
      const encoded = new Response(fd);
      const type = encoded.headers.get('content-type')!;
      const bytes = new Uint8Array(await encoded.arrayBuffer());
      // A cut multipart is broken: its closing boundary is missing.
      return { body: b.cut === undefined ? bytes : bytes.slice(0, b.cut % bytes.length), type };
    }
  }
}
