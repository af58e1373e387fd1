import { describe, expect, it } from 'vitest';
import { createRegistry } from '../../src/ops/metrics.ts';

describe('metrics registry', () => {
  it('renders counters and gauges with labels in the Prometheus text format', () => {
    const r = createRegistry();
    const c = r.counter('x_total', 'Things.', ['kind']);
    c.inc(['a']);
    c.inc(['a'], 2);
    c.inc(['b"\\\n']);
    const g = r.gauge('y', 'Level.');
    g.add(3);
    g.add(-1);
    r.gaugeFn('z', 'Read late.', () => 7);
    expect(r.render()).toBe(
      '# HELP x_total Things.\n# TYPE x_total counter\nx_total{kind="a"} 3\nx_total{kind="b\\"\\\\\\n"} 1\n' +
        '# HELP y Level.\n# TYPE y gauge\ny 2\n' +
        '# HELP z Read late.\n# TYPE z gauge\nz 7\n',
    );
  });

  it('renders labelled gauges read when scraped', () => {
    const r = createRegistry();
    let state = 0;
    r.gaugesFn('b_state', 'Per upstream.', ['upstream'], () => [
      [['main'], state],
      [['spare'], 2],
    ]);
    state = 1;
    expect(r.render()).toBe(
      '# HELP b_state Per upstream.\n# TYPE b_state gauge\nb_state{upstream="main"} 1\nb_state{upstream="spare"} 2\n',
    );
  });

  it('renders histograms with cumulative buckets, +Inf, sum and count', () => {
    const r = createRegistry();
    const h = r.histogram('t_seconds', 'Time.', ['op'], [0.1, 1]);
    h.observe(0.05, ['get']);
    h.observe(0.5, ['get']);
    h.observe(5, ['get']);
    expect(r.render()).toBe(
      '# HELP t_seconds Time.\n# TYPE t_seconds histogram\n' +
        't_seconds_bucket{op="get",le="0.1"} 1\nt_seconds_bucket{op="get",le="1"} 2\nt_seconds_bucket{op="get",le="+Inf"} 3\n' +
        't_seconds_sum{op="get"} 5.55\nt_seconds_count{op="get"} 3\n',
    );
  });

  it('keeps one series per label set', () => {
    const r = createRegistry();
    const c = r.counter('n_total', 'N.', ['a', 'b']);
    for (let i = 0; i < 100; i++) c.inc(['x', 'y']);
    expect(
      r
        .render()
        .split('\n')
        .filter((l) => l.startsWith('n_total{')),
    ).toEqual(['n_total{a="x",b="y"} 100']);
  });

  it('renders series in the order they first appeared, each found again by its labels', () => {
    const r = createRegistry();
    const c = r.counter('c_total', 'C.', ['a', 'b']);
    const h = r.histogram('h_seconds', 'H.', ['op'], [1]);
    c.inc(['x', 'z']);
    c.inc(['x', 'y']);
    c.inc(['x', 'y'], 2);
    c.inc(['x', 'y'], 4);
    c.inc(['x', 'z']);
    h.observe(0.5, ['get']);
    h.observe(2, ['get']);
    expect(r.render()).toBe(
      '# HELP c_total C.\n# TYPE c_total counter\nc_total{a="x",b="z"} 2\nc_total{a="x",b="y"} 7\n' +
        '# HELP h_seconds H.\n# TYPE h_seconds histogram\n' +
        'h_seconds_bucket{op="get",le="1"} 1\nh_seconds_bucket{op="get",le="+Inf"} 2\nh_seconds_sum{op="get"} 2.5\nh_seconds_count{op="get"} 2\n',
    );
  });
});
