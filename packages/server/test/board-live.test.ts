import type { JoinAck } from '@tori/protocol';
import type { Socket } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import { call, liveServer, makeSpace, newParticipant, sleep } from './helpers.js';

const running = liveServer();

/** A second client (a participant's board, a projector, the facilitator's screen) following the space. */
async function follow(spaceId: string, key?: string): Promise<{ socket: Socket; heard: { event: string; payload: any }[]; ack: JoinAck }> {
  const socket = await running.connect();
  const heard: { event: string; payload: any }[] = [];
  socket.onAny((event: string, payload: unknown) => {
    if (event !== 'results') heard.push({ event, payload });
  });
  const ack: JoinAck = await socket.timeout(5_000).emitWithAck('space:join', key === undefined ? { spaceId } : { spaceId, key });
  return { socket, heard, ack };
}

/** Waits until the list holds an entry for the event (live messages follow the HTTP answer by a moment). */
async function heardEvent(heard: { event: string; payload: any }[], event: string, count = 1) {
  for (let i = 0; i < 100 && heard.filter((h) => h.event === event).length < count; i++) await sleep(20);
  const matching = heard.filter((h) => h.event === event);
  expect(matching.length, `${event} heard`).toBeGreaterThanOrEqual(count);
  return matching.map((h) => h.payload);
}

const events = (heard: { event: string }[]) => heard.map((h) => h.event);

describe('the board live', () => {
  it('refuses a wrong facilitator key on join, and accepts the right one', async () => {
    const { space, adminKey } = await makeSpace(running.server);
    const wrong = await follow(space.id, 'not-the-key');
    expect(wrong.ack).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const right = await follow(space.id, adminKey);
    expect(right.ack).toMatchObject({ ok: true, space: { id: space.id, boardOpen: true } });
  });

  it('sends a visible post to everyone, with ideas:changed for the duel', async () => {
    const { space } = await makeSpace(running.server, { ideas: ['First idea', 'Second idea'] });
    const watcher = await follow(space.id);
    const { token } = await newParticipant(running.url);
    const posted = (await call(running.url, `/api/spaces/${space.id}/ideas`, { body: { text: 'Live idea', requestId: 'live-post-0001' }, token })).body.idea;
    const [payload] = await heardEvent(watcher.heard, 'idea:posted');
    expect(payload).toEqual({ spaceId: space.id, idea: { ...posted, mine: false } });
    await heardEvent(watcher.heard, 'ideas:changed');
    // A replayed request id is no news.
    await call(running.url, `/api/spaces/${space.id}/ideas`, { body: { text: 'Live idea', requestId: 'live-post-0001' }, token });
    await sleep(100);
    expect(events(watcher.heard).filter((e) => e === 'idea:posted')).toHaveLength(1);
  });

  it('sends a pending post to the facilitator room only, then the approval to everyone', async () => {
    const { space, adminKey } = await makeSpace(running.server, { ideasNeedApproval: true });
    const watcher = await follow(space.id);
    const facilitator = await follow(space.id, adminKey);
    const { token } = await newParticipant(running.url);
    const pending = (await call(running.url, `/api/spaces/${space.id}/ideas`, { body: { text: 'Waiting idea' }, token })).body.idea;

    const [queued] = await heardEvent(facilitator.heard, 'moderation:idea');
    expect(queued).toMatchObject({ spaceId: space.id, idea: { id: pending.id, status: 'pending', reports: 0 } });
    expect(queued.entry).toBeUndefined();
    await sleep(100);
    expect(events(watcher.heard)).toEqual([]);

    await call(running.url, `/api/spaces/${space.id}/ideas/${pending.id}`, {
      method: 'PATCH',
      body: { status: 'approved' },
      key: adminKey,
      headers: { 'x-tori-moderator': 'Liisa' },
    });
    const [approved] = await heardEvent(watcher.heard, 'idea:posted');
    expect(approved.idea).toMatchObject({ id: pending.id, status: 'approved', mine: false });
    await heardEvent(watcher.heard, 'ideas:changed');
    const moderated = await heardEvent(facilitator.heard, 'moderation:idea', 2);
    expect(moderated[1].entry).toMatchObject({ ideaId: pending.id, action: 'approve', actor: 'Liisa' });
    expect(events(watcher.heard)).not.toContain('moderation:idea');
  });

  it('sends supports, edits and pins as idea:updated, hiding as idea:removed', async () => {
    const { space, adminKey } = await makeSpace(running.server);
    const watcher = await follow(space.id);
    const idea = (await call(running.url, `/api/spaces/${space.id}/board`)).body.ideas[0];
    const { token } = await newParticipant(running.url);

    await call(running.url, `/api/spaces/${space.id}/ideas/${idea.id}/support`, { method: 'PUT', token });
    const [supported] = await heardEvent(watcher.heard, 'idea:updated');
    expect(supported.idea).toMatchObject({ id: idea.id, supports: 1, supportedByYou: false });
    // Supporting again changes nothing: no message.
    await call(running.url, `/api/spaces/${space.id}/ideas/${idea.id}/support`, { method: 'PUT', token });

    await call(running.url, `/api/spaces/${space.id}/ideas/${idea.id}`, { method: 'PATCH', body: { pinned: true, text: 'Corrected text' }, key: adminKey });
    const updates = await heardEvent(watcher.heard, 'idea:updated', 2);
    expect(updates[1].idea).toMatchObject({ pinned: true, text: 'Corrected text', editedAt: expect.any(String) });

    await call(running.url, `/api/spaces/${space.id}/ideas/${idea.id}`, { method: 'PATCH', body: { status: 'hidden' }, key: adminKey });
    const [removed] = await heardEvent(watcher.heard, 'idea:removed');
    expect(removed).toEqual({ spaceId: space.id, ideaId: idea.id, reason: 'hidden' });
    expect(events(watcher.heard).filter((e) => e === 'idea:updated')).toHaveLength(2);
  });

  it('tells everyone about an idea hidden by reports, and the facilitators about each report', async () => {
    const { space, adminKey } = await makeSpace(running.server, { hideAfterReports: 2 });
    const watcher = await follow(space.id);
    const facilitator = await follow(space.id, adminKey);
    const idea = (await call(running.url, `/api/spaces/${space.id}/board`)).body.ideas[0];
    for (const reason of ['spam', 'offensive']) {
      const { token } = await newParticipant(running.url);
      await call(running.url, `/api/spaces/${space.id}/ideas/${idea.id}/reports`, { body: { reason }, token });
    }
    const [removed] = await heardEvent(watcher.heard, 'idea:removed');
    expect(removed).toEqual({ spaceId: space.id, ideaId: idea.id, reason: 'hidden' });
    const moderated = await heardEvent(facilitator.heard, 'moderation:idea', 2);
    expect(moderated[0]).toMatchObject({ idea: { reports: 1, status: 'approved' } });
    expect(moderated[1]).toMatchObject({ idea: { reports: 2, status: 'hidden' }, entry: { action: 'auto_hide', actor: 'system' } });
  });

  it('sends a merge as idea:removed (merged) and the survivor as idea:updated', async () => {
    const { space, adminKey } = await makeSpace(running.server);
    const watcher = await follow(space.id);
    const facilitator = await follow(space.id, adminKey);
    const [from, into] = (await call(running.url, `/api/spaces/${space.id}/board`)).body.ideas;
    await call(running.url, `/api/spaces/${space.id}/ideas/${from.id}/merge`, { body: { into: into.id }, key: adminKey });
    const [removed] = await heardEvent(watcher.heard, 'idea:removed');
    expect(removed).toEqual({ spaceId: space.id, ideaId: from.id, reason: 'merged', mergedInto: into.id });
    const [updated] = await heardEvent(watcher.heard, 'idea:updated');
    expect(updated.idea.id).toBe(into.id);
    await heardEvent(watcher.heard, 'ideas:changed');
    const moderated = await heardEvent(facilitator.heard, 'moderation:idea', 2);
    expect(moderated[0]).toMatchObject({ idea: { id: from.id, status: 'merged', mergedInto: into.id }, entry: { action: 'merge', detail: { into: into.id } } });
    expect(moderated[1].idea.id).toBe(into.id);
  });

  it('stops facilitator messages after space:leave', async () => {
    const { space, adminKey } = await makeSpace(running.server, { ideasNeedApproval: true });
    const facilitator = await follow(space.id, adminKey);
    expect(await facilitator.socket.timeout(5_000).emitWithAck('space:leave', { spaceId: space.id })).toEqual({ ok: true });
    const { token } = await newParticipant(running.url);
    await call(running.url, `/api/spaces/${space.id}/ideas`, { body: { text: 'Nobody watching' }, token });
    await sleep(150);
    expect(facilitator.heard).toEqual([]);
  });
});
