/**
 * @module
 * The port through which the core reaches an upstream: one JSON POST, its status and body.
 * Node passes undici (deploy/node), every other runtime the fetch transport beside this file.
 */

export interface TransportRequest {
  url: string;
  /** A JSON document. */
  body: string;
  /**
   * The whole call (a wait for a connection, the request, the last byte of the answer) ends
   * within this many ms, or the transport rejects with `upstreamTimeout()`. A number rather
   * than an AbortSignal: each transport keeps the deadline its cheapest way.
   */
  timeoutMs: number;
}

export interface TransportResponse {
  status: number;
  body: string;
}

/** What a transport rejects with when a call outlives its `timeoutMs`. */
export const upstreamTimeout = (): DOMException => new DOMException('upstream timeout', 'TimeoutError');

/** Sends one request; rejects on network faults, timeouts and bodies over the transport's cap. */
export type Transport = (req: TransportRequest) => Promise<TransportResponse>;

/** Upstream answers are small JSON documents; a larger body is a fault, not something to buffer. */
export const maxResponseBytes = 1024 * 1024;

export class ResponseTooLarge extends Error {
  constructor() {
    super('upstream response too large');
    this.name = 'ResponseTooLarge';
  }
}
