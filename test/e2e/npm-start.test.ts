/**
 * The entrypoint as `npm start` runs it: a real process, settings from the environment,
 * serving the legacy flow against the fake upstream, stopping cleanly on SIGTERM.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys, startFakeUpstream, type FakeUpstream } from '../support/fake-upstream.ts';
import { tokens } from '../support/fake-tasks.ts';

let fake: FakeUpstream;
let child: ChildProcess;
let base: string;
const logs: string[] = [];

beforeAll(async () => {
  fake = await startFakeUpstream();
  child = spawn(process.execPath, ['deploy/node/main.ts'], {
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      UPSTREAM_URL: fake.url,
      LOG_LEVEL: 'debug',
      POLL_MIN_INTERVAL_MS: '0',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  base = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`exited with ${code}`)));
    lines.on('line', (line) => {
      logs.push(line);
      const entry = JSON.parse(line) as { msg: string; port?: number };
      if (entry.msg === 'listening') resolve(`http://127.0.0.1:${entry.port}`);
    });
  });
});
afterAll(async () => {
  if (child.exitCode === null) child.kill('SIGKILL');
  await fake.close();
});

describe('npm start', () => {
  it('serves /healthz and the legacy flow, and never logs the key', async () => {
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const q = new URLSearchParams({
      key: keys.good,
      method: 'userrecaptcha',
      googlekey: '6Le-wvkSAAAAAPBMRTvw0Q4Muexq9bi0DJwx_mJ-',
      pageurl: 'https://example.com/',
    });
    const submitted = await (await fetch(`${base}/in.php?${q}`)).text();
    expect(submitted).toMatch(/^OK\|\d{15}$/);
    const poll = `${base}/res.php?key=${keys.good}&action=get&id=${submitted.slice(3)}`;
    expect(await (await fetch(poll)).text()).toBe('CAPCHA_NOT_READY');
    expect(await (await fetch(poll)).text()).toBe(`OK|${tokens.recaptcha}`);
    fake.fault = 'html500';
    expect(await (await fetch(`${base}/in.php?${q}`)).text()).toBe('ERROR_NO_SLOT_AVAILABLE');
    expect(logs.join('\n')).not.toContain(keys.good);
  });

  it('exits 0 on SIGTERM', async () => {
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
  });
});
