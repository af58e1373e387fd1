/**
 * The memory store under one key's flood and over time, through the gateway (the in-process
 * sandbox upstream, a clock the test moves): a key at MAX_TASKS_PER_KEY running tasks is told
 * ERROR_NO_SLOT_AVAILABLE while another key's running task stays answerable (before, the flood
 * pushed it out of MAX_TASKS); and expired ids leave `inres_store_entries` at the next scrape,
 * with no insert to sweep them.
 */
import { describe, expect, it } from 'vitest';
import { createGateway } from '../../src/app.ts';
import { defaultSettings } from '../../src/settings.ts';
import type { Transport } from '../../src/upstream/transport.ts';

const noNetwork: Transport = () => Promise.reject(new Error('the sandbox needs no network'));
const recaptcha = 'method=userrecaptcha&googlekey=6Le-wvkSAAAAAPBMRTvw0Q4Muexq9bi0DJwx_mJ-&pageurl=https://example.com';

function gateway(overrides: Record<string, string>) {
  let t = 1_800_000_000_000;
  const { app } = createGateway(
    defaultSettings({ UPSTREAM_URL: 'sandbox', SANDBOX_DELAY_MS: '600000', RATE_LIMIT_PER_IP: '0', ...overrides }),
    { transport: noNetwork, now: () => t },
  );
  const get = async (query: string) => (await app.request(`/${query}`)).text();
  return {
    submit: (key: string) => get(`in.php?key=${key}&${recaptcha}`),
    poll: (key: string, id: string) => get(`res.php?key=${key}&action=get&id=${id}`),
    entries: async () => Number(/^inres_store_entries (\d+)$/m.exec(await get('metrics'))?.[1]),
    /** Upstream createTask calls so far: each one a task the customer pays for. */
    created: async () =>
      Number(/^inres_upstream_calls_total\{[^}]*call="createTask"[^}]*\} (\d+)$/m.exec(await get('metrics'))?.[1]),
    advance: (ms: number) => void (t += ms),
  };
}

describe('memory store', () => {
  it("one key's flood cannot push out another key's running task: past its cap the key gets ERROR_NO_SLOT_AVAILABLE", async () => {
    const gw = gateway({ MAX_TASKS: '10', MAX_TASKS_PER_KEY: '5' });
    const victim = (await gw.submit('victim-key')).slice(3);
    const answers: string[] = [];
    for (let i = 0; i < 20; i++) answers.push(await gw.submit('flood-key'));
    expect(answers.filter((a) => /^OK\|\d{15}$/.test(a))).toHaveLength(5);
    expect(answers.slice(5)).toEqual(Array(15).fill('ERROR_NO_SLOT_AVAILABLE'));
    // The refused submits created no upstream task: nothing billed for an id never given.
    expect(await gw.created()).toBe(6);
    expect(await gw.poll('victim-key', victim)).toBe('CAPCHA_NOT_READY');
    expect(await gw.submit('victim-key')).toMatch(/^OK\|\d{15}$/);
  });

  it('unset, the cap is a tenth of MAX_TASKS', async () => {
    const gw = gateway({ MAX_TASKS: '20' });
    const answers: string[] = [];
    for (let i = 0; i < 3; i++) answers.push(await gw.submit('flood-key'));
    expect(answers.map((a) => a.slice(0, 3))).toEqual(['OK|', 'OK|', 'ERR']);
  });

  it('expired ids leave inres_store_entries at the next scrape, with no insert in between', async () => {
    const gw = gateway({ TASK_TTL_SECONDS: '60' });
    for (let i = 0; i < 3; i++) await gw.submit(`key-${i}`);
    expect(await gw.entries()).toBe(3);
    gw.advance(59_000);
    expect(await gw.entries()).toBe(3);
    gw.advance(1000);
    expect(await gw.entries()).toBe(0);
  });
});
