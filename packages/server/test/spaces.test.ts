import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Running, call, makeSpace, removeTempDirs, startServer } from './helpers.js';

let running: Running;

beforeAll(async () => {
  running = await startServer();
});
afterAll(async () => {
  await running.close();
  removeTempDirs();
});

describe('spaces', () => {
  it('shows a space to everyone, without its origins or key', async () => {
    const { space } = await makeSpace(running.server, { title: 'Kaupunkistrategia' });
    const answer = await call(running.url, `/api/spaces/${space.id}`);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      id: space.id,
      title: 'Kaupunkistrategia',
      question: 'Which matters more?',
      votingOpen: true,
      ideasNeedApproval: false,
      ideaCount: 4,
      boardOpen: true,
      namedPosting: false,
      hideAfterReports: 3,
      categories: [],
    });
  });

  it('answers 404 for an unknown space and 400 for an impossible id', async () => {
    const unknown = await call(running.url, '/api/spaces/no-such-space');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('not_found');
    const bad = await call(running.url, '/api/spaces/NOT_VALID!');
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('bad_request');
    expect(bad.body.error.issues[0].message).toMatch(/lowercase/);
  });

  it('changes settings only with the facilitator key', async () => {
    const { space, adminKey } = await makeSpace(running.server);
    const path = `/api/spaces/${space.id}`;
    const without = await call(running.url, path, { method: 'PATCH', body: { votingOpen: false } });
    expect(without.status).toBe(401);
    const wrong = await call(running.url, path, { method: 'PATCH', body: { votingOpen: false }, key: 'not-the-key' });
    expect(wrong.status).toBe(403);
    expect(wrong.body.error.code).toBe('forbidden');

    const right = await call(running.url, path, {
      method: 'PATCH',
      body: { votingOpen: false, title: '  Uusi   otsikko ', allowedOrigins: ['https://www.example.fi'] },
      key: adminKey,
    });
    expect(right.status).toBe(200);
    expect(right.body).toMatchObject({ votingOpen: false, title: 'Uusi otsikko', allowedOrigins: ['https://www.example.fi'] });
    expect((await call(running.url, path)).body.votingOpen).toBe(false);
  });

  it('validates settings with messages', async () => {
    const { space, adminKey } = await makeSpace(running.server);
    const path = `/api/spaces/${space.id}`;
    const empty = await call(running.url, path, { method: 'PATCH', body: {}, key: adminKey });
    expect(empty.status).toBe(422);
    expect(empty.body.error.message).toMatch(/nothing to change/);
    const origin = await call(running.url, path, { method: 'PATCH', body: { allowedOrigins: ['https://x.fi/path'] }, key: adminKey });
    expect(origin.status).toBe(422);
    expect(origin.body.error.issues[0].path).toBe('allowedOrigins.0');
    const unknown = await call(running.url, path, { method: 'PATCH', body: { colour: 'red' }, key: adminKey });
    expect(unknown.status).toBe(422);
    const type = await call(running.url, path, { method: 'PATCH', body: { votingOpen: 'yes' }, key: adminKey });
    expect(type.body.error.message).toMatch(/votingOpen must be true or false/);
  });

  it('shows the admin view with the key only', async () => {
    const { space, adminKey } = await makeSpace(running.server, { allowedOrigins: ['https://a.example'] });
    const path = `/api/spaces/${space.id}/admin`;
    expect((await call(running.url, path)).status).toBe(401);
    expect((await call(running.url, path, { key: 'wrong' })).status).toBe(403);
    const answer = await call(running.url, path, { key: adminKey });
    expect(answer.status).toBe(200);
    expect(answer.body.allowedOrigins).toEqual(['https://a.example']);
    expect(answer.body.createdAt).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('stores only a hash of the facilitator key', async () => {
    const { space, adminKey } = await makeSpace(running.server);
    const row = await running.server.db.selectFrom('spaces').selectAll().where('id', '=', space.id).executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(adminKey);
    expect(row.admin_key_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses a second space with the same id, and invalid spaces', async () => {
    const { space } = await makeSpace(running.server);
    await expect(makeSpace(running.server, { id: space.id })).rejects.toMatchObject({ status: 409 });
    await expect(makeSpace(running.server, { id: 'Bad Id' })).rejects.toMatchObject({ status: 422 });
    await expect(makeSpace(running.server, { ideas: ['Same idea', 'same IDEA'] })).rejects.toThrow(/repeats/);
  });
});
