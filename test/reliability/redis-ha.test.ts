/**
 * inres on Redis's own high-availability topologies, with the real processes on 127.0.0.1:
 * a 3-primary Cluster (redis-server --cluster-enabled, redis-cli --cluster create), and a
 * primary, a replica and three redis-sentinel processes whose primary is killed with SIGKILL
 * while two gateway instances serve clients that submit and poll. The failover figures it
 * prints are the ones docs/reliability.md reports.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisClient } from '../../deploy/shared/redis-client.ts';
import { createRedisQueue } from '../../src/redis/pingback-queue.ts';
import { silentLogger } from '../../src/ops/log.ts';
import { tokens } from '../support/fake-tasks.ts';
import { keys, startFakeUpstream, type FakeUpstream } from '../support/fake-upstream.ts';
import { sentinelTiming, startCluster, startRedis, startSentinel, type TestRedis } from '../support/redis.ts';
import { spawnGateway, type SpawnedGateway } from '../support/spawn-gateway.ts';

const recaptcha = {
  method: 'userrecaptcha',
  googlekey: '6Le-wvkSAAAAAPBMRTvw0Q4Muexq9bi0DJwx_mJ-',
  pageurl: 'https://example.com/login',
};
const storeTimeoutMs = 500;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let fake: FakeUpstream;
beforeAll(async () => {
  fake = await startFakeUpstream();
  fake.fate = () => ({ polls: 1 });
});
afterAll(async () => {
  await fake?.close();
});

/** One legacy call; its status, body and how long it took (a hang is cut at 10 s and fails). */
async function call(gw: SpawnedGateway, path: string, params: Record<string, string>) {
  const started = performance.now();
  const res = await fetch(`${gw.url}${path}?${new URLSearchParams({ key: keys.good, ...params })}`, {
    signal: AbortSignal.timeout(10_000),
  });
  return { status: res.status, text: await res.text(), ms: performance.now() - started, headers: res.headers };
}

async function waitFor(what: string, check: () => Promise<boolean>, tries = 150): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (await check().catch(() => false)) return;
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('a 3-primary Cluster', () => {
  let nodes: TestRedis[];
  let gw: SpawnedGateway;
  beforeAll(async () => {
    nodes = await startCluster(3);
    const seeds = nodes
      .slice(0, 2)
      .map((n) => `127.0.0.1:${n.port}`)
      .join(',');
    gw = await spawnGateway({
      UPSTREAM_URL: fake.url,
      STORE_URL: `redis+cluster://${seeds}`,
      STORE_TIMEOUT_MS: '2000',
    });
  }, 40_000);
  afterAll(async () => {
    await gw?.kill();
    await Promise.all((nodes ?? []).map((n) => n.stop()));
  });

  it('submit and poll through inres: ids land on every primary, each answers its own token', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 24; i++) {
      const { status, text } = await call(gw, '/in.php', recaptcha);
      expect(status).toBe(200);
      expect(text).toMatch(/^OK\|\d{15}$/);
      ids.push(text.slice(3));
    }
    for (const id of ids) {
      expect((await call(gw, '/res.php', { action: 'get', id })).text).toBe('CAPCHA_NOT_READY');
      expect((await call(gw, '/res.php', { action: 'get', id })).text).toBe(`OK|${tokens.recaptcha}`);
    }
    const held = await Promise.all(nodes.map((n) => n.raw('DBSIZE')));
    for (const reply of held) expect(Number(reply.slice(1))).toBeGreaterThan(0);
  });

  it('the shared rate counter (a Lua script) counts on the Cluster', async () => {
    const first = await call(gw, '/res.php', { action: 'get', id: '123456789012345' });
    const second = await call(gw, '/res.php', { action: 'get', id: '123456789012345' });
    expect(first.text).toBe('ERROR_WRONG_CAPTCHA_ID');
    expect(Number(second.headers.get('x-ratelimit-remaining'))).toBe(
      Number(first.headers.get('x-ratelimit-remaining')) - 1,
    );
  });

  it('the pingback queue claims on the Cluster: its script reads only keys of its own slot', async () => {
    const client = createRedisClient(`redis+cluster://127.0.0.1:${nodes[0]!.port}`, {
      timeoutMs: 2000,
      logger: silentLogger,
    });
    try {
      const queue = createRedisQueue(client.command, 'inres-test:');
      const jobs = ['100000000000001', '100000000000002', '100000000000003'].map((id) => ({
        id,
        key: keys.good,
        url: 'https://example.com/hook',
        deadline: Date.now() + 60_000,
        attempts: 0,
      }));
      for (const job of jobs) await queue.add(job, 1000);
      const claimed = await queue.claim(2000, 5000, 10);
      expect(claimed.map((j) => j.id).sort()).toEqual(jobs.map((j) => j.id));
      expect(await queue.claim(2000, 5000, 10)).toEqual([]);
    } finally {
      await client.close();
    }
  });
});

/** Every answer a legacy client may get from a submit or a poll in this scenario, byte for byte. */
const wellFormed = new RegExp(`^(OK\\|\\d{15}|OK\\|${tokens.recaptcha}|CAPCHA_NOT_READY|ERROR_NO_SLOT_AVAILABLE)$`);

interface Figures {
  accepted: number;
  lost: number;
  malformed: string[];
  longestWaitMs: number;
  /** From the kill to the last request that was not served normally. */
  recoveredAfterMs: number;
  refusedSubmits: number;
  notReadyWhileDown: number;
}

describe('a primary, a replica and three sentinels; the primary killed with SIGKILL under load', () => {
  const name = 'inres-primary';
  let primary: TestRedis;
  let replica: TestRedis;
  let sentinels: TestRedis[];
  let gateways: SpawnedGateway[];
  beforeAll(async () => {
    primary = await startRedis();
    replica = await startRedis({ args: ['--replicaof', '127.0.0.1', String(primary.port)] });
    await waitFor('the replica to sync', async () =>
      /slave0:.*state=online/.test(await primary.raw('INFO replication')),
    );
    sentinels = await Promise.all([0, 1, 2].map(() => startSentinel(primary.port, name, 2)));
    await waitFor('the sentinels to know each other', async () =>
      (await Promise.all(sentinels.map((s) => s.raw(`SENTINEL CKQUORUM ${name}`)))).every((r) =>
        r.startsWith('+OK 3 usable'),
      ),
    );
    const url = `redis+sentinel://${sentinels.map((s) => `127.0.0.1:${s.port}`).join(',')}/${name}`;
    const env = {
      UPSTREAM_URL: fake.url,
      STORE_URL: url,
      STORE_TIMEOUT_MS: String(storeTimeoutMs),
      RATE_LIMIT_PER_IP: '0',
    };
    gateways = await Promise.all([spawnGateway(env), spawnGateway(env)]);
  }, 40_000);
  afterAll(async () => {
    await Promise.all((gateways ?? []).map((g) => g.kill()));
    await Promise.all([primary, replica, ...(sentinels ?? [])].map((r) => r?.stop()));
  });

  it('no accepted task is lost, every answer is well-formed, and the fleet serves again by itself', async () => {
    const figures: Figures = {
      accepted: 0,
      lost: 0,
      malformed: [],
      longestWaitMs: 0,
      recoveredAfterMs: 0,
      refusedSubmits: 0,
      notReadyWhileDown: 0,
    };
    const solved = new Set<string>();
    const accepted: string[] = [];
    let killedAt = 0;
    let lastBadAt = 0;
    let stopAt = Number.POSITIVE_INFINITY;
    const started = performance.now();
    const hardStop = started + 30_000;

    const note = (text: string, ms: number, normal: boolean) => {
      figures.longestWaitMs = Math.max(figures.longestWaitMs, ms);
      if (!wellFormed.test(text)) figures.malformed.push(text);
      if (!normal && killedAt) lastBadAt = performance.now();
    };

    async function client(n: number): Promise<void> {
      for (let round = 0; performance.now() < Math.min(stopAt, hardStop) && round < 10_000; round++) {
        const gw = gateways[(n + round) % 2]!;
        const sub = await call(gw, '/in.php', recaptcha);
        expect(sub.status).toBe(200);
        const ok = sub.text.startsWith('OK|');
        note(sub.text, sub.ms, ok);
        if (!ok) {
          figures.refusedSubmits++;
          await sleep(50);
          continue;
        }
        const id = sub.text.slice(3);
        accepted.push(id);
        // Poll on the other instance, as behind a load balancer; bounded like every loop here.
        for (let p = 0; p < 200 && performance.now() < hardStop; p++) {
          const poll = await call(gateways[(n + round + 1 + p) % 2]!, '/res.php', { action: 'get', id });
          expect(poll.status).toBe(200);
          const done = poll.text === `OK|${tokens.recaptcha}`;
          note(poll.text, poll.ms, done || (p === 0 && poll.text === 'CAPCHA_NOT_READY'));
          if (poll.text === 'CAPCHA_NOT_READY' && p > 0) figures.notReadyWhileDown++;
          if (done) {
            solved.add(id);
            break;
          }
          if (!wellFormed.test(poll.text)) break;
          await sleep(50);
        }
      }
    }

    const load = Promise.all([0, 1, 2, 3, 4, 5].map(client));
    await sleep(2000);
    killedAt = performance.now();
    await primary.stop();
    // Serving normally again: no bad answer for 3 s after the last one, ending the load.
    await waitFor(
      'the fleet to serve normally again',
      async () => {
        const now = performance.now();
        return now - killedAt > sentinelTiming.downAfterMs && now - Math.max(lastBadAt, killedAt) > 3000;
      },
      250,
    );
    stopAt = performance.now();
    await load;

    // Every task a client was told OK|<id> about is still there, on both instances.
    for (const id of accepted.filter((i) => !solved.has(i))) {
      let text = '';
      for (let p = 0; p < 20 && text !== `OK|${tokens.recaptcha}`; p++)
        text = (await call(gateways[p % 2]!, '/res.php', { action: 'get', id })).text;
      if (text === `OK|${tokens.recaptcha}`) solved.add(id);
    }
    figures.accepted = accepted.length;
    figures.lost = accepted.filter((i) => !solved.has(i)).length;
    figures.recoveredAfterMs = Math.round(Math.max(0, lastBadAt - killedAt));
    figures.longestWaitMs = Math.round(figures.longestWaitMs);
    console.log(`sentinel failover figures: ${JSON.stringify(figures)}`);

    expect(figures.malformed).toEqual([]);
    expect(figures.lost).toBe(0);
    expect(figures.accepted).toBeGreaterThan(0);
    const promoted = await sentinels[0]!.raw(`SENTINEL GET-MASTER-ADDR-BY-NAME ${name}`);
    expect(promoted).toContain(String(replica.port));
    // Each instance says it followed the new primary.
    for (const g of gateways) {
      const scrape = await (await fetch(`${g.url}/metrics`)).text();
      expect(Number(/^inres_store_failovers_total (\d+)$/m.exec(scrape)?.[1])).toBeGreaterThanOrEqual(1);
    }
  }, 60_000);
});
