import { BODY_LIMIT_BYTES } from '@tori/protocol';
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

const add = (spaceId: string, text: unknown, options: { token?: string; key?: string } = {}) =>
  call(running.url, `/api/spaces/${spaceId}/ideas`, { body: { text }, ...options });

describe('adding ideas', () => {
  it('approves at once when the space needs no approval', async () => {
    const { space } = await makeSpace(running.server);
    const { token } = await newParticipant(running.url);
    const answer = await add(space.id, '  More   benches\tin parks ', { token });
    expect(answer.status).toBe(201);
    expect(answer.body.idea).toMatchObject({ text: 'More benches in parks', status: 'approved', mine: true });
    expect((await call(running.url, `/api/spaces/${space.id}`)).body.ideaCount).toBe(5);
  });

  it('keeps ideas pending when the space wants approval, but not the facilitator’s', async () => {
    const { space, adminKey } = await makeSpace(running.server, { ideasNeedApproval: true });
    const { token } = await newParticipant(running.url);
    const pending = await add(space.id, 'A sauna by the sea', { token });
    expect(pending.status).toBe(201);
    expect(pending.body.idea.status).toBe('pending');
    const byFacilitator = await add(space.id, 'Night buses', { key: adminKey });
    expect(byFacilitator.status).toBe(201);
    expect(byFacilitator.body.idea.status).toBe('approved');
    expect((await add(space.id, 'Wrong key', { key: 'nope' })).status).toBe(403);
  });

  it('refuses a duplicate of a live idea, ignoring case', async () => {
    const { space } = await makeSpace(running.server);
    const { token } = await newParticipant(running.url);
    const answer = await add(space.id, 'PUBLIC transport', { token });
    expect(answer.status).toBe(409);
    expect(answer.body.error.code).toBe('conflict');
    expect(answer.body.error.message).toContain('Public transport');
  });

  it('allows the text of a hidden idea again', async () => {
    const { space, adminKey } = await makeSpace(running.server);
    const ideas = (await call(running.url, `/api/spaces/${space.id}/ideas`)).body.ideas;
    const libraries = ideas.find((i: { text: string }) => i.text === 'Libraries');
    await call(running.url, `/api/spaces/${space.id}/ideas/${libraries.id}`, { method: 'PATCH', body: { status: 'hidden' }, key: adminKey });
    const { token } = await newParticipant(running.url);
    expect((await add(space.id, 'libraries', { token })).status).toBe(201);
    // Approving the hidden one now would make two live ideas with one text.
    const back = await call(running.url, `/api/spaces/${space.id}/ideas/${libraries.id}`, {
      method: 'PATCH',
      body: { status: 'approved' },
      key: adminKey,
    });
    expect(back.status).toBe(409);
  });

  it('validates the text with messages', async () => {
    const { space } = await makeSpace(running.server);
    const { token } = await newParticipant(running.url);
    const short = await add(space.id, 'ab', { token });
    expect(short.status).toBe(422);
    expect(short.body.error.code).toBe('invalid_body');
    expect(short.body.error.issues).toEqual([{ path: 'text', message: 'idea text must be at least 3 characters' }]);
    expect((await add(space.id, 'x'.repeat(141), { token })).body.error.message).toMatch(/at most 140/);
    expect((await add(space.id, 42, { token })).body.error.message).toMatch(/must be text/);
    expect((await add(space.id, 'bell\u0007', { token })).body.error.message).toMatch(/control characters/);
    const extra = await call(running.url, `/api/spaces/${space.id}/ideas`, { body: { text: 'Fine idea', admin: true }, token });
    expect(extra.status).toBe(422);
    const missing = await call(running.url, `/api/spaces/${space.id}/ideas`, { method: 'POST', token });
    expect(missing.status).toBe(422);
  });

  it('needs a participant or the facilitator', async () => {
    const { space } = await makeSpace(running.server);
    expect((await add(space.id, 'Anonymous idea')).status).toBe(401);
  });

  it('is allowed while voting is closed', async () => {
    const { space } = await makeSpace(running.server, { votingOpen: false });
    const { token } = await newParticipant(running.url);
    expect((await add(space.id, 'Collected before the duel', { token })).status).toBe(201);
  });
});

describe('reading bodies', () => {
  it('answers 415 to a body that is not JSON', async () => {
    const { space } = await makeSpace(running.server);
    const { token } = await newParticipant(running.url);
    for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const answer = await call(running.url, `/api/spaces/${space.id}/ideas`, { raw: 'text=hello', contentType, token });
      expect(answer.status).toBe(415);
      expect(answer.body.error.code).toBe('unsupported_media_type');
    }
  });

  it('answers 413 to a body over the limit', async () => {
    const { space } = await makeSpace(running.server);
    const { token } = await newParticipant(running.url);
    const answer = await add(space.id, 'x'.repeat(BODY_LIMIT_BYTES + 10), { token });
    expect(answer.status).toBe(413);
    expect(answer.body.error.code).toBe('payload_too_large');
  });

  it('answers 400 to malformed JSON', async () => {
    const { space } = await makeSpace(running.server);
    const { token } = await newParticipant(running.url);
    const answer = await call(running.url, `/api/spaces/${space.id}/ideas`, { raw: '{"text": "unfinished', contentType: 'application/json', token });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatchObject({ code: 'bad_request', message: 'The body is not valid JSON.' });
    const proto = await call(running.url, `/api/spaces/${space.id}/ideas`, {
      raw: '{"text": "ok idea", "__proto__": {"x": 1}}',
      contentType: 'application/json',
      token,
    });
    expect(proto.status).toBe(400);
  });

  it('accepts a charset in the content type', async () => {
    const { space } = await makeSpace(running.server);
    const { token } = await newParticipant(running.url);
    const answer = await call(running.url, `/api/spaces/${space.id}/ideas`, {
      raw: JSON.stringify({ text: 'Charset is fine' }),
      contentType: 'application/json; charset=utf-8',
      token,
    });
    expect(answer.status).toBe(201);
  });
});

describe('listing ideas', () => {
  it('shows approved ideas to everyone and the rest to the facilitator', async () => {
    const { space, adminKey } = await makeSpace(running.server, { ideasNeedApproval: true });
    const author = await newParticipant(running.url);
    const pending = (await add(space.id, 'Waiting idea', { token: author.token })).body.idea;

    const publicList = await call(running.url, `/api/spaces/${space.id}/ideas`);
    expect(publicList.status).toBe(200);
    expect(publicList.body.ideas).toHaveLength(4);
    expect(publicList.body.ideas.every((i: { status: string; mine: boolean }) => i.status === 'approved' && !i.mine)).toBe(true);

    expect((await call(running.url, `/api/spaces/${space.id}/ideas?status=pending`)).status).toBe(403);
    expect((await call(running.url, `/api/spaces/${space.id}/ideas?status=all`, { key: 'wrong' })).status).toBe(403);
    expect((await call(running.url, `/api/spaces/${space.id}/ideas?status=bogus`, { key: adminKey })).status).toBe(400);
    expect((await call(running.url, `/api/spaces/${space.id}/ideas?other=1`)).status).toBe(400);

    const pendingList = await call(running.url, `/api/spaces/${space.id}/ideas?status=pending`, { key: adminKey, token: author.token });
    const { id, text, status, createdAt } = pending;
    expect(pendingList.body.ideas).toEqual([{ id, text, status, createdAt, mine: true }]);
    const all = await call(running.url, `/api/spaces/${space.id}/ideas?status=all`, { key: adminKey });
    expect(all.body.ideas).toHaveLength(5);
  });
});

describe('moderation', () => {
  it('approves and hides with the key, logging each change', async () => {
    const { space, adminKey } = await makeSpace(running.server, { ideasNeedApproval: true });
    const { token } = await newParticipant(running.url);
    const idea = (await add(space.id, 'Please approve me', { token })).body.idea;
    const path = `/api/spaces/${space.id}/ideas/${idea.id}`;

    expect((await call(running.url, path, { method: 'PATCH', body: { status: 'approved' } })).status).toBe(401);
    expect((await call(running.url, path, { method: 'PATCH', body: { status: 'pending' }, key: adminKey })).status).toBe(422);
    const approved = await call(running.url, path, { method: 'PATCH', body: { status: 'approved' }, key: adminKey });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ id: idea.id, status: 'approved' });
    const hidden = await call(running.url, path, { method: 'PATCH', body: { status: 'hidden' }, key: adminKey });
    expect(hidden.body.status).toBe('hidden');

    const log = await running.server.db
      .selectFrom('moderation_log')
      .select(['action', 'actor', 'detail'])
      .where('idea_id', '=', idea.id)
      .orderBy('at')
      .execute();
    expect(log).toEqual([
      { action: 'approve', actor: 'facilitator', detail: '{"previousStatus":"pending"}' },
      { action: 'hide', actor: 'facilitator', detail: '{"previousStatus":"approved"}' },
    ]);
    const unknown = await call(running.url, `/api/spaces/${space.id}/ideas/nope`, { method: 'PATCH', body: { status: 'hidden' }, key: adminKey });
    expect(unknown.status).toBe(404);
  });
});
