import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/ops/log.ts';

describe('logger', () => {
  it('writes one JSON object per line, at or above its level', () => {
    const lines: string[] = [];
    const log = createLogger(
      'warn',
      (l) => lines.push(l),
      () => 0,
    );
    log.info('skipped');
    log.warn('kept', { code: 'ERROR_X' });
    expect(lines).toEqual(['{"time":"1970-01-01T00:00:00.000Z","level":"warn","msg":"kept","code":"ERROR_X"}']);
  });

  it('redacts key fields and keys inside free text', () => {
    const lines: string[] = [];
    const log = createLogger('debug', (l) => lines.push(l));
    log.error('x', {
      key: 'k1SECRET',
      clientKey: 'k2SECRET',
      API_KEY: { nested: 'k6SECRET' },
      error: 'failed: /res.php?key=k3SECRET&action=get and {"clientKey":"k4SECRET"} api_key: k5SECRET',
      detail: 'KEY=k7SECRET',
    });
    for (let i = 0; i < 2; i++) log.warn('again', { clientKey: 'k8SECRET', n: i });
    expect(lines.join('\n')).not.toContain('SECRET');
    expect(JSON.parse(lines[0]!)).toMatchObject({
      key: '[redacted]',
      clientKey: '[redacted]',
      API_KEY: '[redacted]',
      detail: 'KEY=[redacted]',
    });
    expect(JSON.parse(lines[2]!)).toMatchObject({ clientKey: '[redacted]' });
  });

  it('keeps the timestamp of each line', () => {
    const lines: string[] = [];
    let t = 0;
    const log = createLogger(
      'info',
      (l) => lines.push(l),
      () => t,
    );
    log.info('a');
    log.info('b');
    t = 1500;
    log.info('c');
    expect(lines.map((l) => (JSON.parse(l) as { time: string }).time)).toEqual([
      '1970-01-01T00:00:00.000Z',
      '1970-01-01T00:00:00.000Z',
      '1970-01-01T00:00:01.500Z',
    ]);
  });

  test.prop([
    fc.array(fc.oneof(fc.integer({ min: 0, max: 2 ** 42 }), fc.double({ min: 0, max: 2 ** 42, noNaN: true })), {
      minLength: 1,
      maxLength: 20,
    }),
  ])('stamps each line with the ISO time of its clock reading', (readings) => {
    const lines: string[] = [];
    let i = 0;
    const log = createLogger(
      'info',
      (l) => lines.push(l),
      () => readings[i++]!,
    );
    readings.forEach(() => log.info('x'));
    expect(lines.map((l) => (JSON.parse(l) as { time: string }).time)).toEqual(
      readings.map((t) => new Date(t).toISOString()),
    );
  });

  // Field names and texts that mention no key: the line is what JSON.stringify makes of it
  // (index-like names aside, which an object would move ahead of `time`).
  const plain = (s: string) => !/key/i.test(s);
  const name = fc
    .string({ maxLength: 12 })
    .filter((n) => plain(n) && !['time', 'level', 'msg'].includes(n) && !/^(0|[1-9]\d*)$/.test(n));
  const value = fc.oneof(
    fc.string({ unit: 'binary' }).filter(plain),
    fc.double(),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.constant(undefined),
    fc.array(fc.integer(), { maxLength: 3 }),
  );
  test.prop([fc.string().filter(plain), fc.dictionary(name, value)])(
    'writes the same JSON as JSON.stringify of the whole line',
    (msg, fields) => {
      const lines: string[] = [];
      createLogger(
        'info',
        (l) => lines.push(l),
        () => 0,
      ).info(msg, fields);
      expect(lines[0]).toBe(JSON.stringify({ time: '1970-01-01T00:00:00.000Z', level: 'info', msg, ...fields }));
    },
  );

  it('writes a warning repeated word for word once per window, then with the count left out', () => {
    const lines: string[] = [];
    let t = 0;
    const log = createLogger(
      'info',
      (l) => lines.push(l),
      () => t,
      10_000,
    );
    for (; t < 25_000; t += 1000) {
      log.warn('pingback claim failed', { error: 'Connection is closed.' });
      log.info('request', { status: 200 });
    }
    log.warn('pingback claim failed', { error: 'another cause' });
    const warnings = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.level === 'warn');
    expect(warnings).toEqual([
      { time: '1970-01-01T00:00:00.000Z', level: 'warn', msg: 'pingback claim failed', error: 'Connection is closed.' },
      {
        time: '1970-01-01T00:00:10.000Z',
        level: 'warn',
        msg: 'pingback claim failed',
        error: 'Connection is closed.',
        suppressed: 9,
      },
      {
        time: '1970-01-01T00:00:20.000Z',
        level: 'warn',
        msg: 'pingback claim failed',
        error: 'Connection is closed.',
        suppressed: 9,
      },
      { time: '1970-01-01T00:00:25.000Z', level: 'warn', msg: 'pingback claim failed', error: 'another cause' },
    ]);
    expect(lines.filter((l) => l.includes('"request"'))).toHaveLength(25);
  });
});
