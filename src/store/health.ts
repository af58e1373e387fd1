/**
 * @module
 * Whether the task store answers, for /readyz and `inres_store_up`, on every configuration:
 * every store call that reaches the store or fails to (`watchStore`) says so, and where the
 * store can be asked directly (Redis: PING) an idle instance asks, at most once per `everyMs`,
 * when readiness or metrics are read. No timer: every runtime serves requests.
 */
import { StoreFull, StoreUnavailable, type TaskStore } from './types.ts';

export interface StoreHealth {
  /** What the last store call or probe found. */
  up(): boolean;
  /** Asks the store where it can be asked (else the last call's word); concurrent callers share one probe. */
  check(): Promise<boolean>;
  /** A store call's result: reached (true) or not. */
  saw(reached: boolean): void;
}

export interface StoreHealthOptions {
  /** Resolves when the store answers, rejects when it does not (in its own timeout). */
  probe?: () => Promise<unknown>;
  now: () => number;
  /** A probe's answer stands for this long, in ms. */
  everyMs?: number;
}

export function createStoreHealth(opts: StoreHealthOptions): StoreHealth {
  const everyMs = opts.everyMs ?? 1000;
  let up = true;
  let probed = -Infinity;
  let probing: Promise<boolean> | undefined;
  return {
    up: () => up,
    check() {
      const { probe } = opts;
      if (!probe || opts.now() - probed < everyMs) return Promise.resolve(up);
      probing ??= probe()
        .then(
          () => true,
          () => false,
        )
        .then((answered) => {
          up = answered;
          probed = opts.now();
          probing = undefined;
          return answered;
        });
      return probing;
    },
    saw(reached) {
      up = reached;
    },
  };
}

/** A store whose calls tell `health` whether the store was reached (a key at its cap is a store that answered). */
export function watchStore<S extends TaskStore>(store: S, health: StoreHealth): S {
  const watched = async <T>(call: Promise<T>): Promise<T> => {
    try {
      const result = await call;
      health.saw(true);
      return result;
    } catch (e) {
      if (e instanceof StoreUnavailable) health.saw(e instanceof StoreFull);
      throw e;
    }
  };
  return {
    ...store,
    insert: (id, rec) => watched(store.insert(id, rec)),
    get: (id) => watched(store.get(id)),
    update: (id, rec) => watched(store.update(id, rec)),
  };
}
