import type { BadgeAward } from '@tori/protocol';
import { io } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import { BADGE_PROGRESS_INTERVAL_MS } from '../src/live.js';
import { badgeBody, castVote, eventually, spaceWithBadge } from './badge-helpers.js';
import { call, liveServer, newParticipant, sleep } from './helpers.js';

const running = liveServer();

type Heard = { event: string; payload: any }[];

/** A page's socket: with a participant token (their widgets) or without (a screen), optionally following a space. */
async function listen(token?: string, spaceId?: string): Promise<Heard> {
  const socket = await running.connect({ token });
  const heard: Heard = [];
  socket.onAny((event: string, payload: unknown) => {
    if (event.startsWith('badge')) heard.push({ event, payload });
  });
  if (spaceId) expect((await socket.timeout(5_000).emitWithAck('space:join', { spaceId })).ok).toBe(true);
  return heard;
}

const events = (heard: Heard, event: string) => heard.filter((h) => h.event === event).map((h) => h.payload);

describe('badge events over socket.io', () => {
  it('tell the participant who earned it, on their own sockets only, at the moment it is earned', async () => {
    const { spaceId } = await spaceWithBadge(running, badgeBody({ rules: [{ kind: 'duel_votes', count: 2 }] }));
    const aino = await newParticipant(running.url);
    const eero = await newParticipant(running.url);
    const ainoPhone = await listen(aino.token);
    const ainoLaptop = await listen(aino.token, spaceId);
    const eeroPhone = await listen(eero.token, spaceId);
    const screen = await listen(undefined, spaceId);

    await castVote(running.url, spaceId, aino.token);
    await castVote(running.url, spaceId, eero.token);
    await sleep(200);
    expect(events(ainoPhone, 'badge:awarded')).toEqual([]);
    await castVote(running.url, spaceId, aino.token);

    for (const heard of [ainoPhone, ainoLaptop]) {
      const [awarded] = await eventually(async () => events(heard, 'badge:awarded'), (list) => list.length > 0, 'badge:awarded on Aino\'s socket');
      expect(awarded).toMatchObject({ spaceId, badge: { id: 'aanestaja', name: 'Äänestäjä' }, award: { how: 'earned', status: 'active', evidence: ['Cast 2 duel votes'] } });
      expect(awarded.award.jwt.split('.')).toHaveLength(3);
    }
    await sleep(200);
    expect(events(ainoPhone, 'badge:awarded')).toHaveLength(1);
    expect(events(eeroPhone, 'badge:awarded')).toEqual([]);
    expect(screen).toEqual([]);
  });

  it('tell the holder of a revocation, and no one else', async () => {
    const { spaceId, adminKey } = await spaceWithBadge(running, badgeBody({ rules: [] }), 'kasin');
    const aino = await newParticipant(running.url);
    const eero = await newParticipant(running.url);
    const ainoPhone = await listen(aino.token);
    const eeroPhone = await listen(eero.token, spaceId);
    const given = await call<BadgeAward>(running.url, `/api/spaces/${spaceId}/badges/kasin/awards`, {
      body: { participantId: aino.participantId, reason: 'Piti alustuksen.' },
      key: adminKey,
    });
    expect(given.status).toBe(201);
    const [awarded] = await eventually(async () => events(ainoPhone, 'badge:awarded'), (list) => list.length > 0, 'badge:awarded');
    expect(awarded.award).toMatchObject({ how: 'awarded', reason: 'Piti alustuksen.' });
    await call(running.url, `/api/spaces/${spaceId}/awards/${given.body.credentialId}/revoke`, { body: { reason: 'Väärä henkilö.' }, key: adminKey });
    const [revoked] = await eventually(async () => events(ainoPhone, 'badge:revoked'), (list) => list.length > 0, 'badge:revoked');
    expect(revoked).toMatchObject({ spaceId, award: { credentialId: given.body.credentialId, status: 'revoked', revokedReason: 'Väärä henkilö.' } });
    await sleep(100);
    expect(eeroPhone).toEqual([]);
  });

  it('coalesce progress into badges:changed, at most one an interval for one participant', async () => {
    const { spaceId } = await spaceWithBadge(running, badgeBody({ rules: [{ kind: 'duel_votes', count: 50 }] }));
    const aino = await newParticipant(running.url);
    const eero = await newParticipant(running.url);
    const ainoPhone = await listen(aino.token);
    const eeroPhone = await listen(eero.token, spaceId);
    const started = Date.now();
    for (let i = 0; i < 5; i++) await castVote(running.url, spaceId, aino.token);
    const votingTook = Date.now() - started;
    await sleep(BADGE_PROGRESS_INTERVAL_MS + 300);
    const changed = events(ainoPhone, 'badges:changed');
    expect(changed.length).toBeGreaterThanOrEqual(1);
    // One at once, then one per interval begun while votes kept coming.
    expect(changed.length).toBeLessThanOrEqual(2 + Math.floor(votingTook / BADGE_PROGRESS_INTERVAL_MS));
    expect(changed.length).toBeLessThan(5);
    expect(changed[0]).toEqual({ spaceId });
    expect(eeroPhone).toEqual([]);
  });

  it('tell everyone following the space when a badge is defined or changed', async () => {
    const { spaceId, adminKey } = await spaceWithBadge(running);
    const screen = await listen(undefined, spaceId);
    const put = await call(running.url, `/api/spaces/${spaceId}/badges/uusi`, { method: 'PUT', body: badgeBody({ name: 'Uusi' }), key: adminKey });
    expect(put.status).toBe(201);
    await eventually(async () => events(screen, 'badges:changed'), (list) => list.length > 0, 'badges:changed on the screen');
    expect(events(screen, 'badges:changed')[0]).toEqual({ spaceId });
  });
});
