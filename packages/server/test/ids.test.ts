import { afterEach, describe, expect, it, vi } from 'vitest';
import { newOrderedId } from '../src/secrets.js';

afterEach(() => vi.restoreAllMocks());

describe('ordered ids (a pair’s id)', () => {
  it('sort as strings in the order they were made, across digit and letter boundaries of base 36', () => {
    const times = [0, 35, 36, 1_000, 1_764_000_000_000, 1_764_000_000_001, 1_999_999_999_999, 3_000_000_000_000];
    const ids = times.map((ms) => {
      vi.spyOn(Date, 'now').mockReturnValue(ms);
      return newOrderedId();
    });
    expect([...ids].sort()).toEqual(ids);
  });

  it('are URL-safe, of one length, and unguessable: 96 random bits after the time', () => {
    vi.spyOn(Date, 'now').mockReturnValue(1_764_000_000_000);
    const ids = Array.from({ length: 1_000 }, newOrderedId);
    for (const id of ids) expect(id).toMatch(/^[0-9a-z]{9}[A-Za-z0-9_-]{16}$/);
    // Made in the same millisecond, they still differ (the random part).
    expect(new Set(ids).size).toBe(1_000);
    expect(new Set(ids.map((id) => id.slice(0, 9))).size).toBe(1);
  });
});
