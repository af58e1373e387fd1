/**
 * @module
 * Stateless ids (`IDS=stateless`), for deployments without a shared store (the edge): the id
 * itself carries the upstream task id, the task type, the creation time and (with several
 * upstreams) the upstream's name, signed with
 * HMAC-SHA256 under `IDS_SECRET` over the client key's hash, so any instance holding the
 * secret can answer it, and a forged id, another key's id or an expired one is unknown.
 * The id is the payload's bytes as one decimal number: digits only, but about 85 digits for a
 * UUID task id, so clients that parse ids as integers need the store mode.
 */
import type { TaskIds } from './ids.ts';
import type { TaskRecord } from '../task/record.ts';
import { proxiedOf } from '../task/type.ts';

export interface SignedIdsOptions {
  /** The HMAC secret (IDS_SECRET), shared by every instance. */
  secret: string;
  /** How long an id stays pollable, in ms. */
  ttlMs: number;
  now: () => number;
  /** Task types written as a 4-byte hash instead of their name (the faces' tables); any other is written out. */
  types?: readonly string[];
}

const version = 1;
const macBytes = 8;
const Tag = { Known: 0, Raw: 1, Uuid: 2, Integer: 3 } as const;
/** Longest raw type or upstream id carried; longer ones cannot be made stateless. */
const maxRaw = 64;

/** FNV-1a, 32 bits: a stable short name for a task type, whatever the table's order. */
function fnv32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** The known task types and their proxied twins, by hash. */
export function knownTypes(known: readonly string[]): Map<number, string> {
  const byHash = new Map<number, string>();
  for (const t of known) {
    for (const type of [t, proxiedOf(t)]) byHash.set(fnv32(type), type);
  }
  return byHash;
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const integer = /^(0|[1-9]\d{0,18})$/;

class Writer {
  readonly bytes: number[] = [];
  u8(n: number): void {
    this.bytes.push(n & 0xff);
  }
  u32(n: number): void {
    for (const s of [24, 16, 8, 0]) this.u8(n >>> s);
  }
  big(n: bigint, len: number): void {
    for (let i = len - 1; i >= 0; i--) this.u8(Number((n >> BigInt(8 * i)) & 0xffn));
  }
  raw(s: string): void {
    const b = new TextEncoder().encode(s);
    if (b.length > maxRaw) throw new Error('value too long for a stateless id');
    this.u8(b.length);
    this.bytes.push(...b);
  }
}

class Reader {
  at = 0;
  readonly bytes: Uint8Array;
  constructor(bytes: Uint8Array) {
    this.bytes = bytes;
  }
  u8(): number {
    if (this.at >= this.bytes.length) throw new RangeError('short id');
    return this.bytes[this.at++]!;
  }
  u32(): number {
    return ((this.u8() << 24) | (this.u8() << 16) | (this.u8() << 8) | this.u8()) >>> 0;
  }
  big(len: number): bigint {
    let n = 0n;
    for (let i = 0; i < len; i++) n = (n << 8n) | BigInt(this.u8());
    return n;
  }
  raw(): string {
    const len = this.u8();
    if (this.at + len > this.bytes.length) throw new RangeError('short id');
    const s = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(
      this.bytes.subarray(this.at, this.at + len),
    );
    this.at += len;
    return s;
  }
}

function writeUpstreamId(w: Writer, id: string): void {
  if (uuid.test(id)) {
    w.u8(Tag.Uuid);
    w.big(BigInt(`0x${id.replaceAll('-', '')}`), 16);
  } else if (integer.test(id) && BigInt(id) < 2n ** 64n) {
    w.u8(Tag.Integer);
    w.big(BigInt(id), 8);
  } else {
    w.u8(Tag.Raw);
    w.raw(id);
  }
}

function readUpstreamId(r: Reader): string {
  switch (r.u8()) {
    case Tag.Uuid: {
      const hex = r.big(16).toString(16).padStart(32, '0');
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
    }
    case Tag.Integer:
      return r.big(8).toString();
    case Tag.Raw:
      return r.raw();
    default:
      throw new RangeError('bad tag');
  }
}

const toDigits = (bytes: readonly number[]): string =>
  BigInt(`0x${bytes.map((b) => b.toString(16).padStart(2, '0')).join('')}`).toString();

function fromDigits(id: string): Uint8Array | undefined {
  if (!/^[1-9]\d*$/.test(id)) return undefined;
  let hex = BigInt(id).toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  return Uint8Array.from(hex.match(/../g)!, (h) => parseInt(h, 16));
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

export function signedIds(opts: SignedIdsOptions): TaskIds {
  const types = knownTypes(opts.types ?? []);
  let key: Promise<CryptoKey> | undefined;
  async function mac(keyHash: string, payload: Uint8Array): Promise<Uint8Array> {
    key ??= crypto.subtle.importKey(
      'raw',
      new TextEncoder().encode(opts.secret),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign'],
    );
    const hashBytes = new TextEncoder().encode(keyHash);
    const data = new Uint8Array(hashBytes.length + payload.length);
    data.set(hashBytes);
    data.set(payload, hashBytes.length);
    return new Uint8Array(await crypto.subtle.sign('HMAC', await key, data)).slice(0, macBytes);
  }

  return {
    async issue(rec) {
      const w = new Writer();
      w.u8(version);
      w.u32(Math.floor(rec.createdAt / 1000));
      const hash = fnv32(rec.type);
      if (types.get(hash) === rec.type) {
        w.u8(Tag.Known);
        w.u32(hash);
      } else {
        w.u8(Tag.Raw);
        w.raw(rec.type);
      }
      writeUpstreamId(w, rec.upstreamId);
      if (rec.upstream !== undefined) w.raw(rec.upstream);
      const payload = Uint8Array.from(w.bytes);
      return toDigits([...payload, ...(await mac(rec.keyHash, payload))]);
    },
    async find(id, keyHash) {
      const bytes = fromDigits(id);
      if (!bytes || bytes.length <= macBytes || bytes[0] !== version) return undefined;
      const payload = bytes.subarray(0, bytes.length - macBytes);
      if (!sameBytes(bytes.subarray(bytes.length - macBytes), await mac(keyHash, payload))) return undefined;
      const r = new Reader(payload);
      r.u8();
      const createdAt = r.u32() * 1000;
      const type = r.u8() === Tag.Known ? types.get(r.u32()) : r.raw();
      const upstreamId = readUpstreamId(r);
      const upstream = r.at < payload.length ? r.raw() : undefined;
      if (!type || r.at !== payload.length || opts.now() >= createdAt + opts.ttlMs) return undefined;
      const rec: TaskRecord = { upstreamId, type, keyHash, createdAt };
      if (upstream !== undefined) rec.upstream = upstream;
      return rec;
    },
    // The signature is over the key: an id is read only with the key that made it.
    async peek() {
      return undefined;
    },
    // Nothing to record: each poll asks the upstream (the price of needing no store).
    async settle() {},
  };
}
