/**
 * @module
 * /in.php and /res.php from request to answer, with no framework in between: the request is a
 * small interface each runtime fills in (Hono's Context in app.ts, node:http on Node's fast
 * path), the answer plain data it writes out. Every outcome, even a bug, is an HTTP 200 legacy
 * answer, counted, timed and logged once.
 */
import type { ClientIpRule } from '../access/client-ip.ts';
import type { Logger } from '../ops/log.ts';
import type { Finished, GatewayMetrics } from '../ops/observe.ts';
import { rateHeaders } from '../access/rate-limit.ts';
import { requestIdFrom } from '../http/request-id.ts';
import { isIdFormat } from '../ids/ids.ts';
import { StoreUnavailable } from '../store/types.ts';
import { UpstreamError } from '../upstream/client.ts';
import type { Verdict } from './admission.ts';
import type { LegacyContext } from './context.ts';
import { codeOf } from './errors.ts';
import { isTrue } from './fields.ts';
import { submit } from './in.ts';
import { legacyLabels, type LegacyLabels } from './labels.ts';
import { wantsJson, type Params, type ReadResult } from './params.ts';
import { code, plainType, render, type Answer, type HttpReply } from './reply.ts';
import { result } from './res.ts';

export type LegacyPath = '/in.php' | '/res.php';

export interface LegacyRequest {
  method: string;
  path: LegacyPath;
  /** A request header by its lower-case name. */
  header(name: string): string | undefined;
  /** The connection's peer address, when the runtime tells it. */
  peer: string | undefined;
  /** Query and body as one parameter set; never throws (a body over the cap is an error code). */
  read(): Promise<ReadResult>;
}

export type LegacyEndpoint = (req: LegacyRequest) => Promise<HttpReply>;

export interface EndpointOptions {
  ctx: LegacyContext;
  admit: (p: Params, ip: string) => Promise<Verdict>;
  clientIp: ClientIpRule;
  metrics: GatewayMetrics;
  logger: Logger;
  record: (f: Finished) => void;
}

type Handler = (p: Params, ctx: LegacyContext) => Promise<Answer>;

const handlers: Readonly<Record<LegacyPath, Handler>> = { '/in.php': submit, '/res.php': result };

const preflightHeaders = {
  'access-control-allow-headers': 'content-type',
  'access-control-allow-methods': 'GET, POST',
  'access-control-allow-origin': '*',
};

/**
 * What each method gets before any parameter is read: only GET and POST reach a handler (a HEAD
 * or PUT to /in.php once created a task whose id nobody saw). HEAD of /res.php answers a poll's
 * headers without asking anyone; every other method is refused with the methods that are served.
 */
type MethodRule = 'serve' | 'preflight' | 'headers' | 'refuse';
const methodRules: Readonly<Record<LegacyPath, Readonly<Record<string, MethodRule>>>> = {
  '/in.php': { GET: 'serve', POST: 'serve', OPTIONS: 'preflight' },
  '/res.php': { GET: 'serve', POST: 'serve', OPTIONS: 'preflight', HEAD: 'headers' },
};
const allowed: Readonly<Record<LegacyPath, string>> = {
  '/in.php': 'GET, POST, OPTIONS',
  '/res.php': 'GET, HEAD, POST, OPTIONS',
};

/** The rule for a request's method on a legacy path. */
export function methodRule(method: string, path: LegacyPath): MethodRule {
  const rules = methodRules[path];
  return Object.hasOwn(rules, method) ? rules[method]! : 'refuse';
}

/** The answers that need no handler: a preflight, a HEAD poll's headers, a refused method. */
function withoutHandler(rule: Exclude<MethodRule, 'serve'>, path: LegacyPath, requestId: string): HttpReply {
  switch (rule) {
    case 'preflight':
      return { status: 204, headers: { ...preflightHeaders, 'x-request-id': requestId }, body: null };
    case 'headers':
      return { status: 200, headers: { 'content-type': plainType, 'x-request-id': requestId }, body: null };
    case 'refuse':
      return { status: 405, headers: { allow: allowed[path], 'x-request-id': requestId }, body: null };
  }
}

export function createLegacyEndpoint(opts: EndpointOptions): LegacyEndpoint {
  const { ctx, admit, metrics, logger, record } = opts;

  /** The answer of a handler that failed: the error's own code, or a logged fault. */
  function failed(e: unknown, requestId: string, path: LegacyPath, p: Params): Answer {
    const known = codeOf(e);
    if (e instanceof UpstreamError && e.fault) {
      // Traceable: the client's id, the upstream and its task, and why the call failed.
      const id = p.values.get('id')?.trim();
      logger.warn('upstream fault', {
        requestId,
        path,
        id: id && isIdFormat(id) ? id : undefined,
        call: e.call,
        upstream: e.upstream,
        taskId: e.taskId,
        fault: e.fault,
        cause: e.faultCause,
        status: e.status,
        code: known,
      });
    } else if (e instanceof StoreUnavailable) {
      logger.warn('store unavailable', { requestId, path, reason: e.reason });
    } else if (known === undefined) {
      logger.error('internal error', { requestId, path, error: e instanceof Error ? e.message : String(e) });
    }
    return code(known ?? 'ERROR_NO_SLOT_AVAILABLE');
  }

  async function answer(
    req: LegacyRequest,
    requestId: string,
    ip: string,
  ): Promise<{ reply: HttpReply; labels: LegacyLabels }> {
    const { params, error } = await req.read();
    let verdict: Verdict = {};
    let outcome: Answer;
    try {
      // Inside the try: a shared rate counter or key table that fails is a legacy answer too.
      verdict = await admit(params, ip);
      const refused = verdict.code ?? error;
      outcome = refused ? code(refused) : await handlers[req.path](params, ctx);
    } catch (e) {
      outcome = failed(e, requestId, req.path, params);
    }
    if (verdict.rate?.limited) metrics.rateLimited.inc([req.path.slice(1)]);
    const headers = verdict.rate ? rateHeaders(verdict.rate) : {};
    headers['x-request-id'] = requestId;
    const reply = render(outcome, { json: wantsJson(params), acao: isTrue(params.values.get('header_acao')), headers });
    return { reply, labels: legacyLabels(req.path, params, outcome) };
  }

  return async function answerLegacy(req) {
    const started = performance.now();
    const requestId = requestIdFrom(req.header('x-request-id'));
    const ip = opts.clientIp(req.peer, () => req.header('x-forwarded-for'));
    const rule = methodRule(req.method, req.path);
    if (rule !== 'serve') {
      const reply = withoutHandler(rule, req.path, requestId);
      record({ requestId, ip, method: req.method, path: req.path, status: reply.status, started });
      return reply;
    }
    metrics.inFlight.add(1);
    let done;
    try {
      done = await answer(req, requestId, ip);
    } finally {
      metrics.inFlight.add(-1);
    }
    record({
      requestId,
      ip,
      method: req.method,
      path: req.path,
      status: done.reply.status,
      started,
      legacy: done.labels,
    });
    return done.reply;
  };
}
