import { pairKey } from '@tori/ranking';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OUTSTANDING_APPEARANCES_MAX } from '../src/duel.js';
import { type Running, call, makeSpace, newParticipant, nextPair, removeTempDirs, startServer, vote } from './helpers.js';

let running: Running;

beforeAll(async () => {
  running = await startServer();
});
afterAll(async () => {
  await running.close();
  removeTempDirs();
});

const skip = (appearanceId: string, body: unknown, token: string) =>
  call(running.url, `/api/appearances/${appearanceId}/skip`, { body, token });

async function pairFor(spaceId: string, token: string) {
  const answer = await nextPair(running.url, spaceId, token);
  expect(answer.status).toBe(200);
  return answer.body.appearance;
}

describe('next pair', () => {
  it('says why there is none: voting closed, or fewer than two ideas', async () => {
    const { token } = await newParticipant(running.url);
    const closed = await makeSpace(running.server, { votingOpen: false });
    expect((await nextPair(running.url, closed.space.id, token)).body).toEqual({ appearance: null, reason: 'voting_closed' });
    const lonely = await makeSpace(running.server, { ideas: ['Only one idea'] });
    expect((await nextPair(running.url, lonely.space.id, token)).body).toEqual({ appearance: null, reason: 'not_enough_ideas' });
  });

  it('shows every pair once before repeating one (4 ideas = 6 pairs)', async () => {
    const { space } = await makeSpace(running.server);
    const { token } = await newParticipant(running.url);
    const seen = new Set<string>();
    for (let i = 0; i < 6; i++) {
      const appearance = await pairFor(space.id, token);
      expect(appearance.left.id).not.toBe(appearance.right.id);
      expect(appearance.spaceId).toBe(space.id);
      expect(appearance.left.text).toBeTruthy();
      seen.add(pairKey(appearance.left.id, appearance.right.id));
      // Answer half of them: answered or not, a shown pair counts as seen.
      if (i % 2 === 0) expect((await vote(running.url, appearance.id, appearance.left.id, token)).status).toBe(201);
    }
    expect(seen.size).toBe(6);
    const seventh = await pairFor(space.id, token);
    expect(seen.has(pairKey(seventh.left.id, seventh.right.id))).toBe(true);
  });

  it('hands out the oldest unanswered pair again at the cap', async () => {
    const { space } = await makeSpace(running.server, {
      ideas: Array.from({ length: 10 }, (_, i) => `Idea number ${i + 1}`),
    });
    const { token } = await newParticipant(running.url);
    const ids: string[] = [];
    for (let i = 0; i < OUTSTANDING_APPEARANCES_MAX; i++) ids.push((await pairFor(space.id, token)).id);
    expect(new Set(ids).size).toBe(OUTSTANDING_APPEARANCES_MAX);
    expect((await pairFor(space.id, token)).id).toBe(ids[0]);
    const count = await running.server.db
      .selectFrom('appearances')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('space_id', '=', space.id)
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(OUTSTANDING_APPEARANCES_MAX);
    // Answering one frees a place for a new pair.
    const first = await pairFor(space.id, token);
    await vote(running.url, first.id, first.right.id, token);
    expect(ids).not.toContain((await pairFor(space.id, token)).id);
  });
});

describe('votes', () => {
  it('counts once per pair, and acknowledges a repeat as a duplicate', async () => {
    const { space } = await makeSpace(running.server);
    const { token } = await newParticipant(running.url);
    const appearance = await pairFor(space.id, token);

    const first = await vote(running.url, appearance.id, appearance.left.id, token);
    expect(first.status).toBe(201);
    expect(first.body).toEqual({ appearanceId: appearance.id, kind: 'vote', duplicate: false, answeredByYou: 1 });
    const again = await vote(running.url, appearance.id, appearance.left.id, token);
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ appearanceId: appearance.id, kind: 'vote', duplicate: true, answeredByYou: 1 });

    const rows = await running.server.db.selectFrom('votes').selectAll().where('appearance_id', '=', appearance.id).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ winner_id: appearance.left.id, loser_id: appearance.right.id });
  });

  it('refuses a changed answer, another participant and a winner outside the pair', async () => {
    const { space } = await makeSpace(running.server);
    const me = await newParticipant(running.url);
    const other = await newParticipant(running.url);
    const appearance = await pairFor(space.id, me.token);

    const stranger = await vote(running.url, appearance.id, appearance.left.id, other.token);
    expect(stranger.status).toBe(403);
    expect(stranger.body.error.code).toBe('forbidden');
    const outside = await vote(running.url, appearance.id, 'not-in-pair', me.token);
    expect(outside.status).toBe(422);
    expect(outside.body.error.code).toBe('invalid_body');
    const badBody = await call(running.url, `/api/appearances/${appearance.id}/vote`, { body: { winner: appearance.left.id }, token: me.token });
    expect(badBody.status).toBe(422);

    expect((await vote(running.url, appearance.id, appearance.left.id, me.token)).status).toBe(201);
    const changed = await vote(running.url, appearance.id, appearance.right.id, me.token);
    expect(changed.status).toBe(409);
    expect(changed.body.error.code).toBe('conflict');
    const skipped = await skip(appearance.id, { reason: 'dont_know' }, me.token);
    expect(skipped.status).toBe(409);
  });

  it('answers 404 for an unknown pair', async () => {
    const { token } = await newParticipant(running.url);
    const answer = await vote(running.url, 'no-such-pair', 'x', token);
    expect(answer.status).toBe(404);
    expect(answer.body.error.code).toBe('not_found');
  });

  it('refuses votes while voting is closed, but still acknowledges one already counted', async () => {
    const { space, adminKey } = await makeSpace(running.server);
    const { token } = await newParticipant(running.url);
    const counted = await pairFor(space.id, token);
    const late = await pairFor(space.id, token);
    await vote(running.url, counted.id, counted.left.id, token);
    await call(running.url, `/api/spaces/${space.id}`, { method: 'PATCH', body: { votingOpen: false }, key: adminKey });

    const refused = await vote(running.url, late.id, late.left.id, token);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('voting_closed');
    expect((await vote(running.url, counted.id, counted.left.id, token)).body.duplicate).toBe(true);
  });

  it('refuses a vote on a pair whose idea was hidden since', async () => {
    const { space, adminKey } = await makeSpace(running.server);
    const { token } = await newParticipant(running.url);
    const appearance = await pairFor(space.id, token);
    await call(running.url, `/api/spaces/${space.id}/ideas/${appearance.right.id}`, {
      method: 'PATCH',
      body: { status: 'hidden' },
      key: adminKey,
    });
    const answer = await vote(running.url, appearance.id, appearance.left.id, token);
    expect(answer.status).toBe(409);
    expect(answer.body.error.message).toMatch(/removed/);
  });

  it('stays exactly-once when the same vote arrives twice at the same moment', async () => {
    const { space } = await makeSpace(running.server);
    const { token } = await newParticipant(running.url);
    const appearance = await pairFor(space.id, token);
    const answers = await Promise.all(Array.from({ length: 5 }, () => vote(running.url, appearance.id, appearance.left.id, token)));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 200, 201]);
    const rows = await running.server.db.selectFrom('votes').selectAll().where('appearance_id', '=', appearance.id).execute();
    expect(rows).toHaveLength(1);
  });
});

describe('skips', () => {
  it('stores the reason and note, counts once and moves no score', async () => {
    const { space } = await makeSpace(running.server);
    const { token } = await newParticipant(running.url);
    const appearance = await pairFor(space.id, token);

    const first = await skip(appearance.id, { reason: 'too_similar', note: '  Both   about parks ' }, token);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ kind: 'skip', duplicate: false, answeredByYou: 1 });
    expect((await skip(appearance.id, { reason: 'too_similar', note: 'Both about parks' }, token)).status).toBe(200);
    expect((await skip(appearance.id, { reason: 'dislike_both' }, token)).status).toBe(409);
    expect((await vote(running.url, appearance.id, appearance.left.id, token)).status).toBe(409);

    const row = await running.server.db.selectFrom('skips').selectAll().where('appearance_id', '=', appearance.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ reason: 'too_similar', note: 'Both about parks' });
    const results = (await call(running.url, `/api/spaces/${space.id}/results`)).body;
    expect(results).toMatchObject({ votes: 0, skips: 1, participants: 1 });
    expect(results.ideas.every((i: { score: number; comparisons: number }) => i.score === 50 && i.comparisons === 0)).toBe(true);
  });

  it('validates the reason', async () => {
    const { space } = await makeSpace(running.server);
    const { token } = await newParticipant(running.url);
    const appearance = await pairFor(space.id, token);
    const answer = await skip(appearance.id, { reason: 'bored' }, token);
    expect(answer.status).toBe(422);
    expect(answer.body.error.message).toMatch(/reason must be one of/);
    expect((await skip(appearance.id, { reason: 'other', note: 'x'.repeat(281) }, token)).status).toBe(422);
  });
});
