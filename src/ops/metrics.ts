/**
 * @module
 * A small portable metrics registry rendered in the Prometheus text format (0.0.4): counters,
 * gauges and fixed-bucket histograms. A series is found by walking one Map per label value (the
 * label strings' hashes are cached by the engine, where a joined id would be a new string to
 * hash on every increment). Callers fold open-ended values (methods, actions) into `other` before
 * they get here, which keeps every label set bounded. Keys never become labels.
 */

type Labels = readonly string[];

interface Series {
  labels: Labels;
  value: number;
}

interface HistogramSeries {
  labels: Labels;
  counts: number[];
  sum: number;
  count: number;
}

export interface Counter {
  inc(labels?: Labels, by?: number): void;
}

export interface Gauge {
  set(value: number, labels?: Labels): void;
  add(by: number, labels?: Labels): void;
}

export interface Histogram {
  observe(value: number, labels?: Labels): void;
}

export interface Registry {
  counter(name: string, help: string, labelNames?: Labels): Counter;
  gauge(name: string, help: string, labelNames?: Labels): Gauge;
  /** A gauge read when scraped (store size, queue lengths). */
  gaugeFn(name: string, help: string, read: () => number): void;
  /** Labelled gauges read when scraped (one per upstream: breaker state). */
  gaugesFn(name: string, help: string, labelNames: Labels, read: () => Iterable<readonly [Labels, number]>): void;
  histogram(name: string, help: string, labelNames: Labels, buckets: readonly number[]): Histogram;
  /** The whole registry in the Prometheus text format. */
  render(): string;
}

/** Seconds: from a fast cached poll to a slow upstream solve. */
export const latencyBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] as const;

const noLabels: Labels = [];

interface LabelNode<S> {
  next: Map<string, LabelNode<S>>;
  series?: S;
}

const escape = (v: string): string => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');

function labelText(names: Labels, values: Labels, extra?: string): string {
  const parts = names.map((n, i) => `${n}="${escape(values[i] ?? '')}"`);
  if (extra) parts.push(extra);
  return parts.length ? `{${parts.join(',')}}` : '';
}

const number = (n: number): string => (Number.isFinite(n) ? String(n) : n > 0 ? '+Inf' : n < 0 ? '-Inf' : 'NaN');

export function createRegistry(): Registry {
  const renderers: (() => string)[] = [];

  function family<S>(name: string, help: string, type: string, labelNames: Labels, make: (labels: Labels) => S) {
    /** Series in the order they first appeared, which is the order they are rendered in. */
    const series: S[] = [];
    const root: LabelNode<S> = { next: new Map() };
    const get = (labels: Labels): S => {
      let node = root;
      for (let i = 0; i < labels.length; i++) {
        let child = node.next.get(labels[i]!);
        if (!child) {
          child = { next: new Map() };
          node.next.set(labels[i]!, child);
        }
        node = child;
      }
      if (!node.series) {
        node.series = make(labels.slice());
        series.push(node.series);
      }
      return node.series;
    };
    const header = `# HELP ${name} ${help}\n# TYPE ${name} ${type}\n`;
    return { get, series, header, labelNames };
  }

  function simple(name: string, help: string, type: 'counter' | 'gauge', labelNames: Labels) {
    const f = family<Series>(name, help, type, labelNames, (labels) => ({ labels, value: 0 }));
    renderers.push(() => {
      let out = f.header;
      for (const s of f.series) out += `${name}${labelText(labelNames, s.labels)} ${number(s.value)}\n`;
      return out;
    });
    return f;
  }

  return {
    counter(name, help, labelNames = noLabels) {
      const f = simple(name, help, 'counter', labelNames);
      return { inc: (labels = noLabels, by = 1) => void (f.get(labels).value += by) };
    },
    gauge(name, help, labelNames = noLabels) {
      const f = simple(name, help, 'gauge', labelNames);
      return {
        set: (value, labels = noLabels) => void (f.get(labels).value = value),
        add: (by, labels = noLabels) => void (f.get(labels).value += by),
      };
    },
    gaugeFn(name, help, read) {
      renderers.push(() => `# HELP ${name} ${help}\n# TYPE ${name} gauge\n${name} ${number(read())}\n`);
    },
    gaugesFn(name, help, labelNames, read) {
      renderers.push(() => {
        let out = `# HELP ${name} ${help}\n# TYPE ${name} gauge\n`;
        for (const [labels, value] of read()) out += `${name}${labelText(labelNames, labels)} ${number(value)}\n`;
        return out;
      });
    },
    histogram(name, help, labelNames, buckets) {
      const f = family<HistogramSeries>(name, help, 'histogram', labelNames, (labels) => ({
        labels,
        counts: buckets.map(() => 0),
        sum: 0,
        count: 0,
      }));
      renderers.push(() => {
        let out = f.header;
        for (const s of f.series) {
          // Buckets are stored per bucket and made cumulative only when scraped.
          let cumulative = 0;
          buckets.forEach((le, i) => {
            cumulative += s.counts[i]!;
            out += `${name}_bucket${labelText(labelNames, s.labels, `le="${le}"`)} ${cumulative}\n`;
          });
          out += `${name}_bucket${labelText(labelNames, s.labels, 'le="+Inf"')} ${s.count}\n`;
          out += `${name}_sum${labelText(labelNames, s.labels)} ${number(s.sum)}\n`;
          out += `${name}_count${labelText(labelNames, s.labels)} ${s.count}\n`;
        }
        return out;
      });
      return {
        observe(value, labels = noLabels) {
          const s = f.get(labels);
          // The bucket a value falls in: the first bound at or above it, or none (+Inf only).
          for (let i = 0; i < buckets.length; i++) {
            if (value <= buckets[i]!) {
              s.counts[i]!++;
              break;
            }
          }
          s.sum += value;
          s.count++;
        },
      };
    },
    render: () => renderers.map((r) => r()).join(''),
  };
}

export const metricsContentType = 'text/plain; version=0.0.4; charset=utf-8';
