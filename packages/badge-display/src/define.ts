/** Registers <badge-display> (harmless when it is already registered). */
import { BadgeDisplay } from './badge-display.js';

BadgeDisplay.define('badge-display');

export * from './index.js';
