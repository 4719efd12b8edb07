import { expect } from '@open-wc/testing';
import { readJson, storeOver } from './storage.js';

/** A Storage whose every call throws, like Safari's private mode used to and sandboxed iframes do. */
const refusing = {
  getItem() {
    throw new DOMException('denied', 'SecurityError');
  },
  setItem() {
    throw new DOMException('denied', 'SecurityError');
  },
  removeItem() {
    throw new DOMException('denied', 'SecurityError');
  },
} as unknown as Storage;

describe('storage', () => {
  it('uses localStorage when it works', () => {
    const store = storeOver(() => localStorage);
    store.setItem('tori:test', '1');
    expect(localStorage.getItem('tori:test')).to.equal('1');
    store.removeItem('tori:test');
    expect(localStorage.getItem('tori:test')).to.equal(null);
  });

  it('falls back to memory when localStorage cannot be reached or refuses writes', () => {
    for (const getLocal of [() => refusing, () => undefined, (): Storage => { throw new DOMException('denied'); }]) {
      const store = storeOver(getLocal);
      store.setItem('k', 'v');
      expect(store.getItem('k')).to.equal('v');
      store.removeItem('k');
      expect(store.getItem('k')).to.equal(null);
    }
  });

  it('keeps a key in memory when a write fails later (quota)', () => {
    let full = false;
    const flaky = {
      getItem: (key: string) => localStorage.getItem(key),
      setItem: (key: string, value: string) => {
        if (full) throw new DOMException('full', 'QuotaExceededError');
        localStorage.setItem(key, value);
      },
      removeItem: (key: string) => localStorage.removeItem(key),
    } as unknown as Storage;
    const store = storeOver(() => flaky);
    full = true;
    store.setItem('tori:test', 'kept');
    expect(store.getItem('tori:test')).to.equal('kept');
    store.removeItem('tori:test');
    expect(store.getItem('tori:test')).to.equal(null);
  });

  it('reads corrupt JSON as absent', () => {
    const store = storeOver(() => undefined);
    store.setItem('k', '{oops');
    expect(readJson(store, 'k')).to.equal(undefined);
  });
});
