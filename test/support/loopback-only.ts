/**
 * Preloaded (`node --import`) into a process that runs third-party client code in a test: every
 * host name but localhost fails to resolve, so a client that ignored the server it was given
 * fails at once instead of reaching its vendor over the network.
 */
import dns from 'node:dns';

const refused = (hostname: string) =>
  Object.assign(new Error(`loopback only in tests: ${hostname}`), { code: 'ENOTFOUND', hostname });
const allowed = (hostname: string) => hostname === 'localhost';

const lookup = dns.lookup;
dns.lookup = ((hostname: string, ...rest: unknown[]) => {
  const callback = rest.at(-1) as (e: Error) => void;
  if (!allowed(hostname)) return process.nextTick(() => callback(refused(hostname)));
  return (lookup as (...a: unknown[]) => void)(hostname, ...rest);
}) as typeof dns.lookup;

const promised = dns.promises.lookup;
dns.promises.lookup = ((hostname: string, ...rest: unknown[]) =>
  allowed(hostname)
    ? (promised as (...a: unknown[]) => Promise<unknown>)(hostname, ...rest)
    : Promise.reject(refused(hostname))) as typeof dns.promises.lookup;
