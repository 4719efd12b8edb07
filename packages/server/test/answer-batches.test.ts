// Answers that arrive together are judged as one batch in one commit: every rule of a single answer must still hold
// for each of them (duplicates, changed answers, counts, refusals, statements split in chunks, a close meanwhile).
import type { AnswerEventAck } from '@tori/protocol';
import { type Kysely, sql } from 'kysely';
import type { Socket } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import type { Database } from '../src/storage/index.js';
import { call, engine, liveServer, makeSpace, newParticipant, nextPair, vote } from './helpers.js';

const running = liveServer();

type Pair = { id: string; left: { id: string }; right: { id: string } };
type Voter = { participantId: string; token: string; socket: Socket; pairs: Pair[] };
type Sent = { socket: Socket; payload: { appearanceId: string; kind: 'vote' | 'skip'; body: object } };

const EIGHT_IDEAS = Array.from({ length: 8 }, (_, i) => `Idea number ${i + 1}`);
const UNKNOWN_PAIR = '0193a7d4-0000-7000-8000-000000000000';

async function pairsFor(spaceId: string, token: string, count: number): Promise<Pair[]> {
  const pairs: Pair[] = [];
  for (let i = 0; i < count; i++) pairs.push((await nextPair(running.url, spaceId, token)).body.appearance);
  expect(new Set(pairs.map((p) => p.id)).size).toBe(count);
  return pairs;
}

/** `people` participants, each holding `count` pairs of the space and connected by a socket of their own. */
function voters(spaceId: string, people: number, count: number): Promise<Voter[]> {
  return Promise.all(
    Array.from({ length: people }, async () => {
      const { participantId, token } = await newParticipant(running.url);
      const pairs = await pairsFor(spaceId, token, count);
      return { participantId, token, pairs, socket: await running.connect({ token }) };
    }),
  );
}

const voteOn = (socket: Socket, pair: { id: string }, winnerId: string): Sent => ({ socket, payload: { appearanceId: pair.id, kind: 'vote', body: { winnerId } } });
const skipOn = (socket: Socket, pair: Pair, reason: string): Sent => ({ socket, payload: { appearanceId: pair.id, kind: 'skip', body: { reason } } });

/**
 * Sends the answers while a transaction of the test holds every commit back, as another node's would (PostgreSQL:
 * the lock each transaction takes first, see storage `oneAtATime`; SQLite: its one connection). So all of them are
 * waiting in the duel before any is judged, and are judged in one batch once it ends. `meanwhile` runs in that
 * transaction last: what commits while the answers wait. Resolves with the acks in the order given.
 */
async function inOneBatch(answers: Sent[], meanwhile?: (trx: Kysely<Database>) => Promise<unknown>): Promise<AnswerEventAck[]> {
  let holding!: () => void;
  let letGo!: () => void;
  const held = new Promise<void>((resolve) => (holding = resolve));
  const released = new Promise<void>((resolve) => (letGo = resolve));
  const gate = running.server.db.transaction().execute(async (trx) => {
    // The lock every transaction of the server takes first on PostgreSQL (storage's TRANSACTION_LOCK).
    if (engine === 'postgres') await sql`select pg_advisory_xact_lock(7362515001)`.execute(trx);
    holding();
    await released;
    await meanwhile?.(trx);
  });
  await held;
  try {
    const acks = Promise.all(answers.map(({ socket, payload }) => socket.timeout(15_000).emitWithAck('appearance:answer', payload)));
    // A socket's events reach their handlers in order: its `space:leave` acked, every answer it sent before is waiting.
    const senders = [...new Set(answers.map((a) => a.socket))];
    await Promise.all(senders.map((socket) => socket.timeout(15_000).emitWithAck('space:leave', { spaceId: 'elsewhere' })));
    letGo();
    await gate;
    return await acks;
  } finally {
    letGo();
  }
}

const votesIn = (spaceId: string) => running.server.db.selectFrom('votes').selectAll().where('space_id', '=', spaceId).execute();

const refusal = (status: number, code: string, message: RegExp) => ({
  ok: false,
  status,
  error: expect.objectContaining({ code, message: expect.stringMatching(message) }),
});
/** The pairs answered in a space (those with a vote or a skip), with when. */
const answeredIn = (spaceId: string) =>
  running.server.db
    .selectFrom('votes')
    .select(['appearance_id as id', 'created_at as answered_at'])
    .where('space_id', '=', spaceId)
    .unionAll(running.server.db.selectFrom('skips').select(['appearance_id as id', 'created_at as answered_at']).where('space_id', '=', spaceId))
    .execute();

/** The counts kept with every answer say what the stored votes and skips say, row for row (and no row more). */
async function expectCountsToMatchAnswers(spaceId: string): Promise<void> {
  const db = running.server.db;
  const votes = await votesIn(spaceId);
  const skips = await db.selectFrom('skips').select('participant_id').where('space_id', '=', spaceId).execute();
  const byParticipant = new Map<string, { votes: number; skips: number }>();
  const of = (id: string) => byParticipant.get(id) ?? byParticipant.set(id, { votes: 0, skips: 0 }).get(id)!;
  for (const vote of votes) of(vote.participant_id).votes += 1;
  for (const skip of skips) of(skip.participant_id).skips += 1;
  const answers = await db.selectFrom('answer_counts').select(['participant_id', 'votes', 'skips']).where('space_id', '=', spaceId).execute();
  expect(new Map(answers.map((row) => [row.participant_id, { votes: Number(row.votes), skips: Number(row.skips) }]))).toEqual(byParticipant);
  const byPair = new Map<string, number>();
  for (const vote of votes) byPair.set(`${vote.winner_id} ${vote.loser_id}`, (byPair.get(`${vote.winner_id} ${vote.loser_id}`) ?? 0) + 1);
  const pairs = await db.selectFrom('pair_counts').select(['winner_id', 'loser_id', 'votes']).where('space_id', '=', spaceId).execute();
  expect(new Map(pairs.map((row) => [`${row.winner_id} ${row.loser_id}`, Number(row.votes)]))).toEqual(byPair);
}

describe('answers judged in one batch', () => {
  it('judges a pair answered twice in the batch against the first answer, and the rest of the batch stands', async () => {
    const { space } = await makeSpace(running.server);
    const [me] = await voters(space.id, 1, 4);
    const { socket, token } = me!;
    const [twice, changed, skipped, alone] = me!.pairs as [Pair, Pair, Pair, Pair];
    const acks = await inOneBatch([
      voteOn(socket, twice, twice.left.id),
      voteOn(socket, twice, twice.left.id),
      voteOn(socket, changed, changed.left.id),
      voteOn(socket, changed, changed.right.id),
      skipOn(socket, skipped, 'dont_know'),
      voteOn(socket, skipped, skipped.left.id),
      voteOn(socket, alone, alone.right.id),
    ]);
    expect(acks).toEqual([
      { ok: true, appearanceId: twice.id, kind: 'vote', duplicate: false, answeredByYou: 1 },
      { ok: true, appearanceId: twice.id, kind: 'vote', duplicate: true, answeredByYou: 1 },
      { ok: true, appearanceId: changed.id, kind: 'vote', duplicate: false, answeredByYou: 2 },
      refusal(409, 'conflict', /^This pair was already answered with a vote; an answer cannot be changed\.$/),
      { ok: true, appearanceId: skipped.id, kind: 'skip', duplicate: false, answeredByYou: 3 },
      refusal(409, 'conflict', /^This pair was already answered with a skip; an answer cannot be changed\.$/),
      { ok: true, appearanceId: alone.id, kind: 'vote', duplicate: false, answeredByYou: 4 },
    ]);

    const stored = await votesIn(space.id);
    expect(stored.map((v) => [v.appearance_id, v.winner_id, v.loser_id]).sort()).toEqual(
      [[twice.id, twice.left.id, twice.right.id], [changed.id, changed.left.id, changed.right.id], [alone.id, alone.right.id, alone.left.id]].sort(),
    );
    const skips = await running.server.db.selectFrom('skips').selectAll().where('space_id', '=', space.id).execute();
    expect(skips.map((s) => [s.appearance_id, s.reason])).toEqual([[skipped.id, 'dont_know']]);
    // Over REST, the batch's answers are what is stored: the same again is a 200 duplicate, the other winner a 409.
    const again = await vote(running.url, twice.id, twice.left.id, token);
    expect([again.status, again.body]).toEqual([200, { appearanceId: twice.id, kind: 'vote', duplicate: true, answeredByYou: 4 }]);
    expect((await vote(running.url, changed.id, changed.right.id, token)).status).toBe(409);
    expect((await call(running.url, `/api/spaces/${space.id}/results`)).body).toMatchObject({ votes: 3, skips: 1, participants: 1 });
  });

  it('counts one participant’s answers in the batch one after another, after those stored before', async () => {
    const { space } = await makeSpace(running.server, { ideas: EIGHT_IDEAS });
    const [me] = await voters(space.id, 1, 2);
    for (const [i, pair] of me!.pairs.entries()) expect((await vote(running.url, pair.id, pair.left.id, me!.token)).body.answeredByYou).toBe(i + 1);
    const held = await pairsFor(space.id, me!.token, 20);
    const acks = await inOneBatch(held.map((pair, i) => (i % 5 === 4 ? skipOn(me!.socket, pair, 'too_similar') : voteOn(me!.socket, pair, pair.right.id))));
    expect(acks.every((ack) => ack.ok && !ack.duplicate)).toBe(true);
    expect(acks.map((ack) => ack.ok && ack.answeredByYou)).toEqual(held.map((_, i) => i + 3));

    const stored = await votesIn(space.id);
    expect(stored).toHaveLength(18);
    expect(await answeredIn(space.id)).toHaveLength(22);
    const [next] = await pairsFor(space.id, me!.token, 1);
    expect((await vote(running.url, next!.id, next!.left.id, me!.token)).body.answeredByYou).toBe(23);
  });

  it('counts answers per space when one participant answers pairs of two spaces in the same batch', async () => {
    const first = (await makeSpace(running.server)).space;
    const second = (await makeSpace(running.server)).space;
    const { participantId, token } = await newParticipant(running.url);
    const socket = await running.connect({ token });
    const [a, c] = (await pairsFor(first.id, token, 2)) as [Pair, Pair];
    const [b] = (await pairsFor(second.id, token, 1)) as [Pair];
    const acks = await inOneBatch([voteOn(socket, a, a.left.id), voteOn(socket, b, b.left.id), voteOn(socket, c, c.left.id)]);
    // "Votes and skips this participant has made in this space": 1 in the first, 1 in the second, then 2 in the first.
    expect(acks.map((ack) => ack.ok && ack.answeredByYou)).toEqual([1, 1, 2]);
    const [d] = (await pairsFor(second.id, token, 1)) as [Pair];
    expect((await vote(running.url, d.id, d.left.id, token)).body.answeredByYou).toBe(2);
    expect(await running.server.db.selectFrom('votes').select('appearance_id').where('participant_id', '=', participantId).execute()).toHaveLength(4);
  });

  it('stores 300 answers of one batch (more than one statement takes) once each, with the right winner and loser', async () => {
    const { space } = await makeSpace(running.server, { ideas: EIGHT_IDEAS });
    const crowd = await voters(space.id, 15, 20);
    const sent = crowd.flatMap(({ socket, pairs }, v) =>
      pairs.map((pair, i) => ((v * 20 + i) % 10 === 9 ? skipOn(socket, pair, 'too_similar') : voteOn(socket, pair, i % 2 ? pair.right.id : pair.left.id))),
    );
    expect(sent).toHaveLength(300);
    const acks = await inOneBatch(sent);
    expect(acks.filter((ack) => ack.ok && !ack.duplicate)).toHaveLength(300);
    for (const [v, voter] of crowd.entries()) {
      const mine = acks.slice(v * 20, v * 20 + 20).map((ack) => ack.ok && ack.answeredByYou);
      expect(mine, voter.participantId).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    }

    const stored = await votesIn(space.id);
    const expected = crowd.flatMap(({ participantId, pairs }, v) =>
      pairs.flatMap((pair, i) => {
        if ((v * 20 + i) % 10 === 9) return [];
        const [winner, loser] = i % 2 ? [pair.right.id, pair.left.id] : [pair.left.id, pair.right.id];
        return [[pair.id, participantId, winner, loser].join(' ')];
      }),
    );
    expect(stored.map((v) => [v.appearance_id, v.participant_id, v.winner_id, v.loser_id].join(' ')).sort()).toEqual(expected.sort());
    const skips = await running.server.db.selectFrom('skips').select('appearance_id').where('space_id', '=', space.id).execute();
    expect(skips).toHaveLength(30);
    // One batch: every answer was written by the same commit, at the same instant.
    const answered = await answeredIn(space.id);
    expect(answered).toHaveLength(300);
    expect(new Set(answered.map((a) => a.answered_at))).toEqual(new Set([stored[0]!.created_at]));
    expect((await call(running.url, `/api/spaces/${space.id}/results`)).body).toMatchObject({ votes: 270, skips: 30, participants: 15 });
    await expectCountsToMatchAnswers(space.id);
  });

  it('stores exactly the good answers of a 300-answer batch and refuses each bad one with its own error', async () => {
    const { space } = await makeSpace(running.server, { ideas: EIGHT_IDEAS });
    const other = await makeSpace(running.server, { ideas: ['Sauna by the sea', 'Night buses', 'Skate park'] });
    const crowd = await voters(space.id, 15, 20);
    const [hidden] = await pairsFor(other.space.id, crowd[1]!.token, 1);
    const hide = { method: 'PATCH', body: { status: 'hidden' }, key: other.adminKey };
    expect((await call(running.url, `/api/spaces/${other.space.id}/ideas/${hidden!.left.id}`, hide)).status).toBe(200);

    const last = crowd[14]!;
    const goodPairs = crowd.flatMap(({ socket, pairs }, v) => (v === 14 ? pairs.slice(0, 16) : pairs).map((pair) => ({ socket, pair })));
    const good = goodPairs.map(({ socket, pair }) => voteOn(socket, pair, pair.left.id));
    const notInPair = last.pairs[16]!;
    const ideaIds = new Set(crowd.flatMap((voter) => voter.pairs.flatMap((pair) => [pair.left.id, pair.right.id])));
    const outsider = [...ideaIds].find((id) => id !== notInPair.left.id && id !== notInPair.right.id)!;
    const bad = [
      voteOn(crowd[0]!.socket, last.pairs[17]!, last.pairs[17]!.left.id), // another participant's pair
      voteOn(crowd[0]!.socket, { id: UNKNOWN_PAIR }, notInPair.left.id), // no such pair
      voteOn(last.socket, notInPair, outsider), // an idea of the space, not of this pair
      voteOn(crowd[1]!.socket, hidden!, hidden!.right.id), // its other idea was hidden by the facilitator
    ];
    const acks = await inOneBatch([...good.slice(0, 150), ...bad.slice(0, 2), ...good.slice(150), ...bad.slice(2)]);
    expect(acks).toHaveLength(300);
    const refused = acks.filter((ack) => !ack.ok);
    expect(refused).toEqual([
      refusal(403, 'forbidden', /^This pair was shown to another participant\.$/),
      refusal(404, 'not_found', new RegExp(`^There is no pair "${UNKNOWN_PAIR}"\\.$`)),
      refusal(422, 'invalid_body', /^winnerId must be the id of one of the two ideas of this pair\.$/),
      refusal(409, 'conflict', /removed by the facilitator; ask for a new pair\.$/),
    ]);
    expect(acks.filter((ack) => ack.ok && !ack.duplicate)).toHaveLength(296);

    const stored = new Map((await votesIn(space.id)).map((v) => [v.appearance_id, [v.winner_id, v.loser_id]]));
    expect(stored).toEqual(new Map(goodPairs.map(({ pair }) => [pair.id, [pair.left.id, pair.right.id]])));
    expect(await answeredIn(space.id)).toHaveLength(296);
    expect(await answeredIn(other.space.id)).toEqual([]);
  });

  it('undoes the whole batch when a write breaks in the database midway, then runs each answer alone: only that one fails', async () => {
    const { space } = await makeSpace(running.server, { ideas: EIGHT_IDEAS });
    const crowd = await voters(space.id, 3, 10);
    const sent = crowd.flatMap(({ socket, pairs }) => pairs.map((pair) => voteOn(socket, pair, pair.left.id)));
    // The 16th vote's row is refused by the database itself, after 15 rows of the batch went in before it.
    const broken = crowd[1]!.pairs[5]!;
    const refuse = engine === 'postgres'
      ? [
          `create function refuse_one_vote() returns trigger language plpgsql as $$ begin if new.appearance_id = '${broken.id}' then raise exception 'refused by the test'; end if; return new; end $$`,
          'create trigger refuse_one_vote before insert on votes for each row execute function refuse_one_vote()',
        ]
      : [`create trigger refuse_one_vote before insert on votes when new.appearance_id = '${broken.id}' begin select raise(abort, 'refused by the test'); end`];
    const allow = engine === 'postgres' ? ['drop trigger refuse_one_vote on votes', 'drop function refuse_one_vote()'] : ['drop trigger refuse_one_vote'];
    let acks: AnswerEventAck[];
    try {
      acks = await inOneBatch(sent, async (trx) => {
        for (const statement of refuse) await sql.raw(statement).execute(trx);
      });
    } finally {
      for (const statement of allow) await sql.raw(statement).execute(running.server.db);
    }
    expect(acks[15]).toEqual(refusal(500, 'internal', /^Something went wrong on the server\.$/));
    expect(acks.filter((ack) => ack.ok && !ack.duplicate)).toHaveLength(29);
    // Counted as if the broken one had not been sent.
    expect(acks.slice(10, 20).map((ack) => ack.ok && ack.answeredByYou)).toEqual([1, 2, 3, 4, 5, false, 6, 7, 8, 9]);

    const stored = (await votesIn(space.id)).map((v) => v.appearance_id).sort();
    expect(stored).toEqual(sent.map((s) => s.payload.appearanceId).filter((id) => id !== broken.id).sort());
    // Nothing of it was kept: sent again, it is a new answer, not a duplicate.
    const again = await crowd[1]!.socket.timeout(15_000).emitWithAck('appearance:answer', voteOn(crowd[1]!.socket, broken, broken.left.id).payload);
    expect(again).toMatchObject({ ok: true, duplicate: false, answeredByYou: 10 });
    // The undone batch took its counts with it; each answer run alone added its own.
    await expectCountsToMatchAnswers(space.id);
  });

  it('refuses the answers judged after voting closed while they waited, and still acknowledges duplicates of earlier ones', async () => {
    const { space } = await makeSpace(running.server);
    const [me] = await voters(space.id, 1, 4);
    const { socket, token } = me!;
    const [counted, skipped, late, later] = me!.pairs as [Pair, Pair, Pair, Pair];
    expect((await vote(running.url, counted.id, counted.left.id, token)).status).toBe(201);
    expect((await call(running.url, `/api/appearances/${skipped.id}/skip`, { body: { reason: 'dont_know' }, token })).status).toBe(201);

    const sent = [voteOn(socket, counted, counted.left.id), voteOn(socket, late, late.left.id), skipOn(socket, skipped, 'dont_know')];
    const acks = await inOneBatch(
      [...sent, voteOn(socket, counted, counted.right.id), voteOn(socket, later, later.right.id)],
      // Closed by a commit that lands while the answers wait (as a facilitator's close on another node would).
      (trx) => trx.updateTable('spaces').set({ voting_open: 0 }).where('id', '=', space.id).execute(),
    );
    expect(acks).toEqual([
      { ok: true, appearanceId: counted.id, kind: 'vote', duplicate: true, answeredByYou: 2 },
      refusal(409, 'voting_closed', /^Voting is closed in this space\.$/),
      { ok: true, appearanceId: skipped.id, kind: 'skip', duplicate: true, answeredByYou: 2 },
      refusal(409, 'conflict', /already answered with a vote/),
      refusal(409, 'voting_closed', /^Voting is closed in this space\.$/),
    ]);
    expect((await answeredIn(space.id)).map((a) => a.id).sort()).toEqual([counted.id, skipped.id].sort());
    expect((await votesIn(space.id)).map((v) => v.appearance_id)).toEqual([counted.id]);
    expect((await vote(running.url, late.id, late.left.id, token)).body.error.code).toBe('voting_closed');
    await expectCountsToMatchAnswers(space.id);
  });
});
