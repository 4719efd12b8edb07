/** Registers <reflection-journal> (harmless when it is already registered). */
import { ReflectionJournal } from './reflection-journal.js';

ReflectionJournal.define('reflection-journal');

export * from './index.js';
