/**
 * The dialect table against the error table and the translation engine: every code a row
 * relies on has a legacy meaning, and each row's data reaches the wire.
 */
import { describe, expect, it } from 'vitest';
import { modernCodes } from '../../src/legacy/errors.ts';
import { dialectNames, dialects } from '../../src/upstream/dialects.ts';
import { encodeTask, reportCall, wireTaskId } from '../../src/upstream/translate.ts';

describe.each(dialectNames)('%s', (name) => {
  const dialect = dialects[name];

  it('fails tasks only with codes the error table knows', () => {
    for (const code of dialect.taskFailures) expect(modernCodes, code).toHaveProperty(code);
  });

  it('sends integer ids back as numbers, UUIDs as strings, and never mangles other ids', () => {
    expect(wireTaskId(dialect, '72345678901')).toBe(dialect.taskId === 'integer' ? 72345678901 : '72345678901');
    expect(wireTaskId(dialect, 'b6d2d3c8-0e5d-4d8f-8a4e-1c2b3d4e5f60')).toBe('b6d2d3c8-0e5d-4d8f-8a4e-1c2b3d4e5f60');
    expect(wireTaskId(dialect, '99999999999999999999')).toBe('99999999999999999999');
  });
});

describe('encodeTask', () => {
  it('leaves a task without a rule as it is, and drops extras the vendor does not take', () => {
    const task = { type: 'CapyTaskProxyless', websiteURL: 'https://a.example', websiteKey: 'k' };
    expect(encodeTask(dialects.capmonster, task.type, task, { softId: 5, languagePool: 'en' })).toEqual({ task });
  });

  it('capsolver: a proxy without credentials is type:host:port', () => {
    const task = {
      type: 'RecaptchaV2Task',
      websiteURL: 'https://a.example',
      websiteKey: 'k',
      proxyType: 'http',
      proxyAddress: 'p.example',
      proxyPort: 8080,
    };
    expect(encodeTask(dialects.capsolver, task.type, task, {}).task).toEqual({
      type: 'ReCaptchaV2Task',
      websiteURL: 'https://a.example',
      websiteKey: 'k',
      proxy: 'http:p.example:8080',
    });
  });
});

describe('reportCall', () => {
  it('a family without a call and no default: nothing to send', () => {
    expect(reportCall(dialects.anticaptcha, 'TurnstileTaskProxyless', true, 1)).toBeUndefined();
    expect(reportCall(dialects.capmonster, 'RecaptchaV2TaskProxyless', false, 1)).toBeUndefined();
  });

  it('a proxied task reports like its proxyless twin', () => {
    expect(reportCall(dialects.anticaptcha, 'HCaptchaTask', true, 7)).toEqual({
      call: 'reportIncorrectHcaptcha',
      body: { taskId: 7 },
    });
  });
});
