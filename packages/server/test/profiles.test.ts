import { DISPLAY_NAME_MAX } from '@tori/protocol';
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

const profileRows = (spaceId: string) =>
  running.server.db.selectFrom('profiles').selectAll().where('space_id', '=', spaceId).execute();

describe('names in a space', () => {
  it('is asked once per space and kept with the participant', async () => {
    const { space } = await makeSpace(running.server);
    const other = await makeSpace(running.server);
    const { token, participantId } = await newParticipant(running.url);

    expect((await call(running.url, `/api/spaces/${space.id}/profile`, { token })).status).toBe(404);
    const put = await call(running.url, `/api/spaces/${space.id}/profile`, {
      method: 'PUT',
      body: { displayName: '  Aino  Mäkelä ', role: 'Kylätoimikunta, sihteeri' },
      token,
    });
    expect(put.status).toBe(200);
    expect(put.body).toEqual({ displayName: 'Aino Mäkelä', role: 'Kylätoimikunta, sihteeri', verified: false });
    expect((await call(running.url, `/api/spaces/${space.id}/profile`, { token })).body).toEqual(put.body);
    // Another space knows nothing of it.
    expect((await call(running.url, `/api/spaces/${other.space.id}/profile`, { token })).status).toBe(404);

    const changed = await call(running.url, `/api/spaces/${space.id}/profile`, { method: 'PUT', body: { displayName: 'Aino M.' }, token });
    expect(changed.body).toEqual({ displayName: 'Aino M.', role: null, verified: false });
    const rows = await profileRows(space.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ participant_id: participantId, display_name: 'Aino M.', role: null, verified: 0 });
  });

  it('keeps each participant to their own name', async () => {
    const { space } = await makeSpace(running.server);
    const aino = await newParticipant(running.url);
    const ben = await newParticipant(running.url);
    await call(running.url, `/api/spaces/${space.id}/profile`, { method: 'PUT', body: { displayName: 'Aino' }, token: aino.token });
    await call(running.url, `/api/spaces/${space.id}/profile`, { method: 'PUT', body: { displayName: 'Ben' }, token: ben.token });
    expect((await call(running.url, `/api/spaces/${space.id}/profile`, { token: aino.token })).body.displayName).toBe('Aino');
    expect((await call(running.url, `/api/spaces/${space.id}/profile`, { token: ben.token })).body.displayName).toBe('Ben');
  });

  it('refuses bad names and bad requests with a message, storing nothing', async () => {
    const { space } = await makeSpace(running.server);
    const { token } = await newParticipant(running.url);
    const put = (body: unknown, options: { token?: string } = { token }) =>
      call(running.url, `/api/spaces/${space.id}/profile`, { method: 'PUT', body, ...options });

    const cases: [unknown, number, string][] = [
      [{ displayName: '' }, 422, 'invalid_body'],
      [{ displayName: '   ' }, 422, 'invalid_body'],
      [{ displayName: 'x'.repeat(DISPLAY_NAME_MAX + 1) }, 422, 'invalid_body'],
      [{ displayName: 'Aino', role: 'x'.repeat(200) }, 422, 'invalid_body'],
      [{ displayName: 'Aino\u0007' }, 422, 'invalid_body'],
      [{ displayName: 'Aino', verified: true }, 422, 'invalid_body'],
      [{ name: 'Aino' }, 422, 'invalid_body'],
      [['Aino'], 422, 'invalid_body'],
    ];
    for (const [body, status, code] of cases) {
      const answer = await put(body);
      expect(answer.status, JSON.stringify(body)).toBe(status);
      expect(answer.body.error.code).toBe(code);
      expect(answer.body.error.message).toEqual(expect.any(String));
    }
    expect((await put({ displayName: 'Aino' }, {})).status).toBe(401);
    expect((await put({ displayName: 'Aino' }, { token: `${token}x` })).status).toBe(401);
    const raw = await call(running.url, `/api/spaces/${space.id}/profile`, { method: 'PUT', raw: '{"displayName":', contentType: 'application/json', token });
    expect(raw.status).toBe(400);
    const text = await call(running.url, `/api/spaces/${space.id}/profile`, { method: 'PUT', raw: 'Aino', contentType: 'text/plain', token });
    expect(text.status).toBe(415);
    expect((await call(running.url, `/api/spaces/no-such-space/profile`, { method: 'PUT', body: { displayName: 'Aino' }, token })).status).toBe(404);
    expect(await profileRows(space.id)).toEqual([]);
  });

  it('refuses a page from an origin the space does not allow', async () => {
    const { space } = await makeSpace(running.server, { allowedOrigins: ['https://www.yhdistys.example'] });
    const { token } = await newParticipant(running.url);
    const answer = await call(running.url, `/api/spaces/${space.id}/profile`, {
      method: 'PUT',
      body: { displayName: 'Aino' },
      token,
      origin: 'https://evil.example',
    });
    expect(answer.status).toBe(403);
    expect(answer.body.error.code).toBe('origin_not_allowed');
    expect(await profileRows(space.id)).toEqual([]);
  });
});
