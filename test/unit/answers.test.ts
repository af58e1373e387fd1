import { describe, expect, it } from 'vitest';
import { answerFor } from '../../src/legacy/answers.ts';
import { renderBody } from '../../src/legacy/reply.ts';

const both = (type: string, solution: Record<string, unknown>) => {
  const a = answerFor(type, solution);
  return a && [renderBody(a, false), renderBody(a, true)];
};

describe('the answer table', () => {
  it('a proxied type answers like its proxyless twin', () => {
    expect(both('RecaptchaV2Task', { gRecaptchaResponse: 't' })).toEqual(
      both('RecaptchaV2TaskProxyless', { gRecaptchaResponse: 't' }),
    );
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
  it('a blank value is no answer, and surrounding whitespace is not part of one', () => {
    expect(answerFor('ImageToTextTask', { text: '' })).toBeUndefined();
    expect(answerFor('RecaptchaV2TaskProxyless', { gRecaptchaResponse: ' \n', token: '' })).toBeUndefined();
    expect(both('RecaptchaV2TaskProxyless', { gRecaptchaResponse: '', token: 't\n' })).toEqual([
      'OK|t',
      '{"status":1,"request":"t"}',
    ]);
  });
  it('an unknown type falls back to a token or text, else the JSON of the solution', () => {
    expect(both('SomeNewTask', { token: 'x' })).toEqual(['OK|x', '{"status":1,"request":"x"}']);
    expect(both('SomeNewTask', { a: 1 })).toEqual(['OK|{"a":1}', '{"status":1,"request":{"a":1}}']);
  });
});

describe('the answer shapes of the other families', () => {
  it('geetest v3 needs all three values; numbers are kept as they come', () => {
    expect(answerFor('GeeTestTaskProxyless', { challenge: 'c', validate: 'v' })).toBeUndefined();
    expect(both('GeeTestTask', { challenge: 'c', validate: 'v', seccode: 's|jordan' })).toEqual([
      'OK|{"geetest_challenge":"c","geetest_validate":"v","geetest_seccode":"s|jordan"}',
      '{"status":1,"request":{"geetest_challenge":"c","geetest_validate":"v","geetest_seccode":"s|jordan"}}',
    ]);
  });
  it('coordinates accept numbers or numeric text, and refuse points without x or y', () => {
    expect(both('CoordinatesTask', { coordinates: [{ x: '1', y: 2 }] })).toEqual([
      'OK|coordinates:x=1,y=2',
      '{"status":1,"request":[{"x":"1","y":"2"}]}',
    ]);
    expect(answerFor('CoordinatesTask', { coordinates: [{ x: 1 }] })).toBeUndefined();
    expect(answerFor('CoordinatesTask', { coordinates: 'x=1,y=2' })).toBeUndefined();
  });
  it('grid refuses a click list holding objects; no cell is No_matching_images', () => {
    expect(answerFor('GridTask', { click: [1, { cell: 2 }] })).toBeUndefined();
    expect(both('GridTask', { click: [] })).toEqual([
      'OK|No_matching_images',
      '{"status":1,"request":"No_matching_images"}',
    ]);
  });
  it('canvas refuses a polygon that is not a point list', () => {
    expect(answerFor('DrawAroundTask', { canvas: [[{ x: 1, y: 1 }], 'bad'] })).toBeUndefined();
  });
  it('rotate takes rotate, else angle', () => {
    expect(both('RotateTask', { angle: -120 })).toEqual(['OK|-120', '{"status":1,"request":"-120"}']);
  });
  it('bounding boxes under another name fall back to the object', () => {
    expect(both('BoundingBoxTask', { answer: [1] })).toEqual([
      'OK|{"answer":[1]}',
      '{"status":1,"request":{"answer":[1]}}',
    ]);
  });
  it('datadome answers the cookie, nothing else', () => {
    expect(answerFor('DataDomeSliderTask', { token: 'x' })).toBeUndefined();
  });
});
