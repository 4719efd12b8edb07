import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Random URL-safe id: 16 bytes (128 bits) are unguessable and short enough for URLs. */
export function newId(): string {
  return randomBytes(16).toString('base64url');
}

/**
 * Random id that sorts by when it was made: milliseconds in base 36 (0-9a-z sorts the same as a string), then 12
 * random bytes (96 bits, unguessable). Rows made together land together in an index, so a burst of them touches a
 * few pages instead of one page each.
 */
export function newOrderedId(): string {
  return Date.now().toString(36).padStart(9, '0') + randomBytes(12).toString('base64url');
}

/** A facilitator key: 32 random bytes, shown once. */
export function newAdminKey(): string {
  return randomBytes(32).toString('base64url');
}

/** The key is high-entropy random, so a plain sha256 is enough; a slow KDF would only slow every admin request. */
export function hashAdminKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export function adminKeyMatches(key: string, hash: string): boolean {
  const given = Buffer.from(hashAdminKey(key), 'hex');
  const stored = Buffer.from(hash, 'hex');
  return given.length === stored.length && timingSafeEqual(given, stored);
}

/** Secret for signing participant tokens when none is configured. */
export function newTokenSecret(): string {
  return randomBytes(32).toString('base64url');
}
