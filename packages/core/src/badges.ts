/**
 * @tori/core/badges: what `<badge-display>` builds on. A module of its own, so bundles without badges carry none of
 * it; the credential check (jose included) is loaded from it on demand only. Importing it registers no element.
 */
export { badgeClient, fetchPublicDocument, RestBadges, type BadgeClient } from './badge-client.js';
export {
  BadgeController,
  ForeignCredentialController,
  verifyCredential,
  type BadgeHost,
  type BadgeInProgress,
  type BadgeOptions,
  type BadgeView,
  type CredentialSource,
  type EarnedNow,
  type ForeignState,
  type Verification,
} from './badge-controller.js';
export { BadgeFacilitatorController, type BadgeFacilitatorState } from './badge-facilitator.js';
export { credentialFileName, credentialJson } from './badge-files.js';
export type * from './credential-check-types.js';
