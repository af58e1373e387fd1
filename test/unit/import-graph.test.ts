/**
 * The layers point one way. Every import in src/ (type-only ones too: they couple the reading
 * as much) is read with TypeScript's own pre-processor and resolved to a file; then no face
 * (`legacy/`, `modern/`, `dbc/`: the wire formats clients speak) imports another, nothing below
 * the faces (the core and its services) imports a face, only the composition root at the top
 * of src/ does, `task/` imports nothing outside itself (it is the vocabulary every layer
 * shares), and no file may reach itself again through its imports.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const src = fileURLToPath(new URL('../../src', import.meta.url));

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** File (relative to src/) → the src/ files it imports, and the packages it imports. */
function importGraph(): Map<string, { files: string[]; packages: string[] }> {
  const graph = new Map<string, { files: string[]; packages: string[] }>();
  for (const file of filesUnder(src)) {
    const imports = ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles.map((f) => f.fileName);
    graph.set(relative(src, file), {
      files: imports.filter((i) => i.startsWith('.')).map((i) => relative(src, resolve(dirname(file), i))),
      packages: imports.filter((i) => !i.startsWith('.')),
    });
  }
  return graph;
}

/** `upstream/client.ts` → `upstream`; a file at the root of src/ → `.`. */
const folderOf = (file: string): string => (file.includes('/') ? file.slice(0, file.indexOf('/')) : '.');

/** Every import cycle, each as the path that closes it. */
function cycles(graph: Map<string, { files: string[] }>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (file: string): void => {
    if (state.get(file) === 'done') return;
    if (state.get(file) === 'open') {
      found.push([...path.slice(path.indexOf(file)), file]);
      return;
    }
    state.set(file, 'open');
    path.push(file);
    for (const next of graph.get(file)?.files ?? []) visit(next);
    path.pop();
    state.set(file, 'done');
  };
  for (const file of [...graph.keys()].sort()) visit(file);
  return found;
}

const graph = importGraph();
/** The folders that speak a client's protocol; a face is one folder. */
const faces = ['legacy', 'modern', 'dbc'];
const edges = [...graph].flatMap(([from, { files }]) => files.map((to) => ({ from, to })));
const crossing = (from: string, to: string): string[] =>
  edges.filter((e) => folderOf(e.from) === from && folderOf(e.to) === to).map((e) => `${e.from} → ${e.to}`);

describe('the import graph of src/', () => {
  it('reads the imports it checks (a parse that found nothing would pass every rule)', () => {
    expect(graph.get('legacy/res.ts')?.files).toContain('task/record.ts');
    expect(graph.get('upstream/router.ts')?.files).toContain('upstream/codes.ts');
    for (const { to } of edges) expect(graph.has(to), `${to} is imported but is not a file in src/`).toBe(true);
  });

  it('no face imports another face', () => {
    for (const from of faces) {
      for (const to of faces) if (to !== from) expect(crossing(from, to), `${from} → ${to}`).toEqual([]);
    }
  });

  it('nothing below the faces imports a face: only the composition root at the top of src/ does', () => {
    const below = [...new Set([...graph.keys()].map(folderOf))].filter((f) => f !== '.' && !faces.includes(f));
    expect(below).toEqual(
      expect.arrayContaining(['core', 'access', 'ids', 'ops', 'http', 'upstream', 'store', 'task']),
    );
    for (const from of below) for (const face of faces) expect(crossing(from, face), `${from} → ${face}`).toEqual([]);
  });

  it('task/ imports nothing outside itself, not even a package', () => {
    const task = [...graph].filter(([file]) => folderOf(file) === 'task');
    expect(task.length).toBeGreaterThan(0);
    for (const [file, { files, packages }] of task) {
      expect(
        files.filter((to) => folderOf(to) !== 'task'),
        file,
      ).toEqual([]);
      expect(packages, file).toEqual([]);
    }
  });

  it('has no cycle, type-only imports included', () => {
    expect(cycles(graph).map((c) => c.join(' → '))).toEqual([]);
  });

  it('finds a cycle where there is one (the checker itself)', () => {
    const looped = new Map([
      ['a.ts', { files: ['b.ts'] }],
      ['b.ts', { files: ['c.ts'] }],
      ['c.ts', { files: ['a.ts'] }],
    ]);
    expect(cycles(looped)).toEqual([['a.ts', 'b.ts', 'c.ts', 'a.ts']]);
  });
});
