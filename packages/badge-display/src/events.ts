/** Events of <badge-display>: all bubble and are composed, so a page can listen on `document`. */
import type { CheckName, CheckOutcome, CheckReason, CredentialReport } from '@tori/core/badges';
import type { BadgeAward } from '@tori/protocol';
import type { BadgeDisplay } from './badge-display.js';

/** `tori-badge-verified`: a verification finished, whatever it found. */
export interface BadgeVerifiedDetail {
  /** The credential's id (`urn:uuid:…`), or for a credential shown by `src`, its id or address. */
  credentialId: string;
  /** True when the credential is authentic, in its dates and not revoked. */
  ok: boolean;
  verdict: CredentialReport['verdict'];
  checks: { name: CheckName; outcome: CheckOutcome; reason: CheckReason; detail?: string }[];
}

/** `tori-badge-awarded`: a badge was issued to the participant (live), or by the facilitator (`mode="facilitate"`). */
export interface BadgeAwardedDetail {
  award: BadgeAward;
}

/** `tori-error`: something failed that the person was told about. */
export interface BadgeDisplayErrorDetail {
  /** The server's error code (e.g. 'conflict', 'invalid_body', 'forbidden'), or 'network'. */
  code: string;
  message: string;
}

declare global {
  interface GlobalEventHandlersEventMap {
    'tori-badge-verified': CustomEvent<BadgeVerifiedDetail>;
    'tori-badge-awarded': CustomEvent<BadgeAwardedDetail>;
    'tori-error': CustomEvent<BadgeDisplayErrorDetail>;
  }
  interface HTMLElementTagNameMap {
    'badge-display': BadgeDisplay;
  }
}
