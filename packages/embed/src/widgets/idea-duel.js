// widgets/idea-duel.js: <idea-duel> and <tori-space> alone, for a page that needs only the duel.
import '../default-server.js';
import '@tori/core/define';
import '@tori/idea-duel/define';

export { ToriSpace } from '@tori/core';
export { IdeaDuel } from '@tori/idea-duel';
