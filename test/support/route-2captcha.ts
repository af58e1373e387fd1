/**
 * Routes the hard-coded `https://2captcha.com` of legacy client libraries to inres on
 * 127.0.0.1, without touching their code. They use node-fetch v2, which goes through Node's
 * default https agent: its connections are sent, as plain HTTP, to the gateway. Any other
 * host is refused, so a test can never reach past loopback.
 */
import https from 'node:https';
import net from 'node:net';

const routedHosts = new Set(['2captcha.com', 'rucaptcha.com']);

type CreateConnection = (opts: { host?: string; servername?: string }, cb?: unknown) => net.Socket;

/** Sends 2captcha.com's connections to `port` on 127.0.0.1; returns the undo. */
export const route2captchaTo = (port: number): (() => void) => routeHostsTo(routedHosts, port);

/** Sends the connections of `hosts` (a client's hard-coded host, as a hosts file would) to `port` on 127.0.0.1. */
export function routeHostsTo(hosts: ReadonlySet<string>, port: number): () => void {
  const agent = https.globalAgent as unknown as { createConnection: CreateConnection };
  const original = agent.createConnection;
  agent.createConnection = (opts) => {
    const host = opts.servername ?? opts.host ?? '';
    if (!hosts.has(host))
      throw new Error(`test tried to reach ${host}: only ${[...hosts].join(', ')} is routed (to 127.0.0.1)`);
    return net.createConnection({ host: '127.0.0.1', port });
  };
  return () => {
    agent.createConnection = original;
  };
}
