/**
 * @module
 * `GET /openapi.json`: an OpenAPI 3.1 document of what this gateway serves, generated from the
 * legacy face's tables (the method table, the actions table, the error table), so it cannot drift
 * from them. Each `method` is one schema of a `oneOf`, for the GET query and for the POST form
 * and multipart bodies alike. The modern calls beside it are named by the composition root
 * (a face does not read another face's tables).
 */
import { legacyCodes } from './errors.ts';
import { commonFields, methods, type Field, type MethodRow, type Switch } from './methods.ts';
import { audio, image } from './fields.ts';
import { actions } from './res.ts';

type Json = Record<string, unknown>;

export interface OpenApiOptions {
  /** The gateway's base URL: the folder /openapi.json was fetched from (it may be mounted under a prefix). */
  server: string;
  /** The modern calls served beside the legacy face; empty when it is left out. */
  modernCalls?: readonly string[];
  /** Whether /metrics is served. */
  metrics?: boolean;
  version?: string;
}

const list = (v: string | readonly string[]): readonly string[] => (typeof v === 'string' ? [v] : v);
const text = (description: string, extra: Json = {}): Json => ({ type: 'string', description, ...extra });

/** Parameters every submit reads beside its method's fields (src/legacy/in.ts, proxy.ts, reply.ts). */
const submitCommon: Readonly<Record<string, Json>> = {
  json: text('1: answer as JSON', { enum: ['0', '1'] }),
  header_acao: text('1: add Access-Control-Allow-Origin: *', { enum: ['0', '1'] }),
  pingback: text('a URL the answer is POSTed to when ready'),
};
const proxyParams: Readonly<Record<string, Json>> = {
  proxy: text('login:password@host:port: solve through this proxy (the proxied task type)'),
  proxytype: text('the proxy protocol', { enum: ['HTTP', 'HTTPS', 'SOCKS4', 'SOCKS5'] }),
};
const resultParams: Readonly<Record<string, Json>> = {
  action: text('what to do', { enum: Object.keys(actions) }),
  id: text('the task id in.php answered (get, get2, reportbad, reportgood)'),
  ids: text('several task ids, comma-separated (action=get)'),
  json: submitCommon.json!,
  header_acao: submitCommon.header_acao!,
};
/** `key` in a POST body: the security scheme names the query, which also works for POST. */
const bodyKey = text('the API key, as a form field instead of the query');

const switchText = (name: string, s: Switch): string =>
  s === true ? `${name}=1` : typeof s === 'string' ? `${name}=${s}` : `${name} ${s.present ? 'sent' : 'not sent'}`;

/** What one field says about itself: where it goes, its other spellings, what its absence answers. */
function fieldText(field: Field, name: string): string {
  const others = list(field.from).filter((n) => n !== name);
  return [
    `→ ${field.to}`,
    field.as === image || field.as === audio ? 'a file part (multipart) or base64 text' : '',
    others.length ? `also spelt ${others.join(', ')}` : '',
    field.required ? `missing: ${field.required}` : '',
    // In words, not `default`: generators make a property with a default required in their types.
    field.default !== undefined ? `default ${String(field.default)}` : '',
  ]
    .filter(Boolean)
    .join('; ');
}

/** One `method` value as a schema: the fields of every row serving it, the switches choosing among them. */
function methodSchema(name: string, rows: readonly MethodRow[]): Json {
  const properties: Record<string, Json> = { method: { const: name }, key: bodyKey };
  // Fields required by every row under one spelling are required by the method.
  const requiredBy = new Map<string, number>();
  for (const row of rows) {
    for (const [param, s] of Object.entries(row.when ?? {})) {
      const prior = (properties[param]?.description as string | undefined) ?? '';
      properties[param] = text(`${prior ? `${prior}; ` : ''}${switchText(param, s)} selects ${row.type}`);
    }
    for (const field of [...row.fields, ...commonFields]) {
      for (const spelling of list(field.from)) {
        properties[spelling] ??= text(fieldText(field, spelling));
      }
      if (field.required && list(field.from).length === 1) {
        const only = list(field.from)[0]!;
        requiredBy.set(only, (requiredBy.get(only) ?? 0) + 1);
      }
    }
    if (row.proxy !== 'none') Object.assign(properties, proxyParams);
  }
  Object.assign(properties, submitCommon);
  const required = ['method', ...[...requiredBy].filter(([, n]) => n === rows.length).map(([p]) => p)];
  if (rows.every((r) => r.proxy === 'required')) required.push('proxy');
  return {
    type: 'object',
    title: name,
    description: `method=${name}: ${rows.map((r) => r.type).join(', ')}`,
    'x-task-types': [...new Set(rows.map((r) => r.type))],
    properties,
    required,
  };
}

/** The method table grouped by `method` value, in table order. */
function byMethod(): Map<string, MethodRow[]> {
  const grouped = new Map<string, MethodRow[]>();
  for (const row of methods) for (const m of list(row.method)) grouped.set(m, [...(grouped.get(m) ?? []), row]);
  return grouped;
}

const submitName = (method: string): string => `Submit_${method}`;

/** The GET form of a body schema's properties: query parameters, `method` and `action` required. */
const queryOf = (properties: Readonly<Record<string, Json>>, required: readonly string[]) =>
  Object.entries(properties)
    .filter(([name]) => name !== 'key')
    .map(([name, schema]) => ({
      name,
      in: 'query',
      required: required.includes(name),
      description: schema.description,
      schema: { ...schema, description: undefined },
    }));

const codes = Object.keys(legacyCodes);
const legacyAnswer = {
  description: 'Always HTTP 200: `OK|…`, a bare value, or a legacy code; json=1 wraps it.',
  content: {
    'text/plain': {
      schema: { type: 'string', examples: ['OK|123456789012345', 'CAPCHA_NOT_READY', 'ERROR_WRONG_USER_KEY'] },
    },
    'application/json': { schema: { $ref: '#/components/schemas/LegacyJson' } },
  },
};

const legacyJson = {
  oneOf: [
    {
      type: 'object',
      title: 'success',
      properties: {
        status: { const: 1 },
        request: {
          description: 'the answer: a token or text, an id, an object (GeeTest, Capy…), points or polygons',
          oneOf: [{ type: 'string' }, { type: 'object' }, { type: 'array' }],
        },
      },
      required: ['status', 'request'],
      additionalProperties: true,
    },
    {
      type: 'object',
      title: 'failure',
      properties: { status: { const: 0 }, request: { enum: codes }, error_text: { type: 'string' } },
      required: ['status', 'request'],
      additionalProperties: false,
    },
  ],
};

const modernBody = {
  type: 'object',
  properties: { clientKey: { type: 'string', description: 'the API key' } },
  required: ['clientKey'],
  additionalProperties: true,
};
const modernAnswer = {
  type: 'object',
  properties: { errorId: { type: 'integer' }, errorCode: { type: 'string' }, errorDescription: { type: 'string' } },
  required: ['errorId'],
  additionalProperties: true,
};

const plain = (description: string) => ({ description, content: { 'text/plain': { schema: { type: 'string' } } } });
/** Both POST encodings legacy clients use, with one schema. */
const formBody = (ref: string) => ({
  required: true,
  content: {
    'application/x-www-form-urlencoded': { schema: { $ref: ref } },
    'multipart/form-data': { schema: { $ref: ref } },
  },
});

/** The document for a gateway served at `server`. */
export function openapi(opts: OpenApiOptions): Json {
  const grouped = byMethod();
  const submitSchemas = Object.fromEntries([...grouped].map(([m, rows]) => [submitName(m), methodSchema(m, rows)]));
  // The GET form: every parameter any method reads, `method` required; each method's set is its schema.
  const submitQuery: Record<string, Json> = {
    method: text('the captcha type; the Submit_<method> schemas list what each reads', { enum: [...grouped.keys()] }),
  };
  for (const schema of Object.values(submitSchemas)) {
    for (const [name, prop] of Object.entries(schema.properties as Record<string, Json>))
      if (name !== 'method') submitQuery[name] ??= prop;
  }
  const resultForm = {
    type: 'object',
    properties: { key: bodyKey, ...resultParams },
    required: ['action'],
  };
  const legacy = (operationId: string, summary: string, extra: Json) => ({
    operationId,
    summary,
    tags: ['legacy'],
    responses: { 200: legacyAnswer },
    ...extra,
  });
  const modern = Object.fromEntries(
    (opts.modernCalls ?? []).map((call) => [
      `/${call}`,
      {
        post: {
          operationId: call,
          summary: `${call}, the modern face (also under /anticaptcha/, /capmonster/, /capsolver/, /2captcha/, /ucaptcha/)`,
          description: 'The key is `clientKey` in the JSON body.',
          tags: ['modern'],
          security: [],
          requestBody: { required: true, content: { 'application/json': { schema: modernBody } } },
          responses: {
            200: {
              description: "the answer in the caller's family",
              content: { 'application/json': { schema: modernAnswer } },
            },
            '4XX': {
              description: 'refused here: a body over MAX_BODY_BYTES (413), over the rate limit (429)',
              content: { 'application/json': { schema: modernAnswer } },
            },
            default: {
              description: 'a request error, at the status the caller family uses (CapSolver, uCaptcha)',
              content: { 'application/json': { schema: modernAnswer } },
            },
          },
        },
      },
    ]),
  );
  const open = { security: [], tags: ['operations'] };
  return {
    openapi: '3.1.0',
    info: {
      title: 'inres',
      version: opts.version ?? '0.1.0',
      description: 'The legacy 2captcha protocol (in.php, res.php) over a modern createTask/getTaskResult API.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: opts.server, description: 'this gateway' }],
    security: [{ key: [] }],
    tags: [
      { name: 'legacy', description: 'the 2captcha protocol: always HTTP 200, plain or json=1 answers' },
      ...(modern && Object.keys(modern).length
        ? [{ name: 'modern', description: 'the createTask API, passed through' }]
        : []),
      { name: 'operations', description: 'health, readiness, metrics, this document' },
    ],
    paths: {
      '/in.php': {
        get: legacy('submit', 'submit a task (query string)', {
          parameters: queryOf(submitQuery, ['method']),
        }),
        post: legacy('submitForm', 'submit a task (form or multipart body, e.g. an image file)', {
          requestBody: formBody('#/components/schemas/SubmitForm'),
        }),
      },
      '/res.php': {
        get: legacy('result', 'poll an answer, read the balance, report an answer (query string)', {
          parameters: queryOf(resultParams, ['action']),
        }),
        post: legacy('resultForm', 'poll an answer, read the balance, report an answer (form or multipart body)', {
          requestBody: formBody('#/components/schemas/ResultForm'),
        }),
      },
      ...modern,
      '/healthz': { get: { operationId: 'healthz', summary: 'liveness', ...open, responses: { 200: plain('ok') } } },
      '/readyz': {
        get: {
          operationId: 'readyz',
          summary: 'readiness',
          ...open,
          responses: { 200: plain('ready'), 503: plain('draining or not ready') },
        },
      },
      ...(opts.metrics === false
        ? {}
        : {
            '/metrics': {
              get: {
                operationId: 'metrics',
                summary: 'Prometheus metrics',
                ...open,
                responses: { 200: plain('the metrics, text exposition format') },
              },
            },
          }),
      '/openapi.json': {
        get: {
          operationId: 'openapi',
          summary: 'this document',
          ...open,
          responses: {
            200: { description: 'OpenAPI 3.1', content: { 'application/json': { schema: { type: 'object' } } } },
          },
        },
      },
    },
    components: {
      securitySchemes: {
        key: {
          type: 'apiKey',
          in: 'query',
          name: 'key',
          description:
            'The API key (an upstream key, or a gateway key with GATEWAY_KEYS); a POST may send it as a form field instead.',
        },
      },
      schemas: {
        SubmitForm: { oneOf: Object.keys(submitSchemas).map((name) => ({ $ref: `#/components/schemas/${name}` })) },
        ...submitSchemas,
        ResultForm: resultForm,
        LegacyJson: legacyJson,
      },
    },
  };
}
