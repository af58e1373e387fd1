/**
 * @module
 * The pingback queue in Redis, shared by every instance: a sorted set of job ids scored by
 * when they are due, and each job as JSON under its own key expiring at its deadline. One
 * script claims due jobs and pushes their score to the lease's end in one step, so exactly
 * one instance delivers each pingback.
 */
import { luaScript, runCommand, type RedisCommand } from './store.ts';
import type { PingbackJob, PingbackQueue } from '../pingback/queue.ts';

/**
 * KEYS: due set; ARGV: now, leaseUntil, max, job key prefix, how many due ids to look at, then
 * the owners to skip. A skipped job stays due but moves behind the jobs due before now, so a
 * backlog longer than one look cannot hide the jobs behind it. Returns id, job, id, job…
 */
const claimScript = luaScript(`
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[5]))
local max = tonumber(ARGV[3])
local skip = {}
for i = 6, #ARGV do skip[ARGV[i]] = true end
local out = {}
for _, id in ipairs(ids) do
  if #out >= 2 * max then break end
  local job = redis.call('GET', ARGV[4] .. id)
  if job then
    local ok, parsed = pcall(cjson.decode, job)
    local owner = ok and type(parsed) == 'table' and parsed.owner
    if type(owner) == 'string' and skip[owner] then
      redis.call('ZADD', KEYS[1], ARGV[1], id)
    else
      redis.call('ZADD', KEYS[1], ARGV[2], id)
      table.insert(out, id)
      table.insert(out, job)
    end
  else
    redis.call('ZREM', KEYS[1], id)
  end
end
return out`);

/** Due ids a claim looks at past skipped ones, per job asked for (at least `minScan`): bounded work per claim. */
const scanPerJob = 8;
const minScan = 64;

/** Jobs outlive their deadline a little, so the worker sees them expire and gives up cleanly. */
const graceMs = 60_000;

export function createRedisQueue(command: RedisCommand, prefix = 'inres:'): PingbackQueue {
  // One hash tag for the set and every job: the claim script reads job keys it cannot declare,
  // and on a Cluster a script may only touch keys of one slot.
  const due = `${prefix}{pingback}:due`;
  const jobPrefix = `${prefix}{pingback}:job:`;
  const run = (args: readonly (string | number)[]) => runCommand(command, args);
  const save = (job: PingbackJob, now: number) =>
    run(['SET', jobPrefix + job.id, JSON.stringify(job), 'PX', Math.max(1, job.deadline + graceMs - now)]);
  return {
    async add(job, at) {
      await save(job, at);
      await run(['ZADD', due, at, job.id]);
    },
    async claim(now, leaseUntil, max, skip = new Set()) {
      const scan = Math.max(minScan, max * scanPerJob);
      const reply = await runCommand(
        (args) => claimScript(command, [due], args),
        [now, leaseUntil, max, jobPrefix, scan, ...skip],
      );
      const flat = Array.isArray(reply) ? (reply as unknown[]) : [];
      const jobs: PingbackJob[] = [];
      for (let i = 1; i < flat.length; i += 2) {
        try {
          jobs.push(JSON.parse(String(flat[i])) as PingbackJob);
        } catch {
          await run(['ZREM', due, String(flat[i - 1])]);
        }
      }
      return jobs;
    },
    async retry(job, at) {
      await save(job, at);
      await run(['ZADD', due, 'XX', at, job.id]);
    },
    async done(id) {
      await run(['ZREM', due, id]);
      await run(['DEL', jobPrefix + id]);
    },
    depth: async () => Number(await run(['ZCARD', due])),
  };
}
