/**
 * @module
 * The port through which the core reaches an upstream: one JSON POST, its status and body.
 * Node passes undici (deploy/node), every other runtime the fetch transport beside this file.
 */

export interface TransportRequest {
  url: string;
  /** A JSON document. */
  body: string;
  signal: AbortSignal;
}

export interface TransportResponse {
  status: number;
  body: string;
}

/** Sends one request; rejects on network faults, aborts and bodies over the transport's cap. */
export type Transport = (req: TransportRequest) => Promise<TransportResponse>;

/** Upstream answers are small JSON documents; a larger body is a fault, not something to buffer. */
export const maxResponseBytes = 1024 * 1024;

export class ResponseTooLarge extends Error {
  constructor() {
    super('upstream response too large');
    this.name = 'ResponseTooLarge';
  }
}
