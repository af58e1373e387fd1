/**
 * @module
 * The DBC face's part of `GET /openapi.json`, made from its tables (the type table, the error
 * names) so it cannot drift from them; `withDbc` adds it to the gateway's document.
 */
import { dbcCodes } from './errors.ts';
import { typeRows, type TypeRow } from './types.ts';

type Json = Record<string, unknown>;

const credentials: Json = {
  username: { type: 'string', description: 'any name, with the key as password (or a dbc login in GATEWAY_KEYS)' },
  password: { type: 'string', description: 'the API key, or a dbc password in GATEWAY_KEYS' },
  authtoken: { type: 'string', description: 'the API key, or a dbc authtoken in GATEWAY_KEYS' },
};

function rowSchema(num: string, row: TypeRow): Json {
  const inputs = Object.entries(row.inputs).map(
    ([name, input]) => `${name} → ${input.to}${input.required ? ' (required)' : ''}`,
  );
  const proxy = row.proxy === 'none' ? '' : `; proxy, proxytype (${row.proxy})`;
  const properties: Json = { ...credentials, type: { const: num } };
  if (row.from === 'form') {
    for (const name of Object.keys(row.inputs)) properties[name] = { type: 'string' };
  } else {
    for (const field of row.from)
      properties[field] = { type: 'string', description: `JSON: ${inputs.join(', ')}${proxy}` };
  }
  return { type: 'object', title: `type ${num}: ${row.type}`, 'x-dbc-task-type': row.type, properties };
}

const captcha = {
  type: 'object',
  properties: {
    status: { const: 0 },
    captcha: { type: 'integer', description: 'the id (15 digits)' },
    text: { type: 'string', description: 'empty until solved; the text, the token, or JSON text' },
    is_correct: { enum: [0, 1], description: '0: the task failed (or was reported)' },
  },
};
const failure = {
  type: 'object',
  properties: { status: { const: 255 }, error: { enum: Object.keys(dbcCodes) } },
};
const answer = (schema: Json, description: string) => ({
  description,
  content: {
    'application/json': { schema },
    'application/x-www-form-urlencoded': { schema },
  },
});
const errors = Object.fromEntries(
  [...new Set(Object.values(dbcCodes))].map((status) => [
    status,
    answer(
      failure,
      Object.entries(dbcCodes)
        .filter(([, s]) => s === status)
        .map(([name]) => name)
        .join(', '),
    ),
  ]),
);
const form = (schema: Json) => ({
  content: { 'multipart/form-data': { schema }, 'application/x-www-form-urlencoded': { schema } },
});
/** Credentials as form fields (above), or HTTP Basic: what the linter can see of them. */
const credentialed = { security: [{ dbcBasic: [] }] };
const open = { security: [] };
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string', pattern: '^[0-9]+$' } };
const tags = ['dbc'];

/** The DBC paths and schemas. */
export function dbcOpenapi(): { paths: Json; schemas: Json } {
  const rows = Object.fromEntries(
    Object.entries(typeRows).map(([num, row]) => [`dbc_type_${num}`, rowSchema(num, row)]),
  );
  const upload = { anyOf: Object.keys(rows).map((name) => ({ $ref: `#/components/schemas/${name}` })) };
  const user = {
    type: 'object',
    properties: {
      status: { const: 0 },
      user: { type: 'integer' },
      rate: { type: 'number' },
      balance: { type: 'number', description: 'US cents' },
      is_banned: { type: 'boolean' },
    },
  };
  const account = (operationId: string) => ({
    operationId,
    ...credentialed,
    summary: 'the account: balance in US cents',
    tags,
    requestBody: form({ type: 'object', properties: credentials }),
    responses: { 200: answer(user, 'the account'), ...errors },
  });
  return {
    paths: {
      '/api/captcha': {
        post: {
          operationId: 'dbcUpload',
          ...credentialed,
          summary: 'DeathByCaptcha: upload a captcha (type 0 image … 25 reCAPTCHA v2 Enterprise)',
          tags,
          requestBody: { required: true, ...form(upload) },
          responses: { 303: answer(captcha, 'uploaded; Location: /api/captcha/{id}'), ...errors },
        },
      },
      '/api/captcha/{id}': {
        get: {
          operationId: 'dbcPoll',
          ...open,
          summary: 'poll a captcha (credentials optional)',
          tags,
          parameters: [idParam],
          responses: { 200: answer(captcha, 'the captcha'), ...errors },
        },
      },
      '/api/captcha/{id}/report': {
        post: {
          operationId: 'dbcReport',
          ...credentialed,
          summary: 'report a wrong answer',
          tags,
          parameters: [idParam],
          requestBody: form({ type: 'object', properties: credentials }),
          responses: { 200: answer(captcha, 'reported: is_correct 0'), ...errors },
        },
      },
      '/api/user': { get: account('dbcUser'), post: account('dbcUserForm') },
      '/api/status': {
        get: {
          operationId: 'dbcStatus',
          ...open,
          summary: 'the service status',
          tags,
          responses: {
            200: answer(
              {
                type: 'object',
                properties: {
                  status: { const: 0 },
                  todays_accuracy: { type: 'number' },
                  solved_in: { type: 'number' },
                  is_service_overloaded: { type: 'boolean' },
                },
              },
              'the status',
            ),
          },
        },
      },
    },
    schemas: rows,
  };
}

/** A gateway document with the DBC paths, schemas, tag and security scheme added. */
export function withDbc(doc: Json): Json {
  const dbc = dbcOpenapi();
  const components = (doc.components ?? {}) as Json;
  return {
    ...doc,
    tags: [...((doc.tags ?? []) as Json[]), { name: 'dbc', description: "DeathByCaptcha's HTTP API under /api" }],
    paths: { ...(doc.paths as Json), ...dbc.paths },
    components: {
      ...components,
      securitySchemes: {
        ...(components.securitySchemes as Json),
        dbcBasic: {
          type: 'http',
          scheme: 'basic',
          description: 'DBC credentials: also as authtoken, or username and password, form fields',
        },
      },
      schemas: { ...(components.schemas as Json), ...dbc.schemas },
    },
  };
}
