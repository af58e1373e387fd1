import { describe, expect, it } from 'vitest';
import { legacyCodeFor, legacyCodes, modernCodes } from '../../src/legacy/errors.ts';

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
    expect(legacyCodeFor('ERROR_PROXY_CONNECT_REFUSED', 'poll', 'ERROR_BAD_PARAMETERS')).toBe('ERROR_PROXY_CONNECTION_FAILED');
  });

  it('a code it does not know (or an inherited property name) falls back to the caller’s code', () => {
    expect(legacyCodeFor('SOMETHING_NEW', 'poll', 'ERROR_CAPTCHA_UNSOLVABLE')).toBe('ERROR_CAPTCHA_UNSOLVABLE');
    expect(legacyCodeFor('toString', 'submit', 'ERROR_BAD_PARAMETERS')).toBe('ERROR_BAD_PARAMETERS');
  });
});
