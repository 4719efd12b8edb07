import { io } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import { call, liveServer, makeSpace, newParticipant, sleep } from './helpers.js';

const running = liveServer();

type Heard = { event: string; payload: any }[];

/** Another participant's screen following the space over a real socket.io connection. */
async function follow(spaceId: string): Promise<Heard> {
  const socket = await running.connect();
  const heard: Heard = [];
  socket.onAny((event: string, payload: unknown) => {
    if (event.startsWith('post:') || event.startsWith('topic:')) heard.push({ event, payload });
  });
  const ack = await socket.timeout(5_000).emitWithAck('space:join', { spaceId });
  expect(ack.ok).toBe(true);
  return heard;
}

async function heardEvent(heard: Heard, event: string, count = 1) {
  for (let i = 0; i < 100 && heard.filter((h) => h.event === event).length < count; i++) await sleep(20);
  const matching = heard.filter((h) => h.event === event);
  expect(matching.length, `${event} heard`).toBeGreaterThanOrEqual(count);
  return matching.map((h) => h.payload);
}

async function course() {
  const { space, adminKey } = await makeSpace(running.server);
  await call(running.url, `/api/spaces/${space.id}/topics/moduuli-1`, { method: 'PUT', body: { title: 'Moduuli 1' }, key: adminKey });
  const aino = await newParticipant(running.url);
  await call(running.url, `/api/spaces/${space.id}/profile`, { method: 'PUT', body: { displayName: 'Aino' }, token: aino.token });
  return { space, adminKey, aino, topicPath: `/api/spaces/${space.id}/topics/moduuli-1`, spacePath: `/api/spaces/${space.id}` };
}

describe('discussions live', () => {
  it('sends new posts, edits and reactions to everyone following the space, as nobody in particular', async () => {
    const { space, aino, topicPath, spacePath } = await course();
    const heard = await follow(space.id);
    const posted = (await call(running.url, `${topicPath}/posts`, { body: { body: 'Live-viesti', requestId: 'live-0001-xyz' }, token: aino.token })).body.post;
    const [created] = await heardEvent(heard, 'post:created');
    expect(created).toEqual({ spaceId: space.id, topicId: 'moduuli-1', post: { ...posted, mine: false } });
    // A replayed request id is no news.
    await call(running.url, `${topicPath}/posts`, { body: { body: 'Live-viesti', requestId: 'live-0001-xyz' }, token: aino.token });

    await call(running.url, `${spacePath}/posts/${posted.id}`, { method: 'PATCH', body: { body: 'Live-viesti, korjattu' }, token: aino.token });
    const [edited] = await heardEvent(heard, 'post:updated');
    expect(edited.post).toMatchObject({ id: posted.id, body: 'Live-viesti, korjattu', editedAt: expect.any(String), mine: false });

    const ben = await newParticipant(running.url);
    await call(running.url, `${spacePath}/posts/${posted.id}/reactions/thanks`, { method: 'PUT', token: ben.token });
    const updates = await heardEvent(heard, 'post:updated', 2);
    expect(updates[1].post).toMatchObject({ reactions: { thanks: 1 }, yourReactions: [] });
    await sleep(100);
    expect(heard.filter((h) => h.event === 'post:created')).toHaveLength(1);
  });

  it('removes hidden and deleted posts, keeps a deleted thread with replies as a placeholder', async () => {
    const { space, adminKey, aino, topicPath, spacePath } = await course();
    const heard = await follow(space.id);
    const lonely = (await call(running.url, `${topicPath}/posts`, { body: { body: 'Yksin' }, token: aino.token })).body.post;
    const thread = (await call(running.url, `${topicPath}/posts`, { body: { body: 'Ketju' }, token: aino.token })).body.post;
    const reply = (await call(running.url, `${topicPath}/posts`, { body: { body: 'Vastaus', parentId: thread.id }, token: aino.token })).body.post;
    await heardEvent(heard, 'post:created', 3);

    await call(running.url, `${spacePath}/posts/${lonely.id}`, { method: 'DELETE', token: aino.token });
    expect((await heardEvent(heard, 'post:removed'))[0]).toEqual({ spaceId: space.id, topicId: 'moduuli-1', postId: lonely.id });

    await call(running.url, `${spacePath}/posts/${thread.id}`, { method: 'DELETE', token: aino.token });
    const [placeholder] = await heardEvent(heard, 'post:updated');
    expect(placeholder.post).toMatchObject({ id: thread.id, deleted: true, body: '' });

    // The last reply goes, and the placeholder with it.
    await call(running.url, `${spacePath}/posts/${reply.id}/moderation`, { method: 'PATCH', body: { status: 'hidden' }, key: adminKey });
    const removed = await heardEvent(heard, 'post:removed', 3);
    expect(removed.slice(1).map((r) => r.postId)).toEqual([reply.id, thread.id]);
  });

  it('tells everyone when a topic is locked', async () => {
    const { space, adminKey, topicPath } = await course();
    const heard = await follow(space.id);
    await call(running.url, topicPath, { method: 'PUT', body: { title: 'Moduuli 1', locked: true }, key: adminKey });
    const [updated] = await heardEvent(heard, 'topic:updated');
    expect(updated).toEqual({ spaceId: space.id, topic: expect.objectContaining({ id: 'moduuli-1', locked: true }) });
  });
});
