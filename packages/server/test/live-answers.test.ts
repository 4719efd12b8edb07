import type { AnswerEventAck } from '@tori/protocol';
import type { Socket } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import { call, liveServer, makeSpace, newParticipant, nextPair } from './helpers.js';

const running = liveServer();
const { connect } = running;

function answer(socket: Socket, payload: unknown): Promise<AnswerEventAck> {
  return socket.timeout(5_000).emitWithAck('appearance:answer', payload);
}

async function pairFor(spaceId: string, token: string) {
  const { body } = await nextPair(running.url, spaceId, token);
  return body.appearance as { id: string; left: { id: string }; right: { id: string } };
}

async function rowsOf(appearanceId: string) {
  const votes = await running.server.db.selectFrom('votes').select('appearance_id').where('appearance_id', '=', appearanceId).execute();
  const skips = await running.server.db.selectFrom('skips').select('appearance_id').where('appearance_id', '=', appearanceId).execute();
  return votes.length + skips.length;
}

describe('answers over the socket (appearance:answer)', () => {
  it('stores a vote once, acks it after the commit, and acks a resend as the duplicate, over the socket or REST', async () => {
    const { space } = await makeSpace(running.server);
    const { token } = await newParticipant(running.url);
    const pair = await pairFor(space.id, token);
    const socket = await connect({ token });

    const first = await answer(socket, { appearanceId: pair.id, kind: 'vote', body: { winnerId: pair.left.id } });
    expect(first).toEqual({ ok: true, appearanceId: pair.id, kind: 'vote', duplicate: false, answeredByYou: 1 });
    expect(await rowsOf(pair.id)).toBe(1);
    expect(await answer(socket, { appearanceId: pair.id, kind: 'vote', body: { winnerId: pair.left.id } })).toMatchObject({ ok: true, duplicate: true });
    const overRest = await call(running.url, `/api/appearances/${pair.id}/vote`, { body: { winnerId: pair.left.id }, token });
    expect(overRest.status).toBe(200);
    expect(overRest.body).toMatchObject({ duplicate: true });
    expect(await rowsOf(pair.id)).toBe(1);

    const changed = await answer(socket, { appearanceId: pair.id, kind: 'vote', body: { winnerId: pair.right.id } });
    expect(changed).toMatchObject({ ok: false, status: 409, error: { code: 'conflict' } });
    const skip = await pairFor(space.id, token);
    expect(await answer(socket, { appearanceId: skip.id, kind: 'skip', body: { reason: 'dont_know' } })).toMatchObject({ ok: true, kind: 'skip', answeredByYou: 2 });
  });

  it('refuses, with the status REST would answer and nothing stored: no token, a bad payload, another participant’s pair, an unknown pair', async () => {
    const { space } = await makeSpace(running.server);
    const owner = await newParticipant(running.url);
    const other = await newParticipant(running.url);
    const pair = await pairFor(space.id, owner.token);
    const vote = { appearanceId: pair.id, kind: 'vote', body: { winnerId: pair.left.id } };

    expect(await answer(await connect(), vote)).toMatchObject({ ok: false, status: 401, error: { code: 'unauthorized' } });
    expect(await answer(await connect({ token: 'forged.token.here' }), vote)).toMatchObject({ ok: false, status: 401 });
    const socket = await connect({ token: owner.token });
    const bad = await answer(socket, { appearanceId: pair.id, kind: 'vote', body: { winnerId: 7 } });
    expect(bad).toMatchObject({ ok: false, status: 422, error: { code: 'invalid_body' } });
    expect(bad.ok === false && bad.error.issues?.[0]?.path).toBe('body.winnerId');
    expect(await answer(socket, 'vote')).toMatchObject({ ok: false, status: 422 });
    expect(await answer(socket, { ...vote, body: { winnerId: 'not-in-this-pair' } })).toMatchObject({ ok: false, status: 422 });
    expect(await answer(await connect({ token: other.token }), vote)).toMatchObject({ ok: false, status: 403, error: { code: 'forbidden' } });
    expect(await answer(socket, { ...vote, appearanceId: 'no-such-pair' })).toMatchObject({ ok: false, status: 404, error: { code: 'not_found' } });
    expect(await rowsOf(pair.id)).toBe(0);
  });

  it('takes the participant from participant:identify on a socket that connected without a token, and refuses a forged one', async () => {
    const { space } = await makeSpace(running.server);
    const owner = await newParticipant(running.url);
    const pair = await pairFor(space.id, owner.token);
    const vote = { appearanceId: pair.id, kind: 'vote', body: { winnerId: pair.left.id } };
    const socket = await connect();
    const identify = (payload: unknown) => socket.timeout(5_000).emitWithAck('participant:identify', payload);

    expect(await identify({ token: 'forged.token.here' })).toMatchObject({ ok: false, status: 401, error: { code: 'unauthorized' } });
    expect(await identify({ token: 7 })).toMatchObject({ ok: false, status: 422, error: { code: 'invalid_body' } });
    expect(await answer(socket, vote)).toMatchObject({ ok: false, status: 401 });
    expect(await rowsOf(pair.id)).toBe(0);

    expect(await identify({ token: owner.token })).toEqual({ ok: true });
    expect(await answer(socket, vote)).toMatchObject({ ok: true, appearanceId: pair.id, duplicate: false });
    expect(await rowsOf(pair.id)).toBe(1);
  });

  it('checks the page origin against the pair’s space', async () => {
    const { space } = await makeSpace(running.server, { allowedOrigins: ['https://www.example.fi'] });
    const { token } = await newParticipant(running.url);
    const pair = await pairFor(space.id, token);
    const vote = { appearanceId: pair.id, kind: 'vote', body: { winnerId: pair.left.id } };
    const foreign = await connect({ token, origin: 'https://evil.example' });
    expect(await answer(foreign, vote)).toMatchObject({ ok: false, status: 403, error: { code: 'origin_not_allowed' } });
    expect(await rowsOf(pair.id)).toBe(0);
    const allowed = await connect({ token, origin: 'https://www.example.fi' });
    expect(await answer(allowed, vote)).toMatchObject({ ok: true, duplicate: false });
  });

  it('commits answers arriving together, and one refused answer among them fails no other', async () => {
    const { space } = await makeSpace(running.server);
    const people = await Promise.all(
      Array.from({ length: 24 }, async () => {
        const { token } = await newParticipant(running.url);
        return { socket: await connect({ token }), pair: await pairFor(space.id, token) };
      }),
    );
    const acks = await Promise.all(
      people.map(({ socket, pair }, i) =>
        // Every sixth names an idea that is not in its pair: refused, inside the same group as the others.
        answer(socket, { appearanceId: pair.id, kind: 'vote', body: { winnerId: i % 6 === 0 ? 'not-in-this-pair' : pair.left.id } }),
      ),
    );
    expect(acks.filter((ack) => ack.ok).length).toBe(20);
    expect(acks.filter((ack) => !ack.ok).every((ack) => !ack.ok && ack.status === 422)).toBe(true);
    const rows = await Promise.all(people.map(({ pair }) => rowsOf(pair.id)));
    expect(rows).toEqual(people.map((_, i) => (i % 6 === 0 ? 0 : 1)));
    const results = await call(running.url, `/api/spaces/${space.id}/results`);
    expect(results.body.votes).toBe(20);
  });
});
