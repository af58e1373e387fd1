/**
 * A URL on 127.0.0.1 where nothing listens: connections to it are refused.
 */
import { createServer, type AddressInfo } from 'node:net';

export function closedPortUrl(): Promise<string> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(`http://127.0.0.1:${port}`));
    });
  });
}
