import { POST_BODY_MAX, POST_EDIT_WINDOW_MS } from '@tori/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Running, call, makeSpace, newParticipant, removeTempDirs, startServer } from './helpers.js';

let running: Running;

beforeAll(async () => {
  running = await startServer();
});
afterAll(async () => {
  await running.close();
  removeTempDirs();
});

/** A space with one topic, as a facilitator sets up a course module. */
async function course(input: Parameters<typeof makeSpace>[1] = {}) {
  const { space, adminKey } = await makeSpace(running.server, input);
  const topic = await call(running.url, `/api/spaces/${space.id}/topics/moduuli-1`, {
    method: 'PUT',
    body: { title: 'Moduuli 1: Vapaaehtoisuus', prompt: 'Kerro, miksi lähdit mukaan.' },
    key: adminKey,
  });
  expect(topic.status).toBe(201);
  return { space, adminKey, topicPath: `/api/spaces/${space.id}/topics/moduuli-1`, spacePath: `/api/spaces/${space.id}` };
}

/** A participant who has given a name. */
async function member(spaceId: string, displayName: string, role?: string) {
  const issued = await newParticipant(running.url);
  const put = await call(running.url, `/api/spaces/${spaceId}/profile`, { method: 'PUT', body: { displayName, ...(role ? { role } : {}) }, token: issued.token });
  expect(put.status).toBe(200);
  return issued;
}

const postRows = (spaceId: string) => running.server.db.selectFrom('posts').selectAll().where('space_id', '=', spaceId).execute();

/** Makes a post older than it is, as if written before the edit window closed. */
const age = (postId: string, ms: number) =>
  running.server.db
    .updateTable('posts')
    .set({ created_at: new Date(Date.now() - ms).toISOString() })
    .where('id', '=', postId)
    .execute();

describe('topics', () => {
  it('are created and changed by the facilitator only, and listed for everyone', async () => {
    const { space, adminKey, topicPath, spacePath } = await course();
    const changed = await call(running.url, topicPath, { method: 'PUT', body: { title: 'Moduuli 1', locked: true }, key: adminKey });
    expect(changed.status).toBe(200);
    // A change that leaves the prompt out keeps it.
    expect(changed.body).toMatchObject({ id: 'moduuli-1', spaceId: space.id, title: 'Moduuli 1', prompt: 'Kerro, miksi lähdit mukaan.', locked: true, postCount: 0 });
    const list = await call(running.url, `${spacePath}/topics`);
    expect(list.body.topics).toEqual([changed.body]);

    const { token } = await newParticipant(running.url);
    expect((await call(running.url, topicPath, { method: 'PUT', body: { title: 'Mine' }, token })).status).toBe(401);
    expect((await call(running.url, topicPath, { method: 'PUT', body: { title: 'Mine' }, key: 'wrong' })).status).toBe(403);
    for (const [body, status] of [
      [{ title: '' }, 422],
      [{ title: 'ok', locked: 'yes' }, 422],
      [{ title: 'ok', extra: 1 }, 422],
      [{ prompt: 'no title' }, 422],
    ] as const) {
      const answer = await call(running.url, topicPath, { method: 'PUT', body, key: adminKey });
      expect(answer.status, JSON.stringify(body)).toBe(status);
      expect(answer.body.error.message).toEqual(expect.any(String));
    }
    const badId = await call(running.url, `${spacePath}/topics/Not%20A%20Slug`, { method: 'PUT', body: { title: 'x' }, key: adminKey });
    expect(badId.status).toBe(400);
    expect((await call(running.url, `${spacePath}/topics`)).body.topics).toHaveLength(1);
    expect((await call(running.url, `${spacePath}/topics/nothing-here`)).status).toBe(404);
  });
});

describe('the course page\'s space', () => {
  it('is seeded once with its first topic, and its key is shown once', async () => {
    const seeded = await startServer({ seedDemo: true });
    try {
      expect(seeded.server.seededCourse?.space.id).toBe('kurssi');
      const topic = await call(seeded.url, '/api/spaces/kurssi/topics/moduuli-1');
      expect(topic.body.topic).toMatchObject({ title: 'Moduuli 1: Miksi olen mukana?', locked: false });
      const admin = await call(seeded.url, '/api/spaces/kurssi/admin', { key: seeded.server.seededCourse!.adminKey });
      expect(admin.status).toBe(200);
    } finally {
      await seeded.close();
    }
    const again = await startServer({ seedDemo: true, dataFile: seeded.dataFile });
    try {
      expect(again.server.seededCourse).toBeNull();
    } finally {
      await again.close();
    }
  });
});

describe('posts', () => {
  it('carry the name and role, thread one level deep, and mark the viewer own', async () => {
    const { space, topicPath } = await course();
    const aino = await member(space.id, 'Aino Mäkelä', 'Kylätoimikunta');
    const ben = await member(space.id, 'Ben Berg');

    const first = await call(running.url, `${topicPath}/posts`, { body: { body: 'Lähdin mukaan, koska  haluan oppia.\r\n\r\nToinen kappale.' }, token: aino.token });
    expect(first.status).toBe(201);
    expect(first.body.post).toMatchObject({
      topicId: 'moduuli-1',
      parentId: null,
      author: { displayName: 'Aino Mäkelä', role: 'Kylätoimikunta', verified: false },
      body: 'Lähdin mukaan, koska haluan oppia.\n\nToinen kappale.',
      editedAt: null,
      deleted: false,
      pinned: false,
      reactions: {},
      yourReactions: [],
      mine: true,
    });
    const reply = await call(running.url, `${topicPath}/posts`, { body: { body: 'Samoin!', parentId: first.body.post.id }, token: ben.token });
    expect(reply.status).toBe(201);
    expect(reply.body.post.parentId).toBe(first.body.post.id);
    const second = await call(running.url, `${topicPath}/posts`, { body: { body: 'Minä tulin ystävän kautta.' }, token: ben.token });

    // One level: a reply to a reply is refused.
    const deep = await call(running.url, `${topicPath}/posts`, { body: { body: 'Syvemmälle', parentId: reply.body.post.id }, token: aino.token });
    expect(deep.status).toBe(422);
    expect(deep.body.error.message).toMatch(/Replies have no replies/);

    const asBen = await call(running.url, topicPath, { token: ben.token });
    expect(asBen.body.posts.map((p: { id: string }) => p.id)).toEqual([first.body.post.id, reply.body.post.id, second.body.post.id]);
    expect(asBen.body.posts.map((p: { mine: boolean }) => p.mine)).toEqual([false, true, true]);
    expect(asBen.body.you).toEqual({ displayName: 'Ben Berg', role: null, verified: false });
    expect(asBen.body.topic.postCount).toBe(3);
    expect(asBen.body.participants).toEqual([
      { displayName: 'Aino Mäkelä', role: 'Kylätoimikunta', posts: 1 },
      { displayName: 'Ben Berg', role: null, posts: 2 },
    ]);
    // Without a token: readable, nobody's.
    const anonymous = await call(running.url, topicPath);
    expect(anonymous.body.you).toBeNull();
    expect(anonymous.body.posts.every((p: { mine: boolean }) => !p.mine)).toBe(true);
    // Names are public in a named discussion; participant ids (which a token is about) never are.
    expect(JSON.stringify(asBen.body)).not.toContain(aino.participantId);
    expect(JSON.stringify(asBen.body)).not.toContain(ben.participantId);

    // A changed name shows on the old posts too.
    await call(running.url, `/api/spaces/${space.id}/profile`, { method: 'PUT', body: { displayName: 'Aino M.' }, token: aino.token });
    expect((await call(running.url, topicPath)).body.posts[0].author.displayName).toBe('Aino M.');
  });

  it('needs a name first, and stores a request id once', async () => {
    const { space, topicPath } = await course();
    const nameless = await newParticipant(running.url);
    const refused = await call(running.url, `${topicPath}/posts`, { body: { body: 'Hei' }, token: nameless.token });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('profile_required');

    const aino = await member(space.id, 'Aino');
    const body = { body: 'Sama viesti kahdesti', requestId: 'req-0001-abcd' };
    const sent = await call(running.url, `${topicPath}/posts`, { body, token: aino.token });
    const again = await call(running.url, `${topicPath}/posts`, { body, token: aino.token });
    expect(sent.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ post: sent.body.post, duplicate: true });
    // The same text again without a request id, a moment later: a double click, refused.
    const twice = await call(running.url, `${topicPath}/posts`, { body: { body: 'Sama viesti kahdesti' }, token: aino.token });
    expect(twice.status).toBe(409);
    // Sent at the same moment: still one post.
    const racing = { body: 'Kilpajuoksu', requestId: 'req-race-0001' };
    const both = await Promise.all([1, 2, 3].map(() => call(running.url, `${topicPath}/posts`, { body: racing, token: aino.token })));
    expect(new Set(both.map((a) => a.body.post.id)).size).toBe(1);
    expect(await postRows(space.id)).toHaveLength(2);
  });

  it('answers every bad post with a 4xx and a message, storing nothing', async () => {
    const { space, topicPath, spacePath } = await course();
    const aino = await member(space.id, 'Aino');
    const cases: [unknown, number][] = [
      [{ body: '' }, 422],
      [{ body: ' \n\t ' }, 422],
      [{ body: 'x'.repeat(POST_BODY_MAX + 1) }, 422],
      [{ body: 'ok', parentId: 'no/such' }, 422],
      [{ body: 'ok', requestId: 'short' }, 422],
      [{ body: 'ok', author: 'someone' }, 422],
      [{ body: 42 }, 422],
      [{ body: 'ok', parentId: 'doesnotexist' }, 404],
      ['just text', 422],
    ];
    for (const [body, status] of cases) {
      const answer = await call(running.url, `${topicPath}/posts`, { body, token: aino.token });
      expect(answer.status, JSON.stringify(body).slice(0, 80)).toBe(status);
      expect(answer.body.error.message).toEqual(expect.any(String));
    }
    expect((await call(running.url, `${topicPath}/posts`, { body: { body: 'ok' } })).status).toBe(401);
    expect((await call(running.url, `${spacePath}/topics/nothing/posts`, { body: { body: 'ok' }, token: aino.token })).status).toBe(404);
    expect((await call(running.url, `${topicPath}/posts`, { raw: '{"body": "ok"', contentType: 'application/json', token: aino.token })).status).toBe(400);
    expect((await call(running.url, `${topicPath}/posts`, { raw: 'body=ok', contentType: 'application/x-www-form-urlencoded', token: aino.token })).status).toBe(415);
    expect((await call(running.url, `${topicPath}/posts`, { body: { body: 'x'.repeat(20_000) }, token: aino.token })).status).toBe(413);
    expect(await postRows(space.id)).toEqual([]);
  });

  it('can be edited and deleted by their author within the window, edits marked', async () => {
    const { space, topicPath, spacePath } = await course();
    const aino = await member(space.id, 'Aino');
    const ben = await member(space.id, 'Ben');
    const post = (await call(running.url, `${topicPath}/posts`, { body: { body: 'Kirjotusvirhe' }, token: aino.token })).body.post;

    const notYours = await call(running.url, `${spacePath}/posts/${post.id}`, { method: 'PATCH', body: { body: 'Ben was here' }, token: ben.token });
    expect(notYours.status).toBe(403);
    expect((await call(running.url, `${spacePath}/posts/${post.id}`, { method: 'DELETE', token: ben.token })).status).toBe(403);
    expect((await call(running.url, `${spacePath}/posts/${post.id}`, { method: 'PATCH', body: { body: '' }, token: aino.token })).status).toBe(422);

    const edited = await call(running.url, `${spacePath}/posts/${post.id}`, { method: 'PATCH', body: { body: 'Kirjoitusvirhe' }, token: aino.token });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ id: post.id, body: 'Kirjoitusvirhe', editedAt: expect.any(String), mine: true });

    await age(post.id, POST_EDIT_WINDOW_MS + 1_000);
    const late = await call(running.url, `${spacePath}/posts/${post.id}`, { method: 'PATCH', body: { body: 'Liian myöhään' }, token: aino.token });
    expect(late.status).toBe(403);
    expect(late.body.error.message).toMatch(/15 minutes/);
    expect((await call(running.url, `${spacePath}/posts/${post.id}`, { method: 'DELETE', token: aino.token })).status).toBe(403);
    expect((await postRows(space.id))[0]!.body).toBe('Kirjoitusvirhe');

    // Deleting: the text is erased; with a reply the post stays as a placeholder, without one it goes.
    const thread = (await call(running.url, `${topicPath}/posts`, { body: { body: 'Poistan tämän' }, token: aino.token })).body.post;
    await call(running.url, `${topicPath}/posts`, { body: { body: 'Vastaus', parentId: thread.id }, token: ben.token });
    const lonely = (await call(running.url, `${topicPath}/posts`, { body: { body: 'Tämänkin' }, token: aino.token })).body.post;
    const deleted = await call(running.url, `${spacePath}/posts/${thread.id}`, { method: 'DELETE', token: aino.token });
    expect(deleted.body).toMatchObject({ id: thread.id, deleted: true, body: '' });
    await call(running.url, `${spacePath}/posts/${lonely.id}`, { method: 'DELETE', token: aino.token });
    const view = (await call(running.url, topicPath)).body;
    expect(view.posts.map((p: { body: string; deleted: boolean }) => [p.body, p.deleted])).toEqual([
      ['Kirjoitusvirhe', false],
      ['', true],
      ['Vastaus', false],
    ]);
    const rows = await postRows(space.id);
    expect(rows.find((r) => r.id === thread.id)!.body).toBe('');
    expect((await call(running.url, `${spacePath}/posts/${thread.id}`, { method: 'PATCH', body: { body: 'Takaisin' }, token: aino.token })).status).toBe(409);
  });

  it('take reactions from the fixed set, once per participant each', async () => {
    const { space, topicPath, spacePath } = await course();
    const aino = await member(space.id, 'Aino');
    const ben = await newParticipant(running.url); // reacting needs no name
    const post = (await call(running.url, `${topicPath}/posts`, { body: { body: 'Reagoi tähän' }, token: aino.token })).body.post;
    const path = (reaction: string) => `${spacePath}/posts/${post.id}/reactions/${reaction}`;

    expect((await call(running.url, path('thanks'), { method: 'PUT', token: ben.token })).body).toEqual({ postId: post.id, reactions: { thanks: 1 }, yourReactions: ['thanks'] });
    expect((await call(running.url, path('thanks'), { method: 'PUT', token: ben.token })).body.reactions).toEqual({ thanks: 1 });
    await call(running.url, path('idea'), { method: 'PUT', token: ben.token });
    await call(running.url, path('thanks'), { method: 'PUT', token: aino.token });
    const removed = await call(running.url, path('idea'), { method: 'DELETE', token: ben.token });
    expect(removed.body).toEqual({ postId: post.id, reactions: { thanks: 2 }, yourReactions: ['thanks'] });

    const bad = await call(running.url, path('love'), { method: 'PUT', token: ben.token });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/like, thanks/);
    expect((await call(running.url, path('like'), { method: 'PUT' })).status).toBe(401);
    expect((await call(running.url, `${spacePath}/posts/nope/reactions/like`, { method: 'PUT', token: ben.token })).status).toBe(404);

    const view = (await call(running.url, topicPath, { token: ben.token })).body.posts[0];
    expect(view).toMatchObject({ reactions: { thanks: 2 }, yourReactions: ['thanks'] });
    expect((await call(running.url, topicPath, { token: aino.token })).body.posts[0].yourReactions).toEqual(['thanks']);
  });

  it('stop on a locked topic, where reading goes on', async () => {
    const { space, adminKey, topicPath, spacePath } = await course();
    const aino = await member(space.id, 'Aino');
    const post = (await call(running.url, `${topicPath}/posts`, { body: { body: 'Ennen lukitusta' }, token: aino.token })).body.post;
    await call(running.url, topicPath, { method: 'PUT', body: { title: 'Moduuli 1', locked: true }, key: adminKey });

    for (const [path, method, body] of [
      [`${topicPath}/posts`, 'POST', { body: 'Uusi' }],
      [`${topicPath}/posts`, 'POST', { body: 'Vastaus', parentId: post.id }],
      [`${spacePath}/posts/${post.id}`, 'PATCH', { body: 'Muokattu' }],
      [`${spacePath}/posts/${post.id}/reactions/like`, 'PUT', undefined],
    ] as const) {
      const answer = await call(running.url, path, { method, body, token: aino.token });
      expect(answer.status, `${method} ${path}`).toBe(403);
      expect(answer.body.error.code).toBe('topic_locked');
    }
    expect((await call(running.url, topicPath)).body).toMatchObject({ topic: { locked: true }, posts: [{ id: post.id, body: 'Ennen lukitusta' }] });
    const log = await running.server.db.selectFrom('discussion_log').selectAll().where('space_id', '=', space.id).execute();
    expect(log.map((e) => e.action)).toEqual(['lock']);
  });
});

describe('moderation', () => {
  it('hides a post after N reports (not own, once each), and the facilitator restores it', async () => {
    const { space, adminKey, topicPath, spacePath } = await course({ hideAfterReports: 2 });
    const aino = await member(space.id, 'Aino');
    const post = (await call(running.url, `${topicPath}/posts`, { body: { body: 'Kiistanalainen' }, token: aino.token })).body.post;
    const report = (token: string, body: unknown = { reason: 'offensive' }) => call(running.url, `${spacePath}/posts/${post.id}/reports`, { body, token });

    expect((await report(aino.token)).status).toBe(403);
    expect((await report(aino.token, { reason: 'rude' })).status).toBe(422);
    const first = await newParticipant(running.url);
    expect((await report(first.token)).body).toEqual({ postId: post.id, duplicate: false });
    expect((await report(first.token)).body).toEqual({ postId: post.id, duplicate: true });
    expect((await call(running.url, topicPath)).body.posts).toHaveLength(1);
    const second = await newParticipant(running.url);
    expect((await report(second.token, { reason: 'spam', note: 'mainos' })).status).toBe(201);
    expect((await call(running.url, topicPath)).body.posts).toEqual([]);

    const view = await call(running.url, `${topicPath}/moderation`, { key: adminKey });
    expect(view.body.posts).toEqual([expect.objectContaining({ id: post.id, status: 'hidden', reports: 2 })]);
    expect((await call(running.url, `${topicPath}/moderation`)).status).toBe(401);
    expect((await call(running.url, `${topicPath}/moderation`, { token: aino.token })).status).toBe(401);

    const restored = await call(running.url, `${spacePath}/posts/${post.id}/moderation`, { method: 'PATCH', body: { status: 'visible' }, key: adminKey, headers: { 'x-tori-moderator': 'Liisa' } });
    expect(restored.body).toMatchObject({ id: post.id, status: 'visible', reports: 2 });
    expect((await call(running.url, topicPath)).body.posts).toHaveLength(1);
    // Reports from before the restore no longer count: one more is not enough.
    await report((await newParticipant(running.url)).token);
    expect((await call(running.url, topicPath)).body.posts).toHaveLength(1);

    const log = await running.server.db.selectFrom('discussion_log').selectAll().where('space_id', '=', space.id).orderBy('at').execute();
    expect(log.map((e) => [e.action, e.actor])).toEqual([
      ['auto_hide', 'system'],
      ['restore', 'Liisa'],
    ]);
  });

  it('pins threads, hides and restores, with the key only, and hides replies with their thread', async () => {
    const { space, adminKey, topicPath, spacePath } = await course();
    const aino = await member(space.id, 'Aino');
    const older = (await call(running.url, `${topicPath}/posts`, { body: { body: 'Vanhempi' }, token: aino.token })).body.post;
    const newer = (await call(running.url, `${topicPath}/posts`, { body: { body: 'Uudempi' }, token: aino.token })).body.post;
    const reply = (await call(running.url, `${topicPath}/posts`, { body: { body: 'Vastaus', parentId: older.id }, token: aino.token })).body.post;
    const moderate = (postId: string, body: unknown, key: string | null = adminKey) =>
      call(running.url, `${spacePath}/posts/${postId}/moderation`, { method: 'PATCH', body, ...(key === null ? {} : { key }) });

    expect((await moderate(newer.id, { pinned: true }, null)).status).toBe(401);
    expect((await moderate(newer.id, { pinned: true }, 'wrong')).status).toBe(403);
    expect((await moderate(newer.id, {})).status).toBe(422);
    expect((await moderate(newer.id, { status: 'deleted' })).status).toBe(422);
    expect((await moderate(reply.id, { pinned: true })).status).toBe(422);
    expect((await moderate('nope', { pinned: true })).status).toBe(404);
    expect((await postRows(space.id)).some((r) => r.pinned === 1)).toBe(false);

    expect((await moderate(newer.id, { pinned: true })).body).toMatchObject({ pinned: true, status: 'visible' });
    expect((await call(running.url, topicPath)).body.posts.map((p: { id: string }) => p.id)).toEqual([newer.id, older.id, reply.id]);

    await moderate(older.id, { status: 'hidden' });
    expect((await call(running.url, topicPath)).body.posts.map((p: { id: string }) => p.id)).toEqual([newer.id]);
    expect((await call(running.url, `${topicPath}/posts`, { body: { body: 'Piilotettuun', parentId: older.id }, token: aino.token })).status).toBe(409);
    await moderate(older.id, { status: 'visible' });
    expect((await call(running.url, topicPath)).body.posts).toHaveLength(3);
  });
});

describe('bad requests about posts', () => {
  it('answer 4xx with a message and change nothing', async () => {
    const { space, adminKey, topicPath, spacePath } = await course();
    const aino = await member(space.id, 'Aino');
    const ben = await member(space.id, 'Ben');
    const post = (await call(running.url, `${topicPath}/posts`, { body: { body: 'Alkuperäinen' }, token: aino.token })).body.post;
    const before = JSON.stringify(await postRows(space.id));
    const long = 'x'.repeat(65);
    const cases: [string, string, unknown, string | undefined, string | undefined, number][] = [
      ['PATCH', `${spacePath}/posts/${post.id}`, { body: '' }, aino.token, undefined, 422],
      ['PATCH', `${spacePath}/posts/${post.id}`, { body: 'ok', pinned: true }, aino.token, undefined, 422],
      ['PATCH', `${spacePath}/posts/${post.id}`, { body: 'Bob was here' }, ben.token, undefined, 403],
      ['PATCH', `${spacePath}/posts/${long}`, { body: 'ok' }, aino.token, undefined, 400],
      ['PATCH', `${spacePath}/posts/${post.id}`, { body: 'ok' }, undefined, undefined, 401],
      ['DELETE', `${spacePath}/posts/${post.id}`, { extra: 1 }, aino.token, undefined, 422],
      ['PUT', `${spacePath}/posts/${post.id}/reactions/like`, { on: true }, ben.token, undefined, 422],
      ['POST', `${spacePath}/posts/${post.id}/reports`, {}, ben.token, undefined, 422],
      ['POST', `${spacePath}/posts/${post.id}/reports`, { reason: 'spam', note: 'x'.repeat(300) }, ben.token, undefined, 422],
      ['POST', `${spacePath}/posts/nope/reports`, { reason: 'spam' }, ben.token, undefined, 404],
      ['PATCH', `${spacePath}/posts/${post.id}/moderation`, { pinned: 'yes' }, undefined, adminKey, 422],
      ['PATCH', `${spacePath}/posts/${post.id}/moderation`, { status: 'hidden' }, aino.token, undefined, 401],
      ['GET', `${spacePath}/topics/moduuli-1/summary`, undefined, aino.token, undefined, 401],
    ];
    for (const [method, path, body, token, key, status] of cases) {
      const answer = await call(running.url, path, { method, body, ...(token ? { token } : {}), ...(key ? { key } : {}) });
      expect(answer.status, `${method} ${path} ${JSON.stringify(body)}`).toBe(status);
      expect(answer.body.error.message, `${method} ${path}`).toEqual(expect.any(String));
    }
    expect(JSON.stringify(await postRows(space.id))).toBe(before);
    const rows = async (table: 'post_reactions' | 'post_reports' | 'discussion_log') => running.server.db.selectFrom(table).selectAll().execute();
    expect((await rows('post_reactions')).filter((r) => (r as { post_id: string }).post_id === post.id)).toEqual([]);
    expect((await rows('post_reports')).filter((r) => (r as { post_id: string }).post_id === post.id)).toEqual([]);
  });
});

describe('the facilitator summary', () => {
  it('names the most discussed threads and the recurring themes with the posts that use them', async () => {
    const { space, adminKey, topicPath, spacePath } = await course();
    const aino = await member(space.id, 'Aino');
    const ben = await member(space.id, 'Ben');
    const cecilia = await member(space.id, 'Cecilia');
    const post = async (token: string, body: string, parentId?: string) =>
      (await call(running.url, `${topicPath}/posts`, { body: { body, ...(parentId ? { parentId } : {}) }, token })).body.post;

    const volunteering = await post(aino.token, 'Vapaaehtoistyö antaa minulle yhteisön ja uusia ystäviä.');
    await post(ben.token, 'Yhteisö on minullekin tärkein syy, ja vapaaehtoistyö on mukavaa.', volunteering.id);
    await post(cecilia.token, 'Samaa mieltä: yhteisön tuki kantaa.', volunteering.id);
    const time = await post(ben.token, 'Aika on kortilla, mutta koulutus auttaa jaksamaan.');
    await post(aino.token, 'Koulutus verkossa sopii minulle parhaiten.', time.id);
    const swedish = await post(cecilia.token, 'Föreningen ger mig gemenskap och nya vänner.');
    await call(running.url, `${spacePath}/posts/${swedish.id}/reactions/like`, { method: 'PUT', token: aino.token });
    const hidden = await post(aino.token, 'Yhteisön yhteisön yhteisön mainos.');
    await call(running.url, `${spacePath}/posts/${hidden.id}/moderation`, { method: 'PATCH', body: { status: 'hidden' }, key: adminKey });

    expect((await call(running.url, `${topicPath}/summary`)).status).toBe(401);
    expect((await call(running.url, `${topicPath}/summary`, { key: 'wrong' })).status).toBe(403);
    const summary = (await call(running.url, `${topicPath}/summary`, { key: adminKey })).body;
    expect(summary).toMatchObject({ topicId: 'moduuli-1', posts: 6, participants: 3, computedAt: expect.any(String) });
    expect(summary.threads.map((t: { postId: string; replies: number; reactions: number }) => [t.postId, t.replies, t.reactions])).toEqual([
      [volunteering.id, 2, 0],
      [time.id, 1, 0],
      [swedish.id, 0, 1],
    ]);
    expect(summary.threads[0]).toMatchObject({ author: 'Aino', excerpt: 'Vapaaehtoistyö antaa minulle yhteisön ja uusia ystäviä.' });

    const theme = (stemOf: RegExp) => summary.themes.find((t: { term: string }) => stemOf.test(t.term));
    // "yhteisön", "Yhteisö", "yhteisön": one theme, three posts (the hidden one is left out).
    expect(theme(/^yhteisö/)).toMatchObject({ count: 3 });
    expect(theme(/^yhteisö/).postIds).toHaveLength(3);
    expect(theme(/^yhteisö/).postIds).not.toContain(hidden.id);
    expect(theme(/^vapaaehtoistyö$/)).toMatchObject({ count: 2 });
    expect(theme(/^koulutus$/)).toMatchObject({ count: 2 });
    expect(summary.themes[0].term).toMatch(/^yhteisö/);
    // Stop words and words of one post are no theme.
    const terms = summary.themes.map((t: { term: string }) => t.term);
    for (const word of ['on', 'ja', 'minulle', 'mutta', 'och', 'föreningen']) expect(terms).not.toContain(word);
  });
});
