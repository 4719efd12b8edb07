import { type JSONWebKeySet, type JWTHeaderParameters, SignJWT, decodeProtectedHeader, errors, generateKeyPair, importJWK, jwtVerify } from 'jose';
import { OB3_CONTEXT, STATUS_LIST_LENGTH, type BadgeAward, type OpenBadgeCredential } from '@tori/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { badgeBody, castVote, eventually, myBadges, spaceWithBadge, statusBit, SVG_IMAGE } from './badge-helpers.js';
import { type Running, call, makeSpace, newParticipant, removeTempDirs, startServer } from './helpers.js';

let running: Running;
/** The badges' clock runs this far ahead of the real one: expiry is tested by moving it. */
let clockAhead = 0;

beforeAll(async () => {
  running = await startServer({ clock: () => new Date(Date.now() + clockAhead) });
});
afterAll(async () => {
  await running.close();
  removeTempDirs();
});

const jwks = async (): Promise<JSONWebKeySet> => (await call(running.url, '/.well-known/jwks.json')).body;

/** As an OB 3.0 verifier finds the key: `kid` is a URL to dereference, its fragment the key's id in the set there. */
async function keyOf(header: JWTHeaderParameters) {
  const url = new URL(header.kid!);
  const fragment = url.hash.slice(1);
  url.hash = '';
  const set = (await (await fetch(url)).json()) as JSONWebKeySet;
  const jwk = set.keys.find((key) => key.kid === fragment);
  if (!jwk) throw new Error(`no key ${fragment} at ${url.href}`);
  return importJWK(jwk, 'ES256');
}

async function verified(jwt: string, currentDate?: Date) {
  return jwtVerify<OpenBadgeCredential>(jwt, keyOf, { algorithms: ['ES256'], ...(currentDate ? { currentDate } : {}) });
}

const awardsOf = (spaceId: string) => running.server.db.selectFrom('badge_awards').selectAll().where('space_id', '=', spaceId).execute();

async function statusList(spaceId: string) {
  const answer = await call(running.url, `/api/spaces/${spaceId}/status-list`);
  expect(answer.status).toBe(200);
  expect(answer.headers.get('content-type')).toBe('application/vc+jwt');
  const { payload } = await jwtVerify<{ type: string[]; issuer: string; credentialSubject: { encodedList: string } }>(answer.body, keyOf);
  return payload;
}

const indexOf = (award: BadgeAward) => Number((JSON.parse(Buffer.from(award.jwt.split('.')[1]!, 'base64url').toString()) as OpenBadgeCredential).credentialStatus.statusListIndex);

describe('badge definitions', () => {
  it('are created (201) and changed (200) with the key, and listed to participants with their progress', async () => {
    const { spaceId, adminKey, badge } = await spaceWithBadge(running);
    expect(badge).toMatchObject({ id: 'aanestaja', spaceId, name: 'Äänestäjä', imageAlt: 'Äänestäjä', validForDays: null, active: true });
    expect(badge.achievementId).toBe(`${running.url}/api/spaces/${spaceId}/badges/aanestaja/achievement`);
    const changed = await call(running.url, `/api/spaces/${spaceId}/badges/aanestaja`, {
      method: 'PUT',
      body: badgeBody({ name: 'Vertailija', imageAlt: 'Sininen ympyrä', validForDays: 365 }),
      key: adminKey,
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ name: 'Vertailija', imageAlt: 'Sininen ympyrä', validForDays: 365, createdAt: badge.createdAt });

    const { token } = await newParticipant(running.url);
    await castVote(running.url, spaceId, token);
    const mine = await myBadges(running.url, spaceId, token);
    expect(mine.issuer).toMatchObject({ id: `${running.url}/api/spaces/${spaceId}/issuer`, type: ['Profile'], name: 'Test space' });
    expect(mine.badges.map((b) => b.name)).toEqual(['Vertailija']);
    expect(mine.progress).toEqual([{ badgeId: 'aanestaja', rules: [{ kind: 'duel_votes', count: 3, done: 1 }], earned: false }]);
    expect(mine.awards).toEqual([]);
  });

  it('take an image of up to the limit as a data URL', async () => {
    const { spaceId, adminKey } = await spaceWithBadge(running);
    const image = `data:image/png;base64,${'A'.repeat(95_000)}`;
    const put = await call(running.url, `/api/spaces/${spaceId}/badges/iso-kuva`, { method: 'PUT', body: badgeBody({ image }), key: adminKey });
    expect(put.status, JSON.stringify(put.body).slice(0, 300)).toBe(201);
  });

  it('refuse bad bodies and ids with a 4xx naming the problem, storing nothing', async () => {
    const { spaceId, adminKey } = await spaceWithBadge(running);
    const before = await running.server.db.selectFrom('badges').selectAll().where('space_id', '=', spaceId).execute();
    const cases: [string, unknown, number, RegExp][] = [
      ['ok-id', { ...badgeBody(), rules: [{ kind: 'likes', count: 2 }] }, 422, /rule kind must be one of/],
      ['ok-id', { ...badgeBody(), image: 'http://evil.example/x.png' }, 422, /image must be an https: address/],
      ['ok-id', { ...badgeBody(), validForDays: -1 }, 422, /validForDays/],
      ['ok-id', { ...badgeBody(), extra: 1 }, 422, /extra/],
      ['Not_An_Id', badgeBody(), 400, /badge id/],
    ];
    for (const [id, body, status, message] of cases) {
      const answer = await call(running.url, `/api/spaces/${spaceId}/badges/${id}`, { method: 'PUT', body, key: adminKey });
      expect(answer.status, JSON.stringify(answer.body)).toBe(status);
      expect(JSON.stringify(answer.body.error)).toMatch(message);
    }
    const tooLarge = await call(running.url, `/api/spaces/${spaceId}/badges/ok-id`, {
      method: 'PUT',
      body: badgeBody({ image: `data:image/png;base64,${'A'.repeat(200_000)}` }),
      key: adminKey,
    });
    expect(tooLarge.status).toBe(413);
    expect(await running.server.db.selectFrom('badges').selectAll().where('space_id', '=', spaceId).execute()).toEqual(before);
  });

  it('are refused without the key, with a wrong key, another space\'s key or a participant token', async () => {
    const { spaceId } = await spaceWithBadge(running);
    const other = await makeSpace(running.server);
    const { token } = await newParticipant(running.url);
    const path = `/api/spaces/${spaceId}/badges/toinen`;
    expect((await call(running.url, path, { method: 'PUT', body: badgeBody() })).status).toBe(401);
    expect((await call(running.url, path, { method: 'PUT', body: badgeBody(), key: 'x'.repeat(43) })).status).toBe(403);
    expect((await call(running.url, path, { method: 'PUT', body: badgeBody(), key: other.adminKey })).status).toBe(403);
    expect((await call(running.url, path, { method: 'PUT', body: badgeBody(), token })).status).toBe(401);
    expect(await running.server.db.selectFrom('badges').selectAll().where('id', '=', 'toinen').execute()).toEqual([]);
  });
});

describe('earning by the rules', () => {
  it('issues the badge at the vote that meets the rule, once, and tells only what the credential says', async () => {
    const { spaceId } = await spaceWithBadge(running);
    const { token, participantId } = await newParticipant(running.url);
    await castVote(running.url, spaceId, token);
    await castVote(running.url, spaceId, token);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await awardsOf(spaceId)).toEqual([]);
    await castVote(running.url, spaceId, token);
    const mine = await eventually(() => myBadges(running.url, spaceId, token), (m) => m.awards.length > 0, 'the badge after the third vote');
    const [award] = mine.awards;
    expect(award).toMatchObject({ badgeId: 'aanestaja', how: 'earned', reason: null, status: 'active', validUntil: null, evidence: ['Cast 3 duel votes'] });
    expect(award!.credentialId).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
    expect(mine.progress[0]).toEqual({ badgeId: 'aanestaja', rules: [{ kind: 'duel_votes', count: 3, done: 3 }], earned: true });

    await castVote(running.url, spaceId, token);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const rows = await awardsOf(spaceId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ participant_id: participantId, holder_id: participantId, how: 'earned' });
  });

  it('counts reflected modules as the journal does, and the discussions posted in, for the course badge', async () => {
    const { space, adminKey } = await makeSpace(running.server, { ideas: [] });
    const base = `/api/spaces/${space.id}`;
    const journal = {
      modules: [
        { id: 'm1', title: 'Moduuli 1', prompts: [{ id: 'm1-a', text: 'Mitä opit?' }, { id: 'm1-b', text: 'Mitä kokeilet?' }] },
        { id: 'm2', title: 'Moduuli 2', prompts: [{ id: 'm2-a', text: 'Mikä yllätti?' }] },
        { id: 'm3', title: 'Moduuli 3', prompts: [{ id: 'm3-a', text: 'Mitä jäi mieleen?' }] },
      ],
      facilitatorsCanRead: false,
    };
    expect((await call(running.url, `${base}/journal`, { method: 'PUT', body: journal, key: adminKey })).status).toBe(200);
    for (const topic of ['moduuli-1', 'moduuli-2']) {
      expect((await call(running.url, `${base}/topics/${topic}`, { method: 'PUT', body: { title: topic }, key: adminKey })).status).toBe(201);
    }
    const put = await call(running.url, `${base}/badges/osaaja`, {
      method: 'PUT',
      key: adminKey,
      body: badgeBody({ name: 'Digitaalinen osaaja', rules: [{ kind: 'reflected_modules', count: 2 }, { kind: 'discussion_topics', count: 2 }] }),
    });
    expect(put.status).toBe(201);

    const aino = await newParticipant(running.url);
    await call(running.url, `${base}/profile`, { method: 'PUT', body: { displayName: 'Aino Virtanen' }, token: aino.token });
    const reflect = (promptId: string, body: string) =>
      call(running.url, `${base}/journal/reflections/${promptId}`, { method: 'PUT', body: { body, baseRevision: 0 }, token: aino.token });
    const post = (topic: string, body: string) => call(running.url, `${base}/topics/${topic}/posts`, { body: { body }, token: aino.token });

    expect((await reflect('m1-a', 'Opin paljon.')).status).toBe(200);
    expect((await reflect('m2-a', '')).status).toBe(200); // an empty reflection is no reflection
    expect((await post('moduuli-1', 'Hei kaikki!')).status).toBe(201);
    expect((await post('moduuli-1', 'Vielä yksi.')).status).toBe(201);
    expect((await post('moduuli-2', 'Moi!')).status).toBe(201);
    const half = await eventually(
      () => myBadges(running.url, space.id, aino.token),
      (m) => m.progress[0]!.rules[1]!.done === 2,
      'two discussions counted',
    );
    // m1 has two prompts and only one is written; m2's reflection is empty.
    expect(half.progress[0]!.rules).toEqual([
      { kind: 'reflected_modules', count: 2, done: 0 },
      { kind: 'discussion_topics', count: 2, done: 2 },
    ]);
    expect((await reflect('m1-b', 'Kokeilen kyselyä.')).status).toBe(200);
    expect((await reflect('m3-a', 'Talous.')).status).toBe(200);
    const mine = await eventually(() => myBadges(running.url, space.id, aino.token), (m) => m.awards.length > 0, 'the course badge');
    expect(mine.awards[0]!.evidence).toEqual(['Reflected on 2 of 3 modules', 'Posted in 2 discussions']);
    const { payload } = await verified(mine.awards[0]!.jwt);
    expect(payload.credentialSubject.identifier).toEqual([{ type: 'IdentityObject', identityType: 'name', hashed: false, identityHash: 'Aino Virtanen' }]);
    expect(payload.evidence!.map((e) => e.narrative)).toEqual(['Reflected on 2 of 3 modules', 'Posted in 2 discussions']);
  });

  it('evaluates everyone with activity when the rules change, and the answer comes once they are issued', async () => {
    const { spaceId, adminKey } = await spaceWithBadge(running, badgeBody({ rules: [{ kind: 'duel_votes', count: 5 }] }));
    const voters = [await newParticipant(running.url), await newParticipant(running.url), await newParticipant(running.url)];
    for (const [i, voter] of voters.entries()) for (let n = 0; n <= i; n++) await castVote(running.url, spaceId, voter.token);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await awardsOf(spaceId)).toEqual([]);
    const put = await call(running.url, `/api/spaces/${spaceId}/badges/aanestaja`, {
      method: 'PUT',
      body: badgeBody({ rules: [{ kind: 'duel_votes', count: 2 }] }),
      key: adminKey,
    });
    expect(put.status).toBe(200);
    const holders = (await awardsOf(spaceId)).map((row) => row.participant_id).sort();
    expect(holders).toEqual([voters[1]!.participantId, voters[2]!.participantId].sort());
  });

  it('does not issue an inactive badge, nor one without rules', async () => {
    const { spaceId } = await spaceWithBadge(running, badgeBody({ rules: [{ kind: 'duel_votes', count: 1 }], active: false }));
    const { token } = await newParticipant(running.url);
    await castVote(running.url, spaceId, token);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await awardsOf(spaceId)).toEqual([]);
    expect((await myBadges(running.url, spaceId, token)).badges).toEqual([]);
  });

  it('issues one award when many activities of one participant meet the rule at once', async () => {
    const { spaceId } = await spaceWithBadge(running, badgeBody({ rules: [{ kind: 'ideas_posted', count: 2 }] }));
    const { token } = await newParticipant(running.url);
    const posted = await Promise.all(
      Array.from({ length: 8 }, (_, i) => call(running.url, `/api/spaces/${spaceId}/ideas`, { body: { text: `Ehdotus numero ${i + 1}` }, token })),
    );
    expect(posted.map((p) => p.status)).toEqual(Array(8).fill(201));
    await eventually(() => awardsOf(spaceId), (rows) => rows.length > 0, 'the ideas badge');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await awardsOf(spaceId)).toHaveLength(1);
  });
});

describe('awards by hand and revocation', () => {
  it('award with a reason, refuse a second while it stands, revoke with a reason, and award again', async () => {
    const { spaceId, adminKey } = await spaceWithBadge(running, badgeBody({ rules: [] }), 'lahipaiva');
    const { participantId, token } = await newParticipant(running.url);
    const awards = `/api/spaces/${spaceId}/badges/lahipaiva/awards`;
    const given = await call<BadgeAward>(running.url, awards, { body: { participantId, reason: 'Osallistui lähipäivään.' }, key: adminKey });
    expect(given.status).toBe(201);
    expect(given.body).toMatchObject({ how: 'awarded', reason: 'Osallistui lähipäivään.', status: 'active', evidence: ['Awarded by the issuer: Osallistui lähipäivään.'] });
    const again = await call(running.url, awards, { body: { participantId, reason: 'Uudestaan.' }, key: adminKey });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toContain('already holds');

    const revokePath = `/api/spaces/${spaceId}/awards/${encodeURIComponent(given.body.credentialId)}/revoke`;
    const revoked = await call<BadgeAward>(running.url, revokePath, { body: { reason: 'Myönnetty väärälle henkilölle.' }, key: adminKey });
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ status: 'revoked', revokedReason: 'Myönnetty väärälle henkilölle.' });
    expect((await call(running.url, revokePath, { body: { reason: 'Toisen kerran.' }, key: adminKey })).status).toBe(409);

    const reawarded = await call<BadgeAward>(running.url, awards, { body: { participantId, reason: 'Korjattu.' }, key: adminKey });
    expect(reawarded.status).toBe(201);
    expect(reawarded.body.credentialId).not.toBe(given.body.credentialId);
    expect(indexOf(reawarded.body)).not.toBe(indexOf(given.body));
    const mine = await myBadges(running.url, spaceId, token);
    expect(mine.awards.map((a) => a.status)).toEqual(['active', 'revoked']);
    expect(mine.progress[0]!.earned).toBe(true);
  });

  it('answer 404 for an unknown participant, badge or credential, and refuse bad bodies, issuing nothing', async () => {
    const { spaceId, adminKey } = await spaceWithBadge(running);
    const { participantId } = await newParticipant(running.url);
    const awards = `/api/spaces/${spaceId}/badges/aanestaja/awards`;
    expect((await call(running.url, awards, { body: { participantId: 'nobody1234', reason: 'Syy.' }, key: adminKey })).status).toBe(404);
    expect((await call(running.url, `/api/spaces/${spaceId}/badges/ei-ole/awards`, { body: { participantId, reason: 'Syy.' }, key: adminKey })).status).toBe(404);
    expect((await call(running.url, awards, { body: { participantId }, key: adminKey })).status).toBe(422);
    expect((await call(running.url, awards, { body: { participantId, reason: 'x'.repeat(501) }, key: adminKey })).status).toBe(422);
    const unknown = `/api/spaces/${spaceId}/awards/urn:uuid:00000000-0000-4000-8000-000000000000/revoke`;
    expect((await call(running.url, unknown, { body: { reason: 'Syy.' }, key: adminKey })).status).toBe(404);
    expect((await call(running.url, `/api/spaces/${spaceId}/awards/not-a-uuid/revoke`, { body: { reason: 'Syy.' }, key: adminKey })).status).toBe(400);
    expect(await awardsOf(spaceId)).toEqual([]);
  });

  it('refuse a forged award request: no key, a wrong key, another space\'s key, a participant token', async () => {
    const { spaceId } = await spaceWithBadge(running);
    const other = await makeSpace(running.server);
    const { participantId, token } = await newParticipant(running.url);
    const awards = `/api/spaces/${spaceId}/badges/aanestaja/awards`;
    const body = { participantId, reason: 'Itse myönnetty.' };
    const attempts = [
      await call(running.url, awards, { body }),
      await call(running.url, awards, { body, key: 'väärä-avain-joka-on-pitkä-mutta-väärä' }),
      await call(running.url, awards, { body, key: other.adminKey }),
      await call(running.url, awards, { body, token }),
      await call(running.url, awards, { body, token, headers: { 'x-tori-key': token } }),
    ];
    expect(attempts.map((a) => a.status)).toEqual([401, 403, 403, 401, 403]);
    for (const attempt of attempts) expect(attempt.body.error.message).toMatch(/facilitator key/);
    expect(await awardsOf(spaceId)).toEqual([]);
  });

  it('let two awards by hand at once end with one standing and one 409', async () => {
    const { spaceId, adminKey } = await spaceWithBadge(running, badgeBody({ rules: [] }), 'kasin');
    const { participantId } = await newParticipant(running.url);
    const answers = await Promise.all(
      Array.from({ length: 4 }, () => call(running.url, `/api/spaces/${spaceId}/badges/kasin/awards`, { body: { participantId, reason: 'Syy.' }, key: adminKey })),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409, 409]);
    expect(await awardsOf(spaceId)).toHaveLength(1);
  });

  it('are not re-earned by the rules after a revocation', async () => {
    const { spaceId, adminKey } = await spaceWithBadge(running, badgeBody({ rules: [{ kind: 'duel_votes', count: 1 }] }));
    const { token } = await newParticipant(running.url);
    await castVote(running.url, spaceId, token);
    const [earned] = (await eventually(() => myBadges(running.url, spaceId, token), (m) => m.awards.length > 0, 'earned')).awards;
    await call(running.url, `/api/spaces/${spaceId}/awards/${earned!.credentialId}/revoke`, { body: { reason: 'Testi.' }, key: adminKey });
    await castVote(running.url, spaceId, token);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await myBadges(running.url, spaceId, token)).awards.map((a) => a.status)).toEqual(['revoked']);
  });

  it('list everyone with activity in the roster, with names, progress and awards but no credentials', async () => {
    const { spaceId, adminKey } = await spaceWithBadge(running);
    const aino = await newParticipant(running.url);
    const eero = await newParticipant(running.url);
    await call(running.url, `/api/spaces/${spaceId}/profile`, { method: 'PUT', body: { displayName: 'Aino' }, token: aino.token });
    for (let i = 0; i < 3; i++) await castVote(running.url, spaceId, aino.token);
    await castVote(running.url, spaceId, eero.token);
    await eventually(() => awardsOf(spaceId), (rows) => rows.length === 1, 'Aino earns');
    const roster = await call(running.url, `/api/spaces/${spaceId}/badges/roster`, { key: adminKey });
    expect(roster.status).toBe(200);
    expect(roster.body.participants).toHaveLength(2);
    const [first, second] = roster.body.participants;
    expect(first).toMatchObject({ participantId: aino.participantId, displayName: 'Aino', progress: [{ earned: true }] });
    expect(first.awards[0]).not.toHaveProperty('jwt');
    expect(second).toMatchObject({ participantId: eero.participantId, displayName: null, awards: [], progress: [{ rules: [{ done: 1 }], earned: false }] });
    expect((await call(running.url, `/api/spaces/${spaceId}/badges/roster`, { token: aino.token })).status).toBe(401);
  });
});

describe('the credential', () => {
  async function earnedCredential(body = badgeBody({ rules: [{ kind: 'duel_votes', count: 1 }] })) {
    const setup = await spaceWithBadge(running, body);
    const participant = await newParticipant(running.url);
    await castVote(running.url, setup.spaceId, participant.token);
    const mine = await eventually(() => myBadges(running.url, setup.spaceId, participant.token), (m) => m.awards.length > 0, 'earned');
    return { ...setup, ...participant, award: mine.awards[0]!, mine };
  }

  it('is an OpenBadgeCredential signed ES256 by the key the server publishes, with the OB 3.0 shape and claims', async () => {
    const { spaceId, award, mine } = await earnedCredential();
    const header = decodeProtectedHeader(award.jwt);
    const keys = await jwks();
    expect(keys.keys).toHaveLength(1);
    expect(header).toEqual({ alg: 'ES256', typ: 'JWT', kid: `${running.url}/.well-known/jwks.json#${keys.keys[0]!.kid}` });
    const { payload } = await verified(award.jwt);
    const issuer = `${running.url}/api/spaces/${spaceId}/issuer`;
    expect(payload['@context']).toEqual([...OB3_CONTEXT]);
    expect(payload.type).toEqual(['VerifiableCredential', 'OpenBadgeCredential']);
    expect(payload).not.toHaveProperty('vc');
    expect(payload.id).toBe(award.credentialId);
    expect(payload.issuer).toEqual({ id: issuer, type: ['Profile'], name: 'Test space' });
    expect(payload.iss).toBe(issuer);
    expect(payload.jti).toBe(award.credentialId);
    expect(payload.sub).toBe(payload.credentialSubject.id);
    expect(payload.credentialSubject.id).toMatch(/^urn:uuid:/);
    expect(payload.nbf).toBe(Math.floor(Date.parse(award.issuedAt) / 1000));
    expect(payload.validFrom).toBe(award.issuedAt);
    expect(payload).not.toHaveProperty('exp');
    expect(payload.credentialSubject.achievement).toMatchObject({ id: mine.badges[0]!.achievementId, type: ['Achievement'], name: 'Äänestäjä', criteria: { narrative: 'Äänestä kolmesti.' }, image: { id: SVG_IMAGE, type: 'Image' } });
    expect(payload.credentialStatus).toMatchObject({
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListCredential: `${running.url}/api/spaces/${spaceId}/status-list`,
    });
    const index = Number(payload.credentialStatus.statusListIndex);
    expect(index).toBeGreaterThanOrEqual(0);
    expect(index).toBeLessThan(STATUS_LIST_LENGTH);

    // The public documents it points to answer what it says.
    const achievement = await call(running.url, new URL(mine.badges[0]!.achievementId).pathname);
    expect(achievement.body).toEqual(payload.credentialSubject.achievement);
    const profile = await call(running.url, new URL(issuer).pathname);
    expect(profile.body).toMatchObject({ id: issuer, type: ['Profile'], name: 'Test space' });
    const fetched = await call(running.url, new URL(award.credentialUrl).pathname);
    expect(fetched.status).toBe(200);
    expect(fetched.headers.get('content-type')).toBe('application/vc+jwt');
    expect(fetched.body).toBe(award.jwt);
  });

  it('carries the issuer the facilitator set, and validUntil and exp from the badge\'s validity', async () => {
    const setup = await spaceWithBadge(running, badgeBody({ rules: [{ kind: 'duel_votes', count: 1 }], validForDays: 30 }));
    const issuerAnswer = await call(running.url, `/api/spaces/${setup.spaceId}/issuer`, {
      method: 'PUT',
      body: { name: 'Kylätoimintayhdistys ry', url: 'https://www.example.fi/', email: 'kurssi@example.fi' },
      key: setup.adminKey,
    });
    expect(issuerAnswer.status).toBe(200);
    expect(issuerAnswer.body).toMatchObject({ name: 'Kylätoimintayhdistys ry', url: 'https://www.example.fi/', email: 'kurssi@example.fi' });
    const { token } = await newParticipant(running.url);
    await castVote(running.url, setup.spaceId, token);
    const [award] = (await eventually(() => myBadges(running.url, setup.spaceId, token), (m) => m.awards.length > 0, 'earned')).awards;
    const { payload } = await verified(award!.jwt);
    expect(payload.issuer).toMatchObject({ name: 'Kylätoimintayhdistys ry', url: 'https://www.example.fi/' });
    expect(Date.parse(award!.validUntil!) - Date.parse(award!.issuedAt)).toBe(30 * 86_400_000);
    expect(payload.validUntil).toBe(award!.validUntil);
    expect(payload.exp).toBe(Math.floor(Date.parse(award!.validUntil!) / 1000));
  });

  it('fails verification with one changed byte, in the payload or the signature', async () => {
    const { award } = await earnedCredential();
    const [head, body, signature] = award.jwt.split('.') as [string, string, string];
    const json = Buffer.from(body, 'base64url').toString();
    const forgedBody = Buffer.from(json.replace('"Äänestäjä"', '"Äänestäjä!"')).toString('base64url');
    const flip = (text: string, at: number) => text.slice(0, at) + (text[at] === 'A' ? 'B' : 'A') + text.slice(at + 1);
    for (const tampered of [`${head}.${forgedBody}.${signature}`, `${head}.${body}.${flip(signature, 10)}`, `${head}.${flip(body, 40)}.${signature}`]) {
      await expect(verified(tampered)).rejects.toBeInstanceOf(errors.JWSSignatureVerificationFailed);
    }
  });

  it('fails verification when signed by another key that claims the server\'s kid', async () => {
    const { award } = await earnedCredential();
    const { privateKey } = await generateKeyPair('ES256');
    const payload = JSON.parse(Buffer.from(award.jwt.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
    const forged = await new SignJWT(payload).setProtectedHeader(decodeProtectedHeader(award.jwt) as { alg: string }).sign(privateKey);
    await expect(verified(forged)).rejects.toBeInstanceOf(errors.JWSSignatureVerificationFailed);
  });

  it('shows as expired once validUntil has passed, and fails verification then', async () => {
    const { spaceId, token, award } = await earnedCredential(badgeBody({ rules: [{ kind: 'duel_votes', count: 1 }], validForDays: 1 }));
    expect(award.status).toBe('active');
    await verified(award.jwt);
    clockAhead = 2 * 86_400_000;
    try {
      const mine = await myBadges(running.url, spaceId, token);
      expect(mine.awards[0]!.status).toBe('expired');
      expect(mine.progress[0]!.earned).toBe(false);
      await expect(verified(award.jwt, new Date(Date.now() + clockAhead))).rejects.toBeInstanceOf(errors.JWTExpired);
    } finally {
      clockAhead = 0;
    }
  });

  it('is marked revoked on the signed status list once revoked, and only its own bit is', async () => {
    const { spaceId, adminKey, award } = await earnedCredential();
    const index = indexOf(award);
    const before = await statusList(spaceId);
    expect(before).toMatchObject({ type: ['VerifiableCredential', 'BitstringStatusListCredential'], issuer: `${running.url}/api/spaces/${spaceId}/issuer` });
    expect(statusBit(before.credentialSubject.encodedList, index)).toBe(false);
    const revoke = await call(running.url, `/api/spaces/${spaceId}/awards/${award.credentialId}/revoke`, { body: { reason: 'Peruttu.' }, key: adminKey });
    expect(revoke.status).toBe(200);
    const after = await statusList(spaceId);
    expect(statusBit(after.credentialSubject.encodedList, index)).toBe(true);
    const bits = Buffer.from(after.credentialSubject.encodedList.slice(1), 'base64url');
    const { gunzipSync } = await import('node:zlib');
    const raw = gunzipSync(bits);
    expect(raw.length * 8).toBe(STATUS_LIST_LENGTH);
    expect(raw.reduce((sum, byte) => sum + popcount(byte), 0)).toBe(1);
  });

  it('never shows the private key: no "d" in any answer', async () => {
    const { spaceId, adminKey, token, participantId, award } = await earnedCredential();
    const answers = [
      await call(running.url, '/.well-known/jwks.json'),
      await call(running.url, `/api/spaces/${spaceId}/issuer`),
      await call(running.url, `/api/spaces/${spaceId}/badges`, { token }),
      await call(running.url, `/api/spaces/${spaceId}/badges/roster`, { key: adminKey }),
      await call(running.url, `/api/spaces/${spaceId}/status-list`),
      await call(running.url, new URL(award.credentialUrl).pathname),
      await call(running.url, `/api/spaces/${spaceId}/awards/${award.credentialId}/revoke`, { body: { reason: 'Pois.' }, key: adminKey }),
      await call(running.url, `/api/spaces/${spaceId}/badges/aanestaja/awards`, { body: { participantId, reason: 'Takaisin.' }, key: adminKey }),
    ];
    const key = await running.server.db.selectFrom('signing_keys').selectAll().executeTakeFirstOrThrow();
    const d = (JSON.parse(key.private_jwk) as { d: string }).d;
    for (const answer of answers) {
      expect(answer.status).toBeLessThan(300);
      const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
      expect(text).not.toContain('"d"');
      expect(text).not.toContain(d);
      // Inside the JWTs too.
      for (const part of text.match(/[\w-]{20,}\.[\w-]{20,}\.[\w-]{20,}/g) ?? []) {
        expect(Buffer.from(part.split('.')[1]!, 'base64url').toString()).not.toContain(d);
      }
    }
    expect(answers[0]!.body.keys[0]).toEqual({ kty: 'EC', crv: 'P-256', x: expect.any(String), y: expect.any(String), kid: expect.any(String), alg: 'ES256', use: 'sig' });
  });

  it('documents are public: no token, any origin, cacheable; a missing one is a 404', async () => {
    const { spaceId, award, mine } = await earnedCredential();
    for (const path of ['/.well-known/jwks.json', `/api/spaces/${spaceId}/issuer`, new URL(mine.badges[0]!.achievementId).pathname, `/api/spaces/${spaceId}/status-list`, new URL(award.credentialUrl).pathname]) {
      const answer = await call(running.url, path, { origin: 'https://verifier.example' });
      expect(answer.status, path).toBe(200);
      expect(answer.headers.get('access-control-allow-origin'), path).toBe('*');
      expect(answer.headers.get('cache-control'), path).toMatch(/^public, max-age=\d+$/);
    }
    expect((await call(running.url, `/api/spaces/${spaceId}/credentials/00000000-0000-4000-8000-000000000000`)).status).toBe(404);
    expect((await call(running.url, `/api/spaces/${spaceId}/badges/ei-ole/achievement`)).status).toBe(404);
    expect((await call(running.url, `/api/spaces/ei-ole-tila/issuer`)).status).toBe(404);
  });
});

function popcount(byte: number): number {
  let n = 0;
  for (let b = byte; b; b >>= 1) n += b & 1;
  return n;
}

describe('the course space of the demo', () => {
  it('offers the competence badge and a first-reflection badge, issued by the course\'s association', async () => {
    const seeded = await startServer({ seedDemo: true });
    try {
      const { token } = await newParticipant(seeded.url);
      const mine = await myBadges(seeded.url, 'kurssi', token);
      expect(mine.issuer.name).toBe('Kylät yhdessä ry');
      expect(mine.badges.map((b) => [b.id, b.name, b.rules])).toEqual([
        ['digitaalinen-osaaja', 'Digitaalinen osaaja', [{ kind: 'reflected_modules', count: 5 }, { kind: 'discussion_topics', count: 3 }]],
        ['ensimmainen-pohdinta', 'Ensimmäinen pohdinta', [{ kind: 'reflected_modules', count: 1 }]],
      ]);
      expect(mine.badges[0]!.image).toMatch(/^data:image\/svg\+xml;base64,/);
      expect(Buffer.from(mine.badges[0]!.image.split(',')[1]!, 'base64').toString()).toContain('<svg');
      // Three discussions to take part in, so the competence badge can be earned.
      expect((await call(seeded.url, '/api/spaces/kurssi/topics')).body.topics.map((t: { id: string }) => t.id).sort()).toEqual(['moduuli-1', 'moduuli-2', 'moduuli-3']);
      for (const promptId of ['m1-mukaan', 'm1-toive']) {
        const saved = await call(seeded.url, `/api/spaces/kurssi/journal/reflections/${promptId}`, { method: 'PUT', body: { body: 'Pohdintani.', baseRevision: 0 }, token });
        expect(saved.status).toBe(200);
      }
      const earned = await eventually(() => myBadges(seeded.url, 'kurssi', token), (m) => m.awards.length > 0, 'the first reflection badge');
      expect(earned.awards.map((a) => [a.badgeId, a.evidence])).toEqual([['ensimmainen-pohdinta', ['Reflected on 1 of 6 modules']]]);
    } finally {
      await seeded.close();
    }
    const again = await startServer({ seedDemo: true, dataFile: seeded.dataFile });
    try {
      expect(await again.server.db.selectFrom('badges').select('id').where('space_id', '=', 'kurssi').execute()).toHaveLength(2);
    } finally {
      await again.close();
    }
  });
});
