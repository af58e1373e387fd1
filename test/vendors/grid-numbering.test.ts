/**
 * Grid cell numbering (docs/compat.md): the modern `click` list is copied unchanged, because
 * API v2 numbers tiles from 1 as the legacy `click:3/6/8` does. Sources, strongest first: the
 * clients that work against the live service — two independent public API v2 clients
 * ("2Captcha GridTask (1-based clicks)"; "2Captcha numbers its tiles from 1 and this takes one
 * off") and 2captcha's grid demo on 2captcha-python (it clicks `td[@tabindex = n + 3]`, so 1 is
 * the first tile) — against one sentence of 2captcha.com/api-docs/recaptcha-grid ("0 corresponds
 * to the top-left tile"). See shared/protocol/vendor-audit.md D11.
 */
import { describe, expect, it } from 'vitest';
import { dialectNames, dialects } from '../../src/upstream/dialects.ts';
import { hasType } from '../../src/upstream/translate.ts';
import { post, useDialect } from '../support/dialect-suite.ts';
import type { FakeUpstream } from '../support/fake-upstream.ts';
import type { TestGateway } from '../support/gateway.ts';
import { png } from '../support/images.ts';

const grid = {
  method: 'base64',
  body: png.toString('base64'),
  recaptcha: '1',
  recaptcharows: '3',
  recaptchacols: '3',
  textinstructions: 'Select all buses',
};

// The dialects whose grid is 2captcha's GridTask with its `click` list (CapMonster answers one
// boolean per tile instead, numbered from 1 by inres: test/vendors/docs-wire.test.ts).
const clickDialects = dialectNames.filter(
  (d) => hasType(dialects[d], 'GridTask') && !Object.hasOwn(dialects[d].types, 'GridTask'),
);

describe.each(clickDialects)('%s', (dialect) => {
  let fake: FakeUpstream;
  let gw: TestGateway;
  useDialect(dialect, (f, g) => {
    fake = f;
    gw = g;
  });

  it('the top-left tile (v2 1) is click:1 and the bottom-right of a 3×3 (v2 9) is click:9, plain and json=1', async () => {
    fake.fate = () => ({ polls: 0, solution: { click: [1, 5, 9] } });
    const id = (await post(gw, '/in.php', grid)).slice(3);
    expect(await post(gw, '/res.php', { action: 'get', id })).toBe('OK|click:1/5/9');
    expect(JSON.parse(await post(gw, '/res.php', { action: 'get', id, json: '1' }))).toEqual({
      status: 1,
      request: 'click:1/5/9',
    });
  });
});
