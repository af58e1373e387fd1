/**
 * The twin rule, once for every layer: the method table's proxied submits, the answer and
 * report tables' families, routing by family, and the stateless ids' known types all use it.
 */
import { describe, expect, it } from 'vitest';
import { buildTask } from '../../src/legacy/build-task.ts';
import { methods } from '../../src/legacy/methods.ts';
import { knownTypes } from '../../src/ids/signed-ids.ts';
import { familyOf, proxiedOf } from '../../src/task/type.ts';

describe('proxiedOf / familyOf', () => {
  it('drops the canonical Proxyless suffix, and only it', () => {
    expect(proxiedOf('HCaptchaTaskProxyless')).toBe('HCaptchaTask');
    expect(proxiedOf('ImageToTextTask')).toBe('ImageToTextTask');
    expect(proxiedOf('ProxylessThing')).toBe('ProxylessThing');
    // A vendor's respelling is the dialect's business; canonical types never carry it.
    expect(proxiedOf('ReCaptchaV2TaskProxyLess')).toBe('ReCaptchaV2TaskProxyLess');
    expect(familyOf('TurnstileTaskProxyless')).toBe(familyOf('TurnstileTask'));
  });

  it('is the type a submit with a proxy builds', () => {
    const params = (values: Record<string, string>) => ({ values: new Map(Object.entries(values)), files: new Map() });
    const built = buildTask(
      params({
        method: 'hcaptcha',
        sitekey: 'b76cd927-d266-4cfb-a328-3b03ae07ded6',
        pageurl: 'https://example.com/',
        proxy: 'u:p@10.0.0.1:3128',
        proxytype: 'HTTP',
      }),
    );
    expect(built.type).toBe(proxiedOf('HCaptchaTaskProxyless'));
  });

  it('gives the stateless ids both twins of every method row', () => {
    const known = new Set(knownTypes(methods.map((r) => r.type)).values());
    for (const row of methods) {
      expect(known.has(row.type), row.type).toBe(true);
      expect(known.has(proxiedOf(row.type)), row.type).toBe(true);
    }
  });
});
