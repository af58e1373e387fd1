/**
 * Starts inres as users run it on Node (the adaptor server, the undici transport) on
 * 127.0.0.1, against a given upstream, and hands tests a supertest agent bound to it.
 */
import type { AddressInfo } from 'node:net';
import supertest from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import { createNodeGateway } from '../../deploy/node/server.ts';
import type { Deps } from '../../src/app.ts';
import { defaultSettings, type Settings } from '../../src/settings.ts';

export interface TestGateway {
  url: string;
  http: TestAgent;
  /** One round of the background work (pingbacks, watched tasks) the entrypoint runs on a timer. */
  tick(): Promise<void>;
  close(): Promise<void>;
}

export async function startGateway(
  upstreamUrl: string,
  overrides: Partial<Record<keyof Settings, string>> = {},
  deps: Partial<Deps> = {},
): Promise<TestGateway> {
  const settings = defaultSettings({
    UPSTREAM_URL: upstreamUrl,
    UPSTREAM_TIMEOUT_MS: '1000',
    POLL_MIN_INTERVAL_MS: '0',
    ...overrides,
  });
  const gw = createNodeGateway(settings, deps);
  await new Promise<void>((resolve) => gw.server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(gw.server.address() as AddressInfo).port}`;
  return {
    url,
    http: supertest(url),
    tick: () => gw.tick(),
    async close() {
      gw.server.closeAllConnections();
      await new Promise<void>((resolve) => gw.server.close(() => resolve()));
      await gw.close();
    },
  };
}
