// Load benchmark: N screens following one space live while voters cast votes at a steady total rate, then votes as
// fast as the server acknowledges them. Real parts: the built tori-server CLI as a child process on a temp SQLite
// file, socket.io clients over loopback (127.0.0.1 only). Floors measured in the same run, with the same clients:
// a bare socket.io server that only acks the same events, and the same bare server broadcasting every event to
// every client. The clients run in processes of their own (load-clients.mjs: the steady voters in one, the other
// screens split between two), as real screens and voters are separate devices, and report raw timings on one clock.
// Bounded: every phase has a fixed length and a fixed drain time, then everything is stopped.
import { fork, spawn } from 'node:child_process';
import { closeSync, fdatasyncSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve as resolvePath } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const CLI = join(HERE, '../dist/cli.js');
const CLIENTS = join(HERE, 'load-clients.mjs');
const HOST = '127.0.0.1';

const TARGET_ACK_P99_MS = 50;
const TARGET_SCREENS_P99_MS = 500;
const TARGET_PEAK_SHARE = 0.5;
/** Requests at once from this process (issuing participants): thousands at once overflow the listen backlog. */
const CONNECT_BATCH = 100;
/** Processes sharing the screens that are not steady voters (the steady voters have one of their own). */
const SCREEN_PROCESSES = 2;
/** Every client process starts a phase at the same moment of the shared clock, this long after it is asked to. */
const START_DELAY_MS = 200;
/** After the last vote, how long screens get to show it before a missing delivery counts as lost. */
const DRAIN_MS = 3_000;
/** The broadcast floor sends rate × clients messages a second, more than socket.io can deliver: kept short. */
const BROADCAST_SECONDS_MAX = 5;
const BROADCAST_DRAIN_MS = 8_000;
/** Voters at the steady rate: about one vote a second each, a person's pace at the default rate. */
const STEADY_VOTERS_MAX = 200;
/** Pairs each steady voter holds ahead (a person reads one while the next is fetched; a busy server answers slower). */
const STEADY_PAIRS = 4;
/**
 * Voters of the peak phase, each with this many votes in flight, and the pairs each fetches beforehand (the cap of
 * unanswered pairs per participant). 1,600 × 20 pairs last 2.2–2.6 s at the 12,000–14,500 votes/s measured last: the
 * votes counted are those acked while every voter still had one in flight (see `peak`).
 */
const PEAK_VOTERS_MAX = 1_600;
const PEAK_PAIRS = 20;
const PEAK_SECONDS = 3;
const IDEAS = 40;
const FLOOR_LABEL = 'floor: bare socket.io, ack only';
/** The disk floor: how long this disk's flush keeps a write waiting, measured with nothing else running. */
const DISK_SECONDS = 8;

const options = readOptions();
const steadyVoters = Math.min(options.clients, STEADY_VOTERS_MAX);
const peakVoters = Math.min(Math.max(0, options.clients - steadyVoters), PEAK_VOTERS_MAX);
/** Which clients each process holds: from…to-1 of the run's clients (empty processes left out). */
const groups = clientGroups();
const dir = mkdtempSync(join(tmpdir(), 'tori-bench-load-'));
const children = new Set();
process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

async function main() {
  console.log(
    `\nLoad: ${n(options.clients)} screens on one space, ${n(options.rate)} votes/s for ${options.seconds} s from ${steadyVoters} voters ` +
      `(answers over ${options.transport === 'rest' ? 'REST' : 'socket.io'});\nserver and clients share this machine's ${cpus().length} cores, load average ${loadavg()[0].toFixed(1)} at the start; ` +
      `clients in ${groups.length} processes: ${groups.map((group) => `${group.name} ${n(group.to - group.from)}`).join(', ')}\n`,
  );
  const rows = [];
  const peaks = [];
  const disk = diskFloor();

  // Floor 1: the same events, acked by a server that does nothing else. It stays up (idle) for the peak rounds.
  const bare = await startBare('ack');
  const bareClients = await connectClients(bare.url, () => null);
  rows.push({ label: FLOOR_LABEL, ...(await steady(bare, bareClients, options.seconds, 0, false, false)) });
  // Floor 2: every event sent to every screen, which is what results without coalescing would cost.
  {
    const bare = await startBare('broadcast');
    const clients = await connectClients(bare.url, () => null);
    const seconds = Math.min(options.seconds, BROADCAST_SECONDS_MAX);
    rows.push({ label: `floor: bare socket.io, broadcast (${seconds} s)`, ...(await steady(bare, clients, seconds, BROADCAST_DRAIN_MS, true, false)) });
    await stop(bare, clients);
  }
  // Tori: the built CLI on a temp SQLite file.
  const toriLabel = `tori-server (SQLite, durability ${options.durability}${options.semiSpace ? `, semi-space ${options.semiSpace} MB` : ''})`;
  let tori;
  {
    const server = await startTori();
    const tokens = await inBatches(steadyVoters + peakVoters, () => issueParticipant(server.url));
    const clients = await connectClients(server.url, (i) => tokens[i] ?? null);
    await fetchPairs(server, clients, 0, steadyVoters, STEADY_PAIRS);
    tori = { label: toriLabel, ...(await steady(server, clients, options.seconds, DRAIN_MS, true, true)) };
    rows.push(tori);
    // Rounds of the two peaks back to back, which goes first alternating: this machine's speed drifts by a fifth
    // over minutes, so a floor measured minutes before Tori (or after) would move the share by as much.
    for (let round = 1; peakVoters > 0 && round <= options.rounds; round++) {
      await fetchPairs(server, clients, steadyVoters, steadyVoters + peakVoters, PEAK_PAIRS);
      const floorPeak = async () => ({ label: FLOOR_LABEL, round, ...(await peak(bare, bareClients, false)) });
      const toriPeak = async () => ({ label: toriLabel, round, ...(await peak(server, clients, true)) });
      if (round % 2 === 1) peaks.push(await floorPeak(), await toriPeak());
      else {
        const ours = await toriPeak();
        peaks.push(await floorPeak(), ours);
      }
    }
    await stop(server, clients);
  }
  await stop(bare, bareClients);

  console.log(
    `${'steady'.padEnd(44)} ${'votes/s'.padStart(8)} ${'ack p50'.padStart(8)} ${'ack p99'.padStart(8)} ${'screens p50'.padStart(12)} ${'screens p99'.padStart(12)} ${'lost'.padStart(10)} ${'server RSS'.padStart(11)} ${'server CPU'.padStart(11)}`,
  );
  for (const row of rows) {
    console.log(
      `${row.label.padEnd(44)} ${row.votesPerSecond.toFixed(1).padStart(8)} ${ms(row.ack.p50).padStart(8)} ${ms(row.ack.p99).padStart(8)} ` +
        `${ms(row.screens?.p50).padStart(12)} ${ms(row.screens?.p99).padStart(12)} ${(row.screens ? n(row.lost) : '–').padStart(10)} ${`${row.rssMb} MB`.padStart(11)} ${pct(row.cpu).padStart(11)}`,
    );
  }
  console.log(
    '(milliseconds; screens: from sending a vote to a screen showing it, over every screen; lost: vote × screen deliveries missing after the drain;\n' +
      ' server RSS: peak resident memory; server CPU: its share of one core during the phase)',
  );
  for (const row of rows) {
    const each = row.clientDelay.map((delay, i) => `${groups[i].name} ${ms(delay.p50)} / ${ms(delay.p99)}`).join(', ');
    console.log(`${row.label}: each client process's own event-loop delay meanwhile, p50 / p99 ms: ${each} (part of the latencies it measures)`);
  }
  console.log(
    `floor: this disk, a write waiting for its flush (fdatasync, back to back for ${DISK_SECONDS} s; what every ack waits for with durability machine): ` +
      `p50 ${ms(disk.p50)}, p99 ${ms(disk.p99)}, longest flush ${ms(disk.longest)} ms`,
  );
  for (const row of rows) {
    if (row.refused) console.log(`${row.label}: votes not accepted: ${Object.entries(row.refusals).map(([why, count]) => `${count} ${why}`).join(', ')}`);
  }

  let peakShare = null;
  if (peaks.length > 0) {
    console.log(`\n${`peak ingest, ${peakVoters} voters × 1 in flight, ${PEAK_SECONDS} s`.padEnd(52)} ${'votes/s'.padStart(8)} ${'ack p50'.padStart(8)} ${'ack p99'.padStart(8)} ${'votes'.padStart(8)} ${'server CPU'.padStart(11)} ${'clients CPU'.padStart(12)} ${'µs/vote'.padStart(8)} ${'results/s'.padStart(10)} ${'waited'.padStart(7)}`);
    for (const row of peaks) {
      console.log(`${`round ${row.round}: ${row.label}`.padEnd(52)} ${row.votesPerSecond.toFixed(0).padStart(8)} ${ms(row.ack.p50).padStart(8)} ${ms(row.ack.p99).padStart(8)} ${n(row.accepted).padStart(8)} ${pct(row.cpu).padStart(11)} ${pct(row.clientsCpu).padStart(12)} ${row.cpuPerVoteUs.toFixed(0).padStart(8)} ${row.resultsPerScreen.toFixed(1).padStart(10)} ${pct(row.waited).padStart(7)}`);
    }
    console.log(
      '(each round runs the two peaks back to back, the floor first in odd rounds and Tori first in even ones;\n' +
        ' server CPU, clients CPU: shares of one core, every client process together; µs/vote: server CPU time, every thread, per vote acked;\n' +
        ' results/s: results messages a screen got each second; waited: share of the phase the server\'s event loop was ready to run\n' +
        ' but waited for a core, mostly to the clients\' processes: on shared cores the server\'s and the clients\' CPU time per vote, added up, set the pace)',
    );
    for (const row of peaks) {
      if (row.inFlightUntil === null) continue;
      console.log(
        `round ${row.round}: ${row.label}: the first voter used up its pairs after ${row.seconds.toFixed(2)} s (${n(row.ranOut)} did before the end); ` +
          `votes/s counts the ${n(row.counted)} acked until then (until the last ack: ${row.untilLastAck.toFixed(0)} votes/s)`,
      );
    }
    const shares = [];
    for (let round = 1; round <= options.rounds; round++) {
      const [floor, ours] = [FLOOR_LABEL, toriLabel].map((label) => peaks.find((row) => row.round === round && row.label === label));
      shares.push(ours.votesPerSecond / floor.votesPerSecond);
    }
    peakShare = median(shares);
    console.log(`peak ingest, Tori's share of the floor in each round: ${shares.map((share) => pct(share)).join(', ')}; the median: ${pct(peakShare)}`);
  }

  const checks = [
    [`accepted votes/s >= 95% of ${options.rate}`, tori.votesPerSecond >= options.rate * 0.95 && tori.refused === 0, `${tori.votesPerSecond.toFixed(1)}, ${tori.refused} refused`],
    [`vote ack p99 < ${TARGET_ACK_P99_MS} ms`, tori.ack.p99 < TARGET_ACK_P99_MS, `${ms(tori.ack.p99)} ms`],
    [`results on every screen p99 < ${TARGET_SCREENS_P99_MS} ms`, tori.screens.p99 < TARGET_SCREENS_P99_MS, `${ms(tori.screens.p99)} ms`],
    ['no delivery lost', tori.lost === 0, `${n(tori.lost)} lost`],
  ];
  if (peakShare !== null) {
    checks.push([`peak ingest >= ${TARGET_PEAK_SHARE * 100}% of the bare ack floor (the median round)`, peakShare >= TARGET_PEAK_SHARE, `${(peakShare * 100).toFixed(0)}%`]);
  }
  console.log('\ntargets');
  for (const [name, ok, value] of checks) console.log(`  ${ok ? 'PASS' : 'FAIL'}  ${name} (${value})`);
  console.log(`load average at the end ${loadavg()[0].toFixed(1)}\n`);
  if (process.argv.includes('--check') && checks.some(([, ok]) => !ok)) process.exitCode = 1;
}

/**
 * Writes a WAL-sized page and flushes it, back to back, in the run's temp directory; a write arriving at any moment
 * waits for the end of the first flush that starts after it. This is the wait `--durability machine` adds to an ack,
 * whatever the server does: a virtual disk's flush now and then takes hundreds of milliseconds.
 */
function diskFloor() {
  const file = join(dir, 'disk-floor');
  const fd = openSync(file, 'w');
  const page = Buffer.alloc(16_384, 1);
  const flushes = [];
  const end = performance.now() + DISK_SECONDS * 1000;
  try {
    for (let i = 0; performance.now() < end; i++) {
      writeSync(fd, page, 0, page.length, (i * page.length) % (4 << 20));
      const start = performance.now();
      fdatasyncSync(fd);
      flushes.push([start, performance.now()]);
    }
  } finally {
    closeSync(fd);
    rmSync(file, { force: true });
  }
  const waits = [];
  let next = 0;
  for (let at = flushes[0][0]; at < flushes.at(-1)[0]; at += 0.25) {
    while (flushes[next][0] < at) next++;
    waits.push(flushes[next][1] - at);
  }
  waits.sort((a, b) => a - b);
  // A loop, not Math.max(...): tens of thousands of flushes are too many arguments for one call.
  const longest = flushes.reduce((most, [start, done]) => Math.max(most, done - start), 0);
  return { p50: waits[Math.floor(waits.length * 0.5)], p99: waits[Math.floor(waits.length * 0.99)], longest };
}

/** The clock every process of the run shares (same machine): milliseconds since the epoch, sub-ms resolution. */
function clock() {
  return performance.timeOrigin + performance.now();
}

function clientGroups() {
  const out = [{ name: 'voters', from: 0, to: steadyVoters }];
  const rest = options.clients - steadyVoters;
  for (let p = 0; p < SCREEN_PROCESSES; p++) {
    const from = steadyVoters + Math.floor((rest * p) / SCREEN_PROCESSES);
    const to = steadyVoters + Math.floor((rest * (p + 1)) / SCREEN_PROCESSES);
    if (to > from) out.push({ name: `screens-${p + 1}`, from, to });
  }
  return out;
}

function readOptions() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        clients: { type: 'string', default: '2000' },
        rate: { type: 'string', default: '200' },
        seconds: { type: 'string', default: '15' },
        transport: { type: 'string', default: 'socket' },
        durability: { type: 'string', default: 'process' },
        'semi-space': { type: 'string' },
        profile: { type: 'string' },
        rounds: { type: 'string', default: '3' },
        check: { type: 'boolean', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    usage(error.message.replace(/\. To specify.*$/s, ''));
  }
  const whole = (name, min, max) => {
    const text = values[name];
    if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) usage(`--${name} must be a whole number from ${min} to ${max}, not "${text}"`);
    return Number(text);
  };
  if (values.transport !== 'socket' && values.transport !== 'rest') usage(`--transport must be socket or rest, not "${values.transport}"`);
  if (values.durability !== 'process' && values.durability !== 'machine') usage(`--durability must be process or machine, not "${values.durability}"`);
  return {
    clients: whole('clients', 1, 10_000),
    rate: whole('rate', 1, 5_000),
    seconds: whole('seconds', 2, 60),
    rounds: whole('rounds', 1, 9),
    transport: values.transport,
    durability: values.durability,
    semiSpace: values['semi-space'] === undefined ? null : whole('semi-space', 1, 1024),
    profile: values.profile && resolvePath(values.profile),
  };
}

function usage(message) {
  console.error(`bench:load: ${message}\nusage: npm run bench:load -- -- [--clients N] [--rate VOTES_PER_S] [--seconds S] [--rounds N] [--transport socket|rest] [--durability process|machine] [--semi-space MB] [--profile DIR] [--check]`);
  process.exit(2);
}

/** Runs `node args…` and resolves with the child once a line of its output matches. */
function launch(args, pattern, what) {
  const child = spawn(process.execPath, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  child.on('exit', () => children.delete(child));
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not start within 20 s:\n${output}`)), 20_000);
    const read = (chunk) => {
      output += chunk;
      const match = pattern.exec(output);
      if (match) {
        clearTimeout(timer);
        child.stdout.off('data', read);
        resolve({ child, match });
      }
    };
    child.stdout.setEncoding('utf8').on('data', read);
    child.stderr.setEncoding('utf8').on('data', (chunk) => (output += chunk));
    child.once('exit', (code) => reject(new Error(`${what} exited with ${code}:\n${output}`)));
  });
}

async function startBare(mode) {
  const { child, match } = await launch([join(HERE, 'bare-server.mjs'), mode], /\{"port":(\d+)\}/, `bare socket.io server (${mode})`);
  const url = `http://${HOST}:${match[1]}`;
  return { child, url, transport: 'socket' };
}

async function startTori() {
  const data = join(dir, 'tori.db');
  const ideas = Array.from({ length: IDEAS }, (_, i) => ['--idea', `Idea number ${i + 1}`]).flat();
  const created = await run([CLI, 'space', 'create', '--data', data, '--id', 'load', '--title', 'Load', '--question', 'Which matters more?', ...ideas]);
  if (created.code !== 0) throw new Error(`tori-server space create failed:\n${created.output}`);
  // The limits guard against abuse; this run is one machine playing thousands of people, so they are lifted.
  const unlimited = ['--rate-participant', '--rate-address', '--rate-new-participants', '--rate-participant-events', '--rate-address-events']
    .flatMap((flag) => [flag, '1000000000']);
  // --profile: the server writes a V8 CPU profile (.cpuprofile, for Chrome's DevTools or speedscope) as it exits.
  const profiling = options.profile ? ['--cpu-prof', `--cpu-prof-dir=${options.profile}`] : [];
  // --semi-space: V8's young generation, as NODE_OPTIONS would set it (decision 0007: tried, not the default).
  const semiSpace = options.semiSpace ? [`--max-semi-space-size=${options.semiSpace}`] : [];
  const { child, match } = await launch(
    [...profiling, ...semiSpace, CLI, 'serve', '--port', '0', '--host', HOST, '--data', data, '--durability', options.durability, '--no-demo', '--quiet', ...unlimited],
    /Tori server running at (http:\/\/\S+)/,
    'tori-server',
  );
  const url = match[1];
  return { child, url, transport: options.transport };
}

function run(args) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

async function issueParticipant(url) {
  const response = await fetch(`${url}/api/participants`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  if (!response.ok) throw new Error(`POST /api/participants answered ${response.status}`);
  return (await response.json()).token;
}

/**
 * Forks the client processes and connects each one's share of the screens (a token for the voters). Clients
 * 0…steadyVoters-1 are the steady voters' process; the rest, the peak voters first, are split between the others.
 */
async function connectClients(url, tokenOf) {
  const clients = groups.map((group) => forkClients(group));
  try {
    for (const [i, group] of groups.entries()) {
      const tokens = Array.from({ length: group.to - group.from }, (_, offset) => tokenOf(group.from + offset));
      await clients[i].ask('connect', { url, tokens });
    }
  } catch (error) {
    for (const client of clients) client.child.kill('SIGKILL');
    throw error;
  }
  return clients;
}

/** One client process and a way to ask it something: each request is answered once, by its id. */
function forkClients(group) {
  const child = fork(CLIENTS, [group.name], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  children.add(child);
  const waiting = new Map();
  let nextId = 0;
  child.on('message', ({ id, ok, value, error }) => {
    const pending = waiting.get(id);
    waiting.delete(id);
    if (ok) pending?.resolve(value);
    else pending?.reject(new Error(`client process ${group.name}: ${error}`));
  });
  child.on('exit', (code) => {
    children.delete(child);
    for (const pending of waiting.values()) pending.reject(new Error(`client process ${group.name} exited with ${code}`));
    waiting.clear();
  });
  const ask = (type, args) =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      waiting.set(id, { resolve, reject });
      child.send({ id, type, args });
    });
  return { child, group, ask };
}

/** Global client indices from…to-1, as [client process, its own indices] for each process holding some of them. */
function spread(clients, from, to) {
  return clients
    .map((client) => {
      const { from: first, to: last } = client.group;
      const local = [];
      for (let i = Math.max(from, first); i < Math.min(to, last); i++) local.push(i - first);
      return [client, local];
    })
    .filter(([, local]) => local.length > 0);
}

/** Each voter fetches `per` pairs ahead (over REST, as a page does), in the process that holds it. */
async function fetchPairs(server, clients, from, to, per) {
  await Promise.all(spread(clients, from, to).map(([client, voters]) => client.ask('fetchPairs', { url: server.url, voters, per })));
}

/** Runs job(0…count-1) at most CONNECT_BATCH at a time: thousands of requests at once overflow the listen backlog. */
async function inBatches(count, job) {
  const out = new Array(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      out[i] = await job(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONNECT_BATCH, count) }, worker));
  return out;
}

const everyClient = (clients, type, args) => Promise.all(clients.map((client) => client.ask(type, args)));

/**
 * Votes at the steady rate for `seconds` from the voters' process: vote k leaves at start + k / rate from voter
 * k mod voters, who fetches its next pair once it has voted. With `watch`, every screen's results (reported raw by
 * every client process) are matched to the votes afterwards.
 */
async function steady(server, clients, seconds, drainMs, watch, withPairs) {
  const total = options.rate * seconds;
  const cpuBefore = cpuOf(server.child);
  await everyClient(clients, 'phaseStart');
  const startedAt = performance.now();
  const startAt = clock() + START_DELAY_MS;
  const voted = await clients[0].ask('steady', { url: server.url, transport: server.transport, rate: options.rate, total, voters: steadyVoters, startAt, withPairs });
  const clientDelay = await everyClient(clients, 'phaseEnd');
  const rssMb = rssOf(server.child);
  const cpu = (cpuOf(server.child) - cpuBefore) / ((performance.now() - startedAt) / 1000);
  const refused = Object.values(voted.refusals).reduce((sum, count) => sum + count, 0);
  const accepted = voted.ackLatency.length;
  const votesPerSecond = accepted / Math.max(seconds, (voted.lastAck - startAt) / 1000);
  const common = { votesPerSecond, ack: percentiles(voted.ackLatency), refused, refusals: voted.refusals, rssMb, cpu, clientDelay };
  if (!watch) return common;

  // Every process gives its screens the drain time to show the last votes (or all of them, whichever is first).
  const reports = await everyClient(clients, 'drain', { added: accepted, until: clock() + drainMs });
  const shownLatency = [];
  let lost = 0;
  for (const screen of reports.flatMap((report) => report.screens)) {
    let at = 0;
    for (let rank = 1; rank <= accepted; rank++) {
      const count = screen.firstSeen + rank;
      while (at < screen.shown.length && screen.shown[at + 1] < count) at += 2;
      if (at >= screen.shown.length) {
        lost += accepted - rank + 1;
        break;
      }
      shownLatency.push(screen.shown[at] - voted.sentAtByRank[rank - 1]);
    }
  }
  return { ...common, screens: percentiles(shownLatency), lost };
}

/** Every peak voter keeps one vote in flight for PEAK_SECONDS, sending the next as each is acked, in its own process. */
async function peak(server, clients, withPairs) {
  const cpuBefore = cpuOf(server.child);
  const waitedBefore = waitedOf(server.child);
  const clientsCpuBefore = clientsCpuOf(clients);
  const startedAt = performance.now();
  const startAt = clock() + START_DELAY_MS;
  const endAt = startAt + PEAK_SECONDS * 1000;
  const lanes = spread(clients, steadyVoters, steadyVoters + peakVoters);
  const reports = await Promise.all(
    lanes.map(([client, voters]) => client.ask('peak', { url: server.url, transport: server.transport, voters, startAt, endAt, withPairs })),
  );
  const latency = reports.flatMap((report) => report.latency);
  const lastAck = Math.max(0, ...reports.map((report) => report.lastAck));
  const ranOut = reports.reduce((sum, report) => sum + report.ranOut, 0);
  // The phase is its voters each with a vote in flight: once one has used up its pairs, fewer are, so the votes
  // counted are those acked until then. Otherwise every vote of the phase, or until the last ack if acks came later.
  const outs = reports.map((report) => report.firstRanOut).filter((at) => at !== null);
  const inFlightUntil = outs.length > 0 ? Math.min(...outs) : null;
  const counted = inFlightUntil === null ? latency.length : reports.reduce((sum, report) => sum + report.ackedAt.filter((at) => at <= inFlightUntil).length, 0);
  const seconds = inFlightUntil === null ? Math.max(PEAK_SECONDS, (lastAck - startAt) / 1000) : Math.max(0.001, (inFlightUntil - startAt) / 1000);
  const untilLastAck = latency.length / Math.max(0.001, (lastAck - startAt) / 1000);
  const elapsed = (performance.now() - startedAt) / 1000;
  const serverSeconds = cpuOf(server.child) - cpuBefore;
  const cpu = serverSeconds / elapsed;
  const waited = (waitedOf(server.child) - waitedBefore) / elapsed;
  const clientsCpu = (clientsCpuOf(clients) - clientsCpuBefore) / elapsed;
  // Results messages each screen of these processes got a second, on average (what live results cost the clients).
  const screensInLanes = reports.reduce((sum, report) => sum + report.screens, 0);
  const resultsPerScreen = reports.reduce((sum, report) => sum + report.results, 0) / screensInLanes / seconds;
  return {
    votesPerSecond: counted / seconds,
    counted,
    untilLastAck,
    ack: percentiles(latency),
    accepted: latency.length,
    rssMb: rssOf(server.child),
    cpu,
    waited,
    clientsCpu,
    cpuPerVoteUs: (serverSeconds * 1e6) / Math.max(1, latency.length),
    resultsPerScreen,
    ranOut,
    inFlightUntil,
    seconds,
  };
}

async function stop(server, clients) {
  await everyClient(clients, 'close');
  for (const client of clients) client.child.disconnect();
  server.child.kill('SIGTERM');
  await new Promise((resolve) => (server.child.exitCode !== null ? resolve() : server.child.once('exit', resolve)));
}

/** CPU seconds the process has used so far (Linux: utime + stime of /proc/PID/stat, in clock ticks of 1/100 s). */
function cpuOf(child) {
  try {
    const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

/** Seconds the process's main thread (its event loop) has waited, ready to run, for a core (Linux: schedstat). */
function waitedOf(child) {
  try {
    return Number(readFileSync(`/proc/${child.pid}/task/${child.pid}/schedstat`, 'utf8').split(' ')[1]) / 1e9;
  } catch {
    return NaN;
  }
}

/** CPU seconds every client process has used so far: they share the machine's cores with the server. */
function clientsCpuOf(clients) {
  return clients.reduce((sum, client) => sum + cpuOf(client.child), 0);
}

/** The peak resident memory of the process so far (Linux), in MB. */
function rssOf(child) {
  try {
    const kb = Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1]);
    return Math.round(kb / 1024);
  } catch {
    return NaN;
  }
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function percentiles(values) {
  if (values.length === 0) return { p50: NaN, p99: NaN };
  const sorted = Float64Array.from(values).sort();
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  return { p50: at(0.5), p99: at(0.99) };
}

function ms(value) {
  if (value === undefined) return '–';
  if (!Number.isFinite(value)) return 'n/a';
  return value >= 100 ? value.toFixed(0) : value.toFixed(1);
}

function pct(share) {
  return Number.isFinite(share) ? `${Math.round(share * 100)}%` : 'n/a';
}

function n(value) {
  return value.toLocaleString('en-US');
}

// Last, so every declaration above is initialised before the run starts.
try {
  await main();
} catch (error) {
  console.error(`bench:load: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
process.exit();
