import { describe, expect, it } from 'vitest';
import { helpText, parseCli } from '../../deploy/node/cli.ts';
import { createGateway } from '../../src/app.ts';
import { defaultSettings, settingNames } from '../../src/settings.ts';

describe('command line', () => {
  it('maps --kebab-case flags and short aliases onto setting names, over the environment', () => {
    expect(
      parseCli(['--upstream', 'http://u', '--port=9', '--rate-limit-per-ip', '5', '--dialect', 'capsolver'], {
        PORT: '1',
        HOST: 'h',
      }),
    ).toEqual({
      kind: 'run',
      env: { PORT: '9', HOST: 'h', UPSTREAM_URL: 'http://u', RATE_LIMIT_PER_IP: '5', UPSTREAM_DIALECT: 'capsolver' },
    });
  });

  it('keeps values that hold = signs', () => {
    expect(parseCli(['--upstream-url=http://u/?a=b'], {})).toEqual({
      kind: 'run',
      env: { UPSTREAM_URL: 'http://u/?a=b' },
    });
  });

  it('refuses unknown flags and flags without a value', () => {
    expect(parseCli(['--nope'], {})).toEqual({ kind: 'error', message: 'unknown option --nope (see --help)' });
    expect(parseCli(['--port'], {})).toEqual({ kind: 'error', message: 'option --port needs a value' });
  });

  it('--help names every setting', () => {
    const result = parseCli(['--port', '1', '--help'], {});
    expect(result.kind).toBe('help');
    for (const name of settingNames) expect(helpText()).toContain(` ${name}`);
  });

  it('--help groups the options by concern, each once, each with a description under it', () => {
    const lines = helpText().split('\n');
    const headings = lines.filter((l) => /^\S.*:$/.test(l));
    expect(headings).toEqual([
      'Listening:',
      'Upstream:',
      'Keys and clients:',
      'Tasks and store:',
      'Pingbacks:',
      'Logs:',
    ]);
    const options = lines.flatMap((l, i) => (/^ {2}--\S/.test(l) ? [[l, lines[i + 1] ?? ''] as const] : []));
    const settingLines = options.filter(([l]) => / [A-Z][A-Z_]+( \(default .*\))?$/.test(l));
    expect(settingLines.map(([l]) => / ([A-Z][A-Z_]+)( \(|$)/.exec(l)![1]).sort()).toEqual([...settingNames].sort());
    for (const [option, description] of settingLines) expect(description, option).toMatch(/^ {39}\S/);
    expect(lines[lines.indexOf('Logs:') + 1]).toMatch(/^ {2}--log-level +LOG_LEVEL \(default info\)$/);
  });

  it('--version and -v ask for the version, wherever they stand', () => {
    expect(parseCli(['--port', '1', '--version'], {})).toEqual({ kind: 'version' });
    expect(parseCli(['-v'], {})).toEqual({ kind: 'version' });
  });
});

describe('readiness', () => {
  it('/readyz answers 503 while draining, /healthz stays 200', async () => {
    let draining = false;
    const { app } = createGateway(defaultSettings(), {
      transport: async () => ({ status: 500, body: '' }),
      draining: () => draining,
    });
    expect((await app.request('/readyz')).status).toBe(200);
    draining = true;
    expect((await app.request('/readyz')).status).toBe(503);
    expect((await app.request('/healthz')).status).toBe(200);
  });
});
