// widgets/idea-board.js: <idea-board> and <tori-space> alone, for a page that needs only the board.
import '../default-server.js';
import '@tori/core/define';
import '@tori/idea-board/define';

export { ToriSpace } from '@tori/core';
export { IdeaBoard } from '@tori/idea-board';
