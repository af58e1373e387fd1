/**
 * GET /openapi.json: an OpenAPI 3.1 document that an independent validator
 * (@seriousme/openapi-schema-validator, the OpenAPI Initiative's JSON schemas) accepts and that
 * Redocly's linter (@redocly/openapi-core, the engine of `redocly lint`, its `recommended` rules)
 * passes with no error; that holds every method of the method table, one schema per `method`, with
 * every parameter spelling, in the GET query and in the form and multipart bodies of POST; the
 * key as a security scheme; `servers` where the gateway is mounted; an operationId everywhere;
 * every res.php action and every call of the modern face.
 */
import { createConfig, lintFromString } from '@redocly/openapi-core';
import { Validator } from '@seriousme/openapi-schema-validator';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { createGateway } from '../../src/app.ts';
import { methods } from '../../src/legacy/methods.ts';
import { actions } from '../../src/legacy/res.ts';
import { silentLogger } from '../../src/ops/log.ts';
import { defaultSettings } from '../../src/settings.ts';
import { createSandbox } from '../../src/sandbox/transport.ts';

interface Operation {
  operationId?: string;
  security?: unknown[];
  parameters?: { name: string; in: string; required: boolean; schema: { enum?: string[] } }[];
  requestBody?: { content: Record<string, { schema: { $ref: string } }> };
}
type Doc = {
  openapi: string;
  servers: { url: string }[];
  security: Record<string, string[]>[];
  paths: Record<string, Record<string, Operation>>;
  components: {
    securitySchemes: Record<string, unknown>;
    schemas: Record<
      string,
      {
        'x-task-types'?: string[];
        properties?: Record<string, unknown>;
        required?: string[];
        oneOf?: { $ref: string }[];
      }
    >;
  };
};

function gateway(dialect = 'ucaptcha') {
  return createGateway(defaultSettings({ UPSTREAM_URL: 'https://api.example.com', UPSTREAM_DIALECT: dialect }), {
    transport: createSandbox({ delayMs: 0, now: Date.now }).transport,
    logger: silentLogger,
  }).app;
}

async function fetchDoc(dialect = 'ucaptcha', url = 'http://127.0.0.1:8080/openapi.json'): Promise<Doc> {
  const res = await gateway(dialect).request(url);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  return (await res.json()) as Doc;
}

const param = (doc: Doc, path: string, name: string) => doc.paths[path]!.get!.parameters!.find((p) => p.name === name);
const names = (from: string | readonly string[]) => (typeof from === 'string' ? [from] : from);

describe('GET /openapi.json', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const validator = new Validator();
    const result = await validator.validate((await fetchDoc()) as never);
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it("passes Redocly's recommended rules: no error; the only warnings say the legacy and health paths answer no 4XX", async () => {
    const config = await createConfig({ extends: ['recommended'] });
    const problems = await lintFromString({
      source: JSON.stringify(await fetchDoc()),
      absoluteRef: '/openapi.json',
      config,
    });
    expect(problems.filter((p) => p.severity === 'error').map((p) => `${p.ruleId}: ${p.message}`)).toEqual([]);
    // Legacy answers are HTTP 200 always (the protocol); health, metrics and DBC's status have nothing to refuse.
    expect(
      problems
        .map((p) => `${p.ruleId} ${p.location[0]?.pointer?.replace('#/paths/', '').replaceAll('~1', '/')}`)
        .sort(),
    ).toEqual(
      [
        // DBC's upload answers 303 with the captcha, never 2XX (its clients read the 303).
        'operation-2xx-response /api/captcha/post/responses',
        ...[
          '/api/status/get',
          '/healthz/get',
          '/in.php/get',
          '/in.php/post',
          '/metrics/get',
          '/openapi.json/get',
          '/readyz/get',
          '/res.php/get',
          '/res.php/post',
        ].map((op) => `operation-4xx-response ${op}/responses`),
      ].sort(),
    );
  });

  it('the linter can fail: a document without servers, security or operationIds has errors', async () => {
    const config = await createConfig({ extends: ['recommended'] });
    const bare = { openapi: '3.1.0', info: { title: 't', version: '1' }, paths: { '/x': { get: { responses: {} } } } };
    const problems = await lintFromString({ source: JSON.stringify(bare), absoluteRef: '/x.json', config });
    expect(problems.filter((p) => p.severity === 'error').length).toBeGreaterThan(0);
  });

  it('one schema per method, with every parameter spelling of every row serving it, in POST bodies and the GET query', async () => {
    const doc = await fetchDoc();
    const schemas = doc.components.schemas;
    const methodEnum = param(doc, '/in.php', 'method')!.schema.enum!;
    const query = doc.paths['/in.php']!.get!.parameters!.map((p) => p.name);
    for (const row of methods) {
      for (const m of names(row.method)) {
        expect(methodEnum).toContain(m);
        const schema = schemas[`Submit_${m}`]!;
        expect(schema['x-task-types']).toContain(row.type);
        expect(schema.required).toContain('method');
        for (const field of row.fields)
          for (const n of names(field.from)) {
            expect(Object.keys(schema.properties!), `${m} ${n}`).toContain(n);
            expect(query, `GET ${n}`).toContain(n);
          }
        for (const single of row.fields.filter((f) => f.required && names(f.from).length === 1 && !row.when))
          if (methods.filter((r) => names(r.method).includes(m)).length === 1)
            expect(schema.required, `${m} requires ${String(single.from)}`).toContain(single.from);
      }
    }
    expect(schemas.SubmitForm!.oneOf!.map((r) => r.$ref)).toEqual(
      methodEnum.map((m) => `#/components/schemas/Submit_${m}`),
    );
    expect(param(doc, '/in.php', 'googlekey')).toBeDefined();
    expect(param(doc, '/in.php', 'pageurl')).toBeDefined();
    expect(param(doc, '/in.php', 'method')!.required).toBe(true);
  });

  it('POST /in.php and /res.php take form and multipart bodies; the key is an apiKey in the query, required nowhere as a parameter', async () => {
    const doc = await fetchDoc();
    for (const [path, schema] of [
      ['/in.php', 'SubmitForm'],
      ['/res.php', 'ResultForm'],
    ] as const) {
      const content = doc.paths[path]!.post!.requestBody!.content;
      expect(Object.keys(content)).toEqual(['application/x-www-form-urlencoded', 'multipart/form-data']);
      for (const c of Object.values(content)) expect(c.schema.$ref).toBe(`#/components/schemas/${schema}`);
      expect(doc.paths[path]!.get!.parameters!.map((p) => p.name)).not.toContain('key');
    }
    expect(doc.components.securitySchemes.key).toMatchObject({ type: 'apiKey', in: 'query', name: 'key' });
    expect(doc.security).toEqual([{ key: [] }]);
    expect(doc.paths['/healthz']!.get!.security).toEqual([]);
    expect(doc.components.schemas.ResultForm!.properties).toHaveProperty('key');
  });

  it('every operation has a unique operationId', async () => {
    const ids = Object.values((await fetchDoc()).paths).flatMap((ops) => Object.values(ops).map((o) => o.operationId));
    expect(ids.every(Boolean)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining(['submit', 'submitForm', 'result', 'resultForm', 'createTask']));
  });

  it('servers names where the gateway is served, mount prefix included', async () => {
    expect((await fetchDoc()).servers).toEqual([{ url: 'http://127.0.0.1:8080', description: 'this gateway' }]);
    const host = new Hono();
    host.route('/captcha', gateway());
    const res = await host.request('https://example.org/captcha/openapi.json');
    expect(((await res.json()) as Doc).servers[0]!.url).toBe('https://example.org/captcha');
  });

  it('names every res.php action', async () => {
    expect(param(await fetchDoc(), '/res.php', 'action')!.schema.enum).toEqual(Object.keys(actions));
  });

  it("has every call of the modern face, whatever the primary's dialect", async () => {
    expect(Object.keys((await fetchDoc('ucaptcha')).paths)).toEqual(
      expect.arrayContaining([
        '/createTask',
        '/getTaskResult',
        '/getBalance',
        '/reportIncorrectImageCaptcha',
        '/reportIncorrectRecaptcha',
        '/reportCorrectRecaptcha',
        '/reportIncorrectHcaptcha',
        '/reportIncorrectTokenCaptcha',
        '/reportIncorrect',
        '/reportCorrect',
        '/feedbackTask',
      ]),
    );
  });
});
