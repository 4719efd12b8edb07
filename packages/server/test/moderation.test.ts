import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

interface Access {
  key?: string;
  moderator?: string;
}

const headersOf = ({ moderator }: Access): Record<string, string> => (moderator === undefined ? {} : { 'x-tori-moderator': moderator });
const patchIdea = (spaceId: string, ideaId: string, body: unknown, access: Access) =>
  call(running.url, `/api/spaces/${spaceId}/ideas/${ideaId}`, { method: 'PATCH', body, key: access.key, headers: headersOf(access) });
const merge = (spaceId: string, ideaId: string, body: unknown, access: Access) =>
  call(running.url, `/api/spaces/${spaceId}/ideas/${ideaId}/merge`, { body, key: access.key, headers: headersOf(access) });
const moderationOf = (spaceId: string, key?: string) => call(running.url, `/api/spaces/${spaceId}/board/moderation`, { key });
const boardOf = (spaceId: string, token?: string) => call(running.url, `/api/spaces/${spaceId}/board`, { token });

/** A space and the ids of its first ideas by text. */
async function space(input: Parameters<typeof makeSpace>[1] = {}) {
  const made = await makeSpace(running.server, input);
  const { ideas } = (await call(running.url, `/api/spaces/${made.space.id}/ideas?status=all`, { key: made.adminKey })).body;
  const ids: Record<string, string> = Object.fromEntries(ideas.map((i: { text: string; id: string }) => [i.text, i.id]));
  return { ...made, ids };
}

describe('moderating an idea', () => {
  it('approves, hides and restores, one log entry each with the moderator’s name', async () => {
    const { space: s, adminKey } = await space({ ideasNeedApproval: true });
    const { token } = await newParticipant(running.url);
    const idea = (await call(running.url, `/api/spaces/${s.id}/ideas`, { body: { text: 'Needs a look' }, token })).body.idea;

    const approved = await patchIdea(s.id, idea.id, { status: 'approved' }, { key: adminKey, moderator: 'Liisa' });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ id: idea.id, status: 'approved', reports: 0, reportReasons: {}, mergedInto: null, supports: 0 });
    await patchIdea(s.id, idea.id, { status: 'hidden' }, { key: adminKey });
    await patchIdea(s.id, idea.id, { status: 'approved' }, { key: adminKey, moderator: 'Pekka' });
    // Nothing changes, nothing is logged.
    await patchIdea(s.id, idea.id, { status: 'approved' }, { key: adminKey, moderator: 'Pekka' });

    const log = (await moderationOf(s.id, adminKey)).body.log.filter((e: { ideaId: string }) => e.ideaId === idea.id);
    expect(log.map((e: { action: string; actor: string; detail: object }) => [e.action, e.actor, e.detail])).toEqual([
      ['restore', 'Pekka', { previousStatus: 'hidden' }],
      ['hide', 'facilitator', { previousStatus: 'approved' }],
      ['approve', 'Liisa', { previousStatus: 'pending' }],
    ]);
    for (const entry of log) expect(entry.at).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('corrects text, description and category as one edit entry holding the old values', async () => {
    const { space: s, adminKey, ids } = await space({ categories: CATEGORIES });
    const id = ids['Libraries']!;
    const answer = await patchIdea(s.id, id, { text: 'Libraries open on Sundays', description: 'Like in Oodi', category: 'nature' }, { key: adminKey, moderator: 'Maija' });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ text: 'Libraries open on Sundays', description: 'Like in Oodi', category: 'nature', editedAt: expect.any(String) });
    const results = (await call(running.url, `/api/spaces/${s.id}/results`)).body;
    expect(results.ideas.map((i: { text: string }) => i.text)).toContain('Libraries open on Sundays');

    const cleared = await patchIdea(s.id, id, { description: null, category: null }, { key: adminKey });
    expect(cleared.body).toMatchObject({ description: null, category: null });
    const log = (await moderationOf(s.id, adminKey)).body.log;
    expect(log.map((e: { action: string; detail: object; actor: string }) => [e.action, e.actor, e.detail])).toEqual([
      ['edit', 'facilitator', { description: 'Like in Oodi', category: 'nature' }],
      ['edit', 'Maija', { text: 'Libraries', description: null, category: null }],
    ]);

    const wrong = await patchIdea(s.id, id, { category: 'sports' }, { key: adminKey });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.message).toMatch(/traffic, nature/);
    const taken = await patchIdea(s.id, id, { text: 'public TRANSPORT' }, { key: adminKey });
    expect(taken.status).toBe(409);
    expect(taken.body.error.message).toMatch(/already has the text/);
  });

  it('pins and unpins', async () => {
    const { space: s, adminKey, ids } = await space();
    const id = ids['Bike lanes']!;
    expect((await patchIdea(s.id, id, { pinned: true }, { key: adminKey })).body.pinned).toBe(true);
    expect((await boardOf(s.id)).body.ideas[0].id).toBe(id);
    expect((await patchIdea(s.id, id, { pinned: false }, { key: adminKey })).body.pinned).toBe(false);
    const log = (await moderationOf(s.id, adminKey)).body.log;
    expect(log.map((e: { action: string }) => e.action).sort()).toEqual(['pin', 'unpin']);
  });

  it('logs several changes in one request as several entries', async () => {
    const { space: s, adminKey, ids } = await space();
    const answer = await patchIdea(s.id, ids['Libraries']!, { status: 'hidden', text: 'Libraries!', pinned: true }, { key: adminKey });
    expect(answer.body).toMatchObject({ status: 'hidden', text: 'Libraries!', pinned: true });
    const log = (await moderationOf(s.id, adminKey)).body.log;
    expect(log.map((e: { action: string }) => e.action).sort()).toEqual(['edit', 'hide', 'pin']);
  });

  it('validates the body, the key and the moderator header', async () => {
    const { space: s, adminKey, ids } = await space();
    const id = ids['Libraries']!;
    expect((await patchIdea(s.id, id, { status: 'hidden' }, {})).status).toBe(401);
    expect((await patchIdea(s.id, id, { status: 'hidden' }, { key: 'wrong' })).status).toBe(403);
    const empty = await patchIdea(s.id, id, {}, { key: adminKey });
    expect(empty.status).toBe(422);
    expect(empty.body.error.message).toMatch(/nothing to change/);
    expect((await patchIdea(s.id, id, { status: 'merged' }, { key: adminKey })).status).toBe(422);
    expect((await patchIdea(s.id, id, { pinned: 'yes' }, { key: adminKey })).status).toBe(422);
    expect((await patchIdea(s.id, 'nope', { pinned: true }, { key: adminKey })).status).toBe(404);

    const long = await patchIdea(s.id, id, { pinned: true }, { key: adminKey, moderator: 'x'.repeat(61) });
    expect(long.status).toBe(400);
    expect(long.body.error.message).toMatch(/x-tori-moderator header is not valid: moderator name must be at most 60/);
    const system = await patchIdea(s.id, id, { pinned: true }, { key: adminKey, moderator: 'System' });
    expect(system.status).toBe(400);
    expect(system.body.error.message).toMatch(/may not be "system"/);
    // UTF-8 from curl is read as UTF-8; a browser's Latin-1 as Latin-1.
    const utf8 = Buffer.from('Mäkelä', 'utf8').toString('latin1');
    await patchIdea(s.id, id, { pinned: true }, { key: adminKey, moderator: utf8 });
    await patchIdea(s.id, id, { pinned: false }, { key: adminKey, moderator: 'Mäkelä' });
    const actors = (await moderationOf(s.id, adminKey)).body.log.map((e: { actor: string }) => e.actor);
    expect(actors).toEqual(['Mäkelä', 'Mäkelä']);
  });
});

describe('merging ideas', () => {
  it('moves supports (once per participant) and the duel history to the survivor', async () => {
    const { space: s, adminKey, ids } = await space({ ideas: ['Parks', 'More parks', 'Buses', 'Trams'] });
    const [a, b, c] = [await newParticipant(running.url), await newParticipant(running.url), await newParticipant(running.url)];
    const supportOf = (ideaId: string, token: string) => call(running.url, `/api/spaces/${s.id}/ideas/${ideaId}/support`, { method: 'PUT', token });
    await supportOf(ids['Parks']!, a.token);
    await supportOf(ids['More parks']!, a.token);
    await supportOf(ids['More parks']!, b.token);

    // Votes until every idea has been compared, some between the two parks ideas.
    let betweenTheTwo = 0;
    for (const voter of [a, b, c]) {
      for (let i = 0; i < 6; i++) {
        const { appearance } = (await nextPair(running.url, s.id, voter.token)).body;
        if (!appearance) break;
        const pair = [appearance.left.id, appearance.right.id];
        if (pair.includes(ids['Parks']) && pair.includes(ids['More parks'])) betweenTheTwo++;
        const winner = pair.includes(ids['More parks']) ? ids['More parks']! : appearance.left.id;
        expect((await vote(running.url, appearance.id, winner, voter.token)).status).toBe(201);
      }
    }
    expect(betweenTheTwo).toBeGreaterThan(0);
    const votesBefore = await running.server.db.selectFrom('votes').selectAll().where('space_id', '=', s.id).execute();
    const moreParksVotes = votesBefore.filter((v) => v.winner_id === ids['More parks'] || v.loser_id === ids['More parks']).length;

    const survivor = await merge(s.id, ids['More parks']!, { into: ids['Parks'] }, { key: adminKey, moderator: 'Liisa' });
    expect(survivor.status).toBe(200);
    expect(survivor.body).toMatchObject({ id: ids['Parks'], status: 'approved', supports: 2 });

    const votesAfter = await running.server.db.selectFrom('votes').selectAll().where('space_id', '=', s.id).execute();
    expect(votesAfter).toHaveLength(votesBefore.length); // kept stored
    expect(votesAfter.filter((v) => v.winner_id === ids['More parks'] || v.loser_id === ids['More parks'])).toEqual([]);
    const selfVotes = votesAfter.filter((v) => v.winner_id === ids['Parks'] && v.loser_id === ids['Parks']).length;
    expect(selfVotes).toBe(betweenTheTwo);
    // The pairs' counts moved with their votes: the survivor's rows hold the merged idea's, added up.
    const counted = new Map<string, number>();
    for (const v of votesAfter) counted.set(`${v.winner_id} ${v.loser_id}`, (counted.get(`${v.winner_id} ${v.loser_id}`) ?? 0) + 1);
    const pairCounts = await running.server.db.selectFrom('pair_counts').selectAll().where('space_id', '=', s.id).execute();
    expect(new Map(pairCounts.map((row) => [`${row.winner_id} ${row.loser_id}`, Number(row.votes)]))).toEqual(counted);
    const appearances = await running.server.db.selectFrom('appearances').selectAll().where('space_id', '=', s.id).execute();
    expect(appearances.filter((p) => p.left_idea_id === ids['More parks'] || p.right_idea_id === ids['More parks'])).toEqual([]);

    const results = (await call(running.url, `/api/spaces/${s.id}/results`)).body;
    expect(results.votes).toBe(votesBefore.length);
    const parks = results.ideas.find((i: { id: string }) => i.id === ids['Parks']);
    expect(results.ideas.map((i: { id: string }) => i.id)).not.toContain(ids['More parks']);
    // The survivor's comparisons: its own and the merged idea's, less the votes between the two.
    const parksVotesBefore = votesBefore.filter((v) => v.winner_id === ids['Parks'] || v.loser_id === ids['Parks']).length;
    expect(parks.comparisons).toBe(parksVotesBefore + moreParksVotes - 2 * betweenTheTwo);
    expect(survivor.body.comparisons).toBe(parks.comparisons);

    const view = (await moderationOf(s.id, adminKey)).body;
    expect(view.ideas.find((i: { id: string }) => i.id === ids['More parks'])).toMatchObject({ status: 'merged', mergedInto: ids['Parks'], supports: 0 });
    expect(view.log[0]).toMatchObject({ ideaId: ids['More parks'], action: 'merge', actor: 'Liisa', detail: { into: ids['Parks'] } });
    expect((await boardOf(s.id)).body.ideas.map((i: { id: string }) => i.id)).not.toContain(ids['More parks']);
    // The merged text is free again.
    expect((await call(running.url, `/api/spaces/${s.id}/ideas`, { body: { text: 'More parks' }, token: c.token })).status).toBe(201);
  });

  it('keeps a pair held across a merge answerable, and a resent vote a duplicate', async () => {
    const { space: s, adminKey, ids } = await space({ ideas: ['Alpha idea', 'Beta idea', 'Gamma idea'] });
    const voter = await newParticipant(running.url);
    const first = (await nextPair(running.url, s.id, voter.token)).body.appearance;
    await vote(running.url, first.id, first.left.id, voter.token);
    // The winner of the answered pair is merged into the third idea; then the outbox resends the vote.
    const loser = first.right.id;
    const other = Object.values(ids).find((id) => id !== first.left.id && id !== first.right.id)!;
    expect((await merge(s.id, first.left.id, { into: other }, { key: adminKey })).status).toBe(200);
    const resent = await vote(running.url, first.id, first.left.id, voter.token);
    expect(resent.status).toBe(200);
    expect(resent.body.duplicate).toBe(true);
    const stored = await running.server.db.selectFrom('votes').selectAll().where('appearance_id', '=', first.id).executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ winner_id: other, loser_id: loser });
  });

  it('retires an unanswered pair whose two ideas became one', async () => {
    const { space: s, adminKey } = await space({ ideas: ['Left one', 'Right one', 'Third one'] });
    const voter = await newParticipant(running.url);
    const held = (await nextPair(running.url, s.id, voter.token)).body.appearance;
    expect((await merge(s.id, held.left.id, { into: held.right.id }, { key: adminKey })).status).toBe(200);
    const answer = await vote(running.url, held.id, held.right.id, voter.token);
    expect(answer.status).toBe(409);
    expect(answer.body.error.message).toMatch(/merged into one/);
    expect((await nextPair(running.url, s.id, voter.token)).body.appearance.id).not.toBe(held.id);
  });

  it('refuses merging into itself, into a hidden, pending or merged idea, or a merged idea again', async () => {
    const { space: s, adminKey, ids } = await space({ ideas: ['One idea', 'Two idea', 'Three idea', 'Four idea'], ideasNeedApproval: true });
    const key = { key: adminKey };
    const self = await merge(s.id, ids['One idea']!, { into: ids['One idea'] }, key);
    expect(self.status).toBe(400);
    expect(self.body.error.message).toMatch(/into itself/);

    await patchIdea(s.id, ids['Two idea']!, { status: 'hidden' }, key);
    const hidden = await merge(s.id, ids['One idea']!, { into: ids['Two idea'] }, key);
    expect(hidden.status).toBe(409);
    expect(hidden.body.error.message).toMatch(/is hidden/);

    const { token } = await newParticipant(running.url);
    const pending = (await call(running.url, `/api/spaces/${s.id}/ideas`, { body: { text: 'Pending one' }, token })).body.idea;
    expect((await merge(s.id, ids['One idea']!, { into: pending.id }, key)).status).toBe(409);
    // A pending duplicate may be merged into an approved idea.
    expect((await merge(s.id, pending.id, { into: ids['One idea'] }, key)).status).toBe(200);

    expect((await merge(s.id, ids['Three idea']!, { into: ids['Four idea'] }, key)).status).toBe(200);
    const intoMerged = await merge(s.id, ids['One idea']!, { into: ids['Three idea'] }, key);
    expect(intoMerged.status).toBe(409);
    expect(intoMerged.body.error.message).toMatch(/was itself merged into/);
    const again = await merge(s.id, ids['Three idea']!, { into: ids['One idea'] }, key);
    expect(again.status).toBe(409);
    expect(again.body.error.message).toMatch(/already merged/);
    const restore = await patchIdea(s.id, ids['Three idea']!, { status: 'approved' }, key);
    expect(restore.status).toBe(409);

    expect((await merge(s.id, ids['One idea']!, { into: 'no-such-idea' }, key)).status).toBe(400);
    expect((await merge(s.id, 'no-such-idea', { into: ids['One idea'] }, key)).status).toBe(404);
    expect((await merge(s.id, ids['One idea']!, {}, key)).status).toBe(422);
    expect((await merge(s.id, ids['One idea']!, { into: ids['Four idea'] }, {})).status).toBe(401);
  });
});

describe('the moderation view', () => {
  it('lists every idea newest first with reports, and needs the key', async () => {
    const { space: s, adminKey } = await space({ ideasNeedApproval: true, hideAfterReports: 0 });
    const { token } = await newParticipant(running.url);
    const pending = (await call(running.url, `/api/spaces/${s.id}/ideas`, { body: { text: 'In the queue' }, token })).body.idea;
    const idea = (await boardOf(s.id)).body.ideas[0];
    await call(running.url, `/api/spaces/${s.id}/ideas/${idea.id}/reports`, { body: { reason: 'off_topic' }, token });

    expect((await moderationOf(s.id)).status).toBe(401);
    expect((await moderationOf(s.id, 'wrong')).status).toBe(403);
    const view = await moderationOf(s.id, adminKey);
    expect(view.status).toBe(200);
    expect(view.body.space).toMatchObject({ id: s.id, allowedOrigins: ['*'], hideAfterReports: 0 });
    expect(view.body.ideas).toHaveLength(5);
    expect(view.body.ideas[0]).toMatchObject({ id: pending.id, status: 'pending', reports: 0 });
    expect(view.body.ideas.find((i: { id: string }) => i.id === idea.id)).toMatchObject({ reports: 1, reportReasons: { off_topic: 1 } });
    expect(view.body.log).toEqual([]);
  });
});

describe('board settings', () => {
  it('changes the board’s settings, logging the board opening and closing', async () => {
    const { space: s, adminKey } = await space();
    const path = `/api/spaces/${s.id}`;
    const changed = await call(running.url, path, {
      method: 'PATCH',
      body: { boardOpen: false, namedPosting: true, hideAfterReports: 5, categories: CATEGORIES },
      key: adminKey,
      headers: { 'x-tori-moderator': 'Liisa' },
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ boardOpen: false, namedPosting: true, hideAfterReports: 5, categories: CATEGORIES });
    expect((await call(running.url, path)).body).toMatchObject({ boardOpen: false, categories: CATEGORIES });
    await call(running.url, path, { method: 'PATCH', body: { boardOpen: false }, key: adminKey }); // no change, no entry
    await call(running.url, path, { method: 'PATCH', body: { boardOpen: true }, key: adminKey });
    const log = (await moderationOf(s.id, adminKey)).body.log;
    expect(log.map((e: { action: string; actor: string; ideaId: null }) => [e.action, e.actor, e.ideaId])).toEqual([
      ['board_open', 'facilitator', null],
      ['board_close', 'Liisa', null],
    ]);
  });

  it('validates the board settings', async () => {
    const { space: s, adminKey } = await space();
    const patch = (body: unknown) => call(running.url, `/api/spaces/${s.id}`, { method: 'PATCH', body, key: adminKey });
    expect((await patch({ hideAfterReports: -1 })).status).toBe(422);
    expect((await patch({ hideAfterReports: 1.5 })).status).toBe(422);
    expect((await patch({ categories: [{ id: 'a', label: 'A' }, { id: 'a', label: 'B' }] })).body.error.message).toMatch(/different/);
    expect((await patch({ categories: [{ id: 'Bad Id', label: 'A' }] })).status).toBe(422);
    expect((await patch({ boardOpen: 'no' })).status).toBe(422);
  });

  it('lets a category in use be removed: its ideas keep the id', async () => {
    const { space: s, adminKey } = await space({ categories: CATEGORIES });
    const { token } = await newParticipant(running.url);
    const idea = (await call(running.url, `/api/spaces/${s.id}/ideas`, { body: { text: 'Tram line', category: 'traffic' }, token })).body.idea;
    const removed = await call(running.url, `/api/spaces/${s.id}`, { method: 'PATCH', body: { categories: [CATEGORIES[1]] }, key: adminKey });
    expect(removed.status).toBe(200);
    expect((await boardOf(s.id)).body.ideas.find((i: { id: string }) => i.id === idea.id).category).toBe('traffic');
    // New posts may no longer choose it.
    expect((await call(running.url, `/api/spaces/${s.id}/ideas`, { body: { text: 'Bus lane', category: 'traffic' }, token })).status).toBe(400);
  });
});
