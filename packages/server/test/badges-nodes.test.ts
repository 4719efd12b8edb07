import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStorage } from '../src/storage/index.js';
import { badgeBody, eventually, spaceWithBadge } from './badge-helpers.js';
import { type Running, call, engine, migratedDatabase, newParticipant, nextPair, removeTempDirs, startServer, tempDir, vote } from './helpers.js';

const running: Running[] = [];
afterAll(async () => {
  for (const node of running.splice(0)) await node.close();
  removeTempDirs();
});

/** Two servers on one database started at the same moment, as two nodes behind a load balancer. */
async function twoNodes(): Promise<[Running, Running]> {
  const dataFile = join(tempDir(), 'tori.db');
  const databaseUrl = engine === 'postgres' ? await migratedDatabase() : undefined;
  // The schema is there before they start: what they race for is the signing key.
  if (!databaseUrl) await (await openStorage({ dataFile })).close();
  const nodes = await Promise.all([startServer({ dataFile, databaseUrl }), startServer({ dataFile, databaseUrl })]);
  running.push(...nodes);
  return nodes as [Running, Running];
}

describe('two nodes on one database', () => {
  it('end their first start with one signing key, which both sign with and publish', async () => {
    const [a, b] = await twoNodes();
    const keysA = (await call(a.url, '/.well-known/jwks.json')).body.keys;
    const keysB = (await call(b.url, '/.well-known/jwks.json')).body.keys;
    expect(keysA).toHaveLength(1);
    expect(keysB).toEqual(keysA);
    expect(await a.server.db.selectFrom('signing_keys').select('kid').execute()).toEqual([{ kid: keysA[0].kid }]);
  });

  // Several nodes share PostgreSQL; on SQLite (one node, a file) the same answers arrive at once at one node.
  it(`issue a badge once when its rule is met by answers ${engine === 'postgres' ? 'to both' : 'to one'} at the same moment`, async () => {
    const [a, b] = await twoNodes();
    const { spaceId } = await spaceWithBadge(a, badgeBody({ rules: [{ kind: 'duel_votes', count: 2 }] }));
    const { token, participantId } = await newParticipant(a.url);
    const pairs = [];
    for (let i = 0; i < 4; i++) pairs.push((await nextPair(a.url, spaceId, token)).body.appearance);
    const answers = await Promise.all(pairs.map((pair, i) => vote(i % 2 && engine === 'postgres' ? b.url : a.url, pair.id, pair.left.id, token)));
    expect(answers.map((answer) => answer.status)).toEqual([201, 201, 201, 201]);
    const awards = () => a.server.db.selectFrom('badge_awards').selectAll().where('space_id', '=', spaceId).execute();
    await eventually(awards, (rows) => rows.length > 0, 'the badge');
    await new Promise((resolve) => setTimeout(resolve, 500));
    const rows = await awards();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.participant_id).toBe(participantId);
  });
});
