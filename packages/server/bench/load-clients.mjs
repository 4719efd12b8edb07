// One client process of bench:load (forked by load.mjs): a share of the screens, or the steady voters, each a
// socket.io client over loopback. Real screens and voters are separate devices, so one event loop decoding every
// screen's messages and reading every ack would make the bench's own lateness part of each latency. It answers the
// parent's requests over the IPC channel and reports raw timings on one shared clock (ms since the epoch, from
// performance.timeOrigin), so the parent can take percentiles over every process.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { io } from 'socket.io-client';

const NAME = process.argv[2] ?? 'clients';
/** Screens connecting at once: a reconnect storm is not what is measured. */
const CONNECT_BATCH = 100;
const ACK_TIMEOUT_MS = 10_000;

/** The clock shared by every process of the run (same machine): milliseconds since the epoch, sub-ms resolution. */
const clock = () => performance.timeOrigin + performance.now();

let screens = [];
const pairs = new Map();
let loop = null;

const handlers = {
  /** Connects one screen per entry (a token for voters, null for a screen only), joins each to the space. */
  async connect({ url, tokens }) {
    for (let start = 0; start < tokens.length; start += CONNECT_BATCH) {
      const batch = await Promise.all(tokens.slice(start, start + CONNECT_BATCH).map((token) => connectScreen(url, token)));
      screens.push(...batch);
    }
    return { connected: screens.length };
  },

  /** The given voters each fetch `per` pairs ahead (over REST, as a page does). */
  async fetchPairs({ url, voters, per }) {
    await inBatches(voters.length, async (v) => {
      // A later round's fetch hands back the pairs a slow round left unanswered (the cap): each is held once.
      const held = new Map();
      for (let i = 0; i < per; i++) {
        const pair = await nextPair(url, screens[voters[v]].token);
        held.set(pair.id, pair);
      }
      pairs.set(voters[v], [...held.values()]);
    });
    return {};
  },

  /** Starts a phase: what each screen shows from now on is counted from here; the event-loop delay is watched. */
  phaseStart() {
    for (const screen of screens) {
      screen.shown = [];
      screen.firstSeen = screen.seen;
    }
    loop = monitorEventLoopDelay({ resolution: 5 });
    loop.enable();
    return {};
  },

  phaseEnd() {
    loop.disable();
    return { p50: loop.percentile(50) / 1e6, p99: loop.percentile(99) / 1e6 };
  },

  /**
   * Votes at the steady rate: vote k leaves at startAt + k / rate from voter k mod voters (this process's screens
   * 0…voters-1), who fetches its next pair once it has voted; without pairs (a bare server) the ids are made up.
   */
  async steady({ url, transport, rate, total, voters, startAt, withPairs }) {
    const sentAt = new Array(total).fill(null);
    const ackLatency = [];
    const ackOrder = [];
    const refusals = {};
    const refuse = (why) => void (refusals[why] = (refusals[why] ?? 0) + 1);
    let lastAck = 0;
    const jobs = [];
    await sleep(startAt - clock());
    let sent = 0;
    await new Promise((resolve) => {
      const tick = () => {
        const due = Math.min(total, Math.floor(((clock() - startAt) / 1000) * rate) + 1);
        for (; sent < due; sent++) {
          const k = sent;
          const voter = k % voters;
          const held = withPairs ? pairs.get(voter) : null;
          const appearance = held ? held.shift() : madeUpPair();
          if (!appearance) {
            refuse('no pair fetched yet');
            continue;
          }
          sentAt[k] = clock();
          jobs.push(
            vote(url, transport, screens[voter], appearance).then(
              (ok) => {
                const now = clock();
                if (ok !== true) return refuse(ok);
                ackLatency.push(now - sentAt[k]);
                ackOrder.push(k);
                lastAck = now;
              },
              (error) => refuse(error instanceof Error ? error.message : String(error)),
            ),
          );
          // The next pair, fetched ahead like the widget does.
          if (held) jobs.push(nextPair(url, screens[voter].token).then((next) => held.push(next), () => undefined));
        }
        if (sent >= total) resolve();
        else setTimeout(tick, 2);
      };
      tick();
    });
    await Promise.all(jobs);
    // The k-th acknowledged vote's sending time: a screen counting k votes shows it.
    return { ackLatency, sentAtByRank: ackOrder.map((k) => sentAt[k]), refusals, lastAck };
  },

  /** Waits until every screen counts `added` more votes than at the phase start, or the deadline; then its raw times. */
  async drain({ added, until }) {
    while (clock() < until && screens.some((screen) => screen.seen < screen.firstSeen + added)) await sleep(50);
    return { screens: screens.map((screen) => ({ firstSeen: screen.firstSeen, shown: screen.shown })) };
  },

  /** The given voters each keep one vote in flight from startAt to endAt, sending the next as each is acked. */
  async peak({ url, transport, voters, startAt, endAt, withPairs }) {
    const latency = [];
    const ackedAt = [];
    let lastAck = 0;
    let ranOut = 0;
    let firstRanOut = null;
    const receivedBefore = screens.reduce((sum, screen) => sum + screen.received, 0);
    await sleep(startAt - clock());
    const lane = async (index) => {
      const held = withPairs ? pairs.get(index) : null;
      while (clock() < endAt) {
        const appearance = held ? held.shift() : madeUpPair();
        if (!appearance) {
          ranOut += 1;
          firstRanOut ??= clock();
          return;
        }
        const at = clock();
        const ok = await vote(url, transport, screens[index], appearance).catch(() => false);
        if (ok === true) {
          lastAck = clock();
          latency.push(lastAck - at);
          ackedAt.push(lastAck);
        }
      }
    };
    await Promise.all(voters.map((index) => lane(index)));
    const results = screens.reduce((sum, screen) => sum + screen.received, 0) - receivedBefore;
    return { latency, ackedAt, lastAck, ranOut, firstRanOut, results, screens: screens.length };
  },

  close() {
    for (const screen of screens) screen.socket.close();
    screens = [];
    pairs.clear();
    return {};
  },
};

async function connectScreen(url, token) {
  const socket = io(url, { transports: ['websocket'], reconnection: false, forceNew: true, ...(token ? { auth: { token } } : {}) });
  const screen = { socket, token, shown: [], seen: 0, firstSeen: 0, received: 0 };
  socket.on('results', ({ results }) => {
    screen.received += 1;
    // When a screen first counts k votes: the vote acknowledged k-th is shown from then on.
    if (results.votes > screen.seen) {
      screen.shown.push(clock(), results.votes);
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
}

/** Runs job(0…count-1) at most CONNECT_BATCH at a time: thousands of requests at once overflow the listen backlog. */
async function inBatches(count, job) {
  let next = 0;
  const worker = async () => {
    while (next < count) await job(next++);
  };
  await Promise.all(Array.from({ length: Math.min(CONNECT_BATCH, count) }, worker));
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
  return { id: `${NAME}-pair-${madeUp}`, winnerId: 'idea-0' };
}

/** true when the vote was accepted, otherwise why not. */
function vote(url, transport, screen, appearance) {
  return transport === 'rest' ? postAnswer(url, screen.token, appearance) : emitAnswer(screen.socket, appearance);
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

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}

if (!process.send) {
  process.stderr.write('load-clients.mjs is forked by load.mjs (npm run bench:load)\n');
  process.exit(2);
}
// One request at a time per id; an error goes back as its message, so the parent can stop the run with it.
process.on('message', async ({ id, type, args }) => {
  try {
    const handler = handlers[type];
    if (!handler) throw new Error(`unknown request ${type}`);
    process.send({ id, ok: true, value: await handler(args ?? {}) });
  } catch (error) {
    process.send({ id, ok: false, error: error instanceof Error ? `${error.message}${error.cause ? ` (${error.cause.message ?? error.cause})` : ""}` : String(error) });
  }
});
// The parent gone (its run over or killed): nothing left to measure.
process.on('disconnect', () => process.exit(0));
