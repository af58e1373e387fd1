/**
 * README's DeathByCaptcha session, run as written against `--sandbox` (on a free port instead
 * of 8080): each `$ …` line run by bash, its output compared with the README's. Only the id
 * differs from run to run: the README's id stands for the one the upload answered.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readmeSteps } from '../support/readme-steps.ts';
import { spawnGateway, type SpawnedGateway } from '../support/spawn-gateway.ts';

const run = promisify(execFile);
const steps = readmeSteps('DeathByCaptcha clients');

let gw: SpawnedGateway;
beforeAll(async () => {
  gw = await spawnGateway({}, 'node', ['--sandbox']);
});
afterAll(async () => gw?.kill());

describe("README's DeathByCaptcha session", () => {
  it('answers as written', async () => {
    const readmeId = /captcha=(\d+)/.exec(steps[0]![1])![1]!;
    let id = readmeId;
    for (const [command, expected] of steps) {
      const cmd = command.replaceAll('127.0.0.1:8080', new URL(gw.url).host).replaceAll(readmeId, id);
      const { stdout } = await run('bash', ['-c', cmd], { timeout: 15_000 });
      if (id === readmeId) id = /captcha=(\d{15})/.exec(stdout)![1]!;
      expect(stdout, command).toBe(expected.replaceAll(readmeId, id));
    }
  }, 30_000);
});
