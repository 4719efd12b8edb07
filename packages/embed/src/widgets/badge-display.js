// widgets/badge-display.js: <badge-display> and <tori-space> alone, for a course page that shows badges (the credential
// check loads from chunks/ when someone presses Verify or a credential of another issuer is shown).
import '../default-server.js';
import '@tori/core/define';
import '@tori/badge-display/define';

export { ToriSpace } from '@tori/core';
export { BadgeDisplay } from '@tori/badge-display';
