/**
 * @module
 * Where a server's CPU time went, per request, from a `--cpu-prof` profile: samples grouped by
 * what they were doing (inres's own modules, Hono, the Node adapter, undici, GC, socket
 * writes…), start-up excluded, divided by the requests the server served. `--profile` writes
 * the comparison of inres and the bare passthrough to bench/results/profile.md.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const rootUrl = `${pathToFileURL(join(import.meta.dirname, '..')).href}/`;
const startup =
  /^(executeUserEntryPoint|compileForInternalLoader|loadESMFromCJS|requireBuiltin|evaluate|link)$|ModuleJob/;

function category({ functionName: fn, url }: ProfileNode['callFrame']): string {
  if (fn === '(garbage collector)') return 'garbage collection';
  if (/^(writeUtf8String|writev|writeBuffer|writeLatin1String)$/.test(fn)) return 'socket writes (syscalls)';
  if (fn === '(program)') return 'V8/native (program)';
  if (!url) return `native ${fn}`;
  if (url.includes('node:internal/deps/undici')) return "Node's fetch classes (Request/Response/Headers)";
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  if (url.startsWith(rootUrl)) {
    const rel = url.slice(rootUrl.length);
    return rel.startsWith('src/') ? rel : rel.split('/')[0]!;
  }
  if (url.startsWith('node:')) return url.replace(/^node:(internal\/)?/, 'node:').replace(/\/.*$/, '');
  return url;
}

/** A function as the top list names it: name, file and line. */
function where({ functionName: fn, url, lineNumber }: ProfileNode['callFrame']): string {
  const file = url.startsWith(rootUrl) ? url.slice(rootUrl.length) : url.replace(/^.*node_modules\//, '');
  return `${fn || '(anonymous)'} ${file ? `${file}:${lineNumber + 1}` : '(native)'}`;
}

/** µs per request by category, or by function with `by: 'function'`; start-up samples left out. */
export function costs(file: string, requests: number, by: 'category' | 'function' = 'category'): Map<string, number> {
  const key = by === 'category' ? category : where;
  const p = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const out = new Map<string, number>();
  for (let i = 0; i < p.samples.length; i++) {
    const leaf = byId.get(p.samples[i]!)!;
    if (leaf.callFrame.functionName === '(idle)') continue;
    let inStartup = false;
    for (let cur: number | undefined = leaf.id; cur !== undefined && !inStartup; cur = parent.get(cur)) {
      inStartup = startup.test(byId.get(cur)!.callFrame.functionName);
    }
    if (inStartup) continue;
    const k = key(leaf.callFrame);
    out.set(k, (out.get(k) ?? 0) + (p.timeDeltas[i] ?? 0) / requests);
  }
  return out;
}

/** A Markdown table of two profiles side by side, largest difference first. */
export function compare(
  a: { name: string; costs: Map<string, number> },
  b: { name: string; costs: Map<string, number> },
): string {
  const keys = [...new Set([...a.costs.keys(), ...b.costs.keys()])];
  const rows = keys
    .map((k) => ({ k, x: a.costs.get(k) ?? 0, y: b.costs.get(k) ?? 0 }))
    .filter((r) => r.x >= 0.5 || r.y >= 0.5)
    .sort((r, s) => s.x - s.y - (r.x - r.y));
  const sum = (m: Map<string, number>) => [...m.values()].reduce((s, v) => s + v, 0);
  return [
    `| where (self time) | ${a.name} µs/req | ${b.name} µs/req | difference |`,
    '| --- | --- | --- | --- |',
    ...rows.map((r) => `| ${r.k} | ${r.x.toFixed(1)} | ${r.y.toFixed(1)} | ${(r.x - r.y).toFixed(1)} |`),
    `| **total** | ${sum(a.costs).toFixed(1)} | ${sum(b.costs).toFixed(1)} | ${(sum(a.costs) - sum(b.costs)).toFixed(1)} |`,
  ].join('\n');
}

/** A Markdown list of the functions with the most self time per request. */
export function top(costs: Map<string, number>, n: number): string {
  return [
    '| function (self time) | µs/req |',
    '| --- | --- |',
    ...[...costs]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, v]) => `| \`${k}\` | ${v.toFixed(2)} |`),
  ].join('\n');
}
