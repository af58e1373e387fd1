/**
 * @module
 * Memory of the embedded store per live id, in a process of its own started with
 * `--expose-gc`: N tasks issued as /in.php issues them (a random 15-digit id, a UUID upstream
 * id, the hash of one of a few client keys, the task type), heap and RSS measured after a full
 * GC against the same process before. Prints one JSON line. Usage: memory.ts <ids>.
 */
import { hashKey, storeIds } from '../src/ids/ids.ts';
import { createMemoryStore } from '../src/store/memory.ts';
import type { TaskRecord } from '../src/store/types.ts';

const n = Number(process.argv[2] ?? 100_000);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');

const clientKeys = Array.from(
  { length: 50 },
  (_, i) => `ucap_${String(i).padStart(4, '0')}_0123456789abcdefghijklmnopqrs`,
);

gc();
const heap0 = process.memoryUsage().heapUsed;
const rss0 = process.memoryUsage().rss;
const t0 = performance.now();

const store = createMemoryStore({ ttlMs: 3600_000, maxEntries: n });
const ids = storeIds(store);
for (let i = 0; i < n; i++) {
  const rec: TaskRecord = {
    // As the upstream client has it: parsed from the createTask answer (a flat string).
    upstreamId: (JSON.parse(`{"taskId":"${crypto.randomUUID()}"}`) as { taskId: string }).taskId,
    type: 'RecaptchaV2TaskProxyless',
    keyHash: await hashKey(clientKeys[i % clientKeys.length]!),
    createdAt: Date.now(),
  };
  await ids.issue(rec);
}
const insertSeconds = (performance.now() - t0) / 1000;

gc();
const mem = process.memoryUsage();
if (store.size() !== n) throw new Error(`store holds ${store.size()} of ${n}`);
process.stdout.write(
  `${JSON.stringify({
    ids: n,
    heapBytesPerId: (mem.heapUsed - heap0) / n,
    rssBytesPerId: (mem.rss - rss0) / n,
    insertSeconds,
  })}\n`,
);
