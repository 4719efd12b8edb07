/**
 * Which web pages may use a space. Tori keeps no cookies, so the risk is not stolen sessions but a foreign page
 * steering a space's participants; the facilitator lists the origins whose pages may embed it ("*" = any).
 */
import type { SpaceRecord } from './storage/index.js';
import { originNotAllowed } from './errors.js';

/**
 * True when a request from `origin` may use the space. No Origin header means no cross-origin page is involved
 * (curl, a server); the server's own origin (the demo and projector pages it serves) is always allowed.
 */
export function originAllowed(space: SpaceRecord, origin: string | undefined, host: string | undefined): boolean {
  if (origin === undefined || origin === '') return true;
  if (space.allowedOrigins.includes('*') || space.allowedOrigins.includes(origin)) return true;
  return host !== undefined && sameHost(origin, host);
}

export function checkOrigin(space: SpaceRecord, origin: string | undefined, host: string | undefined): void {
  if (!originAllowed(space, origin, host)) {
    throw originNotAllowed(
      `Pages at ${origin} may not use space "${space.id}". Its facilitator can add this origin to the space's allowed origins.`,
    );
  }
}

function sameHost(origin: string, host: string): boolean {
  try {
    // The scheme is not compared: behind a TLS-terminating proxy the server itself sees plain http.
    return new URL(origin).host === host.toLowerCase();
  } catch {
    return false;
  }
}
