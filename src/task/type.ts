/**
 * @module
 * Task types in the canonical (anti-captcha / 2captcha v2) spelling, and the one rule that
 * pairs them: a `…Proxyless` type has a proxied twin without the suffix, and the twins form a
 * family (they answer, report and route alike).
 */

const proxyless = 'Proxyless';

/** The proxied twin of a type (`HCaptchaTaskProxyless` → `HCaptchaTask`); a type without the suffix is its own. */
export const proxiedOf = (type: string): string => (type.endsWith(proxyless) ? type.slice(0, -proxyless.length) : type);

/** A family is named by its proxied twin: the key of the answer, report and routing tables. */
export const familyOf = proxiedOf;
