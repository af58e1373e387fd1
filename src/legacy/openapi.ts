/**
 * @module
 * `GET /openapi.json`: an OpenAPI 3.1 document of what this gateway serves, generated from the
 * tables that drive it (the method table, the actions table, the error table, the dialect's
 * passthrough calls), so it cannot drift from them.
 */
import { legacyCodes } from './errors.ts';
import { commonFields, methods, type Field, type MethodRow, type Switch } from './methods.ts';
import { actions } from './res.ts';
import { modernCalls } from '../http/modern-guard.ts';
import type { Dialect } from '../upstream/dialects.ts';

type Json = Record<string, unknown>;

const names = (from: Field['from']): readonly string[] => (typeof from === 'string' ? [from] : from);
const list = (v: string | readonly string[]): readonly string[] => (typeof v === 'string' ? [v] : v);

/** Parameters in.php reads beside the method table's (src/legacy/in.ts, proxy.ts, reply.ts). */
const submitParams: Readonly<Record<string, string>> = {
  key: 'the API key (an upstream key, or a gateway key with GATEWAY_KEYS)',
  method: 'the captcha type: one of the method table',
  json: '1: answer as JSON',
  header_acao: '1: add Access-Control-Allow-Origin: *',
  pingback: 'a URL the answer is POSTed to when ready',
  proxy: 'login:password@host:port, for methods that take a proxy',
  proxytype: 'HTTP, HTTPS, SOCKS4 or SOCKS5',
};
const pollParams: Readonly<Record<string, string>> = {
  key: 'the API key',
  action: 'what to do: one of the actions table',
  id: 'the task id in.php answered',
  ids: 'several task ids, comma-separated (action=get)',
  json: '1: answer as JSON',
  header_acao: '1: add Access-Control-Allow-Origin: *',
};

const switchSchema = (s: Switch): Json =>
  s === true ? { const: '1' } : typeof s === 'string' ? { const: s } : { description: s.present ? 'sent' : 'not sent' };

/** One method row as a schema: its fields (every spelling), the switches that select it. */
function rowSchema(row: MethodRow): Json {
  const properties: Json = { method: { enum: [...list(row.method)] } };
  const required = ['method'];
  for (const [name, when] of Object.entries(row.when ?? {})) properties[name] = switchSchema(when);
  for (const field of [...row.fields, ...commonFields]) {
    const spellings = names(field.from);
    for (const name of spellings) {
      properties[name] = {
        type: 'string',
        description: `→ ${field.to}${spellings.length > 1 ? ` (also spelt ${spellings.filter((n) => n !== name).join(', ')})` : ''}${field.required ? `; missing: ${field.required}` : ''}`,
        ...(field.default !== undefined ? { default: String(field.default) } : {}),
      };
    }
    if (field.required && spellings.length === 1) required.push(spellings[0]!);
  }
  if (row.proxy !== 'none') {
    properties.proxy = { type: 'string', description: submitParams.proxy };
    properties.proxytype = { type: 'string', description: submitParams.proxytype };
    if (row.proxy === 'required') required.push('proxy');
  }
  return { type: 'object', title: row.type, 'x-task-type': row.type, properties, required };
}

const rowName = (row: MethodRow, i: number): string => `${list(row.method)[0]}_${row.type}_${i}`;

const query = (
  params: Readonly<Record<string, string>>,
  required: readonly string[],
  enums: Readonly<Record<string, readonly string[]>>,
) =>
  Object.entries(params).map(([name, description]) => ({
    name,
    in: 'query',
    description,
    required: required.includes(name),
    schema: enums[name] ? { type: 'string', enum: enums[name] } : { type: 'string' },
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
  properties: { clientKey: { type: 'string' } },
  required: ['clientKey'],
  additionalProperties: true,
};
const modernAnswer = {
  type: 'object',
  properties: { errorId: { type: 'integer' }, errorCode: { type: 'string' }, errorDescription: { type: 'string' } },
  required: ['errorId'],
  additionalProperties: true,
};

/** The document for a gateway whose primary upstream speaks `dialect`. */
export function openapi(dialect: Dialect, version = '0.1.0'): Json {
  const methodNames = [...new Set(methods.flatMap((row) => list(row.method)))];
  const rows = Object.fromEntries(methods.map((row, i) => [rowName(row, i), rowSchema(row)]));
  const submitBody = { anyOf: Object.keys(rows).map((name) => ({ $ref: `#/components/schemas/${name}` })) };
  const submit = {
    parameters: query(submitParams, ['key', 'method'], { method: methodNames, json: ['0', '1'] }),
    responses: { 200: legacyAnswer },
  };
  const poll = {
    parameters: query(pollParams, ['key', 'action'], { action: Object.keys(actions), json: ['0', '1'] }),
    responses: { 200: legacyAnswer },
  };
  const modern = Object.fromEntries(
    modernCalls.map((call) => [
      `/${call}`,
      {
        post: {
          summary: `${call}, the modern face (also under /anticaptcha/, /capmonster/, /capsolver/, /2captcha/, /ucaptcha/)`,
          tags: ['modern'],
          requestBody: { required: true, content: { 'application/json': { schema: modernBody } } },
          responses: {
            200: {
              description: "the answer in the caller's family",
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
  const text = (description: string) => ({ description, content: { 'text/plain': { schema: { type: 'string' } } } });
  return {
    openapi: '3.1.0',
    info: {
      title: 'inres',
      version,
      description: 'The legacy 2captcha protocol (in.php, res.php) over a modern createTask/getTaskResult API.',
    },
    paths: {
      '/in.php': {
        get: { summary: 'submit a task', tags: ['legacy'], ...submit },
        post: {
          summary: 'submit a task (form or multipart)',
          tags: ['legacy'],
          ...submit,
          requestBody: {
            content: {
              'application/x-www-form-urlencoded': { schema: submitBody },
              'multipart/form-data': { schema: submitBody },
            },
          },
        },
      },
      '/res.php': {
        get: { summary: 'poll, balance, reports', tags: ['legacy'], ...poll },
        post: { summary: 'poll, balance, reports', tags: ['legacy'], ...poll },
      },
      ...modern,
      '/healthz': { get: { summary: 'liveness', responses: { 200: text('ok') } } },
      '/readyz': {
        get: { summary: 'readiness', responses: { 200: text('ready'), 503: text('draining or not ready') } },
      },
      '/metrics': {
        get: { summary: 'Prometheus metrics', responses: { 200: text('the metrics, text exposition format') } },
      },
    },
    components: { schemas: { LegacyJson: legacyJson, ...rows } },
  };
}
