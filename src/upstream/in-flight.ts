/**
 * @module
 * A cap on upstream calls in flight. Past it a call fails at once instead of queueing: a
 * queue that grows without bound turns an upstream slowdown into memory exhaustion and into
 * answers that come too late to matter.
 */
import type { Transport } from './transport.ts';

export class UpstreamBusy extends Error {
  constructor() {
    super('too many upstream calls in flight');
    this.name = 'UpstreamBusy';
  }
}

export interface InFlight {
  transport: Transport;
  /** Calls in flight now, for metrics. */
  count(): number;
}

export function limitInFlight(transport: Transport, max: number): InFlight {
  let inFlight = 0;
  return {
    count: () => inFlight,
    async transport(req) {
      if (inFlight >= max) throw new UpstreamBusy();
      inFlight++;
      try {
        return await transport(req);
      } finally {
        inFlight--;
      }
    },
  };
}
