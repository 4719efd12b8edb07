// widgets/named-discussion.js: <named-discussion> and <tori-space> alone, for a course page that needs only the discussion.
import '../default-server.js';
import '@tori/core/define';
import '@tori/named-discussion/define';

export { ToriSpace } from '@tori/core';
export { NamedDiscussion } from '@tori/named-discussion';
