/**
 * The Grafana dashboard (deploy/grafana/inres.json) queries only what inres exports: every
 * metric name in every PromQL expression and template query is one that a running gateway's
 * /metrics scrape declares (`# TYPE` lines; a histogram's _bucket, _sum and _count).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeUpstream, type FakeUpstream } from '../support/fake-upstream.ts';
import { spawnGateway, type SpawnedGateway } from '../support/spawn-gateway.ts';

const dashboard = JSON.parse(
  readFileSync(resolve(import.meta.dirname, '../../deploy/grafana/inres.json'), 'utf8'),
) as Record<string, unknown>;

let fake: FakeUpstream;
let gw: SpawnedGateway;
let exported: Set<string>;

beforeAll(async () => {
  fake = await startFakeUpstream();
  gw = await spawnGateway({ UPSTREAM_URL: fake.url, UPSTREAM_RATE_LIMIT: '100/10' });
  const text = await (await fetch(`${gw.url}/metrics`)).text();
  exported = new Set();
  for (const [, name, type] of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    exported.add(name!);
    if (type === 'histogram') for (const suffix of ['_bucket', '_sum', '_count']) exported.add(name! + suffix);
  }
}, 40_000);
afterAll(async () => {
  await gw?.kill();
  await fake?.close();
});

/** Every `expr` of every panel target, and every template variable's query. */
function queries(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) for (const item of node) queries(item, out);
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === 'expr' && typeof v === 'string') out.push(v);
      else queries(v, out);
    }
  }
  return out;
}

const templateQueries = (): string[] =>
  (dashboard.templating as { list: { type: string; query: unknown }[] }).list
    .filter((v) => v.type === 'query')
    .map((v) => String(v.query));

const keywords = new Set([
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'and',
  'or',
  'unless',
  'bool',
  'offset',
]);

/**
 * The metric names a PromQL expression reads: identifiers left once strings, label matchers,
 * ranges, grouping clauses, function names and keywords are taken out.
 */
function metricNames(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ')
    .replace(/\b[a-zA-Z_]\w*\s*\(/g, '(');
  return [...bare.matchAll(/\b[a-zA-Z_:][\w:]*\b/g)].map((m) => m[0]).filter((w) => !keywords.has(w));
}

describe('deploy/grafana/inres.json', () => {
  it('has queries for requests by code, latency, upstream outcomes, breaker and budget state, and store health', () => {
    const names = new Set(queries(dashboard.panels).flatMap(metricNames));
    for (const name of [
      'inres_requests_total',
      'inres_request_duration_seconds_bucket',
      'inres_upstream_calls_total',
      'inres_upstream_breaker_state',
      'inres_upstream_budget_used_total',
      'inres_upstream_budget_refused_total',
      'inres_polls_coalesced_total',
      'inres_store_up',
      'inres_store_failovers_total',
    ])
      expect(names).toContain(name);
  });

  it('names in every query only metrics a running gateway exports', () => {
    const all = [
      ...queries(dashboard.panels),
      ...templateQueries().map((q) => q.replace(/^label_values\(([^,)]+).*$/, '$1')),
    ];
    expect(all.length).toBeGreaterThan(10);
    for (const expr of all) {
      const names = metricNames(expr);
      expect(names.length, expr).toBeGreaterThan(0);
      for (const name of names) expect(exported.has(name), `${name} in ${expr}`).toBe(true);
    }
  });

  it('the metric-name reader sees through PromQL', () => {
    expect(
      metricNames(
        'histogram_quantile(0.95, sum by (le, endpoint) (rate(inres_request_duration_seconds_bucket{job=~"$job"}[$__rate_interval])))',
      ),
    ).toEqual(['inres_request_duration_seconds_bucket']);
    expect(metricNames('max by (upstream) (a_total{x="y"} / b_seconds)')).toEqual(['a_total', 'b_seconds']);
  });
});
