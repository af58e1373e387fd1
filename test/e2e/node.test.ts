/** The shared end-to-end suite against inres on Node (the adaptor server and undici transport). */
import { startGateway } from '../support/gateway.ts';
import { addSuite } from './suite.ts';

addSuite('node', async (upstreamUrl) => {
  const gw = await startGateway(upstreamUrl);
  return { baseUrl: gw.url, close: () => gw.close() };
});
