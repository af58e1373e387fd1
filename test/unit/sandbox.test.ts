/**
 * The sandbox upstream through the real modern client (createUpstream, the dialect table's
 * translation): every task type of the method table, in every dialect, proxyless and proxied,
 * comes back as a well-formed legacy answer of its shape, fake and deterministic; the delay,
 * the triggers and the reports.
 */
import { describe, expect, it } from 'vitest';
import { answerFor } from '../../src/legacy/answers.ts';
import { methods } from '../../src/legacy/methods.ts';
import type { Answer } from '../../src/legacy/reply.ts';
import { createSandbox, sandboxBalance, triggers } from '../../src/sandbox/transport.ts';
import { createUpstream, type TaskState } from '../../src/upstream/client.ts';
import { dialectNames, dialects, type DialectName } from '../../src/upstream/dialects.ts';

function setup(dialect: DialectName = 'ucaptcha', delayMs = 0) {
  const clock = { t: 1_800_000_000_000 };
  const sandbox = createSandbox({ delayMs, now: () => clock.t });
  const client = createUpstream({
    baseUrl: 'sandbox',
    dialect: dialects[dialect],
    transport: sandbox.transport,
    timeoutMs: 1000,
  });
  return { clock, sandbox, client };
}

const types = [
  ...new Set(
    methods.flatMap((row) => (row.proxy === 'optional' ? [row.type, row.type.replace(/Proxyless$/, '')] : [row.type])),
  ),
];
const task = { websiteURL: 'https://example.com/page', websiteKey: 'k' };

describe('every task type of the method table, in every dialect', () => {
  const cases = dialectNames.flatMap((d) => types.map((t) => [d, t] as const));
  it.each(cases)("%s %s: a SANDBOX answer of the type's shape", async (dialect, type) => {
    const { client } = setup(dialect);
    const { taskId } = await client.createTask('any', type, task, {});
    const state = await client.getTaskResult('any', taskId);
    expect(state.state).toBe('ready');
    const { solution } = state as Extract<TaskState, { state: 'ready' }>;
    const answer = answerFor(type, solution);
    expect(answer, JSON.stringify(solution)).toMatchObject({ kind: 'ok', plain: expect.any(String) });
    const plain = (answer as Extract<Answer, { kind: 'ok' }>).plain;
    // Every answer says it is fake, except the pure-number shapes (cells, points, angles, boxes).
    if (!/^(click:|coordinates:|canvas:|\d+$|\[)/.test(plain)) expect(plain).toContain('SANDBOX');
    // The same task again: a new id, the same solution.
    const again = await client.getTaskResult('any', (await client.createTask('any', type, task, {})).taskId);
    expect(again).toEqual(state);
  });
});

describe('the sandbox', () => {
  it('answers processing until SANDBOX_DELAY_MS has passed', async () => {
    const { clock, client } = setup('ucaptcha', 2000);
    const { taskId } = await client.createTask('k', 'TurnstileTaskProxyless', task, {});
    expect(await client.getTaskResult('k', taskId)).toEqual({ state: 'processing' });
    clock.t += 1999;
    expect(await client.getTaskResult('k', taskId)).toEqual({ state: 'processing' });
    clock.t += 1;
    expect((await client.getTaskResult('k', taskId)).state).toBe('ready');
  });

  it('differs for different tasks', async () => {
    const { client } = setup();
    const solve = async (t: Record<string, unknown>) =>
      client.getTaskResult('k', (await client.createTask('k', 'ImageToTextTask', t, {})).taskId);
    expect(await solve({ body: 'a' })).not.toEqual(await solve({ body: 'b' }));
  });

  it('a fixed positive balance for any key; 0 for sandbox-zero-balance, which cannot submit', async () => {
    const { client } = setup();
    expect(await client.getBalance('whatever')).toBe(sandboxBalance);
    expect(await client.getBalance(triggers.zeroBalance)).toBe(0);
    await expect(client.createTask(triggers.zeroBalance, 'RecaptchaV2TaskProxyless', task, {})).rejects.toMatchObject({
      modern: 'ERROR_ZERO_BALANCE',
    });
  });

  it('sandbox-bad-key does not exist, on every call', async () => {
    const { client } = setup();
    await expect(client.getBalance(triggers.badKey)).rejects.toMatchObject({ modern: 'ERROR_KEY_DOES_NOT_EXIST' });
    await expect(client.createTask(triggers.badKey, 'RecaptchaV2TaskProxyless', task, {})).rejects.toMatchObject({
      modern: 'ERROR_KEY_DOES_NOT_EXIST',
    });
  });

  it('a pageurl containing sandbox-unsolvable fails as unsolvable, in every dialect', async () => {
    for (const dialect of dialectNames) {
      const { client } = setup(dialect);
      const { taskId } = await client.createTask(
        'k',
        'HCaptchaTaskProxyless',
        { ...task, websiteURL: `https://x.test/${triggers.unsolvable}` },
        {},
      );
      expect(await client.getTaskResult('k', taskId)).toEqual({ state: 'failed', code: 'ERROR_CAPTCHA_UNSOLVABLE' });
    }
  });

  const badRecaptchaReports: Record<DialectName, string> = {
    ucaptcha: 'feedbackTask',
    anticaptcha: 'reportIncorrectRecaptcha',
    capmonster: 'reportIncorrectTokenCaptcha',
    capsolver: 'feedbackTask',
    '2captcha': 'reportIncorrect',
  };
  it.each(dialectNames)('%s: records a report in the call the dialect makes', async (dialect) => {
    const { client, sandbox } = setup(dialect);
    const { taskId } = await client.createTask('k', 'RecaptchaV2TaskProxyless', task, {});
    await client.report('k', 'RecaptchaV2TaskProxyless', taskId, true);
    expect(sandbox.reports()).toEqual([{ call: badRecaptchaReports[dialect], taskId }]);
  });

  it('an unknown task id is not found', async () => {
    const { client } = setup();
    await expect(client.getTaskResult('k', 'sandbox-nope')).rejects.toMatchObject({ modern: 'ERROR_WRONG_CAPTCHA_ID' });
  });
});
