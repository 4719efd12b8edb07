import type { JournalBody, SpaceAdmin } from '@tori/protocol';
import type { BadgeService } from './badges.js';
import { COURSE_ISSUER, courseBadges } from './demo-badges.js';
import type { Discussion } from './discussion.js';
import type { NewSpace, Spaces } from './spaces.js';
import { ApiError } from './errors.js';
import { createJournal } from './journal.js';
import { SYSTEM_ACTOR } from './moderation.js';
import type { Storage } from './storage/index.js';

/** The space the demo page uses: a Finnish city's strategy event, as in the case Tori was born from. */
export const DEMO_SPACE: NewSpace = {
  id: 'demo',
  title: 'Tulevaisuuden Kaupunki – strategia 2027–2030',
  question: 'Kumpi teema on tärkeämpi seuraavalla strategiakaudella?',
  ideas: [
    'Joukkoliikenne, pyöräily ja kävely arjen ensisijaisiksi tavoiksi liikkua',
    'Hiilineutraali kaupunki vuoteen 2030 mennessä',
    'Lasten ja nuorten hyvinvointi ja harrastusmahdollisuudet',
    'Ikääntyneiden kotona asumisen tukeminen',
    'Elinvoimainen keskusta ja paikalliset yritykset',
    'Kirjastot, kulttuuri ja kohtaamispaikat kaikille',
    'Lähiluonto, puistot ja viheralueet',
    'Asukkaiden osallistuminen päätöksentekoon',
  ],
  // Ideas show at once, so a visitor trying the page alone sees theirs; reports hide an idea after three.
  ideasNeedApproval: false,
  categories: [
    { id: 'liikkuminen', label: 'Liikkuminen' },
    { id: 'ymparisto', label: 'Ympäristö ja ilmasto' },
    { id: 'hyvinvointi', label: 'Hyvinvointi ja palvelut' },
    { id: 'elinvoima', label: 'Elinvoima ja työ' },
    { id: 'kulttuuri', label: 'Kulttuuri ja vapaa-aika' },
    { id: 'osallisuus', label: 'Osallisuus ja päätöksenteko' },
  ],
  allowedOrigins: ['*'],
  votingOpen: true,
};

const SEEDED_SETTING = 'demo_seeded_at';

/**
 * Creates the demo space on the first start of a data file, never again (not even if a facilitator changed it
 * beyond recognition). Returns its key, which exists nowhere else, or null when nothing was created.
 */
export async function seedDemo(storage: Storage, spaces: Spaces): Promise<{ space: SpaceAdmin; adminKey: string } | null> {
  if ((await storage.settings.get(SEEDED_SETTING)) !== undefined) return null;
  let created: { space: SpaceAdmin; adminKey: string } | null = null;
  if (!(await storage.spaces.get(DEMO_SPACE.id))) {
    try {
      created = await spaces.create(DEMO_SPACE);
    } catch (error) {
      // Another process seeded it a moment ago.
      if (!(error instanceof ApiError && error.status === 409)) throw error;
    }
  }
  await storage.settings.setOnce(SEEDED_SETTING, new Date().toISOString());
  return created;
}

/** The course page's space: an association's online course, module 1 of 6, with its discussion. */
export const COURSE_SPACE: NewSpace = {
  id: 'kurssi',
  title: 'Kylät yhdessä ry – Yhdistystoiminnan perusteet (verkkokurssi)',
  question: 'Kumpi on yhdistyksellemme tärkeämpää?',
  allowedOrigins: ['*'],
  votingOpen: false,
};

/** The discussion of module 1: every participant's name shows, so people get to know each other. */
export const COURSE_TOPIC = {
  id: 'moduuli-1',
  title: 'Moduuli 1: Miksi olen mukana?',
  prompt:
    'Esittäydy muille: kerro, mikä sai sinut mukaan yhdistystoimintaan ja mitä toivot tältä kurssilta. ' +
    'Vastaa myös ainakin yhdelle toiselle osallistujalle.',
};

/** The course's reflection journal: one module per webinar, private to each participant. */
export const COURSE_JOURNAL: JournalBody = {
  modules: [
    {
      id: 'moduuli-1',
      title: 'Moduuli 1: Miksi olen mukana?',
      topicId: COURSE_TOPIC.id,
      prompts: [
        { id: 'm1-mukaan', text: 'Mikä sai sinut mukaan yhdistystoimintaan, ja mikä on pitänyt sinut mukana?' },
        { id: 'm1-toive', text: 'Mitä toivot oppivasi tällä kurssilla? Mistä tiedät kurssin lopussa, että opit sen?' },
      ],
    },
    {
      id: 'moduuli-2',
      title: 'Moduuli 2: Jäsenet ja vapaaehtoiset',
      prompts: [{ id: 'm2-kutsu', text: 'Keitä yhdistyksestänne puuttuu? Miten voisit kutsua heidät mukaan?' }],
    },
    {
      id: 'moduuli-3',
      title: 'Moduuli 3: Talous ja avustukset',
      prompts: [{ id: 'm3-talous', text: 'Mikä yhdistyksen talouden asia mietityttää sinua eniten, ja keneltä voisit kysyä siitä?' }],
    },
    {
      id: 'moduuli-4',
      title: 'Moduuli 4: Viestintä',
      prompts: [{ id: 'm4-viesti', text: 'Kenelle yhdistyksenne viestii, ja kuka jää kuulematta? Mitä kokeilisit ensimmäiseksi?' }],
    },
    {
      id: 'moduuli-5',
      title: 'Moduuli 5: Yhteistyö kunnan ja muiden yhdistysten kanssa',
      prompts: [{ id: 'm5-yhteistyo', text: 'Minkä yhteistyön aloittaisit ensi vuonna, ja mitä siitä hyötyisivät molemmat?' }],
    },
    {
      id: 'moduuli-6',
      title: 'Moduuli 6: Katse tulevaan',
      prompts: [
        { id: 'm6-toisin', text: 'Mitä teet toisin kurssin jälkeen?' },
        { id: 'm6-oppi', text: 'Palaa moduulin 1 pohdintaasi: opitko sen, mitä toivoit?' },
      ],
    },
  ],
  facilitatorsCanRead: false,
};

const COURSE_SEEDED_SETTING = 'course_seeded_at';
/** Apart from the course's own: a data file seeded before badges existed gets them at its next start. */
const COURSE_BADGES_SEEDED_SETTING = 'course_badges_seeded_at';

/** Modules 2 and 3 get discussions too, so the competence badge's "three discussions" can be met. */
export const COURSE_MORE_TOPICS = [
  { id: 'moduuli-2', title: 'Moduuli 2: Jäsenet ja vapaaehtoiset', prompt: 'Kerro, miten yhdistyksenne on saanut uusia jäseniä tai vapaaehtoisia. Mikä on toiminut, mikä ei?' },
  { id: 'moduuli-3', title: 'Moduuli 3: Talous ja avustukset', prompt: 'Mistä yhdistyksenne on hakenut avustusta? Jaa yksi vinkki muille.' },
];

/**
 * Creates the course space and its first topic on the first start of a data file (also of one that already had the
 * demo space), never again. Returns the space's key, which exists nowhere else, or null when nothing was created.
 */
export async function seedCourse(
  storage: Storage,
  spaces: Spaces,
  discussion: Discussion,
  badges: BadgeService,
): Promise<{ space: SpaceAdmin; adminKey: string } | null> {
  if ((await storage.settings.get(COURSE_SEEDED_SETTING)) !== undefined) {
    await seedCourseBadges(storage, spaces, discussion, badges);
    return null;
  }
  let created: { space: SpaceAdmin; adminKey: string } | null = null;
  if (!(await storage.spaces.get(COURSE_SPACE.id))) {
    try {
      created = await spaces.create(COURSE_SPACE);
    } catch (error) {
      // Another process seeded it a moment ago.
      if (!(error instanceof ApiError && error.status === 409)) throw error;
    }
  }
  const space = await spaces.find(COURSE_SPACE.id);
  if (!(await storage.discussion.topic(space.id, COURSE_TOPIC.id))) {
    await discussion.putTopic(space, COURSE_TOPIC.id, { title: COURSE_TOPIC.title, prompt: COURSE_TOPIC.prompt }, SYSTEM_ACTOR);
  }
  if (!(await storage.journal.get(space.id))) await createJournal(storage).define(space, COURSE_JOURNAL);
  await seedCourseBadges(storage, spaces, discussion, badges);
  await storage.settings.setOnce(COURSE_SEEDED_SETTING, new Date().toISOString());
  return created;
}

/** The course's badges, its issuer and the discussions its competence badge counts; once per data file. */
async function seedCourseBadges(storage: Storage, spaces: Spaces, discussion: Discussion, badges: BadgeService): Promise<void> {
  if ((await storage.settings.get(COURSE_BADGES_SEEDED_SETTING)) !== undefined) return;
  // A data file whose facilitator removed the course space gets no badges for it.
  if (!(await storage.spaces.get(COURSE_SPACE.id))) return;
  const space = await spaces.find(COURSE_SPACE.id);
  for (const topic of COURSE_MORE_TOPICS) {
    if (!(await storage.discussion.topic(space.id, topic.id))) {
      await discussion.putTopic(space, topic.id, { title: topic.title, prompt: topic.prompt }, SYSTEM_ACTOR);
    }
  }
  if (!(await storage.badges.issuer(space.id))) await badges.setIssuer(space, COURSE_ISSUER);
  const modules = (await storage.journal.get(space.id))?.modules.length ?? COURSE_JOURNAL.modules.length;
  for (const [id, body] of Object.entries(courseBadges(modules))) {
    if (!(await storage.badges.get(space.id, id))) await badges.define(space, id, body);
  }
  await storage.settings.setOnce(COURSE_BADGES_SEEDED_SETTING, new Date().toISOString());
}
