/** Registers <idea-duel> (harmless when it is already registered). */
import { IdeaDuel } from './idea-duel.js';

IdeaDuel.define('idea-duel');

export * from './index.js';
