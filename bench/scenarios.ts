/**
 * @module
 * What the benchmark sends. Each scenario is one legacy request (sent alike to inres and to the
 * bare passthrough) and the modern call it becomes (sent by the load generator straight to the
 * fake upstream: "direct"). The keys steer the stateless fake: `notready` in a request makes it
 * answer "processing".
 */

export const keys = {
  ready: 'bench_ready_0123456789abcdef01234',
  notReady: 'bench_notready_0123456789abcdef01',
};

export interface RequestSpec {
  method: 'GET' | 'POST';
  path: string;
  contentType?: string;
  body?: Buffer;
}

export interface Scenario {
  name: string;
  /**
   * The targets it counts toward: `hop` (≥ 0.9 × bare req/s, ≤ 1.15 × its CPU, c=1 p50 within
   * 0.05 ms), `image` (≥ 0.8 × bare req/s); none for what bare cannot do (a cached answer).
   */
  target?: 'hop' | 'image';
  /**
   * Ids appended to the path, one per request. `fresh`: tasks inres has not seen solved, never
   * reused (each a first poll). `distinct`: a list of not-ready tasks, cycled, so that the
   * connections in flight poll different tasks (none share an upstream call) as a farm's do.
   */
  ids?: 'fresh' | 'distinct';
  legacy: RequestSpec;
  direct: RequestSpec;
  /** What a correct inres answer looks like. */
  expect: RegExp;
}

const googlekey = '6Le-wvkSAAAAAPBMRTvw0Q4Muexq9bi0DJwx_mJ-';
const pageurl = 'https://www.example.com/login';

/** A 30 KB "PNG": the signature inres checks, then bytes that do not compress. */
export function benchImage(size = 30 * 1024): Buffer {
  const img = Buffer.alloc(size);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(img);
  let x = 2463534242;
  for (let i = 8; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    img[i] = x & 0xff;
  }
  return img;
}

function multipart(fields: Record<string, string>, file: Buffer): { contentType: string; body: Buffer } {
  const boundary = '----inresbench7MA4YWxkTrZu0gW';
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  }
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="captcha.png"\r\nContent-Type: image/png\r\n\r\n`,
    ),
  );
  parts.push(file, Buffer.from(`\r\n--${boundary}--\r\n`));
  return { contentType: `multipart/form-data; boundary=${boundary}`, body: Buffer.concat(parts) };
}

const json = (o: unknown): RequestSpec['body'] => Buffer.from(JSON.stringify(o));

/** The submit that seeds tasks for the poll scenarios (ids inres has issued for `key`). */
export const seedSubmit = (key: string): RequestSpec => ({
  method: 'POST',
  path: '/in.php',
  contentType: 'application/x-www-form-urlencoded',
  body: Buffer.from(
    new URLSearchParams({
      key,
      method: 'userrecaptcha',
      googlekey: 'k',
      pageurl: 'https://www.example.com/',
    }).toString(),
  ),
});

/** The id the fresh-poll scenario appends to; fixed ids are appended by the runner. */
export const pollPath = (key: string): string => `/res.php?key=${key}&action=get&id=`;

/** Not-ready tasks in the `distinct` list: far more than the connections in flight. */
export const distinctIds = 4096;

export function scenarios(pollReadyId: string, notReadyId: string): Scenario[] {
  const image = benchImage();
  const form = multipart({ key: keys.ready, method: 'post' }, image);
  const imageTask = json({ clientKey: keys.ready, task: { type: 'ImageToTextTask', body: image.toString('base64') } });
  const getResult = (key: string, taskId: string | number = '1'): RequestSpec => ({
    method: 'POST',
    path: '/getTaskResult',
    contentType: 'application/json',
    body: json({ clientKey: key, taskId }),
  });
  const recaptchaTask = (key: string): RequestSpec => ({
    method: 'POST',
    path: '/createTask',
    contentType: 'application/json',
    body: json({
      clientKey: key,
      task: { type: 'RecaptchaV2TaskProxyless', websiteURL: pageurl, websiteKey: googlekey },
    }),
  });
  return [
    {
      name: 'poll not ready',
      target: 'hop',
      ids: 'distinct',
      legacy: { method: 'GET', path: pollPath(keys.notReady) },
      direct: getResult(keys.notReady),
      expect: /^CAPCHA_NOT_READY$/,
    },
    {
      name: 'poll ready (first poll)',
      target: 'hop',
      ids: 'fresh',
      legacy: { method: 'GET', path: pollPath(keys.ready) },
      direct: getResult(keys.ready),
      expect: /^OK\|03AG/,
    },
    {
      name: 'poll ready (cached)',
      legacy: { method: 'GET', path: pollPath(keys.ready) + pollReadyId },
      direct: getResult(keys.ready),
      expect: /^OK\|03AG/,
    },
    {
      name: 'submit userrecaptcha',
      target: 'hop',
      legacy: {
        method: 'POST',
        path: '/in.php',
        contentType: 'application/x-www-form-urlencoded',
        body: Buffer.from(
          new URLSearchParams({ key: keys.ready, method: 'userrecaptcha', googlekey, pageurl }).toString(),
        ),
      },
      direct: recaptchaTask(keys.ready),
      expect: /^OK\|\d+$/,
    },
    {
      name: 'submit image 30 KB',
      target: 'image',
      legacy: { method: 'POST', path: '/in.php', ...form },
      direct: { method: 'POST', path: '/createTask', contentType: 'application/json', body: imageTask },
      expect: /^OK\|\d+$/,
    },
    {
      name: 'submit image 30 KB base64',
      target: 'image',
      legacy: {
        method: 'POST',
        path: '/in.php',
        contentType: 'application/x-www-form-urlencoded',
        body: Buffer.from(
          new URLSearchParams({ key: keys.ready, method: 'base64', body: image.toString('base64') }).toString(),
        ),
      },
      direct: { method: 'POST', path: '/createTask', contentType: 'application/json', body: imageTask },
      expect: /^OK\|\d+$/,
    },
    // The modern face (bare relays the same call as it is, as the old passthrough did). One task
    // id per scenario, in the body: many connections polling one not-ready task share upstream
    // calls (coalescing), so these rows have no target against bare.
    {
      name: 'modern submit createTask',
      legacy: recaptchaTask(keys.ready),
      direct: recaptchaTask(keys.ready),
      expect: /^\{"errorId":0,"taskId":\d+\}$/,
    },
    {
      name: 'modern poll not ready (one task)',
      legacy: getResult(keys.notReady, Number(notReadyId)),
      direct: getResult(keys.notReady),
      expect: /^\{"errorId":0,"status":"processing"\}$/,
    },
    {
      name: 'modern poll ready (cached)',
      legacy: getResult(keys.ready, Number(pollReadyId)),
      direct: getResult(keys.ready),
      expect: /"status":"ready"/,
    },
    {
      // Through Hono, not a fast path of its own like in.php and res.php: measured, no target yet.
      name: 'dbc upload reCAPTCHA (303)',
      legacy: {
        method: 'POST',
        path: '/api/captcha',
        contentType: 'application/x-www-form-urlencoded',
        body: Buffer.from(
          new URLSearchParams({
            authtoken: keys.ready,
            type: '4',
            token_params: JSON.stringify({ googlekey, pageurl }),
          }).toString(),
        ),
      },
      direct: {
        method: 'POST',
        path: '/createTask',
        contentType: 'application/json',
        body: json({
          clientKey: keys.ready,
          task: { type: 'RecaptchaV2TaskProxyless', websiteURL: pageurl, websiteKey: googlekey },
        }),
      },
      expect: /^status=0&captcha=\d{15}&text=&is_correct=1$/,
    },
    {
      // DBC's clients poll without credentials: the stored record, as a cached legacy poll.
      name: 'dbc poll (stored answer, no credentials)',
      legacy: { method: 'GET', path: `/api/captcha/${pollReadyId}` },
      direct: getResult(keys.ready),
      expect: /^status=0&captcha=\d{15}&text=03AG/,
    },
    {
      name: 'getbalance',
      target: 'hop',
      legacy: { method: 'GET', path: `/res.php?key=${keys.ready}&action=getbalance` },
      direct: {
        method: 'POST',
        path: '/getBalance',
        contentType: 'application/json',
        body: json({ clientKey: keys.ready }),
      },
      expect: /^12\.5000$/,
    },
  ];
}
