// Load benchmark: N screens following one space live while voters cast votes at a steady total rate, then votes as
// fast as the server acknowledges them. Real parts: the built tori-server CLI as a child process on a temp SQLite
// file, socket.io clients over loopback (127.0.0.1 only). Floors measured in the same run, with the same clients:
// a bare socket.io server that only acks the same events, and the same bare server broadcasting every event to
// every client. Bounded: every phase has a fixed length and a fixed drain time, then everything is stopped.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve as resolvePath } from 'node:path';
import { fileURLToPath } from 'node:url';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { io } from 'socket.io-client';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const CLI = join(HERE, '../dist/cli.js');
const HOST = '127.0.0.1';

const TARGET_ACK_P99_MS = 50;
const TARGET_SCREENS_P99_MS = 500;
const TARGET_PEAK_SHARE = 0.5;
/** Screens connecting at once: a reconnect storm is not what is measured. */
const CONNECT_BATCH = 100;
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
 * unanswered pairs per participant). 1,600 × 20 pairs: enough that no voter runs out before the phase ends at the
 * rates measured (400 × 20 ran out in under 2 s once the server took 4,000 votes/s).
 */
const PEAK_VOTERS_MAX = 1_600;
const PEAK_IN_FLIGHT = 1;
const PEAK_PAIRS = 20;
const PEAK_SECONDS = 3;
const ACK_TIMEOUT_MS = 10_000;
const IDEAS = 40;

const options = readOptions();
const steadyVoters = Math.min(options.clients, STEADY_VOTERS_MAX);
const peakVoters = Math.min(Math.max(0, options.clients - steadyVoters), PEAK_VOTERS_MAX);
const dir = mkdtempSync(join(tmpdir(), 'tori-bench-load-'));
const children = new Set();
process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

async function main() {
  console.log(
    `\nLoad: ${n(options.clients)} screens on one space, ${n(options.rate)} votes/s for ${options.seconds} s from ${steadyVoters} voters ` +
      `(answers over ${options.transport === 'rest' ? 'REST' : 'socket.io'});\nserver and clients share this machine's ${cpus().length} cores, load average ${loadavg()[0].toFixed(1)} at the start\n`,
  );
  const rows = [];
  const peaks = [];

  // Floor 1: the same events, acked by a server that does nothing else.
  {
    const bare = await startBare('ack');
    const screens = await connectScreens(bare.url, options.clients, () => undefined);
    rows.push({ label: 'floor: bare socket.io, ack only', ...(await steady(bare, screens, options.seconds, 0, false)) });
    peaks.push({ label: 'floor: bare socket.io, ack only', ...(await peak(bare, screens, null)) });
    await stop(bare, screens);
  }
  // Floor 2: every event sent to every screen, which is what results without coalescing would cost.
  {
    const bare = await startBare('broadcast');
    const screens = await connectScreens(bare.url, options.clients, () => undefined);
    const seconds = Math.min(options.seconds, BROADCAST_SECONDS_MAX);
    rows.push({ label: `floor: bare socket.io, broadcast (${seconds} s)`, ...(await steady(bare, screens, seconds, BROADCAST_DRAIN_MS, true)) });
    await stop(bare, screens);
  }
  // Tori: the built CLI on a temp SQLite file.
  let tori;
  {
    const server = await startTori();
    const tokens = await inBatches(steadyVoters + peakVoters, () => issueParticipant(server.url));
    const screens = await connectScreens(server.url, options.clients, (i) => tokens[i]);
    const steadyPairs = await fetchPairs(server, screens.slice(0, steadyVoters), STEADY_PAIRS);
    tori = { label: 'tori-server (SQLite, group commit)', ...(await steady(server, screens, options.seconds, DRAIN_MS, true, steadyPairs)) };
    rows.push(tori);
    if (peakVoters > 0) {
      const peakPairs = await fetchPairs(server, screens.slice(steadyVoters, steadyVoters + peakVoters), PEAK_PAIRS);
      peaks.push({ label: 'tori-server (SQLite, group commit)', ...(await peak(server, screens.slice(steadyVoters), peakPairs)) });
    }
    await stop(server, screens);
  }

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
    console.log(`${row.label}: the clients' own event-loop delay meanwhile p50 ${ms(row.clientDelay.p50)}, p99 ${ms(row.clientDelay.p99)} ms (part of every latency above)`);
  }
  for (const row of rows) {
    if (row.refused) console.log(`${row.label}: votes not accepted: ${[...row.refusals].map(([why, count]) => `${count} ${why}`).join(', ')}`);
  }

  let peakShare = null;
  if (peaks.length === 2) {
    console.log(`\n${`peak ingest, ${peakVoters} voters × ${PEAK_IN_FLIGHT} in flight, ${PEAK_SECONDS} s`.padEnd(44)} ${'votes/s'.padStart(8)} ${'ack p50'.padStart(8)} ${'ack p99'.padStart(8)} ${'votes'.padStart(8)} ${'server CPU'.padStart(11)}`);
    for (const row of peaks) {
      console.log(`${row.label.padEnd(44)} ${row.votesPerSecond.toFixed(0).padStart(8)} ${ms(row.ack.p50).padStart(8)} ${ms(row.ack.p99).padStart(8)} ${n(row.accepted).padStart(8)} ${pct(row.cpu).padStart(11)}`);
    }
    for (const row of peaks) {
      if (row.ranOut > 0) console.log(`${row.label}: ${n(row.ranOut)} voters ran out of pairs before the end (the figure is a floor)`);
    }
    peakShare = peaks[1].votesPerSecond / peaks[0].votesPerSecond;
  }

  const checks = [
    [`accepted votes/s >= 95% of ${options.rate}`, tori.votesPerSecond >= options.rate * 0.95 && tori.refused === 0, `${tori.votesPerSecond.toFixed(1)}, ${tori.refused} refused`],
    [`vote ack p99 < ${TARGET_ACK_P99_MS} ms`, tori.ack.p99 < TARGET_ACK_P99_MS, `${ms(tori.ack.p99)} ms`],
    [`results on every screen p99 < ${TARGET_SCREENS_P99_MS} ms`, tori.screens.p99 < TARGET_SCREENS_P99_MS, `${ms(tori.screens.p99)} ms`],
    ['no delivery lost', tori.lost === 0, `${n(tori.lost)} lost`],
  ];
  if (peakShare !== null) {
    checks.push([`peak ingest >= ${TARGET_PEAK_SHARE * 100}% of the bare ack floor`, peakShare >= TARGET_PEAK_SHARE, `${(peakShare * 100).toFixed(0)}%`]);
  }
  console.log('\ntargets');
  for (const [name, ok, value] of checks) console.log(`  ${ok ? 'PASS' : 'FAIL'}  ${name} (${value})`);
  console.log('');
  if (process.argv.includes('--check') && checks.some(([, ok]) => !ok)) process.exitCode = 1;
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
        profile: { type: 'string' },
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
  return {
    clients: whole('clients', 1, 10_000),
    rate: whole('rate', 1, 5_000),
    seconds: whole('seconds', 2, 60),
    transport: values.transport,
    profile: values.profile && resolvePath(values.profile),
  };
}

function usage(message) {
  console.error(`bench:load: ${message}\nusage: npm run bench:load -- -- [--clients N] [--rate VOTES_PER_S] [--seconds S] [--transport socket|rest] [--profile DIR] [--check]`);
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
  return { child, url, vote: (screen, appearance) => emitAnswer(screen.socket, appearance) };
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
  const { child, match } = await launch(
    [...profiling, CLI, 'serve', '--port', '0', '--host', HOST, '--data', data, '--no-demo', '--quiet', ...unlimited],
    /Tori server running at (http:\/\/\S+)/,
    'tori-server',
  );
  const url = match[1];
  const vote = options.transport === 'rest' ? (screen, appearance) => postAnswer(url, screen.token, appearance) : (screen, appearance) => emitAnswer(screen.socket, appearance);
  return { child, url, vote };
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

/** Connects the screens (a token for the first ones, the voters), joins each to the space, records results. */
async function connectScreens(url, count, tokenOf) {
  const screens = [];
  for (let start = 0; start < count; start += CONNECT_BATCH) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(CONNECT_BATCH, count - start) }, async (_, offset) => {
        const token = tokenOf(start + offset);
        const socket = io(url, { transports: ['websocket'], reconnection: false, forceNew: true, ...(token ? { auth: { token } } : {}) });
        const screen = { socket, token, shown: [], seen: 0 };
        socket.on('results', ({ results }) => {
          // When a screen first counts k votes: the vote acknowledged k-th is shown from then on.
          if (results.votes > screen.seen) {
            screen.shown.push(performance.now(), results.votes);
            screen.seen = results.votes;
          }
        });
        await new Promise((resolve, reject) => {
          socket.once('connect', resolve);
          socket.once('connect_error', reject);
        });
        const ack = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('space:join', { spaceId: 'load' });
        if (!ack.ok) throw new Error(`space:join refused: ${ack.error?.message}`);
        screen.seen = ack.results?.votes ?? 0;
        return screen;
      }),
    );
    screens.push(...batch);
  }
  return screens;
}

/** Each voter fetches `per` pairs ahead (over REST, as a page does); a bare server gets made-up ids. */
async function fetchPairs(server, voters, per) {
  const pairs = new Map();
  await inBatches(voters.length, async (v) => {
    const held = [];
    for (let i = 0; i < per; i++) held.push(await nextPair(server.url, voters[v].token));
    pairs.set(voters[v], held);
  });
  return pairs;
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

async function nextPair(url, token) {
  const response = await fetch(`${url}/api/spaces/load/appearances`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: '{}',
    signal: AbortSignal.timeout(ACK_TIMEOUT_MS),
  });
  const body = await response.json();
  if (!response.ok || !body.appearance) throw new Error(`no pair for a voter: ${response.status} ${JSON.stringify(body)}`);
  return { id: body.appearance.id, winnerId: body.appearance.left.id };
}

let madeUp = 0;
function madeUpPair() {
  madeUp += 1;
  return { id: `pair-${madeUp}`, winnerId: 'idea-0' };
}

async function emitAnswer(socket, appearance) {
  const ack = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('appearance:answer', { appearanceId: appearance.id, kind: 'vote', body: { winnerId: appearance.winnerId } });
  if (ack?.ok !== true) return ack?.error?.code ?? 'no ack';
  return ack.duplicate === false || 'duplicate';
}

async function postAnswer(url, token, appearance) {
  const response = await fetch(`${url}/api/appearances/${appearance.id}/vote`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ winnerId: appearance.winnerId }),
    signal: AbortSignal.timeout(ACK_TIMEOUT_MS),
  });
  const body = await response.json().catch(() => null);
  return response.status === 201 || body?.error?.code || `status ${response.status}`;
}

/**
 * Votes at the steady rate for `seconds`: vote k leaves at start + k / rate from voter k mod voters, who fetches its
 * next pair once it has voted. With `watch`, every screen's results are matched to the votes afterwards.
 */
async function steady(server, screens, seconds, drainMs, watch, pairs = null) {
  const voters = screens.slice(0, steadyVoters);
  const total = options.rate * seconds;
  const sentAt = new Float64Array(total);
  const ackLatency = [];
  const ackOrder = [];
  const refusals = new Map();
  const refuse = (why) => void refusals.set(why, (refusals.get(why) ?? 0) + 1);
  let lastAck = 0;
  const jobs = [];
  const cpuBefore = cpuOf(server.child);
  const firstSeen = screens.map((screen) => screen.seen);
  // This process decodes every screen's messages too: a vote's ack read late because of that is the clients' delay.
  const clientLoop = monitorEventLoopDelay({ resolution: 5 });
  clientLoop.enable();
  const start = performance.now();
  let sent = 0;
  await new Promise((resolve) => {
    const tick = () => {
      const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * options.rate) + 1);
      for (; sent < due; sent++) {
        const k = sent;
        const voter = voters[k % voters.length];
        const held = pairs?.get(voter);
        const appearance = held ? held.shift() : madeUpPair();
        if (!appearance) {
          refuse('no pair fetched yet');
          continue;
        }
        sentAt[k] = performance.now();
        jobs.push(
          server.vote(voter, appearance).then(
            (ok) => {
              const now = performance.now();
              if (ok !== true) return refuse(ok);
              ackLatency.push(now - sentAt[k]);
              ackOrder.push(k);
              lastAck = now;
            },
            (error) => refuse(error instanceof Error ? error.message : String(error)),
          ),
        );
        // The next pair, fetched ahead like the widget does.
        if (held) jobs.push(nextPair(server.url, voter.token).then((next) => held.push(next), () => undefined));
      }
      if (sent >= total) resolve();
      else setTimeout(tick, 2);
    };
    tick();
  });
  await Promise.all(jobs);
  clientLoop.disable();
  const clientDelay = { p50: clientLoop.percentile(50) / 1e6, p99: clientLoop.percentile(99) / 1e6 };
  const rssMb = rssOf(server.child);
  const cpu = (cpuOf(server.child) - cpuBefore) / ((performance.now() - start) / 1000);
  const refused = [...refusals.values()].reduce((sum, count) => sum + count, 0);
  const accepted = ackLatency.length;
  const votesPerSecond = accepted / Math.max(seconds, (lastAck - start) / 1000);
  const common = { votesPerSecond, ack: percentiles(ackLatency), refused, refusals, rssMb, cpu, clientDelay };
  if (!watch) return common;

  // Give the screens the drain time to show the last votes (or all of them, whichever is first).
  const expected = (screen, i) => firstSeen[i] + accepted;
  const drainUntil = performance.now() + drainMs;
  while (performance.now() < drainUntil && screens.some((screen, i) => screen.seen < expected(screen, i))) await sleep(50);

  const shownLatency = [];
  let lost = 0;
  screens.forEach((screen, i) => {
    let at = 0;
    for (let rank = 1; rank <= accepted; rank++) {
      const count = firstSeen[i] + rank;
      while (at < screen.shown.length && screen.shown[at + 1] < count) at += 2;
      if (at >= screen.shown.length) {
        lost += accepted - rank + 1;
        break;
      }
      shownLatency.push(screen.shown[at] - sentAt[ackOrder[rank - 1]]);
    }
    screen.shown = [];
  });
  return { ...common, screens: percentiles(shownLatency), lost };
}

/** Every voter keeps PEAK_IN_FLIGHT votes in flight for PEAK_SECONDS, sending the next as each is acked. */
async function peak(server, screens, pairs) {
  const voters = screens.slice(0, peakVoters);
  const latency = [];
  let lastAck = 0;
  const start = performance.now();
  const cpuBefore = cpuOf(server.child);
  const end = start + PEAK_SECONDS * 1000;
  let ranOut = 0;
  const lane = async (voter) => {
    const held = pairs?.get(voter);
    while (performance.now() < end) {
      const appearance = held ? held.shift() : madeUpPair();
      if (!appearance) {
        ranOut += 1;
        return;
      }
      const at = performance.now();
      const ok = await server.vote(voter, appearance).catch(() => false);
      if (ok === true) {
        lastAck = performance.now();
        latency.push(lastAck - at);
      }
    }
  };
  await Promise.all(voters.flatMap((voter) => Array.from({ length: PEAK_IN_FLIGHT }, () => lane(voter))));
  // Votes over the whole phase (or until the last ack, if acks came after its end).
  const seconds = Math.max(PEAK_SECONDS, (lastAck - start) / 1000);
  const cpu = (cpuOf(server.child) - cpuBefore) / ((performance.now() - start) / 1000);
  return { votesPerSecond: latency.length / seconds, ack: percentiles(latency), accepted: latency.length, rssMb: rssOf(server.child), cpu, ranOut };
}

async function stop(server, screens) {
  for (const screen of screens) screen.socket.close();
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

/** The peak resident memory of the process so far (Linux), in MB. */
function rssOf(child) {
  try {
    const kb = Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1]);
    return Math.round(kb / 1024);
  } catch {
    return NaN;
  }
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

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// Last, so every declaration above is initialised before the run starts.
try {
  await main();
} catch (error) {
  console.error(`bench:load: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
process.exit();
