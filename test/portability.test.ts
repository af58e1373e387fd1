/**
 * The portable core stays portable: no file under src/ may use a runtime's own API, so the
 * same code runs on Node, workerd, Deno and Bun. A belt to the braces of src/tsconfig.json
 * (`types: []`), which a stray `/// <reference types>` or a widened tsconfig would undo.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const forbidden: [string, RegExp][] = [
  ['a node: import', /\bfrom\s*['"]node:|\bimport\s*\(\s*['"]node:/],
  [
    'a Node built-in imported by bare name',
    /\bfrom\s*['"](fs|path|os|crypto|http|https|net|stream|buffer|child_process|url|util|events)(\/[\w/]*)?['"]/,
  ],
  ['Buffer', /\bBuffer\b/],
  ['process.', /\bprocess\s*\./],
  ['require(', /\brequire\s*\(/],
  ['__dirname / __filename', /\b__(dirname|filename)\b/],
  ['a Deno or Bun global', /\b(Deno|Bun)\.[A-Za-z]/],
  ['a relative import without .ts', /\bfrom\s*['"]\.{1,2}\/(?![^'"]*\.ts['"])[^'"]*['"]/],
];

/** Code without comments: a comment may name what the code must not use. */
function stripComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:\\'"`])\/\/.*$/gm, '$1');
}

/** The names of the forbidden uses in a source text. */
function violations(source: string): string[] {
  const code = stripComments(source);
  return forbidden.filter(([, pattern]) => pattern.test(code)).map(([name]) => name);
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name)) : /\.[cm]?[jt]sx?$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

const root = fileURLToPath(new URL('..', import.meta.url));
const src = join(root, 'src');

describe('portability of src/', () => {
  it('the check catches each forbidden use, and lets comments and web APIs pass', () => {
    expect(violations("import { readFile } from 'node:fs';")).toEqual(['a node: import']);
    expect(violations("const fs = await import('node:fs');")).toEqual(['a node: import']);
    expect(violations("import { createHash } from 'crypto';")).toEqual(['a Node built-in imported by bare name']);
    expect(violations("const b = Buffer.from('x');")).toEqual(['Buffer']);
    expect(violations('const url = process.env.UPSTREAM_URL;')).toEqual(['process.']);
    expect(violations("const z = require('zod');")).toEqual(['require(']);
    expect(violations('const here = __dirname;')).toEqual(['__dirname / __filename']);
    expect(violations('const env = Deno.env.toObject();')).toEqual(['a Deno or Bun global']);
    expect(violations("import { code } from './reply';")).toEqual(['a relative import without .ts']);
    expect(
      violations(
        "import { code } from './reply.ts';\n// never process.env here\n/* nor Buffer */\nconst u = 'https://x';",
      ),
    ).toEqual([]);
    expect(violations('const d = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(k));')).toEqual([]);
  });

  const files = filesUnder(src);

  it('finds the core’s files', () => {
    expect(files.map((f) => relative(root, f))).toContain(join('src', 'app.ts'));
  });

  it.each(files.map((f) => [relative(root, f), f]))('%s uses web standards only', (_name, file) => {
    expect(violations(readFileSync(file, 'utf8'))).toEqual([]);
  });
});
