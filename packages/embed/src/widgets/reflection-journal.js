// widgets/reflection-journal.js: <reflection-journal> and <tori-space> alone, for a course page that needs only the journal.
import '../default-server.js';
import '@tori/core/define';
import '@tori/reflection-journal/define';

export { ToriSpace } from '@tori/core';
export { ReflectionJournal } from '@tori/reflection-journal';
