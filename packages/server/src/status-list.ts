/**
 * Bitstring Status List v1.0: a space's revocations as STATUS_LIST_LENGTH bits, bit i (the most significant bit of
 * byte i/8 first) set when the credential at index i is revoked, carried as multibase base64url ("u") of its GZIP.
 */
import { randomInt } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { STATUS_LIST_LENGTH } from '@tori/protocol';

export function encodeStatusList(bits: Uint8Array): string {
  return `u${gzipSync(bits, { level: 9 }).toString('base64url')}`;
}

export function decodeStatusList(encoded: string): Uint8Array {
  if (!encoded.startsWith('u')) throw new Error('a status list is multibase base64url: it starts with "u"');
  return new Uint8Array(gunzipSync(Buffer.from(encoded.slice(1), 'base64url')));
}

export function emptyStatusList(): string {
  return encodeStatusList(new Uint8Array(STATUS_LIST_LENGTH / 8));
}

export function isSet(bits: Uint8Array, index: number): boolean {
  return ((bits[index >> 3]! >> (7 - (index & 7))) & 1) === 1;
}

/** The list with bit `index` set. */
export function withRevoked(encoded: string, index: number): string {
  const bits = decodeStatusList(encoded);
  if (index < 0 || index >= bits.length * 8) throw new Error(`status list index ${index} is outside the list`);
  bits[index >> 3]! |= 1 << (7 - (index & 7));
  return encodeStatusList(bits);
}

/** Indexes are drawn at random, as the specification advises, so an index says nothing of when or to whom. */
export function randomStatusIndex(): number {
  return randomInt(STATUS_LIST_LENGTH);
}
