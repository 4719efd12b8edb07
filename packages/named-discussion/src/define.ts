/** Registers <named-discussion> (harmless when it is already registered). */
import { NamedDiscussion } from './named-discussion.js';

NamedDiscussion.define('named-discussion');

export * from './index.js';
