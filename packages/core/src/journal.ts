/**
 * @tori/core/journal: what `<reflection-journal>` builds on. A module of its own, so bundles without a journal carry
 * none of it. Importing it registers no element.
 */
export { journalClient, RestJournal, type JournalClient } from './journal-client.js';
export {
  JournalController,
  moduleReflected,
  type ConflictChoice,
  type JournalHost,
  type JournalOptions,
  type JournalView,
  type ReflectionDraft,
  type ReflectionEntry,
  type ReflectionStatus,
} from './journal-controller.js';
export { journalFileName, journalHtml, journalMarkdown, type JournalDocument } from './journal-export.js';
export { JournalFacilitatorController, type JournalFacilitatorState } from './journal-facilitator.js';
