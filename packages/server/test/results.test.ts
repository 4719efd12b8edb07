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

/** Votes as a participant who always prefers the idea earlier in `preference`. */
async function voteAs(spaceId: string, token: string, preference: string[], times: number) {
  for (let i = 0; i < times; i++) {
    const { appearance } = (await nextPair(running.url, spaceId, token)).body;
    const { left, right } = appearance;
    const winner = preference.indexOf(left.text) < preference.indexOf(right.text) ? left : right;
    expect((await vote(running.url, appearance.id, winner.id, token)).status).toBe(201);
  }
}

describe('results', () => {
  it('ranks the ideas the way people voted', async () => {
    const preference = ['Libraries', 'Public transport', 'Parks and green areas', 'Bike lanes'];
    const { space } = await makeSpace(running.server);
    for (let p = 0; p < 4; p++) await voteAs(space.id, (await newParticipant(running.url)).token, preference, 6);

    const answer = await call(running.url, `/api/spaces/${space.id}/results`);
    expect(answer.status).toBe(200);
    const results = answer.body;
    expect(results).toMatchObject({ spaceId: space.id, votes: 24, skips: 0, participants: 4 });
    expect(results.ideas.map((i: { text: string }) => i.text)).toEqual(preference);
    expect(results.ideas[0]).toMatchObject({ rank: 1, wins: 12, losses: 0, comparisons: 12 });
    expect(results.ideas[0].score).toBeGreaterThan(results.ideas[1].score);
    expect(Date.parse(results.computedAt)).not.toBeNaN();
  });

  it('drops a hidden idea from results and from new pairs', async () => {
    const { space, adminKey } = await makeSpace(running.server);
    const { token } = await newParticipant(running.url);
    await voteAs(space.id, token, ['Libraries', 'Public transport', 'Parks and green areas', 'Bike lanes'], 3);
    const before = (await call(running.url, `/api/spaces/${space.id}/results`)).body;
    const libraries = before.ideas.find((i: { text: string }) => i.text === 'Libraries');
    await call(running.url, `/api/spaces/${space.id}/ideas/${libraries.id}`, { method: 'PATCH', body: { status: 'hidden' }, key: adminKey });

    const after = (await call(running.url, `/api/spaces/${space.id}/results`)).body;
    expect(after.ideas.map((i: { id: string }) => i.id)).not.toContain(libraries.id);
    expect(after.ideas).toHaveLength(3);

    const fresh = await newParticipant(running.url);
    for (let i = 0; i < 6; i++) {
      const { appearance } = (await nextPair(running.url, space.id, fresh.token)).body;
      expect([appearance.left.id, appearance.right.id]).not.toContain(libraries.id);
    }
  });

  it('lists a space without votes with every idea at 50', async () => {
    const { space } = await makeSpace(running.server);
    const results = (await call(running.url, `/api/spaces/${space.id}/results`)).body;
    expect(results.ideas).toHaveLength(4);
    expect(results.ideas.every((i: { score: number; rank: number }) => i.score === 50 && i.rank === 1)).toBe(true);
  });
});
