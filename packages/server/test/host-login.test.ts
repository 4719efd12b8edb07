import { HOST_TOKEN_MAX_AGE_S } from '@tori/protocol';
import { SignJWT } from 'jose';
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

/** What a host site's backend does: sign its user with the space's integration secret. */
async function hostToken(
  secret: string,
  claims: Record<string, unknown>,
  { audience, iat = Math.floor(Date.now() / 1000), ttl = 120, alg = 'HS256' as string }: { audience: string; iat?: number; ttl?: number; alg?: string },
) {
  return new SignJWT(claims)
    .setProtectedHeader({ alg, typ: 'JWT' })
    .setAudience(audience)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ttl)
    .sign(new TextEncoder().encode(secret));
}

async function spaceWithSecret() {
  const made = await makeSpace(running.server);
  const answer = await call(running.url, `/api/spaces/${made.space.id}/integration-secret`, { method: 'POST', key: made.adminKey });
  expect(answer.status).toBe(201);
  return { ...made, secret: answer.body.secret as string };
}

const login = (spaceId: string, token: unknown) => call(running.url, `/api/spaces/${spaceId}/host-login`, { body: { token } });

describe('host login', () => {
  it('gives the host user the same participant on every device, with a verified name', async () => {
    const { space, secret } = await spaceWithSecret();
    const token = await hostToken(secret, { sub: 'member-42', name: 'Aino Mäkelä', role: 'Hallituksen jäsen' }, { audience: space.id });
    const first = await login(space.id, token);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      participantId: expect.any(String),
      token: expect.any(String),
      profile: { displayName: 'Aino Mäkelä', role: 'Hallituksen jäsen', verified: true },
    });

    // Another device, renamed on the host meanwhile.
    const again = await login(space.id, await hostToken(secret, { sub: 'member-42', name: 'Aino Virtanen' }, { audience: space.id }));
    expect(again.body.participantId).toBe(first.body.participantId);
    const profile = await call(running.url, `/api/spaces/${space.id}/profile`, { token: again.body.token });
    expect(profile.body).toEqual({ displayName: 'Aino Virtanen', role: null, verified: true });

    // The name comes from the host: changing it here is refused.
    const put = await call(running.url, `/api/spaces/${space.id}/profile`, { method: 'PUT', body: { displayName: 'Someone else' }, token: again.body.token });
    expect(put.status).toBe(403);
    expect(put.body.error.message).toMatch(/site you logged in to/);

    const other = await login(space.id, await hostToken(secret, { sub: 'member-43', name: 'Ben' }, { audience: space.id }));
    expect(other.body.participantId).not.toBe(first.body.participantId);
    const links = await running.server.db.selectFrom('host_logins').selectAll().where('space_id', '=', space.id).execute();
    expect(links.map((l) => l.host_user_id).sort()).toEqual(['member-42', 'member-43']);
  });

  it('refuses forged, expired, too long-lived and misaddressed tokens with 401, storing nothing', async () => {
    const { space, secret } = await spaceWithSecret();
    const other = await spaceWithSecret();
    const claims = { sub: 'member-1', name: 'Aino' };
    const now = Math.floor(Date.now() / 1000);
    const valid = await hostToken(secret, claims, { audience: space.id });
    const [header, payload, signature] = valid.split('.');
    const tampered = `${header}.${Buffer.from(JSON.stringify({ ...claims, sub: 'admin', aud: space.id, iat: now, exp: now + 60 })).toString('base64url')}.${signature}`;

    const cases: [string, unknown, RegExp][] = [
      ['signed with another secret', await hostToken('not-the-secret-of-this-space-at-all', claims, { audience: space.id }), /not signed with the integration secret/],
      ["another space's secret", await hostToken(other.secret, claims, { audience: space.id }), /not signed/],
      ['payload changed after signing', tampered, /not signed/],
      ['expired', await hostToken(secret, claims, { audience: space.id, iat: now - 600, ttl: 300 }), /expired/],
      ['too long-lived', await hostToken(secret, claims, { audience: space.id, ttl: HOST_TOKEN_MAX_AGE_S + 60 }), /lives too long/],
      ['for another space', await hostToken(secret, claims, { audience: other.space.id }), /"aud"/],
      ['issued in the future', await hostToken(secret, claims, { audience: space.id, iat: now + 3600 }), /future|"iat"/],
      ['without a user id', await hostToken(secret, { name: 'Aino' }, { audience: space.id }), /"sub"/],
      ['without a name', await hostToken(secret, { sub: 'member-1' }, { audience: space.id }), /"name"/],
      ['with an empty name', await hostToken(secret, { sub: 'member-1', name: '  ' }, { audience: space.id }), /"name"/],
      ['not signed at all', `${header}.${payload}.`, /not a valid JWT|HS256|not signed/],
      ['not a JWT', 'hello', /not a valid JWT/],
    ];
    for (const [what, token, message] of cases) {
      const answer = await login(space.id, token);
      expect(answer.status, what).toBe(401);
      expect(answer.body.error.code, what).toBe('unauthorized');
      expect(answer.body.error.message, what).toMatch(message);
    }
    const bad = await login(space.id, 42);
    expect(bad.status).toBe(422);
    expect((await call(running.url, `/api/spaces/${space.id}/host-login`, { body: {} })).status).toBe(422);

    expect(await running.server.db.selectFrom('host_logins').selectAll().where('space_id', '=', space.id).execute()).toEqual([]);
    expect(await running.server.db.selectFrom('profiles').selectAll().where('space_id', '=', space.id).execute()).toEqual([]);
  });

  it('needs a secret made with the facilitator key; a new one retires the old', async () => {
    const { space, adminKey } = await makeSpace(running.server);
    const none = await login(space.id, await hostToken('whatever-secret-whatever-secret!', { sub: 'u', name: 'U' }, { audience: space.id }));
    expect(none.status).toBe(401);
    expect(none.body.error.message).toMatch(/no integration secret/);

    expect((await call(running.url, `/api/spaces/${space.id}/integration-secret`, { method: 'POST' })).status).toBe(401);
    expect((await call(running.url, `/api/spaces/${space.id}/integration-secret`, { method: 'POST', key: 'wrong' })).status).toBe(403);
    const first = (await call(running.url, `/api/spaces/${space.id}/integration-secret`, { method: 'POST', key: adminKey })).body.secret;
    const second = (await call(running.url, `/api/spaces/${space.id}/integration-secret`, { method: 'POST', key: adminKey })).body.secret;
    expect(first).not.toBe(second);
    expect((await login(space.id, await hostToken(first, { sub: 'u', name: 'U' }, { audience: space.id }))).status).toBe(401);
    expect((await login(space.id, await hostToken(second, { sub: 'u', name: 'U' }, { audience: space.id }))).status).toBe(200);

    // Kept sealed: the stored value is not the secret, and does not contain it.
    const row = await running.server.db.selectFrom('integration_secrets').selectAll().where('space_id', '=', space.id).executeTakeFirstOrThrow();
    expect(row.sealed).not.toContain(second);
  });

  it('keeps working after a restart on the same data file', async () => {
    const restarted = await startServer();
    const { space, adminKey } = await makeSpace(restarted.server);
    const secret = (await call(restarted.url, `/api/spaces/${space.id}/integration-secret`, { method: 'POST', key: adminKey })).body.secret;
    await restarted.close();
    const again = await startServer({ dataFile: restarted.dataFile });
    try {
      const token = await hostToken(secret, { sub: 'member-9', name: 'Aino' }, { audience: space.id });
      const answer = await call(again.url, `/api/spaces/${space.id}/host-login`, { body: { token } });
      expect(answer.status).toBe(200);
    } finally {
      await again.close();
    }
  });
});
