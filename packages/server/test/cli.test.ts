import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createServer } from '../src/index.js';
import { call, newParticipant, nextPair, parseCsv, removeTempDirs, tempDir, vote } from './helpers.js';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const children: ChildProcess[] = [];

afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
  removeTempDirs();
});

function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = { ...process.env, ...extra };
  delete env.DATABASE_URL;
  delete env.PORT;
  delete env.PUBLIC_URL;
  return { ...env, ...extra };
}

function run(args: string[], env: Record<string, string> = {}, cwd = tempDir()): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { env: cleanEnv(env), cwd });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Starts `tori-server serve` and resolves once it printed its address. */
function serve(args: string[]): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, 'serve', '--host', '127.0.0.1', '--port', '0', '--quiet', ...args], {
      env: cleanEnv(),
      cwd: tempDir(),
    });
    children.push(child);
    let output = '';
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 15_000);
    const listen = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /running at (http:\/\/\S+)/.exec(output);
      if (match && output.includes('script tag')) {
        clearTimeout(timer);
        // Give the rest of the banner a moment to arrive.
        setTimeout(() => resolve({ child, url: match[1]!, output: () => output }), 50);
      }
    };
    child.stdout!.on('data', listen);
    child.stderr!.on('data', listen);
    child.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
}

describe('tori-server space create', () => {
  it('prints the facilitator key and an embed snippet', async () => {
    const dataFile = join(tempDir(), 'tori.db');
    const result = await run([
      'space', 'create', '--id', 'kirjasto', '--title', 'Kirjaston tulevaisuus', '--question', 'Kumpi on tärkeämpää?',
      '--idea', 'Pidemmät aukioloajat', '--idea', 'Lisää hiljaisia tiloja', '--approval',
      '--origin', 'https://www.example.fi', '--data', dataFile, '--url', 'https://osallistu.example.fi',
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const key = /Facilitator key[^\n]*\n\s+(\S+)/.exec(result.stdout)?.[1];
    expect(key).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(result.stdout).toContain(
      '<script type="module" src="https://osallistu.example.fi/tori.js"></script>\n' +
        '<idea-duel server="https://osallistu.example.fi" space="kirjasto"></idea-duel>',
    );

    // The key printed is the key of the stored space.
    const server = await createServer({ dataFile, logger: false });
    const url = await server.listen({ port: 0 });
    const admin = await call(url, '/api/spaces/kirjasto/admin', { key: key! });
    expect(admin.status).toBe(200);
    expect(admin.body).toMatchObject({ ideasNeedApproval: true, ideaCount: 2, allowedOrigins: ['https://www.example.fi'] });
    await server.close();
  });

  it('explains what is wrong with the input', async () => {
    const dataFile = join(tempDir(), 'tori.db');
    const [missing, unknown, invalid] = await Promise.all([
      run(['space', 'create', '--id', 'x1', '--data', dataFile]),
      run(['space', 'create', '--colour', 'red']),
      run(['space', 'create', '--id', 'Bad Id', '--title', 't', '--question', 'q', '--data', join(tempDir(), 'tori.db')]),
    ]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/needs --title, --question/);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/Unknown option '--colour'/);
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toMatch(/space id is not valid[\s\S]*lowercase/);
    const twice = ['space', 'create', '--id', 'twice', '--title', 't', '--question', 'q', '--data', dataFile];
    expect((await run(twice)).code).toBe(0);
    const again = await run(twice);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already exists/);
  });

  it('answers --help, and refuses unknown commands and bad ports', async () => {
    const [help, command, port, envPort, postgres, durability, envDurability] = await Promise.all([
      run(['--help']),
      run(['launch']),
      run(['serve', '--port', 'eighty']),
      run(['serve'], { PORT: '99999' }),
      run(['serve'], { DATABASE_URL: 'postgres://127.0.0.1:1/tori' }),
      run(['serve', '--durability', 'disk']),
      run(['serve'], { DURABILITY: 'fsync' }),
    ]);
    expect(durability.code).toBe(2);
    expect(durability.stderr).toMatch(/--durability must be process or machine, not "disk"/);
    expect(envDurability.code).toBe(2);
    expect(envDurability.stderr).toMatch(/DURABILITY must be process or machine, not "fsync"/);
    expect(help.stdout).toMatch(/--durability <d>/);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/tori-server space create/);
    expect(command.stderr).toMatch(/unknown command "launch"/);
    expect(port.code).toBe(2);
    expect(port.stderr).toMatch(/--port must be a port number/);
    expect(envPort.code).toBe(2);
    expect(postgres.code).toBe(1);
    expect(postgres.stderr).toMatch(/cannot reach PostgreSQL at 127\.0\.0\.1:1\/tori/);
  });
});

describe('tori-server serve', () => {
  it('creates the demo space once and prints its key once', async () => {
    const dataFile = join(tempDir(), 'tori.db');
    const first = await serve(['--data', dataFile]);
    expect(first.output()).toMatch(/Created the space "demo"/);
    const key = /settings:\n\s+(\S+)/.exec(first.output())?.[1];
    const demo = await call(first.url, '/api/spaces/demo/admin', { key: key! });
    expect(demo.status).toBe(200);
    expect(demo.body.title).toMatch(/Tulevaisuuden Kaupunki/);
    expect(demo.body.question).toBe('Kumpi teema on tärkeämpi seuraavalla strategiakaudella?');
    first.child.kill('SIGTERM');
    expect(await exited(first.child)).toBe(0);

    const second = await serve(['--data', dataFile]);
    expect(second.output()).not.toMatch(/Created the space/);
    second.child.kill('SIGINT');
    expect(await exited(second.child)).toBe(0);
  });

  it('keeps an acknowledged vote when the process is killed outright', async () => {
    const dataFile = join(tempDir(), 'tori.db');
    const { child, url } = await serve(['--data', dataFile, '--no-demo']);
    // A second opener of the same file works next to the running server (WAL): make the space with it.
    const setup = await createServer({ dataFile, logger: false });
    const { space } = await setup.createSpace({ id: 'durable', title: 'Durable', question: 'Which?', ideas: ['One idea', 'Other idea'], allowedOrigins: ['*'] });
    await setup.close();

    const { token } = await newParticipant(url);
    const { appearance } = (await nextPair(url, space.id, token)).body;
    const ack = await vote(url, appearance.id, appearance.right.id, token);
    expect(ack.status).toBe(201);
    child.kill('SIGKILL');
    await exited(child);

    const reopened = await createServer({ dataFile, logger: false });
    const rows = await reopened.db.selectFrom('votes').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ appearance_id: appearance.id, winner_id: appearance.right.id });
    await reopened.close();
  });
});

describe('tori-server export', () => {
  /** A data file with one space, an idea of each kind and a vote, written by a server that is closed again. */
  async function dataWithSpace() {
    const dataFile = join(tempDir(), 'tori.db');
    const server = await createServer({ dataFile, logger: false });
    const url = await server.listen({ port: 0 });
    const { space, adminKey } = await server.createSpace({
      id: 'tapahtuma',
      title: 'Tapahtuma',
      question: 'Kumpi?',
      ideas: ['Ensimmäinen', 'Toinen, "lainattu"'],
      categories: [{ id: 'traffic', label: 'Liikenne' }],
    });
    const { token } = await newParticipant(url);
    await call(url, `/api/spaces/${space.id}/ideas`, { body: { text: '=1+1', category: 'traffic' }, token });
    const { appearance } = (await nextPair(url, space.id, token)).body;
    await vote(url, appearance.id, appearance.left.id, token);
    const expected = (await call(url, `/api/spaces/${space.id}/export?format=json`, { key: adminKey })).body;
    await server.close();
    return { dataFile, expected };
  }

  it('writes CSV to standard output, straight from the data file', async () => {
    const { dataFile, expected } = await dataWithSpace();
    const result = await run(['export', '--space', 'tapahtuma', '--format', 'csv', '--data', dataFile]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout.startsWith('\uFEFFid,title,description,')).toBe(true);
    const rows = parseCsv(result.stdout.slice(1));
    expect(rows).toHaveLength(4);
    expect(rows.slice(1).map((r) => r[1])).toEqual(expected.ideas.map((i: { title: string }) => (i.title.startsWith('=') ? `'${i.title}` : i.title)));
    expect(rows.find((r) => r[1] === "'=1+1")![4]).toBe('Liikenne');
  });

  it('writes JSON to a file', async () => {
    const { dataFile, expected } = await dataWithSpace();
    const dir = tempDir();
    const result = await run(['export', '--space', 'tapahtuma', '--format', 'json', '--out', 'ideas.json', '--data', dataFile], {}, dir);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Exported 3 idea\(s\) of space "tapahtuma" to ideas.json/);
    const written = JSON.parse(readFileSync(join(dir, 'ideas.json'), 'utf8'));
    expect({ ...written, exportedAt: '' }).toEqual({ ...expected, exportedAt: '' });
    expect(written.votes).toBe(1);
  });

  it('explains bad flags (exit 2) and a missing space or file (exit 1)', async () => {
    const { dataFile } = await dataWithSpace();
    const [noSpace, badFormat, badId, unknown, missingSpace, missingFile] = await Promise.all([
      run(['export', '--format', 'csv', '--data', dataFile]),
      run(['export', '--space', 'tapahtuma', '--format', 'xlsx', '--data', dataFile]),
      run(['export', '--space', 'Bad Id', '--format', 'csv', '--data', dataFile]),
      run(['export', '--space', 'tapahtuma', '--format', 'csv', '--colour', 'red']),
      run(['export', '--space', 'no-such-space', '--format', 'json', '--data', dataFile]),
      run(['export', '--space', 'tapahtuma', '--format', 'json', '--data', join(tempDir(), 'missing.db')]),
    ]);
    expect(noSpace.code).toBe(2);
    expect(noSpace.stderr).toMatch(/export needs --space/);
    expect(badFormat.code).toBe(2);
    expect(badFormat.stderr).toMatch(/--format must be csv or json, not "xlsx"/);
    expect(badId.code).toBe(2);
    expect(badId.stderr).toMatch(/--space must be a space id/);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/Unknown option '--colour'/);
    expect(missingSpace.code).toBe(1);
    expect(missingSpace.stderr).toMatch(/there is no space "no-such-space"/);
    expect(missingSpace.stdout).toBe('');
    expect(missingFile.code).toBe(1);
    expect(missingFile.stderr).toMatch(/there is no data file at/);
  });

  it('is in --help', async () => {
    const help = await run(['--help']);
    expect(help.stdout).toMatch(/tori-server export \[options\]/);
    expect(help.stdout).toMatch(/--format <f>\s+csv/);
  });
});

describe('tori-server badge', () => {
  const badgeFile = (dir: string, body: unknown, name = 'badge.json') => {
    const file = join(dir, name);
    writeFileSync(file, typeof body === 'string' ? body : JSON.stringify(body));
    return file;
  };
  const BADGE = {
    name: 'Äänestäjä',
    description: 'Vertaili ehdotuksia.',
    image: 'https://www.example.fi/merkki.png',
    criteria: 'Äänestä kahdesti.',
    rules: [{ kind: 'duel_votes', count: 2 }],
  };

  /** A data file with a space where one participant has voted twice, written by a server that is closed again. */
  async function dataWithVoter() {
    const dataFile = join(tempDir(), 'tori.db');
    const server = await createServer({ dataFile, logger: false });
    const url = await server.listen({ port: 0 });
    const { space } = await server.createSpace({ id: 'kurssi-cli', title: 'Kurssi', question: 'Kumpi?', ideas: ['Yksi', 'Kaksi', 'Kolme'] });
    const { token, participantId } = await newParticipant(url);
    for (let i = 0; i < 2; i++) {
      const { appearance } = (await nextPair(url, space.id, token)).body;
      expect((await vote(url, appearance.id, appearance.left.id, token)).status).toBe(201);
    }
    await server.close();
    return { dataFile, participantId };
  }

  it('sets a badge from a JSON file, issues it to whoever meets its rules, and lists it', async () => {
    const { dataFile, participantId } = await dataWithVoter();
    const dir = tempDir();
    const set = await run(['badge', 'set', '--space', 'kurssi-cli', '--badge', 'aanestaja', '--file', badgeFile(dir, BADGE), '--data', dataFile, '--public-url', 'https://osallistu.example.fi/']);
    expect(set.stderr).toBe('');
    expect(set.code).toBe(0);
    expect(set.stdout).toContain('Created badge "aanestaja" (Äänestäjä) in space "kurssi-cli". Rules: duel_votes ≥ 2.');
    const changed = await run(['badge', 'set', '--space', 'kurssi-cli', '--badge', 'aanestaja', '--file', badgeFile(dir, { ...BADGE, name: 'Vertailija' }, 'b2.json'), '--data', dataFile]);
    expect(changed.stdout).toContain('Changed badge "aanestaja" (Vertailija)');

    const list = await run(['badge', 'list', '--space', 'kurssi-cli', '--data', dataFile]);
    expect(list.code).toBe(0);
    expect(list.stdout.trim().split('\n')).toEqual(['id\tname\tstate\trules\tcredentials', 'aanestaja\tVertailija\tactive\tduel_votes ≥ 2\t1 issued, 0 revoked']);

    // Issued by the CLI under the public address it was given.
    const server = await createServer({ dataFile, logger: false });
    const [award] = await server.db.selectFrom('badge_awards').selectAll().execute();
    expect(award).toMatchObject({ participant_id: participantId, how: 'earned' });
    const payload = JSON.parse(Buffer.from(award!.jwt.split('.')[1]!, 'base64url').toString());
    expect(payload.issuer.id).toBe('https://osallistu.example.fi/api/spaces/kurssi-cli/issuer');
    await server.close();
  });

  it('explains a missing, unreadable or invalid file, a bad badge and an unknown space, storing nothing', async () => {
    const { dataFile } = await dataWithVoter();
    const dir = tempDir();
    const args = (file: string, space = 'kurssi-cli', badge = 'merkki') => ['badge', 'set', '--space', space, '--badge', badge, '--file', file, '--data', dataFile];
    const [missingFlags, noFile, notJson, notBadge, noSpace, badId, badUrl, noCommand, noSpaceList] = await Promise.all([
      run(['badge', 'set', '--space', 'kurssi-cli', '--data', dataFile]),
      run(args(join(dir, 'ei-ole.json'))),
      run(args(badgeFile(dir, '{"name": "Merkki",', 'broken.json'))),
      run(args(badgeFile(dir, { ...BADGE, rules: [{ kind: 'likes', count: 1 }], image: 'ftp://x' }, 'bad.json'))),
      run(args(badgeFile(dir, BADGE, 'ok.json'), 'ei-tilaa')),
      run(args(badgeFile(dir, BADGE, 'ok2.json'), 'kurssi-cli', 'Iso Kirjain')),
      run([...args(badgeFile(dir, BADGE, 'ok3.json')), '--public-url', 'ftp://example.fi']),
      run(['badge', 'remove']),
      run(['badge', 'list', '--space', 'ei-tilaa', '--data', dataFile]),
    ]);
    expect(missingFlags.code).toBe(2);
    expect(missingFlags.stderr).toMatch(/badge set needs --badge, --file/);
    expect(noFile.code).toBe(1);
    expect(noFile.stderr).toMatch(/cannot read the badge file .*ei-ole\.json: there is no such file/);
    expect(notJson.code).toBe(1);
    expect(notJson.stderr).toMatch(/broken\.json is not valid JSON/);
    expect(notBadge.code).toBe(1);
    expect(notBadge.stderr).toMatch(/is not a valid badge:\n {2}image: image must be an https: address[\s\S]*rules\.0\.kind: rule kind must be one of/);
    expect(noSpace.code).toBe(1);
    expect(noSpace.stderr).toMatch(/there is no space "ei-tilaa"/);
    expect(badId.code).toBe(2);
    expect(badId.stderr).toMatch(/--badge must be a badge id/);
    expect(badUrl.code).toBe(2);
    expect(badUrl.stderr).toMatch(/public URL must be an http\(s\) address/);
    expect(noCommand.code).toBe(2);
    expect(noCommand.stderr).toMatch(/unknown badge command "remove"/);
    expect(noSpaceList.code).toBe(1);
    const server = await createServer({ dataFile, logger: false });
    expect(await server.db.selectFrom('badges').selectAll().execute()).toEqual([]);
    await server.close();
  });

  it('serve writes --public-url into the credentials\' ids, and refuses one that is not an address', async () => {
    const dataFile = join(tempDir(), 'tori.db');
    const { child, url } = await serve(['--data', dataFile, '--no-demo', '--public-url', 'https://osallistu.example.fi']);
    const setup = await createServer({ dataFile, logger: false });
    await setup.createSpace({ id: 'julkinen', title: 'Julkinen', question: 'Kumpi?', ideas: [], allowedOrigins: ['*'] });
    await setup.close();
    const issuer = await call(url, '/api/spaces/julkinen/issuer');
    expect(issuer.body.id).toBe('https://osallistu.example.fi/api/spaces/julkinen/issuer');
    child.kill('SIGTERM');
    await exited(child);
    const bad = await run(['serve', '--public-url', 'osallistu.example.fi', '--data', join(tempDir(), 'tori.db')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/public URL/);
  });

  it('is in --help', async () => {
    const help = await run(['--help']);
    expect(help.stdout).toMatch(/tori-server badge set \[options\]/);
    expect(help.stdout).toMatch(/--public-url <url>/);
  });
});
