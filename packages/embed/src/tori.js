// tori.js: every Tori widget and <tori-space>, registered on load.
import './default-server.js';
import '@tori/core/define';
import '@tori/badge-display/define';
import '@tori/idea-board/define';
import '@tori/idea-duel/define';
import '@tori/named-discussion/define';
import '@tori/reflection-journal/define';

export { ToriSpace, setDefaultServer, createClient } from '@tori/core';
export { BadgeDisplay } from '@tori/badge-display';
export { IdeaBoard } from '@tori/idea-board';
export { IdeaDuel } from '@tori/idea-duel';
export { NamedDiscussion } from '@tori/named-discussion';
export { ReflectionJournal } from '@tori/reflection-journal';
