import { SignJWT } from 'jose';
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

const JOURNAL = {
  modules: [
    {
      id: 'webinar-1',
      title: 'Webinaari 1: Yhdistyksen tarkoitus',
      topicId: 'webinar-1',
      prompts: [
        { id: 'w1-learned', text: 'Mitä opit tänään?' },
        { id: 'w1-next', text: 'Mitä kokeilet omassa yhdistyksessäsi?' },
      ],
    },
    { id: 'webinar-2', title: 'Webinaari 2: Jäsenet', prompts: [{ id: 'w2-learned', text: 'Mikä yllätti?' }] },
    { id: 'webinar-3', title: 'Webinaari 3: Talous', prompts: [{ id: 'w3-learned', text: 'Mitä jäi mieleen?' }] },
  ],
  facilitatorsCanRead: false,
};

async function courseSpace(journal: Record<string, unknown> = JOURNAL) {
  const made = await makeSpace(running.server, { ideas: [] });
  const defined = await call(running.url, `/api/spaces/${made.space.id}/journal`, { method: 'PUT', body: journal, key: made.adminKey });
  expect(defined.status, JSON.stringify(defined.body)).toBe(200);
  return { spaceId: made.space.id, adminKey: made.adminKey, journal: defined.body };
}

const journalPath = (spaceId: string, rest = '') => `/api/spaces/${spaceId}/journal${rest}`;
const mine = (spaceId: string, token?: string) => call(running.url, journalPath(spaceId), { token });
const save = (spaceId: string, promptId: string, body: unknown, token?: string) =>
  call(running.url, journalPath(spaceId, `/reflections/${promptId}`), { method: 'PUT', body, token });
const reading = (spaceId: string, key?: string, token?: string) =>
  call(running.url, journalPath(spaceId, '/reflections'), { key, token });
const progress = (spaceId: string, key?: string) => call(running.url, journalPath(spaceId, '/progress'), { key });
const exported = (spaceId: string, token?: string) => call(running.url, journalPath(spaceId, '/export'), { token });

const storedReflections = (spaceId: string) =>
  running.server.db.selectFrom('reflections').selectAll().where('space_id', '=', spaceId).execute();

/** A token that looks like the server's but was signed with another secret (someone guessing at the format). */
async function forgedToken(participantId: string): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(participantId)
    .setAudience('tori:participant')
    .setIssuedAt()
    .sign(new TextEncoder().encode('not-the-secret-of-this-server-but-long-enough'));
}

/** The participant's own token with its subject swapped for another participant's, signature left as it was. */
function alteredToken(token: string, participantId: string): string {
  const [header, , signature] = token.split('.');
  const payload = Buffer.from(JSON.stringify({ sub: participantId, aud: 'tori:participant', iat: 1 })).toString('base64url');
  return `${header}.${payload}.${signature}`;
}

describe('the facilitator defines the journal', () => {
  it('stores modules and prompts with the key, and every participant sees them with no reflections yet', async () => {
    const { spaceId, journal } = await courseSpace();
    expect(journal).toEqual({
      modules: [
        { ...JOURNAL.modules[0], topicId: 'webinar-1' },
        { ...JOURNAL.modules[1], topicId: null },
        { ...JOURNAL.modules[2], topicId: null },
      ],
      facilitatorsCanRead: false,
      open: true,
    });
    const { token } = await newParticipant(running.url);
    const answer = await mine(spaceId, token);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ journal, reflections: [] });
  });

  it('shows an empty journal in a space that has none', async () => {
    const { space } = await makeSpace(running.server);
    const { token } = await newParticipant(running.url);
    const answer = await mine(space.id, token);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ journal: { modules: [], facilitatorsCanRead: false, open: true }, reflections: [] });
  });

  it('refuses without the key, with another key, and a bad journal with its reasons, storing nothing', async () => {
    const { space, adminKey } = await makeSpace(running.server);
    const other = await makeSpace(running.server);
    const put = (body: unknown, key?: string) => call(running.url, journalPath(space.id), { method: 'PUT', body, key });
    const none = await put(JOURNAL);
    expect(none.status).toBe(401);
    expect(none.body.error.message).toMatch(/facilitator key/);
    expect((await put(JOURNAL, other.adminKey)).status).toBe(403);
    const { token } = await newParticipant(running.url);
    expect((await call(running.url, journalPath(space.id), { method: 'PUT', body: JOURNAL, token })).status).toBe(401);

    const repeated = await put({ ...JOURNAL, modules: [JOURNAL.modules[0], { ...JOURNAL.modules[1], prompts: [{ id: 'w1-next', text: 'Again?' }] }] }, adminKey);
    expect(repeated.status).toBe(422);
    expect(repeated.body.error).toMatchObject({ code: 'invalid_body', message: 'prompt ids must be different across the whole journal' });
    const empty = await put({ modules: [], facilitatorsCanRead: true }, adminKey);
    expect(empty.status).toBe(422);
    expect(empty.body.error.issues).toEqual([{ path: 'modules', message: 'a journal needs at least one module' }]);
    expect((await put({ modules: JOURNAL.modules }, adminKey)).body.error.message).toMatch(/facilitatorsCanRead/);
    expect((await put({ ...JOURNAL, extra: 1 }, adminKey)).status).toBe(422);
    const text = await call(running.url, journalPath(space.id), { method: 'PUT', raw: 'modules', contentType: 'text/plain', key: adminKey });
    expect(text.status).toBe(415);
    expect(await running.server.db.selectFrom('journals').selectAll().where('space_id', '=', space.id).execute()).toEqual([]);
  });
});

describe('saving reflections', () => {
  it('saves, answers the new revision and reads back only the asker’s reflections', async () => {
    const { spaceId } = await courseSpace();
    const { token } = await newParticipant(running.url);
    const first = await save(spaceId, 'w1-learned', { body: 'Tarkoitus ohjaa kaikkea.', baseRevision: 0 }, token);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ promptId: 'w1-learned', body: 'Tarkoitus ohjaa kaikkea.', revision: 1, updatedAt: expect.any(String) });
    const second = await save(spaceId, 'w1-learned', { body: 'Tarkoitus ohjaa kaikkea.\n\nMyös viestintää.', baseRevision: 1 }, token);
    expect(second.body.revision).toBe(2);
    const read = await mine(spaceId, token);
    expect(read.body.reflections).toEqual([second.body]);
    // An emptied reflection is a reflection too: the participant deleted what they wrote.
    const emptied = await save(spaceId, 'w1-learned', { body: '', baseRevision: 2 }, token);
    expect(emptied.body).toMatchObject({ body: '', revision: 3 });
  });

  it('refuses a stale save with 409 and keeps the newer text; a repeat of a save whose answer was lost is acknowledged', async () => {
    const { spaceId } = await courseSpace();
    const { token } = await newParticipant(running.url);
    await save(spaceId, 'w2-learned', { body: 'Phone', baseRevision: 0 }, token);
    const laptop = await save(spaceId, 'w2-learned', { body: 'Laptop, written on revision 1', baseRevision: 1 }, token);
    expect(laptop.body.revision).toBe(2);
    const phone = await save(spaceId, 'w2-learned', { body: 'Phone, still on revision 1', baseRevision: 1 }, token);
    expect(phone.status).toBe(409);
    expect(phone.body.error.code).toBe('conflict');
    expect(phone.body.error.message).toMatch(/saved from somewhere else/);
    const again = await save(spaceId, 'w2-learned', { body: 'Laptop, written on revision 1', baseRevision: 1 }, token);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(laptop.body);
    const rows = await storedReflections(spaceId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ body: 'Laptop, written on revision 1', revision: 2 });
    // A first save on a revision that never existed is stale too.
    expect((await save(spaceId, 'w3-learned', { body: 'From the future', baseRevision: 4 }, token)).status).toBe(409);
  });

  it('lets only one of several saves on the same revision win', async () => {
    const { spaceId } = await courseSpace();
    const { token } = await newParticipant(running.url);
    const answers = await Promise.all(
      ['one', 'two', 'three', 'four'].map((body) => save(spaceId, 'w1-next', { body, baseRevision: 0 }, token)),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409, 409, 409]);
    const winner = answers.find((a) => a.status === 200)!.body;
    const rows = await storedReflections(spaceId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ body: winner.body, revision: 1 });
  });

  it('answers bad input with a 4xx and a message, storing nothing', async () => {
    const { spaceId } = await courseSpace();
    const { token } = await newParticipant(running.url);
    const unknown = await save(spaceId, 'no-such-prompt', { body: 'x', baseRevision: 0 }, token);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toBe(`There is no prompt "no-such-prompt" in the journal of space "${spaceId}".`);
    const badId = await save(spaceId, 'Not_A_Prompt', { body: 'x', baseRevision: 0 }, token);
    expect(badId.status).toBe(400);
    expect(badId.body.error.message).toMatch(/prompt id/);
    const long = await save(spaceId, 'w1-learned', { body: 'x'.repeat(10_001), baseRevision: 0 }, token);
    expect(long.status).toBe(422);
    expect(long.body.error.message).toBe('body: reflection must be at most 10000 characters');
    expect((await save(spaceId, 'w1-learned', { body: 'bell\u0007', baseRevision: 0 }, token)).body.error.message).toMatch(/control characters/);
    expect((await save(spaceId, 'w1-learned', { body: 'x' }, token)).status).toBe(422);
    expect((await save(spaceId, 'w1-learned', { body: 'x', baseRevision: -1 }, token)).status).toBe(422);
    expect((await save(spaceId, 'w1-learned', { body: 'x', baseRevision: 0, participantId: 'someone' }, token)).status).toBe(422);
    const notJson = await call(running.url, journalPath(spaceId, '/reflections/w1-learned'), { method: 'PUT', raw: '{"body":', token });
    expect(notJson.status).toBe(415);
    const broken = await call(running.url, journalPath(spaceId, '/reflections/w1-learned'), {
      method: 'PUT',
      raw: '{"body":',
      contentType: 'application/json',
      token,
    });
    expect(broken.status).toBe(400);
    const noSpace = await save('no-such-space', 'w1-learned', { body: 'x', baseRevision: 0 }, token);
    expect(noSpace.status).toBe(404);
    const { space } = await makeSpace(running.server);
    expect((await save(space.id, 'w1-learned', { body: 'x', baseRevision: 0 }, token)).status).toBe(404);
    expect(await storedReflections(spaceId)).toEqual([]);
  });

  it('takes a reflection at its longest in any script, and refuses one character more', async () => {
    const { spaceId } = await courseSpace();
    const { token } = await newParticipant(running.url);
    // 10 000 characters of three bytes each in UTF-8: larger than the server's usual 16 KB body limit.
    const longest = '学'.repeat(10_000);
    const saved = await save(spaceId, 'w1-learned', { body: longest, baseRevision: 0 }, token);
    expect(saved.status).toBe(200);
    expect(saved.body.body).toHaveLength(10_000);
    const finnish = 'ä'.repeat(10_000);
    expect((await save(spaceId, 'w1-next', { body: finnish, baseRevision: 0 }, token)).status).toBe(200);
    const over = await save(spaceId, 'w2-learned', { body: '学'.repeat(10_001), baseRevision: 0 }, token);
    expect(over.status).toBe(422);
    const huge = await save(spaceId, 'w2-learned', { body: 'x'.repeat(40_000), baseRevision: 0 }, token);
    expect(huge.status).toBe(413);
    expect(huge.body.error.code).toBe('payload_too_large');
  });

  it('refuses saves once the facilitator closed the journal, keeping what was written readable', async () => {
    const { spaceId, adminKey } = await courseSpace();
    const { token } = await newParticipant(running.url);
    await save(spaceId, 'w1-learned', { body: 'Before the end', baseRevision: 0 }, token);
    await call(running.url, journalPath(spaceId), { method: 'PUT', body: { ...JOURNAL, open: false }, key: adminKey });
    const late = await save(spaceId, 'w1-learned', { body: 'After the end', baseRevision: 1 }, token);
    expect(late.status).toBe(403);
    expect(late.body.error).toMatchObject({ code: 'journal_closed', message: expect.stringMatching(/closed/) });
    const read = await mine(spaceId, token);
    expect(read.body.journal.open).toBe(false);
    expect(read.body.reflections.map((r: { body: string }) => r.body)).toEqual(['Before the end']);
  });

  it('keeps the reflections of a prompt the facilitator removes, and shows them again when it returns', async () => {
    const { spaceId, adminKey } = await courseSpace();
    const { token } = await newParticipant(running.url);
    await save(spaceId, 'w3-learned', { body: 'Budjetti on valinta.', baseRevision: 0 }, token);
    const shorter = { ...JOURNAL, modules: JOURNAL.modules.slice(0, 2) };
    await call(running.url, journalPath(spaceId), { method: 'PUT', body: shorter, key: adminKey });
    expect((await mine(spaceId, token)).body.reflections).toEqual([]);
    expect((await save(spaceId, 'w3-learned', { body: 'x', baseRevision: 1 }, token)).status).toBe(404);
    await call(running.url, journalPath(spaceId), { method: 'PUT', body: JOURNAL, key: adminKey });
    expect((await mine(spaceId, token)).body.reflections).toMatchObject([{ promptId: 'w3-learned', body: 'Budjetti on valinta.' }]);
  });

  it('has every acknowledged save on disk: a restarted server reads it back', async () => {
    const own = await startServer();
    try {
      const { space, adminKey } = await makeSpace(own.server);
      await call(own.url, journalPath(space.id), { method: 'PUT', body: JOURNAL, key: adminKey });
      const { token } = await newParticipant(own.url);
      const saved = await call(own.url, journalPath(space.id, '/reflections/w1-learned'), {
        method: 'PUT',
        body: { body: 'Kirjoitettu ennen katkosta', baseRevision: 0 },
        token,
      });
      expect(saved.status).toBe(200);
      await own.close();
      const again = await startServer({ dataFile: own.dataFile });
      try {
        const read = await call(again.url, journalPath(space.id), { token });
        expect(read.body.reflections).toEqual([saved.body]);
      } finally {
        await again.close();
      }
    } finally {
      await own.close();
    }
  });
});

describe('privacy', () => {
  it('never lets another participant’s token read or overwrite a reflection, on any route', async () => {
    const { spaceId } = await courseSpace();
    const author = await newParticipant(running.url);
    const other = await newParticipant(running.url);
    const written = await save(spaceId, 'w1-learned', { body: 'Vain minun silmilleni.', baseRevision: 0 }, author.token);
    expect(written.status).toBe(200);

    // Reading: the other participant's journal has none of it, and neither has their download.
    const theirs = await mine(spaceId, other.token);
    expect(theirs.body.reflections).toEqual([]);
    expect(JSON.stringify(theirs.body)).not.toContain('Vain minun');
    const theirExport = await exported(spaceId, other.token);
    expect(theirExport.status).toBe(200);
    expect(theirExport.body).not.toContain('Vain minun');
    // Their token is no facilitator key either.
    expect((await reading(spaceId, undefined, other.token)).status).toBe(401);
    expect((await progress(spaceId)).status).toBe(401);

    // Writing: on the author's revision, or from scratch, the other participant only ever writes their own.
    const onAuthorsRevision = await save(spaceId, 'w1-learned', { body: 'Overwritten?', baseRevision: 1 }, other.token);
    expect(onAuthorsRevision.status).toBe(409);
    expect(JSON.stringify(onAuthorsRevision.body)).not.toContain('Vain minun');
    const ownCopy = await save(spaceId, 'w1-learned', { body: 'My own text', baseRevision: 0 }, other.token);
    expect(ownCopy.status).toBe(200);
    expect(ownCopy.body.revision).toBe(1);
    expect((await mine(spaceId, author.token)).body.reflections).toEqual([written.body]);
    expect((await mine(spaceId, other.token)).body.reflections.map((r: { body: string }) => r.body)).toEqual(['My own text']);
  });

  it('refuses a forged, an altered or a missing token on every participant route', async () => {
    const { spaceId } = await courseSpace();
    const author = await newParticipant(running.url);
    await save(spaceId, 'w1-learned', { body: 'Salaisuus', baseRevision: 0 }, author.token);
    const me = await newParticipant(running.url);
    const tokens = [await forgedToken(author.participantId), alteredToken(me.token, author.participantId), undefined, 'not-a-token'];
    for (const token of tokens) {
      for (const answer of [
        await mine(spaceId, token),
        await save(spaceId, 'w1-learned', { body: 'Hijacked', baseRevision: 1 }, token),
        await exported(spaceId, token),
      ]) {
        expect(answer.status, `token ${token?.slice(0, 12)}`).toBe(401);
        expect(answer.body.error.code).toBe('unauthorized');
        expect(answer.body.error.message).toMatch(/token/);
        expect(JSON.stringify(answer.body)).not.toContain('Salaisuus');
      }
    }
    const rows = await storedReflections(spaceId);
    expect(rows.map((row) => row.body)).toEqual(['Salaisuus']);
  });

  it('lets the facilitator read only when the journal says so, and only what was saved while it said so', async () => {
    const { spaceId, adminKey } = await courseSpace();
    const early = await newParticipant(running.url);
    const late = await newParticipant(running.url);
    await save(spaceId, 'w1-learned', { body: 'Written while private', baseRevision: 0 }, early.token);

    const privateReading = await reading(spaceId, adminKey);
    expect(privateReading.status).toBe(403);
    expect(privateReading.body.error.message).toMatch(/private/);
    expect((await reading(spaceId)).status).toBe(401);
    const { adminKey: otherKey } = await makeSpace(running.server);
    expect((await reading(spaceId, otherKey)).status).toBe(403);

    await call(running.url, journalPath(spaceId), { method: 'PUT', body: { ...JOURNAL, facilitatorsCanRead: true }, key: adminKey });
    await running.server.db
      .insertInto('profiles')
      .values({
        space_id: spaceId,
        participant_id: late.participantId,
        display_name: 'Liisa Laine',
        role: null,
        verified: 0,
        created_at: new Date().toISOString(),
        updated_at: new Date().toISOString(),
      })
      .execute();
    const shared = await save(spaceId, 'w2-learned', { body: 'Written while readable', baseRevision: 0 }, late.token);
    const open = await reading(spaceId, adminKey);
    expect(open.status).toBe(200);
    // Turning reading on did not open what was written while the journal was private.
    expect(open.body).toEqual({ participants: [{ displayName: 'Liisa Laine', reflections: [shared.body] }] });
    // The early participant saves again after being told: now it is readable, without a name (none given).
    await save(spaceId, 'w1-learned', { body: 'Written while private, saved again', baseRevision: 1 }, early.token);
    const both = await reading(spaceId, adminKey);
    expect(both.body.participants).toHaveLength(2);
    expect(both.body.participants).toContainEqual({
      displayName: null,
      reflections: [expect.objectContaining({ body: 'Written while private, saved again', revision: 2 })],
    });

    // A reflection the participant emptied is no reading.
    await save(spaceId, 'w2-learned', { body: '', baseRevision: 1 }, late.token);
    expect((await reading(spaceId, adminKey)).body.participants.map((p: { displayName: string | null }) => p.displayName)).toEqual([null]);

    await call(running.url, journalPath(spaceId), { method: 'PUT', body: JOURNAL, key: adminKey });
    expect((await reading(spaceId, adminKey)).status).toBe(403);
  });

  it('keeps private what was written on a page that still said "only you", after facilitators were allowed', async () => {
    const { spaceId, adminKey } = await courseSpace({ ...JOURNAL, facilitatorsCanRead: true });
    const { token } = await newParticipant(running.url);
    // The page loaded while the journal was private, and the participant wrote under that notice.
    const unseen = await save(spaceId, 'w1-learned', { body: 'Told it was private', baseRevision: 0, facilitatorsCanRead: false }, token);
    expect(unseen.status).toBe(200);
    const told = await save(spaceId, 'w2-learned', { body: 'Told it was readable', baseRevision: 0, facilitatorsCanRead: true }, token);
    const unsaid = await save(spaceId, 'w3-learned', { body: 'No notice sent', baseRevision: 0 }, token);
    const read = await reading(spaceId, adminKey);
    expect(read.body.participants).toEqual([{ displayName: null, reflections: [told.body, unsaid.body] }]);
    expect(JSON.stringify(read.body)).not.toContain('Told it was private');
    // A page that says "readable" on a private journal opens nothing either.
    await call(running.url, journalPath(spaceId), { method: 'PUT', body: JOURNAL, key: adminKey });
    await save(spaceId, 'w1-learned', { body: 'Still private', baseRevision: 1, facilitatorsCanRead: true }, token);
    await call(running.url, journalPath(spaceId), { method: 'PUT', body: { ...JOURNAL, facilitatorsCanRead: true }, key: adminKey });
    expect(JSON.stringify((await reading(spaceId, adminKey)).body)).not.toContain('Still private');
  });
});

describe('progress and export', () => {
  it('counts participants, reflected modules and completed journals, never reading a word', async () => {
    const { spaceId, adminKey } = await courseSpace();
    const [a, b, c] = await Promise.all([newParticipant(running.url), newParticipant(running.url), newParticipant(running.url)]);
    // a: every module. b: half of module 1 (not reflected) and module 2. c: only an emptied reflection.
    for (const [promptId, body] of [['w1-learned', 'a1'], ['w1-next', 'a2'], ['w2-learned', 'a3'], ['w3-learned', 'a4']]) {
      await save(spaceId, promptId!, { body, baseRevision: 0 }, a.token);
    }
    await save(spaceId, 'w1-learned', { body: 'b1', baseRevision: 0 }, b.token);
    await save(spaceId, 'w2-learned', { body: 'b2', baseRevision: 0 }, b.token);
    await save(spaceId, 'w3-learned', { body: '', baseRevision: 0 }, c.token);
    const answer = await progress(spaceId, adminKey);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      participants: 2,
      modules: [
        { moduleId: 'webinar-1', title: 'Webinaari 1: Yhdistyksen tarkoitus', reflected: 1 },
        { moduleId: 'webinar-2', title: 'Webinaari 2: Jäsenet', reflected: 2 },
        { moduleId: 'webinar-3', title: 'Webinaari 3: Talous', reflected: 1 },
      ],
      completed: 1,
    });
    expect(JSON.stringify(answer.body)).not.toMatch(/"a1"|"b1"/);
  });

  it('downloads the participant’s own journal as Markdown', async () => {
    const { spaceId } = await courseSpace();
    const { token } = await newParticipant(running.url);
    await save(spaceId, 'w1-learned', { body: 'Tarkoitus ohjaa.\n\nToinen kappale.', baseRevision: 0 }, token);
    const answer = await exported(spaceId, token);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    expect(answer.headers.get('content-disposition')).toMatch(new RegExp(`^attachment; filename="journal-${spaceId}-\\d{4}-\\d{2}-\\d{2}\\.md"$`));
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(answer.body).toBe(
      [
        '# Test space',
        '',
        '## Webinaari 1: Yhdistyksen tarkoitus',
        '',
        '> Mitä opit tänään?',
        '',
        'Tarkoitus ohjaa.',
        '',
        'Toinen kappale.',
        '',
        '> Mitä kokeilet omassa yhdistyksessäsi?',
        '',
        '*–*',
        '',
        '## Webinaari 2: Jäsenet',
        '',
        '> Mikä yllätti?',
        '',
        '*–*',
        '',
        '## Webinaari 3: Talous',
        '',
        '> Mitä jäi mieleen?',
        '',
        '*–*',
        '',
      ].join('\n'),
    );
  });
});

describe('the course page’s journal', () => {
  it('is seeded with six modules, the first linked to its discussion, private to each participant', async () => {
    const seeded = await startServer({ seedDemo: true });
    try {
      const { token } = await newParticipant(seeded.url);
      const answer = await call(seeded.url, '/api/spaces/kurssi/journal', { token });
      expect(answer.status).toBe(200);
      const { journal, reflections } = answer.body;
      expect(journal.modules).toHaveLength(6);
      expect(journal.modules[0]).toMatchObject({ id: 'moduuli-1', topicId: 'moduuli-1' });
      expect(journal.modules.slice(1).every((module: { topicId: string | null }) => module.topicId === null)).toBe(true);
      expect(journal).toMatchObject({ facilitatorsCanRead: false, open: true });
      expect(reflections).toEqual([]);
      // The topic a module shares to exists.
      expect((await call(seeded.url, '/api/spaces/kurssi/topics/moduuli-1')).status).toBe(200);
    } finally {
      await seeded.close();
    }
  });
});
