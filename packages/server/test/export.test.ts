import type { ExportedIdea, SpaceExport } from '@tori/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXPORT_COLUMNS, csvCell, toCsv } from '../src/export.js';
import { type Running, call, makeSpace, newParticipant, nextPair, parseCsv, removeTempDirs, startServer, vote } from './helpers.js';

let running: Running;

beforeAll(async () => {
  running = await startServer();
});
afterAll(async () => {
  await running.close();
  removeTempDirs();
});

describe('CSV cells', () => {
  it('quotes only what needs quoting, doubling quotes', () => {
    expect(csvCell('plain text')).toBe('plain text');
    expect(csvCell('a, b')).toBe('"a, b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('')).toBe('');
    expect(csvCell(null)).toBe('');
    expect(csvCell(42.5)).toBe('42.5');
    expect(csvCell(false)).toBe('false');
  });

  it('stops spreadsheet formulas with a leading apostrophe', () => {
    for (const formula of ['=1+1', '+cmd', '-2+3', '@SUM(A1)', '\tx', '\rx']) expect(csvCell(formula).replace(/^"/, '')).toMatch(/^'/);
    expect(csvCell('=HYPERLINK("http://evil.example","click")')).toBe('"\'=HYPERLINK(""http://evil.example"",""click"")"');
    expect(csvCell('a=b')).toBe('a=b');
    expect(csvCell(-3)).toBe('-3'); // numbers are ours, never formulas
  });

  it('writes a BOM, a header in ExportedIdea’s order and CRLF line ends', () => {
    const csv = toCsv([]);
    expect(csv).toBe(`\uFEFF${EXPORT_COLUMNS.join(',')}\r\n`);
    expect(EXPORT_COLUMNS).toEqual([
      'id', 'title', 'description', 'category', 'categoryLabel', 'authorName', 'status', 'pinned', 'supports', 'score',
      'rank', 'comparisons', 'wins', 'losses', 'reports', 'mergedInto', 'createdAt',
    ]);
  });
});

describe('GET /api/spaces/:spaceId/export', () => {
  /** A space with a bit of everything: ranked ideas, the queue, hidden, merged, a removed category, formulas. */
  async function eventSpace() {
    const { space, adminKey } = await makeSpace(running.server, {
      title: 'Kaupunkistrategia',
      ideas: ['Joukkoliikenne', 'Lähiluonto'],
      namedPosting: true,
      ideasNeedApproval: true,
      hideAfterReports: 0,
      categories: [
        { id: 'traffic', label: 'Liikenne' },
        { id: 'nature', label: 'Luonto, puistot' },
      ],
    });
    const people = [await newParticipant(running.url), await newParticipant(running.url)];
    const add = async (body: object, token = people[0]!.token) =>
      (await call(running.url, `/api/spaces/${space.id}/ideas`, { body, token })).body.idea;
    const moderate = (id: string, body: object) => call(running.url, `/api/spaces/${space.id}/ideas/${id}`, { method: 'PATCH', body, key: adminKey });
    const formula = await add({ text: '=HYPERLINK("http://evil.example","click")', authorName: '@attacker', category: 'traffic', description: 'Rivi 1\nRivi 2, "lainaus"' });
    await moderate(formula.id, { status: 'approved' });
    const removedCategory = await add({ text: 'Pyörätiet', authorName: 'Aino', category: 'nature' });
    await moderate(removedCategory.id, { status: 'approved' });
    const pending = await add({ text: 'Jonossa oleva', authorName: 'Eino' }, people[1]!.token);
    const hidden = await add({ text: 'Piilotettu', authorName: 'Eino' }, people[1]!.token);
    await moderate(hidden.id, { status: 'hidden' });
    const duplicate = await add({ text: 'Lähiluontoa lisää', authorName: 'Eino' }, people[1]!.token);
    const ideas = (await call(running.url, `/api/spaces/${space.id}/ideas`)).body.ideas as { id: string; text: string }[];
    const nature = ideas.find((i) => i.text === 'Lähiluonto')!;
    await call(running.url, `/api/spaces/${space.id}/ideas/${duplicate.id}/merge`, { body: { into: nature.id }, key: adminKey });
    await call(running.url, `/api/spaces/${space.id}/ideas/${nature.id}/support`, { method: 'PUT', token: people[0]!.token });
    await call(running.url, `/api/spaces/${space.id}/ideas/${formula.id}/reports`, { body: { reason: 'spam' }, token: people[1]!.token });
    await moderate(nature.id, { pinned: true });
    for (const person of people) {
      for (let i = 0; i < 4; i++) {
        const { appearance } = (await nextPair(running.url, space.id, person.token)).body;
        const pair = [appearance.left.id, appearance.right.id];
        await vote(running.url, appearance.id, pair.includes(nature.id) ? nature.id : appearance.left.id, person.token);
      }
    }
    await call(running.url, `/api/spaces/${space.id}`, { method: 'PATCH', body: { categories: [{ id: 'traffic', label: 'Liikenne' }] }, key: adminKey });
    return { space, adminKey, ids: { formula: formula.id, removedCategory: removedCategory.id, pending: pending.id, hidden: hidden.id, duplicate: duplicate.id, nature: nature.id } };
  }

  it('exports JSON: every idea, ranked approved ones first, then the queue, hidden and merged', async () => {
    const { space, adminKey, ids } = await eventSpace();
    const answer = await call<SpaceExport>(running.url, `/api/spaces/${space.id}/export?format=json`, { key: adminKey });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(answer.headers.get('content-disposition')).toMatch(new RegExp(`^attachment; filename="${space.id}-ideas-\\d{4}-\\d\\d-\\d\\d\\.json"$`));
    expect(answer.headers.get('cache-control')).toBe('no-store');
    const data = answer.body;
    expect(data.space).toEqual({ id: space.id, title: 'Kaupunkistrategia', question: 'Which matters more?' });
    expect(data).toMatchObject({ votes: 8, skips: 0, participants: 2, exportedAt: expect.any(String) });
    expect(data.ideas.map((i) => i.status)).toEqual(['approved', 'approved', 'approved', 'approved', 'pending', 'hidden', 'merged']);
    const approved = data.ideas.slice(0, 4);
    expect(approved.map((i) => i.rank)).toEqual([...approved.map((i) => i.rank)].sort((a, b) => a! - b!));

    const byId = new Map(data.ideas.map((i) => [i.id, i]));
    expect(byId.get(ids.nature)).toMatchObject({ title: 'Lähiluonto', pinned: true, supports: 1, rank: expect.any(Number), score: expect.any(Number), authorName: '' });
    expect(byId.get(ids.nature)!.comparisons).toBe(byId.get(ids.nature)!.wins + byId.get(ids.nature)!.losses);
    expect(byId.get(ids.formula)).toMatchObject({ category: 'traffic', categoryLabel: 'Liikenne', authorName: '@attacker', reports: 1, description: 'Rivi 1\nRivi 2, "lainaus"' });
    // The category was removed from the space since: the id stays, the label is gone.
    expect(byId.get(ids.removedCategory)).toMatchObject({ category: 'nature', categoryLabel: '' });
    expect(byId.get(ids.pending)).toMatchObject({ status: 'pending', rank: null, score: null, comparisons: 0, authorName: 'Eino' });
    expect(byId.get(ids.duplicate)).toMatchObject({ status: 'merged', mergedInto: ids.nature, supports: 0, rank: null });
    for (const idea of data.ideas) expect(Object.keys(idea)).toEqual([...EXPORT_COLUMNS]);
  });

  it('exports CSV a spreadsheet opens safely: BOM, CRLF, quoting, no formulas', async () => {
    const { space, adminKey, ids } = await eventSpace();
    const response = await fetch(`${running.url}/api/spaces/${space.id}/export?format=csv`, { headers: { 'x-tori-key': adminKey } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(new RegExp(`^attachment; filename="${space.id}-ideas-\\d{4}-\\d\\d-\\d\\d\\.csv"$`));
    const bytes = Buffer.from(await response.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString('utf8');
    const rows = parseCsv(text);
    expect(rows[0]).toEqual([...EXPORT_COLUMNS]);
    expect(rows).toHaveLength(8);
    for (const row of rows) expect(row).toHaveLength(EXPORT_COLUMNS.length);

    const json = (await call<SpaceExport>(running.url, `/api/spaces/${space.id}/export?format=json`, { key: adminKey })).body;
    const records = rows.slice(1).map((row) => Object.fromEntries(EXPORT_COLUMNS.map((c, i) => [c, row[i]!])) as Record<keyof ExportedIdea, string>);
    expect(records.map((r) => r.id)).toEqual(json.ideas.map((i) => i.id.replace(/^[-]/, "'-")));
    const formula = records.find((r) => r.id === ids.formula || r.id === `'${ids.formula}`)!;
    expect(formula.title).toBe('\'=HYPERLINK("http://evil.example","click")');
    expect(formula.authorName).toBe("'@attacker");
    expect(formula.description).toBe('Rivi 1\nRivi 2, "lainaus"');
    expect(formula.pinned).toBe('false');
    const pending = records.find((r) => r.status === 'pending')!;
    expect(pending).toMatchObject({ rank: '', score: '', mergedInto: '', title: 'Jonossa oleva' });
    expect(records.find((r) => r.status === 'approved' && r.title === 'Lähiluonto')!.rank).toMatch(/^\d+$/);
  });

  it('needs the key and a format', async () => {
    const { space, adminKey } = await makeSpace(running.server);
    const path = `/api/spaces/${space.id}/export`;
    expect((await call(running.url, `${path}?format=csv`)).status).toBe(401);
    expect((await call(running.url, `${path}?format=csv`, { key: 'wrong' })).status).toBe(403);
    const missing = await call(running.url, path, { key: adminKey });
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toMatch(/format must be csv or json/);
    expect((await call(running.url, `${path}?format=xlsx`, { key: adminKey })).status).toBe(400);
    expect((await call(running.url, `${path}?format=csv&extra=1`, { key: adminKey })).status).toBe(400);
    expect((await call(running.url, '/api/spaces/no-such-space/export?format=csv', { key: adminKey })).status).toBe(404);
  });
});
