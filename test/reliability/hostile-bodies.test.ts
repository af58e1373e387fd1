/**
 * Bodies built to make parsing expensive: 8 MiB (the default MAX_BODY_BYTES) of urlencoded
 * parameters, of JSON keys, of multipart parts, sent to inres running as operators run it (its own
 * Node process), while another client polls /healthz. MAX_PARAMS stops the parse at its cap: each
 * body gets ERROR_BAD_PARAMETERS in the client's format, no upstream call is made, and /healthz
 * keeps answering. Before the cap, one JSON body of ~1 M keys held the event loop for seconds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys, startFakeUpstream, type FakeUpstream } from '../support/fake-upstream.ts';
import { spawnGateway, type SpawnedGateway } from '../support/spawn-gateway.ts';

const bodyBytes = 8 * 1024 * 1024 - 64;
/** A health poll unanswered this long means the event loop was held (one JSON body of ~1 M keys held it 2.6-5 s). */
const healthPatienceMs = 2000;
const rounds = 2;

/** `item(i)` repeated until the text fills `bytes`, between `head` and `tail`. */
function fill(
  head: string,
  item: (i: number) => string,
  sep: string,
  tail: string,
  bytes: number,
): Uint8Array<ArrayBuffer> {
  const parts: string[] = [];
  let size = head.length + tail.length;
  for (let i = 0; size < bytes - 64; i++) {
    const next = item(i);
    parts.push(next);
    size += next.length + sep.length;
  }
  // Bytes, encoded once: the poller shares this process, and must not wait for the encoding.
  return new TextEncoder().encode(head + parts.join(sep) + tail);
}

const hostile = {
  urlencoded: {
    type: 'application/x-www-form-urlencoded',
    body: fill('', (i) => `k${i.toString(36)}=`, '&', '', bodyBytes),
  },
  json: {
    type: 'application/json',
    body: fill('{', (i) => `"${i.toString(36)}":0`, ',', '}', bodyBytes),
  },
  multipart: {
    type: 'multipart/form-data; boundary=b',
    body: fill(
      '',
      (i) => `--b\r\ncontent-disposition: form-data; name="${i.toString(36)}"\r\n\r\n`,
      '\r\n',
      '\r\n--b--\r\n',
      bodyBytes,
    ),
  },
};

let fake: FakeUpstream;
let gw: SpawnedGateway;
beforeAll(async () => {
  fake = await startFakeUpstream();
  gw = await spawnGateway({ UPSTREAM_URL: fake.url });
}, 40_000);
afterAll(async () => {
  await gw?.kill();
  await fake?.close();
});

describe('hostile bodies (8 MiB of parameters) against MAX_PARAMS', () => {
  it('each is answered ERROR_BAD_PARAMETERS in its format, with no upstream call, and /healthz answers meanwhile', async () => {
    let attacking = true;
    const healthMs: number[] = [];
    const unanswered: string[] = [];
    const poller = (async () => {
      for (let i = 0; attacking && i < 2000; i++) {
        const started = performance.now();
        try {
          const res = await fetch(`${gw.url}/healthz`, { signal: AbortSignal.timeout(healthPatienceMs) });
          await res.text();
          healthMs.push(performance.now() - started);
        } catch (e) {
          unanswered.push(`poll ${i}: ${(e as Error).name}`);
        }
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    const answers: Record<string, string[]> = {};
    try {
      for (let round = 0; round < rounds; round++) {
        await Promise.all(
          Object.entries(hostile).map(async ([name, { type, body }]) => {
            // The json=1 of a body that is not read comes from the query string.
            const query = new URLSearchParams({
              key: keys.good,
              method: 'userrecaptcha',
              json: name === 'json' ? '1' : '0',
            });
            const res = await fetch(`${gw.url}/in.php?${query}`, {
              method: 'POST',
              headers: { 'content-type': type },
              body,
              signal: AbortSignal.timeout(30_000),
            });
            expect(res.status).toBe(200);
            (answers[name] ??= []).push(await res.text());
          }),
        );
      }
    } finally {
      attacking = false;
      await poller;
    }
    console.log(
      `/healthz during the attack: ${healthMs.length} answers, slowest ${Math.round(Math.max(...healthMs))} ms`,
    );
    expect(unanswered).toEqual([]);
    expect(healthMs.length).toBeGreaterThan(0);
    const rejected = 'ERROR_BAD_PARAMETERS';
    expect(answers).toEqual({
      urlencoded: Array(rounds).fill(rejected),
      json: Array(rounds).fill(
        JSON.stringify({
          status: 0,
          request: rejected,
          error_text: 'A required parameter is missing or has a wrong format.',
        }),
      ),
      multipart: Array(rounds).fill(rejected),
    });
    expect(fake.requests).toEqual([]);
  }, 120_000);
});
