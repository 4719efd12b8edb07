/**
 * How much one participant and one address may ask of the server. A city hall's Wi-Fi is one public address for
 * 300 people, so the address limits are generous and stop only floods; the participant limits are tight, since
 * a person answers at human speed. A script that mints tokens to dodge them is held by the issuing limit.
 */
export interface Limits {
  /** REST requests per window from one participant token (verified), however many addresses it uses. */
  participantRequests: number;
  /** REST requests per window from one address, with or without a token: every request counts. */
  addressRequests: number;
  /** New participant tokens (POST /api/participants) per window from one address. */
  participantsIssued: number;
  /** socket.io events per window from one participant (a token given on the handshake). */
  participantEvents: number;
  /** socket.io connections and events per window from one address. */
  addressEvents: number;
  /** The length of every window above, in milliseconds. */
  windowMs: number;
  /**
   * Take the client's address from X-Forwarded-For (behind a load balancer or reverse proxy): otherwise every
   * participant would share the proxy's address. Only turn it on when a proxy you run sets the header.
   */
  trustProxy: boolean;
}

/**
 * Per minute. A person voting as fast as they can reads the next pair and answers it about once a second (120
 * requests); 240 leaves room for the board, the discussion and reloads. Answers go over the socket when it is
 * connected, so a participant's events get the same 240. 300 such people at once behind one address stay under
 * 30,000 requests and 30,000 events, a reconnect storm after a restart (every screen rejoining its spaces) with them.
 */
export const DEFAULT_LIMITS: Limits = {
  participantRequests: 240,
  addressRequests: 30_000,
  participantsIssued: 1_000,
  participantEvents: 240,
  addressEvents: 30_000,
  windowMs: 60_000,
  trustProxy: false,
};

type Counted = Exclude<keyof Limits, 'trustProxy'>;

/** The command line flag and environment variable of each limit. */
export const LIMIT_SETTINGS: Record<keyof Limits, { flag: string; env: string; help: string }> = {
  participantRequests: { flag: 'rate-participant', env: 'TORI_RATE_PARTICIPANT', help: 'requests per window from one participant' },
  addressRequests: { flag: 'rate-address', env: 'TORI_RATE_ADDRESS', help: 'requests per window from one address' },
  participantsIssued: { flag: 'rate-new-participants', env: 'TORI_RATE_NEW_PARTICIPANTS', help: 'new participant tokens per window from one address' },
  participantEvents: { flag: 'rate-participant-events', env: 'TORI_RATE_PARTICIPANT_EVENTS', help: 'socket.io events per window from one participant' },
  addressEvents: { flag: 'rate-address-events', env: 'TORI_RATE_ADDRESS_EVENTS', help: 'socket.io connections and events per window from one address' },
  windowMs: { flag: 'rate-window-ms', env: 'TORI_RATE_WINDOW_MS', help: 'length of the rate windows in milliseconds' },
  trustProxy: { flag: 'trust-proxy', env: 'TORI_TRUST_PROXY', help: 'take client addresses from X-Forwarded-For (behind a proxy)' },
};

const COUNTED = Object.keys(DEFAULT_LIMITS).filter((name): name is Counted => name !== 'trustProxy');

/** The defaults with the given ones over them; a limit that is not a positive whole number is refused at start. */
export function resolveLimits(given: Partial<Limits> = {}): Limits {
  const limits = { ...DEFAULT_LIMITS };
  for (const name of COUNTED) {
    const value = given[name];
    if (value === undefined) continue;
    if (!Number.isSafeInteger(value) || value < 1) throw new Error(`the limit ${name} must be a whole number of 1 or more, not ${String(value)}`);
    limits[name] = value;
  }
  if (given.trustProxy !== undefined) limits.trustProxy = given.trustProxy === true;
  return limits;
}

/** parseArgs options for the limits' flags (all strings, so a bad number gets our message, not parseArgs'). */
export const LIMIT_FLAGS = Object.fromEntries(
  Object.entries(LIMIT_SETTINGS).map(([name, { flag }]) => [flag, { type: name === 'trustProxy' ? 'boolean' : 'string' }]),
) as Record<string, { type: 'string' | 'boolean' }>;

/** Lines for the CLI's usage text. */
export const LIMITS_USAGE = Object.entries(LIMIT_SETTINGS)
  .map(([name, { flag, help }]) => {
    const value = name === 'trustProxy' ? '' : ' <n>';
    const fallback = name === 'trustProxy' ? '' : ` (default ${DEFAULT_LIMITS[name as Counted]})`;
    return `  --${`${flag}${value}`.padEnd(28)} ${help}${fallback}`;
  })
  .join('\n');

/** Environment lines for the CLI's usage text. */
export const LIMITS_ENV_USAGE = Object.values(LIMIT_SETTINGS)
  .map(({ env, flag }) => `  ${env.padEnd(29)} as --${flag}`)
  .join('\n');

/** Limits from the CLI's flags, then the environment; a value that is not a number is an error naming its source. */
export function limitsFromSettings(flags: Record<string, string | boolean | undefined>, env: NodeJS.ProcessEnv): Partial<Limits> {
  const limits: Partial<Limits> = {};
  for (const name of COUNTED) {
    const { flag, env: variable } = LIMIT_SETTINGS[name];
    const fromFlag = flags[flag];
    const raw = typeof fromFlag === 'string' ? fromFlag : env[variable] || undefined;
    if (raw === undefined) continue;
    const source = typeof fromFlag === 'string' ? `--${flag}` : variable;
    if (!/^\d+$/.test(raw.trim()) || Number(raw) < 1) throw new Error(`${source} must be a whole number of 1 or more, not "${raw}"`);
    limits[name] = Number(raw);
  }
  const proxyFlag = flags[LIMIT_SETTINGS.trustProxy.flag];
  const proxyEnv = env[LIMIT_SETTINGS.trustProxy.env];
  if (proxyFlag === true) limits.trustProxy = true;
  else if (proxyEnv !== undefined && proxyEnv !== '') {
    if (!/^(1|0|true|false|yes|no)$/i.test(proxyEnv)) throw new Error(`${LIMIT_SETTINGS.trustProxy.env} must be true or false, not "${proxyEnv}"`);
    limits.trustProxy = /^(1|true|yes)$/i.test(proxyEnv);
  }
  return limits;
}
