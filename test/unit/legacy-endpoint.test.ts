import { describe, expect, it } from 'vitest';
import { clientIpRule } from '../../src/access/client-ip.ts';
import type { LegacyContext } from '../../src/legacy/context.ts';
import { createLegacyEndpoint, type LegacyRequest } from '../../src/legacy/endpoint.ts';
import { queryParams } from '../../src/legacy/params.ts';
import { createLogger } from '../../src/ops/log.ts';
import { createGatewayMetrics, recorder } from '../../src/ops/observe.ts';

function endpoint(admit: Parameters<typeof createLegacyEndpoint>[0]['admit']) {
  const lines: string[] = [];
  const logger = createLogger('info', (l) => lines.push(l));
  const metrics = createGatewayMetrics({ upstreamInFlight: () => 0 });
  const ctx = {} as LegacyContext;
  const answer = createLegacyEndpoint({
    ctx,
    admit,
    clientIp: clientIpRule([]),
    metrics,
    logger,
    record: recorder(metrics, logger),
  });
  return { answer, lines, metrics };
}

const get = (url: string): LegacyRequest => ({
  method: 'GET',
  path: '/res.php',
  header: () => undefined,
  peer: '127.0.0.1',
  read: async () => ({ params: { values: queryParams(url), files: new Map() } }),
});

describe('the legacy endpoint', () => {
  it('answers a failing admission (a shared counter down) with a legacy code, plain or json=1', async () => {
    const { answer, lines } = endpoint(async () => {
      throw new Error('redis: connection refused');
    });
    const plain = await answer(get('/res.php?key=SECRETKEY&action=getbalance'));
    expect([plain.status, plain.body, plain.headers['content-type']]).toEqual([
      200,
      'ERROR_NO_SLOT_AVAILABLE',
      'text/plain; charset=utf-8',
    ]);
    const json = await answer(get('/res.php?key=SECRETKEY&action=getbalance&json=1'));
    expect(JSON.parse(json.body!)).toMatchObject({ status: 0, request: 'ERROR_NO_SLOT_AVAILABLE' });
    expect(lines.some((l) => l.includes('"internal error"'))).toBe(true);
    expect(lines.join('\n')).not.toContain('SECRETKEY');
  });

  it('counts and logs each request once, with the folded labels and the request id it sends', async () => {
    const { answer, lines, metrics } = endpoint(async () => ({ code: 'ERROR: 1005' }));
    const reply = await answer(get('/res.php?key=k&action=get&id=1'));
    expect(reply.body).toBe('ERROR: 1005');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      msg: 'request',
      requestId: reply.headers['x-request-id'],
      path: '/res.php',
      action: 'get',
      code: 'ERROR: 1005',
    });
    expect(metrics.registry.render()).toContain(
      'inres_requests_total{face="legacy",endpoint="res.php",action="get",method="none",code="ERROR: 1005"} 1',
    );
  });
});
