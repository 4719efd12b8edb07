/** What the badge tests share: a badge body, a space to earn in, votes, and waiting for what is issued after an ack. */
import { gunzipSync } from 'node:zlib';
import type { BadgeBody, MyBadges } from '@tori/protocol';
import { expect } from 'vitest';
import { type Running, call, makeSpace, nextPair, sleep, vote } from './helpers.js';

export const SVG_IMAGE = `data:image/svg+xml;base64,${Buffer.from(
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><circle cx="32" cy="32" r="30" fill="#0b5394"/></svg>',
).toString('base64')}`;

export function badgeBody(extra: Partial<BadgeBody> = {}): BadgeBody {
  return {
    name: 'Äänestäjä',
    description: 'Vertaili ehdotuksia.',
    image: SVG_IMAGE,
    criteria: 'Äänestä kolmesti.',
    rules: [{ kind: 'duel_votes', count: 3 }],
    ...extra,
  };
}

/** A space with four ideas (six pairs to vote on) and a badge in it. */
export async function spaceWithBadge(running: Pick<Running, 'server' | 'url'>, body: BadgeBody = badgeBody(), badgeId = 'aanestaja') {
  const made = await makeSpace(running.server);
  const put = await call(running.url, `/api/spaces/${made.space.id}/badges/${badgeId}`, { method: 'PUT', body, key: made.adminKey });
  expect(put.status, JSON.stringify(put.body)).toBe(201);
  return { spaceId: made.space.id, adminKey: made.adminKey, badgeId, badge: put.body };
}

/** One vote by the participant, on the next pair the server gives them. */
export async function castVote(url: string, spaceId: string, token: string): Promise<void> {
  const pair = await nextPair(url, spaceId, token);
  expect(pair.status).toBe(200);
  const answer = await vote(url, pair.body.appearance.id, pair.body.appearance.left.id, token);
  expect(answer.status).toBe(201);
}

export const myBadges = async (url: string, spaceId: string, token: string): Promise<MyBadges> => {
  const answer = await call<MyBadges>(url, `/api/spaces/${spaceId}/badges`, { token });
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body;
};

/** Polls until `check` passes: badges are issued just after the activity's own answer. */
export async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean, what: string, ms = 5_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (check(value)) return value;
    if (Date.now() > until) throw new Error(`${what}: not within ${ms} ms; last seen ${JSON.stringify(value).slice(0, 500)}`);
    await sleep(25);
  }
}

/** Bit `index` of a Bitstring Status List's encodedList ("u" + base64url of GZIP), most significant bit first. */
export function statusBit(encodedList: string, index: number): boolean {
  expect(encodedList.startsWith('u')).toBe(true);
  const bits = gunzipSync(Buffer.from(encodedList.slice(1), 'base64url'));
  return ((bits[index >> 3]! >> (7 - (index & 7))) & 1) === 1;
}
