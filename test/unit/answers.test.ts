import { describe, expect, it } from 'vitest';
import { answerFor } from '../../src/legacy/answers.ts';
import { renderBody } from '../../src/legacy/reply.ts';

const both = (type: string, solution: Record<string, unknown>) => {
  const a = answerFor(type, solution);
  return a && [renderBody(a, false), renderBody(a, true)];
};

describe('the answer table', () => {
  it('a proxied type answers like its proxyless twin', () => {
    expect(both('RecaptchaV2Task', { gRecaptchaResponse: 't' })).toEqual(both('RecaptchaV2TaskProxyless', { gRecaptchaResponse: 't' }));
  });
  it('recaptcha takes gRecaptchaResponse, else token', () => {
    expect(both('RecaptchaV3TaskProxyless', { token: 't2' })).toEqual(['OK|t2', '{"status":1,"request":"t2"}']);
  });
  it('hcaptcha extras only when the solution has them', () => {
    expect(both('HCaptchaTaskProxyless', { token: 'h' })).toEqual(['OK|h', '{"status":1,"request":"h"}']);
  });
  it('a solution without its field is no answer (the caller reports it unsolvable)', () => {
    expect(answerFor('ImageToTextTask', { nope: 1 })).toBeUndefined();
  });
  it('an unknown type falls back to a token or text, else the JSON of the solution', () => {
    expect(both('SomeNewTask', { token: 'x' })).toEqual(['OK|x', '{"status":1,"request":"x"}']);
    expect(both('SomeNewTask', { a: 1 })).toEqual(['OK|{"a":1}', '{"status":1,"request":{"a":1}}']);
  });
});
