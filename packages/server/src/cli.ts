#!/usr/bin/env node
/** `tori-server`: run the reference server, create a space in its data file, export a space's ideas, set its badges. */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import { SPACE_ID_PATTERN } from '@tori/protocol';
import { ApiError } from './errors.js';
import { DEFAULT_DURABILITY, DURABILITIES, type Durability } from './storage/durability.js';
import { LIMITS_ENV_USAGE, LIMITS_USAGE, LIMIT_FLAGS, limitsFromSettings } from './http/limits.js';

const DEFAULT_PORT = 8787;
const DEFAULT_DATA = './data/tori.db';
/** After this, a shutdown that hangs (a stuck request) gives way to exiting anyway. */
const SHUTDOWN_TIMEOUT_MS = 10_000;

const USAGE = `Usage:
  tori-server [serve] [options]       run the server (the default command)
  tori-server space create [options]  create a space and print its facilitator key and embed snippet
  tori-server export [options]        export a space's ideas as CSV or JSON, straight from the data file
  tori-server badge set [options]     create or change a badge of a space from a JSON file
  tori-server badge list [options]    list a space's badges and how many hold each
  tori-server help | --help | --version

serve options:
  --port <n>      port to listen on (default ${DEFAULT_PORT}, or the PORT environment variable)
  --host <addr>   address to listen on (default 0.0.0.0: reachable from the local network)
  --data <file>   SQLite data file, created if missing (default ${DEFAULT_DATA})
  --no-demo       do not create the "demo" space on the first start
  --durability <d>  what an acknowledged write on the SQLite file survives (default process, or DURABILITY):
                  process: the server process dying (a crash, kill -9, a restart); a power cut or a crash of the
                  machine loses at most the last quarter second; machine: that too, every commit waiting for the disk
  --public-url <url>  the address people reach the server at, the base of every id in badge credentials
                  (default: the listen URL, or the PUBLIC_URL environment variable)
  --quiet         no request log
${LIMITS_USAGE}

space create options:
  --id <id>           space id: 2-63 lowercase letters, digits or dashes (required)
  --title <text>      title shown to participants (required)
  --question <text>   the duel's question (required)
  --idea <text>       a first idea; repeat for more
  --approval          ideas from participants wait for a facilitator's approval
  --origin <origin>   a site allowed to embed the space, e.g. https://www.example.fi, or "*"; repeat for more
  --closed            create with voting closed
  --data <file>       SQLite data file (default ${DEFAULT_DATA})
  --url <url>         the server's public address, for the snippet (default http://localhost:<PORT or ${DEFAULT_PORT}>)

export options:
  --space <id>        the space to export (required)
  --format <f>        csv (UTF-8 with BOM, for spreadsheets) or json (required)
  --out <file>        write to this file (default: standard output)
  --data <file>       SQLite data file (default ${DEFAULT_DATA}); no running server is needed

badge options:
  --space <id>        the space (required)
  --badge <id>        set: the badge id, 1-63 lowercase letters, digits or dashes (required)
  --file <file>       set: a JSON file with the badge, as PUT /api/spaces/:spaceId/badges/:badgeId takes it (required)
  --public-url <url>  set: the server's public address, for credentials issued now (default PUBLIC_URL, or http://localhost:<PORT or ${DEFAULT_PORT}>)
  --data <file>       SQLite data file (default ${DEFAULT_DATA})
  A running server reads a badge set here within a few seconds.

Environment:
  PORT            default port
  PUBLIC_URL      the server's public address (see --public-url)
${LIMITS_ENV_USAGE}
  DURABILITY      process or machine (see --durability)
  DATABASE_URL    postgres://user:password@host:5432/tori: PostgreSQL instead of the SQLite file (--data is then unused)
  REDIS_URL       redis://host:6379: serve shares live rooms with the other nodes on this Redis (several processes)`;

class UsageError extends Error {}

async function main(argv: string[]): Promise<number> {
  const [first, second] = argv;
  if (first === '--help' || first === '-h' || first === 'help') return print(USAGE);
  if (first === '--version' || first === '-v') return print(version());
  if (first === 'space') {
    if (second === 'create') return createSpace(argv.slice(2));
    throw new UsageError(second ? `unknown space command "${second}" (there is "space create")` : 'missing space command: "space create"');
  }
  if (first === 'export') return exportSpace(argv.slice(1));
  if (first === 'badge') {
    if (second === 'set') return setBadge(argv.slice(2));
    if (second === 'list') return listBadges(argv.slice(2));
    throw new UsageError(second ? `unknown badge command "${second}" (there are "badge set" and "badge list")` : 'missing badge command: "badge set" or "badge list"');
  }
  if (first === undefined || first.startsWith('-')) return serve(argv);
  if (first === 'serve') return serve(argv.slice(1));
  throw new UsageError(`unknown command "${first}"`);
}

async function serve(args: string[]): Promise<number> {
  const { values } = parse(args, {
    port: { type: 'string' },
    host: { type: 'string' },
    data: { type: 'string' },
    'no-demo': { type: 'boolean' },
    'public-url': { type: 'string' },
    durability: { type: 'string' },
    quiet: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
    ...LIMIT_FLAGS,
  });
  if (values.help) return print(USAGE);
  const limits = usage(() => limitsFromSettings(values, process.env));
  const port = values.port !== undefined ? parsePort(values.port, '--port') : envPort() ?? DEFAULT_PORT;
  const host = values.host ?? '0.0.0.0';
  if (host.trim() === '') throw new UsageError('--host must not be empty');
  const durability = parseDurability(values.durability, process.env.DURABILITY);

  const { createServer, publicBaseUrl } = await loadServer();
  const publicAddress = values['public-url'] ?? (process.env.PUBLIC_URL || undefined);
  const server = await createServer({
    ...(publicAddress !== undefined ? { publicUrl: usage(() => publicBaseUrl(publicAddress)) } : {}),
    dataFile: values.data ?? DEFAULT_DATA,
    databaseUrl: databaseUrl(),
    durability,
    redisUrl: process.env.REDIS_URL || undefined,
    seedDemo: !values['no-demo'],
    logger: !values.quiet,
    limits,
  });
  let url: string;
  try {
    url = await server.listen({ port, host });
  } catch (error) {
    await server.close();
    throw error;
  }
  stopOnSignals(server.close);

  const lines = [
    '',
    `Tori server running at ${url}`,
    `  demo page   ${url}/`,
    `  script tag  <script type="module" src="${url}/tori.js"></script>`,
  ];
  if (server.seededDemo) {
    lines.push(
      '',
      `Created the space "${server.seededDemo.space.id}" (${server.seededDemo.space.title}).`,
      'Its facilitator key is shown only now; keep it to moderate the space and change its settings:',
      `  ${server.seededDemo.adminKey}`,
    );
  }
  if (server.seededCourse) {
    lines.push(
      '',
      `Created the course space "${server.seededCourse.space.id}" (${server.seededCourse.space.title}) for ${url}/course.html.`,
      'Its facilitator key is shown only now; keep it to moderate the discussion:',
      `  ${server.seededCourse.adminKey}`,
    );
  }
  process.stdout.write(`${lines.join('\n')}\n\n`);
  return new Promise<number>(() => {}); // runs until a signal
}

async function createSpace(args: string[]): Promise<number> {
  const { values } = parse(args, {
    id: { type: 'string' },
    title: { type: 'string' },
    question: { type: 'string' },
    idea: { type: 'string', multiple: true },
    approval: { type: 'boolean' },
    origin: { type: 'string', multiple: true },
    closed: { type: 'boolean' },
    data: { type: 'string' },
    url: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) return print(USAGE);
  const missing = (['id', 'title', 'question'] as const).filter((name) => values[name] === undefined);
  if (missing.length > 0) throw new UsageError(`space create needs ${missing.map((m) => `--${m}`).join(', ')}`);
  const url = publicUrl(values.url ?? `http://localhost:${envPort() ?? DEFAULT_PORT}`);

  const { createServer } = await loadServer();
  const server = await createServer({ dataFile: values.data ?? DEFAULT_DATA, databaseUrl: databaseUrl(), logger: false });
  try {
    const { space, adminKey } = await server.createSpace({
      id: values.id!,
      title: values.title!,
      question: values.question!,
      ideas: values.idea ?? [],
      ideasNeedApproval: values.approval ?? false,
      allowedOrigins: values.origin ?? [],
      votingOpen: !values.closed,
    });
    const origins = space.allowedOrigins.length > 0 ? space.allowedOrigins.join(', ') : `none yet (only pages served by ${url})`;
    process.stdout.write(
      [
        `Created space "${space.id}" with ${space.ideaCount} idea(s). Allowed origins: ${origins}.`,
        '',
        'Facilitator key (shown only now; keep it safe, it cannot be recovered):',
        `  ${adminKey}`,
        '',
        'Embed snippet:',
        `<script type="module" src="${escapeAttribute(url)}/tori.js"></script>`,
        `<idea-duel server="${escapeAttribute(url)}" space="${escapeAttribute(space.id)}"></idea-duel>`,
        '',
      ].join('\n'),
    );
    return 0;
  } finally {
    await server.close();
  }
}

async function exportSpace(args: string[]): Promise<number> {
  const { values } = parse(args, {
    space: { type: 'string' },
    format: { type: 'string' },
    out: { type: 'string' },
    data: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) return print(USAGE);
  const missing = (['space', 'format'] as const).filter((name) => values[name] === undefined);
  if (missing.length > 0) throw new UsageError(`export needs ${missing.map((m) => `--${m}`).join(', ')}`);
  const format = values.format!;
  if (format !== 'csv' && format !== 'json') throw new UsageError(`--format must be csv or json, not "${format}"`);
  const spaceId = values.space!;
  if (!new RegExp(SPACE_ID_PATTERN).test(spaceId)) {
    throw new UsageError(`--space must be a space id (2-63 lowercase letters, digits or dashes), not "${spaceId}"`);
  }
  if (values.out !== undefined && values.out.trim() === '') throw new UsageError('--out must name a file');
  const dataFile = values.data ?? DEFAULT_DATA;
  // Opening a missing file would create an empty database: say what is wrong instead.
  if (!databaseUrl() && !existsSync(dataFile)) throw new Error(`there is no data file at ${dataFile} (give its place with --data)`);

  const [{ openStorage }, { createResultsBoard }, { buildExport, exportBody }] = await Promise.all([
    import('./storage/index.js'),
    import('./results.js'),
    import('./export.js'),
  ]);
  const storage = await openStorage({ dataFile, databaseUrl: databaseUrl() });
  try {
    const space = await storage.spaces.get(spaceId);
    if (!space) throw new Error(`there is no space "${spaceId}" in ${databaseUrl() ? 'the database of DATABASE_URL' : dataFile}`);
    const data = await buildExport(storage, createResultsBoard(storage), space);
    const body = exportBody(data, format);
    if (values.out === undefined) {
      // Waits for the write: the process exits right after, and a pipe may not have taken it all yet.
      await new Promise<void>((resolve, reject) => process.stdout.write(body, (error) => (error ? reject(error) : resolve())));
    } else {
      await writeFile(values.out, body, 'utf8');
      print(`Exported ${data.ideas.length} idea(s) of space "${space.id}" to ${values.out}.`);
    }
    return 0;
  } finally {
    await storage.close();
  }
}

async function setBadge(args: string[]): Promise<number> {
  const { values } = parse(args, {
    space: { type: 'string' },
    badge: { type: 'string' },
    file: { type: 'string' },
    'public-url': { type: 'string' },
    data: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) return print(USAGE);
  const missing = (['space', 'badge', 'file'] as const).filter((name) => values[name] === undefined);
  if (missing.length > 0) throw new UsageError(`badge set needs ${missing.map((m) => `--${m}`).join(', ')}`);
  const spaceId = spaceIdOption(values.space!);
  const { badgeBodySchema, badgeIdSchema, describeIssues } = await import('@tori/protocol/schemas');
  if (!badgeIdSchema.safeParse(values.badge).success) {
    throw new UsageError(`--badge must be a badge id (1-63 lowercase letters, digits or dashes), not "${values.badge}"`);
  }
  let text: string;
  try {
    text = await readFile(values.file!, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'there is no such file' : error instanceof Error ? error.message : String(error);
    throw new Error(`cannot read the badge file ${values.file}: ${reason}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`the badge file ${values.file} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = badgeBodySchema.safeParse(json);
  if (!parsed.success) {
    throw new ApiError(422, 'invalid_body', `the badge file ${values.file} is not a valid badge:`, describeIssues(parsed.error));
  }
  const address = values['public-url'] ?? (process.env.PUBLIC_URL || `http://localhost:${envPort() ?? DEFAULT_PORT}`);
  const { publicBaseUrl } = await loadServer();
  const base = usage(() => publicBaseUrl(address));
  return withBadges(values.data, spaceId, base, async (badges, space) => {
    const { badge, created } = await badges.define(space, values.badge!, parsed.data);
    const rules = badge.rules.length > 0 ? badge.rules.map((r) => `${r.kind} ≥ ${r.count}`).join(', ') : 'none (awarded by hand only)';
    print(`${created ? 'Created' : 'Changed'} badge "${badge.id}" (${badge.name}) in space "${spaceId}". Rules: ${rules}.`);
  });
}

async function listBadges(args: string[]): Promise<number> {
  const { values } = parse(args, { space: { type: 'string' }, data: { type: 'string' }, help: { type: 'boolean', short: 'h' } });
  if (values.help) return print(USAGE);
  if (values.space === undefined) throw new UsageError('badge list needs --space');
  const spaceId = spaceIdOption(values.space);
  // Listing issues nothing, so no address goes into a credential.
  return withBadges(values.data, spaceId, 'http://localhost', async (badges, space, storage) => {
    const list = await badges.list(space);
    if (list.length === 0) return void print(`Space "${spaceId}" has no badges yet (add one with "tori-server badge set").`);
    const awards = await storage.badges.awardsInSpace(space.id);
    const lines = list.map((badge) => {
      const mine = awards.filter((award) => award.badgeId === badge.id);
      const revoked = mine.filter((award) => award.revokedAt !== null).length;
      const rules = badge.rules.length > 0 ? badge.rules.map((r) => `${r.kind} ≥ ${r.count}`).join(', ') : 'awarded by hand only';
      return `${badge.id}\t${badge.name}\t${badge.active ? 'active' : 'inactive'}\t${rules}\t${mine.length - revoked} issued, ${revoked} revoked`;
    });
    print(['id\tname\tstate\trules\tcredentials', ...lines].join('\n'));
  });
}

/** The badges of one space straight from the data file (no running server needed), with nothing said live. */
async function withBadges(
  dataOption: string | undefined,
  spaceId: string,
  publicUrl: string,
  work: (
    badges: import('./badges.js').BadgeService,
    space: import('./storage/index.js').SpaceRecord,
    storage: import('./storage/index.js').Storage,
  ) => Promise<void>,
): Promise<number> {
  const dataFile = dataOption ?? DEFAULT_DATA;
  if (!databaseUrl() && !existsSync(dataFile)) throw new Error(`there is no data file at ${dataFile} (give its place with --data)`);
  const [{ openStorage }, { createBadges, quietBadgeEvents }, { loadSigningKeys }] = await Promise.all([
    import('./storage/index.js'),
    import('./badges.js'),
    import('./signing-keys.js'),
  ]);
  const storage = await openStorage({ dataFile, databaseUrl: databaseUrl() });
  try {
    const space = await storage.spaces.get(spaceId);
    if (!space) throw new Error(`there is no space "${spaceId}" in ${databaseUrl() ? 'the database of DATABASE_URL' : dataFile}`);
    const log = { error: (detail: object, message: string) => process.stderr.write(`tori-server: ${message}: ${JSON.stringify(detail)}\n`) };
    const badges = createBadges(storage, await loadSigningKeys(storage), quietBadgeEvents, { publicUrl: () => publicUrl, now: () => new Date(), log });
    await work(badges, space, storage);
    await badges.settle();
    return 0;
  } finally {
    await storage.close();
  }
}

function spaceIdOption(value: string): string {
  if (!new RegExp(SPACE_ID_PATTERN).test(value)) {
    throw new UsageError(`--space must be a space id (2-63 lowercase letters, digits or dashes), not "${value}"`);
  }
  return value;
}

/** Loaded on demand, so `--help` and usage errors answer at once. */
function loadServer() {
  return import('./server.js');
}

type Spec = NonNullable<Parameters<typeof parseArgs>[0]>['options'];

function parse<T extends Spec>(args: string[], options: T) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message.replace(/\. To specify.*$/s, '') : String(error));
  }
}

/** A bad setting of the user's is a usage error (exit 2), not a failure of the server. */
function usage<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

function parsePort(value: string, what: string): number {
  if (!/^\d+$/.test(value) || Number(value) > 65535) throw new UsageError(`${what} must be a port number from 0 to 65535, not "${value}"`);
  return Number(value);
}

function envPort(): number | undefined {
  const value = process.env.PORT;
  return value === undefined || value === '' ? undefined : parsePort(value, 'PORT');
}

function parseDurability(flag: string | undefined, env: string | undefined): Durability {
  const [value, name] = flag !== undefined ? [flag, '--durability'] : [env || DEFAULT_DURABILITY, 'DURABILITY'];
  if ((DURABILITIES as readonly string[]).includes(value)) return value as Durability;
  throw new UsageError(`${name} must be ${DURABILITIES.join(' or ')}, not "${value}"`);
}

function databaseUrl(): string | undefined {
  return process.env.DATABASE_URL || undefined;
}

function publicUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`--url must be an address such as https://osallistu.example.fi, not "${value}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError('--url must start with http:// or https://');
  return (url.origin + url.pathname).replace(/\/+$/, '');
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

function version(): string {
  return (createRequire(import.meta.url)('../package.json') as { version: string }).version;
}

function print(text: string): number {
  process.stdout.write(`${text}\n`);
  return 0;
}

function stopOnSignals(close: () => Promise<void>): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      process.stderr.write(`${signal} again: exiting without waiting.\n`);
      process.exit(1);
    }
    stopping = true;
    process.stderr.write(`${signal}: closing connections and the database...\n`);
    setTimeout(() => {
      process.stderr.write(`Shutdown took over ${SHUTDOWN_TIMEOUT_MS / 1000} s: exiting.\n`);
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS).unref();
    close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`Shutdown failed: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`tori-server: ${error.message}\nRun "tori-server --help" for usage.\n`);
      process.exit(2);
    }
    if (error instanceof ApiError) {
      const issues = error.issues?.map((i) => `\n  ${i.path ? `${i.path}: ` : ''}${i.message}`).join('') ?? '';
      process.stderr.write(`tori-server: ${error.message}${issues}\n`);
      process.exit(1);
    }
    process.stderr.write(`tori-server: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
