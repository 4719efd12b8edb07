/** Registers <idea-board> (harmless when it is already registered). */
import { IdeaBoard } from './idea-board.js';

IdeaBoard.define('idea-board');

export * from './index.js';
