/**
 * The capability matrix: every row of the method table × every dialect, through the Node
 * server against that dialect's strict fake. Either the vendor takes the task (the fake accepts
 * it) and the legacy client gets a well-formed answer, plain and json=1; or inres refuses it
 * with ERROR_NO_SUCH_METHOD before any upstream call. Which one is the dialect table's say
 * (`hasType`), and docs/dialects.md shows the same matrix.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { rowFor } from '../../src/legacy/build-task.ts';
import { methods } from '../../src/legacy/methods.ts';
import { dialectNames, dialects } from '../../src/upstream/dialects.ts';
import { hasType } from '../../src/upstream/translate.ts';
import { post, useDialect } from '../support/dialect-suite.ts';
import type { FakeUpstream } from '../support/fake-upstream.ts';
import type { TestGateway } from '../support/gateway.ts';
import { png } from '../support/images.ts';

const pageurl = 'https://example.com/login';
const sitekey = 'KEY-0123456789abcdef';
const ua = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/120.0 Safari/537.36';
const img = png.toString('base64');
const proxy = { proxy: 'user:pass@1.2.3.4:8080', proxytype: 'HTTP' };
const site = (method: string, more: Record<string, string> = {}) => ({ method, sitekey, pageurl, ...more });
const image = (more: Record<string, string>) => ({ method: 'base64', body: img, ...more });

/** One legacy request per row of the method table (the test checks that each row has one). */
const samples: Record<string, string>[] = [
  { method: 'userrecaptcha', version: 'v3', googlekey: sitekey, pageurl },
  { method: 'userrecaptcha', enterprise: '1', googlekey: sitekey, pageurl },
  { method: 'userrecaptcha', googlekey: sitekey, pageurl },
  site('hcaptcha'),
  site('turnstile'),
  { method: 'funcaptcha', publickey: sitekey, pageurl },
  { method: 'geetest', gt: '81dc9bdb52d04dc20036dbd8313ed055', challenge: '1d3f0d1bd9d2a8c6', pageurl },
  { method: 'geetest_v4', captcha_id: 'e392e1d7fd421dc63325744d5a2b9c73', pageurl },
  site('amazon_waf', { iv: 'CgAHbCe2GgAAAAAj', context: 'ctx' }),
  { method: 'capy', captchakey: sitekey, pageurl },
  {
    method: 'keycaptcha',
    pageurl,
    s_s_c_user_id: '1',
    s_s_c_session_id: '2',
    s_s_c_web_server_sign: '3',
    s_s_c_web_server_sign2: '4',
  },
  { method: 'lemin', captcha_id: 'CROPPED_1', div_id: 'lemin-cropped-captcha', pageurl },
  site('mt_captcha'),
  site('friendly_captcha'),
  { method: 'cutcaptcha', misery_key: 'm', api_key: 'a', pageurl },
  { method: 'tencent', app_id: '190014885', pageurl },
  {
    method: 'datadome',
    captcha_url: 'https://geo.captcha-delivery.com/captcha/?x=1',
    pageurl,
    userAgent: ua,
    ...proxy,
  },
  {
    method: 'atb_captcha',
    app_id: 'af25e409b33d722a95e56a230ff8771c',
    api_server: 'https://cap.aisecurius.com',
    pageurl,
  },
  site('yandex'),
  { method: 'cybersiara', master_url_id: 'tpjOCKjjpdzv3d8Ub2E9COEWKt1vl1Mv', pageurl, userAgent: ua },
  site('prosopo'),
  site('captchafox', { userAgent: ua, ...proxy }),
  { method: 'vkcaptcha', redirect_uri: 'https://id.vk.com/not_robot_captcha?x=1', userAgent: ua, ...proxy },
  { method: 'altcha', pageurl, challenge_url: 'https://example.com/altcha' },
  site('binance', { validate_id: 'v' }),
  site('yidun'),
  { method: 'hunt', pageurl, api_get_lib: 'https://example.com/hunt.js', ...proxy },
  { method: 'alibaba', pageurl, scene_id: 'bxs_login', prefix: 'p' },
  { method: 'tspd', pageurl, tspd_cookie: 'TS01=1', html_page_base64: 'PGh0bWw+', ...proxy },
  site('basilisk'),
  { textcaptcha: 'If tomorrow is Saturday, what day is today?' },
  image({ canvas: '1', textinstructions: 'Circle the cat' }),
  image({ recaptcha: '1', textinstructions: 'Select all buses' }),
  image({ recaptcharows: '3', textinstructions: 'Select all buses' }),
  image({ recaptchacols: '3', textinstructions: 'Select all buses' }),
  image({ coordinatescaptcha: '1', textinstructions: 'Click the cat' }),
  image({}),
  { method: 'rotatecaptcha', body: img },
  { method: 'bounding_box', body: img, textinstructions: 'Box the cars' },
  { method: 'drag_drop', body: img, images: `${img},${img}` },
  { method: 'audio', body: 'SUQzBAAAAAAAI1RTU0UAAAAPAAADTGF2ZjU4Ljc2LjEwMAAAAAAAAAAAAAAA', lang: 'en' },
  { method: 'vkimage', body: img, steps: '[5,4,7]' },
  { method: 'temuimage', body: img, part1: img, part2: img, part3: img },
];

const paramsOf = (sample: Record<string, string>) => ({ values: new Map(Object.entries(sample)), files: new Map() });
const rowOf = (sample: Record<string, string>) => rowFor(paramsOf(sample) as Parameters<typeof rowFor>[0]);

it('every row of the method table has a sample, and each sample selects its own row', () => {
  expect(samples.map(rowOf)).toEqual(methods);
});

describe.each(dialectNames)('%s', (dialect) => {
  let fake: FakeUpstream;
  let gw: TestGateway;
  useDialect(dialect, (f, g) => {
    fake = f;
    gw = g;
  });

  it.each(samples.map((s, i) => [methods[i]!.type, s] as const))('%s', async (type, sample) => {
    fake.fate = () => ({ polls: 0 });
    const submitted = await post(gw, '/in.php', sample);
    if (!hasType(dialects[dialect], type)) {
      expect(submitted).toBe('ERROR_NO_SUCH_METHOD');
      expect(fake.sent('createTask')).toEqual([]);
      return;
    }
    expect(submitted).toMatch(/^OK\|\d+$/);
    const id = submitted.slice(3);
    expect(await post(gw, '/res.php', { action: 'get', id })).toMatch(/^OK\|./);
    const json = JSON.parse(await post(gw, '/res.php', { action: 'get', id, json: '1' })) as {
      status: number;
      request: unknown;
    };
    expect(json.status).toBe(1);
    expect(json.request).not.toBe('');
  });
});

describe('docs/dialects.md', () => {
  const doc = readFileSync(new URL('../../docs/dialects.md', import.meta.url), 'utf8');
  const matrix = doc.slice(doc.indexOf('<!-- matrix -->'), doc.indexOf('<!-- /matrix -->'));

  it('shows the capability matrix the dialect table makes', () => {
    const lines = matrix.split('\n').filter((l) => l.startsWith('| `'));
    const shown = Object.fromEntries(
      lines.map((l) => {
        const [type, ...cells] = l
          .split('|')
          .slice(1, -1)
          .map((c) => c.trim());
        return [type!.replaceAll('`', ''), cells.map((c) => c === 'yes')];
      }),
    );
    const types = [...new Set(methods.map((m) => m.type))];
    const header = matrix
      .split('\n')
      .find((l) => l.startsWith('| type'))!
      .split('|')
      .slice(2, -1)
      .map((c) => c.trim());
    expect(header).toEqual(dialectNames);
    expect(shown).toEqual(Object.fromEntries(types.map((t) => [t, dialectNames.map((d) => hasType(dialects[d], t))])));
  });
});
