import { DUPLICATE_POST_WINDOW_MS } from '@tori/protocol';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type Running, call, makeSpace, newParticipant, nextPair, removeTempDirs, startServer, vote } from './helpers.js';

let running: Running;

beforeAll(async () => {
  running = await startServer();
});
afterAll(async () => {
  await running.close();
  removeTempDirs();
});

const CATEGORIES = [
  { id: 'traffic', label: 'Liikenne' },
  { id: 'nature', label: 'Luonto' },
];

const post = (spaceId: string, body: unknown, options: { token?: string; key?: string } = {}) =>
  call(running.url, `/api/spaces/${spaceId}/ideas`, { body, ...options });
const boardOf = (spaceId: string, token?: string) => call(running.url, `/api/spaces/${spaceId}/board`, { token });
const support = (spaceId: string, ideaId: string, token: string, method: 'PUT' | 'DELETE' = 'PUT') =>
  call(running.url, `/api/spaces/${spaceId}/ideas/${ideaId}/support`, { method, token });
const report = (spaceId: string, ideaId: string, body: unknown, token: string) =>
  call(running.url, `/api/spaces/${spaceId}/ideas/${ideaId}/reports`, { body, token });

describe('posting to the board', () => {
  it('stores the board’s parts and answers a BoardIdea', async () => {
    const { space } = await makeSpace(running.server, { categories: CATEGORIES, ideas: [] });
    const { token } = await newParticipant(running.url);
    const answer = await post(space.id, { text: 'Bussi kulkemaan yöllä', description: 'Viikonloppuisin\n\n\n\nainakin', category: 'traffic' }, { token });
    expect(answer.status).toBe(201);
    expect(answer.body.duplicate).toBeUndefined();
    expect(answer.body.idea).toEqual({
      id: expect.any(String),
      text: 'Bussi kulkemaan yöllä',
      status: 'approved',
      createdAt: expect.any(String),
      mine: true,
      description: 'Viikonloppuisin\n\nainakin',
      category: 'traffic',
      authorName: null,
      pinned: false,
      supports: 0,
      supportedByYou: false,
      score: null,
      comparisons: 0,
      editedAt: null,
    });
    const empty = await post(space.id, { text: 'Empty description', description: '   ' }, { token });
    expect(empty.body.idea.description).toBeNull();
  });

  it('accepts only the space’s categories, naming them', async () => {
    const withCategories = await makeSpace(running.server, { categories: CATEGORIES });
    const { token } = await newParticipant(running.url);
    const wrong = await post(withCategories.space.id, { text: 'Unknown category', category: 'sports' }, { token });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toEqual({ code: 'bad_request', message: 'category "sports" is not one of this space\'s categories: traffic, nature.' });
    const none = await makeSpace(running.server);
    const noCategories = await post(none.space.id, { text: 'No categories here', category: 'traffic' }, { token });
    expect(noCategories.status).toBe(400);
    expect(noCategories.body.error.message).toMatch(/has no categories/);
    const malformed = await post(withCategories.space.id, { text: 'Bad category id', category: 'Not An Id' }, { token });
    expect(malformed.status).toBe(422);
  });

  it('asks for a name when the space shows names, and refuses one when it does not', async () => {
    const named = await makeSpace(running.server, { namedPosting: true });
    const { token } = await newParticipant(running.url);
    const missing = await post(named.space.id, { text: 'Nameless idea' }, { token });
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toBe('this space shows names: send authorName');
    const given = await post(named.space.id, { text: 'Named idea', authorName: '  Maija  Meikäläinen ' }, { token });
    expect(given.status).toBe(201);
    expect(given.body.idea.authorName).toBe('Maija Meikäläinen');
    // The facilitator's own ideas need no name.
    expect((await post(named.space.id, { text: 'From the facilitator' }, { key: named.adminKey })).status).toBe(201);

    const anonymous = await makeSpace(running.server);
    const refused = await post(anonymous.space.id, { text: 'Signed idea', authorName: 'Maija' }, { token });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(/does not show names/);
    expect((await post(anonymous.space.id, { text: 'Long name', authorName: 'x'.repeat(61) }, { token })).status).toBe(422);
  });

  it('refuses participants on a closed board with board_closed, but not the facilitator', async () => {
    const { space, adminKey } = await makeSpace(running.server, { boardOpen: false });
    const { token } = await newParticipant(running.url);
    const refused = await post(space.id, { text: 'Too late' }, { token });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('board_closed');
    expect(refused.body.error.message).toMatch(/closed/);
    expect((await post(space.id, { text: 'Facilitator adds anyway' }, { key: adminKey })).status).toBe(201);
  });

  it('answers a repeated request id with the stored idea and duplicate: true, storing nothing new', async () => {
    const { space, adminKey } = await makeSpace(running.server, { ideasNeedApproval: true, categories: CATEGORIES });
    const { token } = await newParticipant(running.url);
    const body = { text: 'Sent twice over a bad network', category: 'nature', requestId: 'req-0001-abcdef' };
    const first = await post(space.id, body, { token });
    expect(first.status).toBe(201);
    const again = await post(space.id, body, { token });
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ idea: first.body.idea, duplicate: true });
    // Even after the board closed: the post was made while it was open.
    await call(running.url, `/api/spaces/${space.id}`, { method: 'PATCH', body: { boardOpen: false }, key: adminKey });
    const late = await post(space.id, body, { token });
    expect(late.status).toBe(200);
    expect(late.body.idea.id).toBe(first.body.idea.id);
    await call(running.url, `/api/spaces/${space.id}`, { method: 'PATCH', body: { boardOpen: true }, key: adminKey });
    const rows = await running.server.db.selectFrom('ideas').select('id').where('space_id', '=', space.id).where('request_id', '=', body.requestId).execute();
    expect(rows).toHaveLength(1);

    // Another participant's request id is theirs alone.
    const other = await newParticipant(running.url);
    const theirs = await post(space.id, { ...body, text: 'Another idea, same request id' }, { token: other.token });
    expect(theirs.status).toBe(201);
    expect(theirs.body.idea.id).not.toBe(first.body.idea.id);
    expect((await post(space.id, { ...body, requestId: 'short' }, { token })).status).toBe(422);
  });

  it('stores concurrent sends of one request id once', async () => {
    const { space } = await makeSpace(running.server, { ideas: [] });
    const { token } = await newParticipant(running.url);
    const body = { text: 'Outbox and tab both send', requestId: 'concurrent-123456' };
    const answers = await Promise.all([1, 2, 3, 4].map(() => post(space.id, body, { token })));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 201]);
    expect(new Set(answers.map((a) => a.body.idea.id)).size).toBe(1);
  });

  it('refuses the same text from the same participant within the window, even once hidden', async () => {
    const { space, adminKey } = await makeSpace(running.server, { ideas: [] });
    const { token } = await newParticipant(running.url);
    const first = await post(space.id, { text: 'Double click idea' }, { token });
    expect(first.status).toBe(201);
    await call(running.url, `/api/spaces/${space.id}/ideas/${first.body.idea.id}`, { method: 'PATCH', body: { status: 'hidden' }, key: adminKey });
    const again = await post(space.id, { text: 'DOUBLE click idea' }, { token });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('conflict');
    expect(again.body.error.message).toMatch(/a moment ago/);
    // Someone else may post the text of a hidden idea.
    const other = await newParticipant(running.url);
    expect((await post(space.id, { text: 'Double click idea' }, { token: other.token })).status).toBe(201);
  });

  it('lets the same participant post the text again after the window', async () => {
    const { space, adminKey } = await makeSpace(running.server, { ideas: [] });
    const { token } = await newParticipant(running.url);
    const first = await post(space.id, { text: 'Patient idea' }, { token });
    await call(running.url, `/api/spaces/${space.id}/ideas/${first.body.idea.id}`, { method: 'PATCH', body: { status: 'hidden' }, key: adminKey });
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + DUPLICATE_POST_WINDOW_MS + 1_000 });
    try {
      expect((await post(space.id, { text: 'Patient idea' }, { token })).status).toBe(201);
    } finally {
      vi.useRealTimers();
    }
  });

  it('keeps the duel working: a posted idea enters the duel', async () => {
    const { space } = await makeSpace(running.server, { ideas: ['Only one'] });
    const { token } = await newParticipant(running.url);
    expect((await nextPair(running.url, space.id, token)).body.reason).toBe('not_enough_ideas');
    await post(space.id, { text: 'Second idea' }, { token });
    expect((await nextPair(running.url, space.id, token)).body.appearance).not.toBeNull();
  });
});

describe('the board', () => {
  it('shows approved ideas pinned first then newest, plus the viewer’s own pending ones', async () => {
    const { space, adminKey } = await makeSpace(running.server, { ideas: [], ideasNeedApproval: true });
    const author = await newParticipant(running.url);
    const ids: Record<string, string> = {};
    for (const text of ['Oldest idea', 'Middle idea', 'Newest idea']) {
      ids[text] = (await post(space.id, { text }, { key: adminKey })).body.idea.id;
    }
    const pending = (await post(space.id, { text: 'My pending idea' }, { token: author.token })).body.idea;
    await call(running.url, `/api/spaces/${space.id}/ideas/${ids['Oldest idea']}`, { method: 'PATCH', body: { pinned: true }, key: adminKey });

    const anonymous = await boardOf(space.id);
    expect(anonymous.status).toBe(200);
    expect(anonymous.body.space).toMatchObject({ id: space.id, boardOpen: true, categories: [] });
    expect(anonymous.body.ideas.map((i: { text: string }) => i.text)).toEqual(['Oldest idea', 'Newest idea', 'Middle idea']);
    expect(anonymous.body.ideas[0].pinned).toBe(true);

    const own = await boardOf(space.id, author.token);
    expect(own.body.ideas.map((i: { text: string }) => i.text)).toEqual(['Oldest idea', 'My pending idea', 'Newest idea', 'Middle idea']);
    expect(own.body.ideas[1]).toMatchObject({ id: pending.id, status: 'pending', mine: true });
    const stranger = await newParticipant(running.url);
    expect((await boardOf(space.id, stranger.token)).body.ideas).toHaveLength(3);
    expect((await boardOf(space.id, 'not-a-token')).status).toBe(401);
  });

  it('carries the duel’s score and comparisons, null before any comparison', async () => {
    const { space } = await makeSpace(running.server, { ideas: ['First', 'Second', 'Third'] });
    const { token } = await newParticipant(running.url);
    const { appearance } = (await nextPair(running.url, space.id, token)).body;
    await vote(running.url, appearance.id, appearance.left.id, token);
    const ideas = (await boardOf(space.id)).body.ideas as { id: string; score: number | null; comparisons: number }[];
    const byId = new Map(ideas.map((i) => [i.id, i]));
    expect(byId.get(appearance.left.id)).toMatchObject({ comparisons: 1, score: expect.any(Number) });
    expect(byId.get(appearance.left.id)!.score!).toBeGreaterThan(byId.get(appearance.right.id)!.score!);
    const third = ideas.find((i) => i.id !== appearance.left.id && i.id !== appearance.right.id)!;
    expect(third).toMatchObject({ comparisons: 0, score: null });
  });

  it('shows names only while the space shows them', async () => {
    const { space, adminKey } = await makeSpace(running.server, { namedPosting: true, ideas: [] });
    const { token } = await newParticipant(running.url);
    await post(space.id, { text: 'Named one', authorName: 'Aino' }, { token });
    expect((await boardOf(space.id)).body.ideas[0].authorName).toBe('Aino');
    await call(running.url, `/api/spaces/${space.id}`, { method: 'PATCH', body: { namedPosting: false }, key: adminKey });
    expect((await boardOf(space.id)).body.ideas[0].authorName).toBeNull();
  });

  it('404s an unknown space', async () => {
    expect((await boardOf('no-such-space')).status).toBe(404);
  });
});

describe('supports', () => {
  it('supports and withdraws idempotently, counting each participant once', async () => {
    const { space } = await makeSpace(running.server);
    const idea = (await boardOf(space.id)).body.ideas[0];
    const a = await newParticipant(running.url);
    const b = await newParticipant(running.url);

    const first = await support(space.id, idea.id, a.token);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ ideaId: idea.id, supports: 1, supportedByYou: true });
    expect((await support(space.id, idea.id, a.token)).body).toEqual({ ideaId: idea.id, supports: 1, supportedByYou: true });
    expect((await support(space.id, idea.id, b.token)).body.supports).toBe(2);

    const mine = (await boardOf(space.id, a.token)).body.ideas.find((i: { id: string }) => i.id === idea.id);
    expect(mine).toMatchObject({ supports: 2, supportedByYou: true });
    expect((await boardOf(space.id)).body.ideas.find((i: { id: string }) => i.id === idea.id).supportedByYou).toBe(false);

    expect((await support(space.id, idea.id, a.token, 'DELETE')).body).toEqual({ ideaId: idea.id, supports: 1, supportedByYou: false });
    expect((await support(space.id, idea.id, a.token, 'DELETE')).body).toEqual({ ideaId: idea.id, supports: 1, supportedByYou: false });
  });

  it('needs a participant, a known idea, and an idea on the board', async () => {
    const { space, adminKey } = await makeSpace(running.server, { ideasNeedApproval: true });
    const { token } = await newParticipant(running.url);
    const idea = (await boardOf(space.id)).body.ideas[0];
    expect((await call(running.url, `/api/spaces/${space.id}/ideas/${idea.id}/support`, { method: 'PUT' })).status).toBe(401);
    expect((await support(space.id, 'no-such-idea', token)).status).toBe(404);
    expect((await support(space.id, 'bad id!', token)).status).toBe(400);

    const pending = (await post(space.id, { text: 'Waiting for approval' }, { token })).body.idea;
    const refused = await support(space.id, pending.id, token);
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/waiting for the facilitator's approval/);

    await call(running.url, `/api/spaces/${space.id}/ideas/${idea.id}`, { method: 'PATCH', body: { status: 'hidden' }, key: adminKey });
    expect((await support(space.id, idea.id, token)).status).toBe(409);
    const withBody = await call(running.url, `/api/spaces/${space.id}/ideas/${pending.id}/support`, { method: 'PUT', body: { extra: 1 }, token });
    expect(withBody.status).toBe(422);
  });
});

describe('reports', () => {
  it('answers 201, then 200 duplicate for the same participant', async () => {
    const { space } = await makeSpace(running.server);
    const idea = (await boardOf(space.id)).body.ideas[0];
    const { token } = await newParticipant(running.url);
    const first = await report(space.id, idea.id, { reason: 'spam', note: ' buy  now ' }, token);
    expect(first.status).toBe(201);
    expect(first.body).toEqual({ ideaId: idea.id, duplicate: false });
    const again = await report(space.id, idea.id, { reason: 'offensive' }, token);
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ ideaId: idea.id, duplicate: true });
    const stored = await running.server.db.selectFrom('reports').selectAll().where('idea_id', '=', idea.id).execute();
    expect(stored).toEqual([expect.objectContaining({ reason: 'spam', note: 'buy now' })]);
  });

  it('refuses reporting one’s own idea, bad reasons and unknown ideas', async () => {
    const { space } = await makeSpace(running.server);
    const { token } = await newParticipant(running.url);
    const own = (await post(space.id, { text: 'My own idea' }, { token })).body.idea;
    const refused = await report(space.id, own.id, { reason: 'spam' }, token);
    expect(refused.status).toBe(403);
    expect(refused.body.error).toEqual({ code: 'forbidden', message: 'You cannot report your own idea.' });
    const bad = await report(space.id, own.id, { reason: 'boring' }, token);
    expect(bad.status).toBe(422);
    expect(bad.body.error.issues[0].message).toMatch(/reason must be one of spam, offensive/);
    expect((await report(space.id, 'no-such-idea', { reason: 'spam' }, token)).status).toBe(404);
    expect((await call(running.url, `/api/spaces/${space.id}/ideas/${own.id}/reports`, { body: { reason: 'spam' } })).status).toBe(401);
  });

  it('hides an idea at the space’s number of reports, logged as the system', async () => {
    const { space, adminKey } = await makeSpace(running.server, { hideAfterReports: 2 });
    const idea = (await boardOf(space.id)).body.ideas[0];
    const reporters = [await newParticipant(running.url), await newParticipant(running.url), await newParticipant(running.url)];

    await report(space.id, idea.id, { reason: 'spam' }, reporters[0]!.token);
    expect((await boardOf(space.id)).body.ideas.map((i: { id: string }) => i.id)).toContain(idea.id);
    await report(space.id, idea.id, { reason: 'offensive' }, reporters[1]!.token);
    expect((await boardOf(space.id)).body.ideas.map((i: { id: string }) => i.id)).not.toContain(idea.id);
    expect((await call(running.url, `/api/spaces/${space.id}/results`)).body.ideas).toHaveLength(3);

    const view = (await call(running.url, `/api/spaces/${space.id}/board/moderation`, { key: adminKey })).body;
    expect(view.ideas.find((i: { id: string }) => i.id === idea.id)).toMatchObject({
      status: 'hidden',
      reports: 2,
      reportReasons: { spam: 1, offensive: 1 },
    });
    expect(view.log[0]).toMatchObject({ ideaId: idea.id, action: 'auto_hide', actor: 'system', detail: { reports: 2 } });

    // A hidden idea may still be reported; restoring it starts the count again.
    expect((await report(space.id, idea.id, { reason: 'spam' }, reporters[2]!.token)).status).toBe(201);
    await call(running.url, `/api/spaces/${space.id}/ideas/${idea.id}`, { method: 'PATCH', body: { status: 'approved' }, key: adminKey });
    const later = await newParticipant(running.url);
    await report(space.id, idea.id, { reason: 'spam' }, later.token);
    expect((await boardOf(space.id)).body.ideas.map((i: { id: string }) => i.id)).toContain(idea.id);
  });

  it('never hides automatically when the space says 0', async () => {
    const { space } = await makeSpace(running.server, { hideAfterReports: 0 });
    const idea = (await boardOf(space.id)).body.ideas[0];
    for (let i = 0; i < 4; i++) await report(space.id, idea.id, { reason: 'spam' }, (await newParticipant(running.url)).token);
    expect((await boardOf(space.id)).body.ideas.map((i: { id: string }) => i.id)).toContain(idea.id);
  });
});
