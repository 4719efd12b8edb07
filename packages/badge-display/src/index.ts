/** The <badge-display> class and its types; importing this registers no tag (see `@tori/badge-display/define`). */
export { BadgeDisplay } from './badge-display.js';
export type { BadgeAwardedDetail, BadgeDisplayErrorDetail, BadgeVerifiedDetail } from './events.js';
