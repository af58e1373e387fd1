/**
 * GET /openapi.json: an OpenAPI 3.1 document that an independent validator
 * (@seriousme/openapi-schema-validator, the OpenAPI Initiative's JSON schemas) accepts, and
 * that holds every method of the method table with every parameter spelling, every res.php
 * action and every call of the modern face.
 */
import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { createGateway } from '../../src/app.ts';
import { methods } from '../../src/legacy/methods.ts';
import { actions } from '../../src/legacy/res.ts';
import { defaultSettings } from '../../src/settings.ts';
import { createSandbox } from '../../src/sandbox/transport.ts';

type Doc = {
  openapi: string;
  paths: Record<string, Record<string, { parameters?: { name: string; schema: { enum?: string[] } }[] }>>;
  components: { schemas: Record<string, { 'x-task-type'?: string; properties?: Record<string, unknown> }> };
};

async function fetchDoc(dialect = 'ucaptcha'): Promise<Doc> {
  const { app } = createGateway(
    defaultSettings({ UPSTREAM_URL: 'https://api.example.com', UPSTREAM_DIALECT: dialect }),
    {
      transport: createSandbox({ delayMs: 0, now: Date.now }).transport,
    },
  );
  const res = await app.request('/openapi.json');
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

  it('names every method of the table, and documents every row with every parameter spelling', async () => {
    const doc = await fetchDoc();
    const methodEnum = param(doc, '/in.php', 'method')!.schema.enum!;
    const rows = Object.values(doc.components.schemas).filter((s) => s['x-task-type']);
    expect(rows).toHaveLength(methods.length);
    methods.forEach((row, i) => {
      for (const m of names(row.method)) expect(methodEnum).toContain(m);
      const schema = rows[i]!;
      expect(schema['x-task-type']).toBe(row.type);
      for (const field of row.fields)
        for (const n of names(field.from)) expect(Object.keys(schema.properties!), `${row.type} ${n}`).toContain(n);
    });
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
