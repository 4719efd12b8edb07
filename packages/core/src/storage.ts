/** The few storage calls core needs; `localStorage` satisfies it, tests pass a Map-backed one. */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** A store that lives as long as the page: used when localStorage is missing or refuses writes. */
export function memoryStore(): KeyValueStore {
  const items = new Map<string, string>();
  return {
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, value),
    removeItem: (key) => void items.delete(key),
  };
}

let pageStore: KeyValueStore | undefined;

/** The page's store: localStorage when it works, else memory (see `storeOver`). */
export function browserStore(): KeyValueStore {
  pageStore ??= storeOver(() => globalThis.localStorage);
  return pageStore;
}

/**
 * A store over `local` when it works, else memory. Safari private mode and sandboxed iframes throw on access
 * or on write, so both are tried once; a later failed write (quota) keeps that key in memory.
 */
export function storeOver(getLocal: () => Storage | undefined): KeyValueStore {
  const memory = memoryStore();
  let local: Storage | undefined;
  try {
    const probe = '__tori_probe__';
    local = getLocal();
    local?.setItem(probe, probe);
    local?.removeItem(probe);
  } catch {
    local = undefined;
  }
  if (!local) return memory;
  const store = local;
  return {
    getItem(key) {
      try {
        return memory.getItem(key) ?? store.getItem(key);
      } catch {
        return memory.getItem(key);
      }
    },
    setItem(key, value) {
      try {
        store.setItem(key, value);
        memory.removeItem(key);
      } catch {
        memory.setItem(key, value);
      }
    },
    removeItem(key) {
      memory.removeItem(key);
      try {
        store.removeItem(key);
      } catch {
        // Nothing to undo: the memory copy is gone already.
      }
    },
  };
}

/** Reads a JSON value, treating a missing or corrupt entry as absent. */
export function readJson<T>(store: KeyValueStore, key: string): T | undefined {
  const text = store.getItem(key);
  if (text === null) return undefined;
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}
