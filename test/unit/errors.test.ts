import { describe, expect, it } from 'vitest';
import { codeOf, failureCode, legacyCodeFor, legacyCodes, modernCodes, upstreamCode } from '../../src/legacy/errors.ts';
import { StoreUnavailable } from '../../src/store/types.ts';
import { UpstreamError } from '../../src/upstream/client.ts';
import { retryCodes, retryOf } from '../../src/upstream/codes.ts';

/** Clients detect errors by the substring ERROR; IP_BANNED is 2captcha's own exception. */
const clientsSeeAnError = (code: string) => code.includes('ERROR') || code === 'IP_BANNED';

describe('the error table', () => {
  it('every legacy failure code contains ERROR (CAPCHA_NOT_READY and IP_BANNED aside) and has a text', () => {
    for (const [code, text] of Object.entries(legacyCodes)) {
      if (code !== 'CAPCHA_NOT_READY') expect(clientsSeeAnError(code), code).toBe(true);
      expect(text.length, code).toBeGreaterThan(0);
    }
  });

  it('every modern code maps, in both phases, to a legacy code clients see as an error', () => {
    for (const modern of Object.keys(modernCodes)) {
      for (const phase of ['submit', 'poll'] as const) {
        const legacy = legacyCodeFor(modern, phase, 'ERROR_BAD_PARAMETERS');
        expect(legacy in legacyCodes, `${modern} → ${legacy}`).toBe(true);
        expect(clientsSeeAnError(legacy), `${modern} → ${legacy}`).toBe(true);
      }
    }
  });

  it('translates upstream codes without ERROR to the 2captcha code of the same meaning', () => {
    expect(legacyCodeFor('TASK_NOT_SUPPORTED', 'submit', 'ERROR_BAD_PARAMETERS')).toBe('ERROR_NO_SUCH_METHOD');
    expect(legacyCodeFor('NO_PROVIDERS_AVAILABLE', 'submit', 'ERROR_BAD_PARAMETERS')).toBe('ERROR_NO_SLOT_AVAILABLE');
    expect(legacyCodeFor('RATE_LIMITED', 'submit', 'ERROR_BAD_PARAMETERS')).toBe('ERROR_NO_SLOT_AVAILABLE');
    expect(legacyCodeFor('ERROR_NO_SUCH_CAPCHA_ID', 'poll', 'ERROR_BAD_PARAMETERS')).toBe('ERROR_WRONG_CAPTCHA_ID');
  });

  it('names a proxy fault per endpoint', () => {
    expect(legacyCodeFor('ERROR_PROXY_CONNECT_REFUSED', 'submit', 'ERROR_BAD_PARAMETERS')).toBe('ERROR_BAD_PROXY');
    expect(legacyCodeFor('ERROR_PROXY_CONNECT_REFUSED', 'poll', 'ERROR_BAD_PARAMETERS')).toBe(
      'ERROR_PROXY_CONNECTION_FAILED',
    );
  });

  it('a code it does not know (or an inherited property name) falls back to the caller’s code', () => {
    expect(legacyCodeFor('SOMETHING_NEW', 'poll', 'ERROR_CAPTCHA_UNSOLVABLE')).toBe('ERROR_CAPTCHA_UNSOLVABLE');
    expect(legacyCodeFor('toString', 'submit', 'ERROR_BAD_PARAMETERS')).toBe('ERROR_BAD_PARAMETERS');
  });
});

describe('the upstream retry table against the error table', () => {
  it('every code it knows is in the error table', () => {
    for (const code of Object.keys(retryCodes)) expect(modernCodes, code).toHaveProperty(code);
  });

  // README: a busy upstream is ERROR_NO_SLOT_AVAILABLE to a client, and UNSOLVABLE_RETRIES
  // resubmits what a client would see as ERROR_CAPTCHA_UNSOLVABLE; the two tables must agree.
  it('moves a task on exactly for the codes a client hears as ERROR_NO_SLOT_AVAILABLE', () => {
    for (const code of Object.keys(modernCodes)) {
      const busy = legacyCodeFor(code, 'submit', 'ERROR_BAD_PARAMETERS') === 'ERROR_NO_SLOT_AVAILABLE';
      expect(retryOf(code) === 'elsewhere', code).toBe(busy);
    }
  });

  it('resubmits exactly the failures a client hears as ERROR_CAPTCHA_UNSOLVABLE', () => {
    for (const code of Object.keys(modernCodes)) {
      expect(retryOf(code) === 'again', code).toBe(failureCode(code) === 'ERROR_CAPTCHA_UNSOLVABLE');
    }
    expect(retryOf('')).toBe('again');
    expect(failureCode('')).toBe('ERROR_CAPTCHA_UNSOLVABLE');
  });
});

describe('the legacy answer for another layer’s error', () => {
  it('a fault answers per call; a poll fault is CAPCHA_NOT_READY, so clients keep polling', () => {
    expect(upstreamCode(new UpstreamError('createTask', undefined, 'timeout'))).toBe('ERROR_NO_SLOT_AVAILABLE');
    expect(upstreamCode(new UpstreamError('createTask', undefined, 'open'))).toBe('ERROR_NO_SLOT_AVAILABLE');
    expect(upstreamCode(new UpstreamError('getTaskResult', undefined, 'network'))).toBe('CAPCHA_NOT_READY');
    expect(upstreamCode(new UpstreamError('getBalance', undefined, 'malformed'))).toBe('ERROR_NO_SLOT_AVAILABLE');
    expect(upstreamCode(new UpstreamError('report', undefined, 'status', 502))).toBe('ERROR_REPORT_NOT_RECORDED');
  });

  it('a rejection answers its code in the call’s phase, or the call’s fallback, never CAPCHA_NOT_READY', () => {
    expect(upstreamCode(new UpstreamError('createTask', 'ERROR_PROXY_BANNED'))).toBe('ERROR_BAD_PROXY');
    expect(upstreamCode(new UpstreamError('getTaskResult', 'ERROR_PROXY_BANNED'))).toBe(
      'ERROR_PROXY_CONNECTION_FAILED',
    );
    expect(upstreamCode(new UpstreamError('createTask', 'SOMETHING_NEW'))).toBe('ERROR_BAD_PARAMETERS');
    expect(upstreamCode(new UpstreamError('getTaskResult', ''))).toBe('ERROR_CAPTCHA_UNSOLVABLE');
    expect(upstreamCode(new UpstreamError('report', 'SOMETHING_NEW'))).toBe('ERROR_REPORT_NOT_RECORDED');
  });

  it('a store outage is "retry in a few seconds"; anything else is no legacy code (a bug, logged)', () => {
    expect(codeOf(new StoreUnavailable('down'))).toBe('ERROR_NO_SLOT_AVAILABLE');
    expect(codeOf(new TypeError('x is undefined'))).toBeUndefined();
  });
});
