/**
 * README's sandbox session, run as written: inres started with `--sandbox` (as `npm start --
 * --sandbox` does, on a free port instead of 8080), each `$ …` line of the session's console
 * block run by bash, its output compared with the README's line for line. Only the id differs
 * from run to run: the README's id stands for the one the submit answered.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readmeSteps } from '../support/readme-steps.ts';
import { spawnGateway, type SpawnedGateway } from '../support/spawn-gateway.ts';

const run = promisify(execFile);
const steps = readmeSteps('Try it with no account: the sandbox');

let gw: SpawnedGateway;
beforeAll(async () => {
  gw = await spawnGateway({}, 'node', ['--sandbox']);
});
afterAll(async () => gw?.kill());

describe("README's sandbox session", () => {
  it('answers as written', async () => {
    const readmeId = /^OK\|(\d+)$/.exec(steps[0]![1])![1]!;
    let id = readmeId;
    for (const [command, expected] of steps) {
      const cmd = command.replaceAll('127.0.0.1:8080', new URL(gw.url).host).replaceAll(readmeId, id);
      const { stdout } = await run('bash', ['-c', cmd], { timeout: 10_000 });
      if (id === readmeId) {
        id = /^OK\|(\d+)$/.exec(stdout)![1]!;
        expect(stdout).toMatch(/^OK\|\d{15}$/);
      } else {
        expect(stdout, command).toBe(expected);
      }
    }
  }, 20_000);
});
