/**
 * @module
 * Gateway keys: an operator hands end users keys of its own, each mapped to an upstream key
 * (so users never hold the upstream key), optionally tied to an IP allow-list or banned.
 * With no table configured every key passes through unchanged and the upstream judges it.
 */
import { sha256 } from 'hono/utils/crypto';
import { z } from 'zod';
import { ipMatcher } from './ip-match.ts';

const entrySchema = z.strictObject({
  /** The key sent upstream; absent: the gateway key itself (an allow-list over upstream keys). */
  upstream: z.string().min(1).optional(),
  /** Addresses and CIDR ranges the key may be used from; absent: anywhere. */
  ips: z.array(z.string()).optional(),
  banned: z.boolean().optional(),
  /** DeathByCaptcha credentials that stand for this key on the DBC face: a token, a login, or both. */
  dbc: z
    .strictObject({
      authtoken: z.string().min(1).optional(),
      username: z.string().min(1).optional(),
      password: z.string().min(1).optional(),
    })
    .refine((d) => d.authtoken !== undefined || (d.username !== undefined && d.password !== undefined), {
      message: 'dbc needs an authtoken, or a username and a password',
    })
    .optional(),
});

/**
 * `{"<gateway key>": {"upstream": "...", "ips": ["203.0.113.0/24"], "banned": false,
 * "dbc": {"username": "...", "password": "..."}}, ...}`.
 */
export const keyTableSchema = z
  .string()
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'expected a JSON object of gateway keys' });
      return z.NEVER;
    }
  })
  .pipe(z.record(z.string().min(1), entrySchema, { error: 'expected a JSON object of gateway keys' }))
  .superRefine((table, ctx) => {
    for (const entry of Object.values(table)) {
      try {
        ipMatcher(entry.ips ?? []);
      } catch (e) {
        ctx.addIssue({ code: 'custom', message: (e as Error).message });
      }
    }
  });

export type KeyTable = z.infer<typeof keyTableSchema>;

interface Grant {
  upstream: string;
  allowed?: (ip: string) => boolean;
  banned: boolean;
}

/** Why a key is refused, in the words 2captcha and the modern APIs share (each face renders it). */
export type AccessCode = 'ERROR_KEY_DOES_NOT_EXIST' | 'ERROR_BANNED' | 'IP_BANNED';

export type Admission = { ok: true } | { ok: false; code: AccessCode };

export interface Access {
  /** Whether `key` (already checked for shape) may be used from `ip`. */
  admit(key: string, ip: string): Promise<Admission>;
  /** The upstream key of an admitted gateway key; the router asks it for routes without keys of their own. */
  upstreamKey(key: string): string;
  /** The gateway key whose `dbc` entry holds these credentials, if one does. */
  dbcKey(credentials: DbcCredentials): Promise<string | undefined>;
  /** Serves `table` from now on (a reload without a restart). */
  replace(table: KeyTable): void;
}

const admitted: Admission = { ok: true };

export type DbcCredentials = { authtoken: string } | { username: string; password: string };

/** One text per credential, unambiguous whatever the parts hold: what is hashed for the lookup. */
const dbcText = (c: DbcCredentials): string =>
  JSON.stringify('authtoken' in c ? ['authtoken', c.authtoken] : ['login', c.username, c.password]);

/** The credentials a table entry's `dbc` holds (a token and a login are two ways in). */
function dbcCredentials(entry: KeyTable[string]): DbcCredentials[] {
  const d = entry.dbc;
  if (!d) return [];
  const out: DbcCredentials[] = [];
  if (d.authtoken !== undefined) out.push({ authtoken: d.authtoken });
  if (d.username !== undefined && d.password !== undefined) out.push({ username: d.username, password: d.password });
  return out;
}

/**
 * Keys are looked up by their SHA-256 digest, never compared as text: the time a lookup takes
 * depends on the digest, which an attacker cannot steer towards a real key. (Not through the
 * cached `hashKey` of ids.ts: its cache is itself a lookup by the key's text.)
 */
export function createAccess(initial: KeyTable): Access {
  let table = initial;
  let grants: Promise<Map<string, Grant>> | undefined;
  let dbcKeys: Promise<Map<string, string>> | undefined;
  let upstreamKeys = new Map<string, string>();
  const index = () => {
    upstreamKeys = new Map(Object.entries(table).map(([key, entry]) => [key, entry.upstream ?? key]));
    grants = undefined;
    dbcKeys = undefined;
  };
  index();

  // Digests are async on the web platform, so the table is hashed on first use, not at start-up.
  async function hashed(table: KeyTable): Promise<Map<string, Grant>> {
    const map = new Map<string, Grant>();
    for (const [key, entry] of Object.entries(table)) {
      map.set((await sha256(key))!, {
        upstream: entry.upstream ?? key,
        allowed: entry.ips ? ipMatcher(entry.ips) : undefined,
        banned: entry.banned ?? false,
      });
    }
    return map;
  }

  // DBC credentials → gateway keys, looked up by digest like the keys themselves.
  async function hashedDbc(table: KeyTable): Promise<Map<string, string>> {
    const map = new Map<string, string>();
    for (const [key, entry] of Object.entries(table)) {
      for (const c of dbcCredentials(entry)) map.set((await sha256(dbcText(c)))!, key);
    }
    return map;
  }

  // Only admitted keys reach the upstream client, so this lookup never sees a guess.
  const mapKey = (key: string): string => upstreamKeys.get(key) ?? key;

  return {
    async admit(key, ip) {
      grants ??= hashed(table);
      const grant = (await grants).get((await sha256(key))!);
      if (!grant) return { ok: false, code: 'ERROR_KEY_DOES_NOT_EXIST' };
      if (grant.banned) return { ok: false, code: 'ERROR_BANNED' };
      if (grant.allowed && !grant.allowed(ip)) return { ok: false, code: 'IP_BANNED' };
      return admitted;
    },
    upstreamKey: mapKey,
    async dbcKey(credentials) {
      dbcKeys ??= hashedDbc(table);
      return (await dbcKeys).get((await sha256(dbcText(credentials)))!);
    },
    replace(next) {
      table = next;
      index();
    },
  };
}
