import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.ts';

describe('logger', () => {
  it('writes one JSON object per line, at or above its level', () => {
    const lines: string[] = [];
    const log = createLogger('warn', (l) => lines.push(l), () => 0);
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
      error: 'failed: /res.php?key=k3SECRET&action=get and {"clientKey":"k4SECRET"} api_key: k5SECRET',
    });
    expect(lines[0]).not.toContain('SECRET');
    expect(JSON.parse(lines[0]!)).toMatchObject({ key: '[redacted]', clientKey: '[redacted]' });
  });
});
