import { describe, expect, it } from 'vitest';
import { bare, code, notReady, ok, render, renderBody } from '../../src/legacy/reply.ts';

describe('answer formats', () => {
  it('plain: OK|…, the bare text, the bare code — no trailing newline', () => {
    expect(renderBody(ok('123456789012345'), false)).toBe('OK|123456789012345');
    expect(renderBody(bare('12.5000'), false)).toBe('12.5000');
    expect(renderBody(notReady, false)).toBe('CAPCHA_NOT_READY');
    expect(renderBody(code('ERROR_ZERO_BALANCE'), false)).toBe('ERROR_ZERO_BALANCE');
  });

  it('json=1: status and request, extras after, error_text on errors only', () => {
    expect(renderBody(ok('tok', 'tok', { useragent: 'UA' }), true)).toBe(
      '{"status":1,"request":"tok","useragent":"UA"}',
    );
    expect(renderBody(ok('{"a":1}', { a: 1 }), true)).toBe('{"status":1,"request":{"a":1}}');
    expect(renderBody(bare('OK_REPORT_RECORDED'), true)).toBe('{"status":1,"request":"OK_REPORT_RECORDED"}');
    expect(renderBody(notReady, true)).toBe('{"status":0,"request":"CAPCHA_NOT_READY"}');
    expect(renderBody(code('ERROR_ZERO_BALANCE'), true)).toBe(
      '{"status":0,"request":"ERROR_ZERO_BALANCE","error_text":"Your balance is not sufficient."}',
    );
  });

  it('always HTTP 200; CORS only with header_acao', async () => {
    const r = render(code('ERROR_WRONG_USER_KEY'), { json: false, acao: true });
    expect(r.status).toBe(200);
    expect(r.headers['access-control-allow-origin']).toBe('*');
    expect(render(notReady, { json: true, acao: false }).headers['access-control-allow-origin']).toBeUndefined();
  });
});
