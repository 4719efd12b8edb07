/**
 * The journal of the in-memory fixture server (`@tori/core/fixtures`): prompts, revisions as the real server keeps
 * them, sharing to a discussion, and sample courses in three languages. Never part of a page bundle.
 */
import {
  REFLECTION_MAX,
  type DiscussionPost,
  type Journal,
  type JournalProgress,
  type JournalReading,
  type Profile,
  type Reflection,
} from '@tori/protocol';
import type { FacilitatorAccess } from './contracts.js';
import { ToriError } from './errors.js';
import type { Locale } from './i18n.js';
import type { JournalClient } from './journal-client.js';

export interface JournalFixtureOptions {
  /** The space's journal; none (no prompts) by default. */
  journal?: Journal;
  /** The participant's reflections already on the server. */
  reflections?: Reflection[];
  /** The participant's name in the space; without one a share is answered 403 `profile_required`. */
  profile?: Profile | null;
  /** What the facilitator's view reads when the journal allows it; by default this participant's reflections. */
  journalReading?: JournalReading;
  /** The facilitator's counts; by default those of this participant alone. */
  journalProgress?: JournalProgress;
}

export interface FixtureJournal extends JournalClient {
  /** Another device of the same participant saves: the next save from here meets a newer revision. */
  saveElsewhere(promptId: string, body: string): Reflection;
  /** What was shared to discussions, in order. */
  readonly shared: { topicId: string; post: DiscussionPost }[];
}

type Served = <T>(method: string, args: unknown[], answer: () => T) => Promise<T>;

export function createFixtureJournal(options: JournalFixtureOptions, served: Served, spaceKey: string): FixtureJournal {
  const journal: Journal = options.journal ?? { modules: [], facilitatorsCanRead: false, open: true };
  const reflections = new Map((options.reflections ?? []).map((reflection) => [reflection.promptId, { ...reflection }]));
  let profile = options.profile ?? null;
  const shared: { topicId: string; post: DiscussionPost }[] = [];
  const posted = new Map<string, DiscussionPost>();

  const checkKey = (access: FacilitatorAccess | undefined) => {
    if (!access?.key) throw new ToriError(401, 'unauthorized', 'The space key is needed.');
    if (access.key !== spaceKey) throw new ToriError(403, 'forbidden', 'That is not the key of this space.');
  };
  const written = () => new Set([...reflections.values()].filter((r) => r.body.trim()).map((r) => r.promptId));

  const hasPrompt = (promptId: string) => journal.modules.some((module) => module.prompts.some((prompt) => prompt.id === promptId));

  const store = (promptId: string, body: string, revision: number): Reflection => {
    const reflection = { promptId, body, revision, updatedAt: new Date().toISOString() };
    reflections.set(promptId, reflection);
    return { ...reflection };
  };

  return {
    shared,
    journal(spaceId) {
      return served('journal', [spaceId], () => ({
        journal: structuredClone(journal),
        reflections: [...reflections.values()].filter((r) => hasPrompt(r.promptId)).map((r) => ({ ...r })),
      }));
    },
    save(spaceId, promptId, sent) {
      return served('save', [spaceId, promptId, sent], () => {
        const { body, baseRevision } = sent;
        if (!hasPrompt(promptId)) throw new ToriError(404, 'not_found', `There is no prompt "${promptId}".`);
        if (body.length > REFLECTION_MAX) {
          const message = `reflection must be at most ${REFLECTION_MAX} characters`;
          throw new ToriError(422, 'invalid_body', message, [{ path: 'body', message }]);
        }
        const stored = reflections.get(promptId);
        if (stored && stored.body === body && (stored.revision === baseRevision || stored.revision === baseRevision + 1)) {
          return { ...stored };
        }
        if (!journal.open) throw new ToriError(403, 'journal_closed', 'The journal is closed.');
        if (baseRevision !== (stored?.revision ?? 0)) {
          throw new ToriError(409, 'conflict', 'This reflection was saved from somewhere else meanwhile.');
        }
        return store(promptId, body, baseRevision + 1);
      });
    },
    share(spaceId, topicId, body) {
      return served('share', [spaceId, topicId, body], () => {
        if (!profile) throw new ToriError(403, 'profile_required', 'Give your name in this space before you post.');
        const earlier = body.requestId ? posted.get(body.requestId) : undefined;
        if (earlier) return { post: earlier, duplicate: true };
        const post: DiscussionPost = {
          id: `post-${shared.length + 1}`,
          topicId,
          parentId: null,
          author: { displayName: profile.displayName, role: profile.role, verified: profile.verified },
          body: body.body.trim(),
          createdAt: new Date().toISOString(),
          editedAt: null,
          deleted: false,
          pinned: false,
          reactions: {},
          yourReactions: [],
          mine: true,
        };
        shared.push({ topicId, post });
        if (body.requestId) posted.set(body.requestId, post);
        return { post };
      });
    },
    saveProfile(spaceId, body) {
      return served('saveProfile', [spaceId, body], () => {
        const displayName = body.displayName.replace(/\s+/g, ' ').trim();
        if (!displayName) throw new ToriError(422, 'invalid_body', 'name must be at least 1 characters');
        profile = { displayName, role: body.role?.trim() || null, verified: false };
        return { ...profile };
      });
    },
    progress(spaceId, access) {
      return served('progress', [spaceId], () => {
        checkKey(access);
        if (options.journalProgress) return structuredClone(options.journalProgress);
        const mine = written();
        const reflected = journal.modules.map((module) => module.prompts.every((prompt) => mine.has(prompt.id)));
        return {
          participants: mine.size ? 1 : 0,
          modules: journal.modules.map((module, i) => ({ moduleId: module.id, title: module.title, reflected: reflected[i] ? 1 : 0 })),
          completed: reflected.length && reflected.every(Boolean) ? 1 : 0,
        };
      });
    },
    reading(spaceId, access) {
      return served('reading', [spaceId], () => {
        checkKey(access);
        if (!journal.facilitatorsCanRead) throw new ToriError(403, 'forbidden', 'The journal is private.');
        if (options.journalReading) return structuredClone(options.journalReading);
        const mine = [...reflections.values()].filter((r) => hasPrompt(r.promptId));
        return { participants: mine.length ? [{ displayName: profile?.displayName ?? null, reflections: mine.map((r) => ({ ...r })) }] : [] };
      });
    },
    saveElsewhere(promptId, body) {
      return store(promptId, body, (reflections.get(promptId)?.revision ?? 0) + 1);
    },
  };
}

const COURSE: Record<Locale, { title: string; modules: { title: string; prompts: string[] }[] }> = {
  fi: {
    title: 'Yhdistysosaajan verkkokurssi',
    modules: [
      { title: 'Webinaari 1: Yhdistyksen tarkoitus', prompts: ['Mikä yhdistyksenne tarkoituksessa innostaa sinua eniten?', 'Mitä opit tänään, jota et tiennyt ennen?'] },
      { title: 'Webinaari 2: Jäsenet ja vapaaehtoiset', prompts: ['Miten sinä tulit mukaan toimintaan?'] },
      { title: 'Webinaari 3: Talous ja avustukset', prompts: ['Mikä talouden asia mietityttää sinua eniten?'] },
      { title: 'Webinaari 4: Viestintä', prompts: ['Kenelle yhdistyksenne viestii, ja kuka jää kuulematta?'] },
      { title: 'Webinaari 5: Yhteistyö kunnan kanssa', prompts: ['Mitä yhteistyötä kokeilisit ensi vuonna?'] },
      { title: 'Webinaari 6: Tulevaisuus', prompts: ['Mitä teet toisin kurssin jälkeen?'] },
    ],
  },
  sv: {
    title: 'Webbkurs för föreningsaktiva',
    modules: [
      { title: 'Webbinarium 1: Föreningens syfte', prompts: ['Vad i föreningens syfte inspirerar dig mest?', 'Vad lärde du dig i dag som du inte visste förut?'] },
      { title: 'Webbinarium 2: Medlemmar och frivilliga', prompts: ['Hur kom du själv med i verksamheten?'] },
      { title: 'Webbinarium 3: Ekonomi och bidrag', prompts: ['Vilken ekonomisk fråga funderar du mest på?'] },
      { title: 'Webbinarium 4: Kommunikation', prompts: ['Vem kommunicerar föreningen med, och vem blir ohörd?'] },
      { title: 'Webbinarium 5: Samarbete med kommunen', prompts: ['Vilket samarbete skulle du pröva nästa år?'] },
      { title: 'Webbinarium 6: Framtiden', prompts: ['Vad gör du annorlunda efter kursen?'] },
    ],
  },
  en: {
    title: 'Online course for association members',
    modules: [
      { title: 'Webinar 1: What our association is for', prompts: ['What in your association’s purpose inspires you most?', 'What did you learn today that you did not know before?'] },
      { title: 'Webinar 2: Members and volunteers', prompts: ['How did you yourself get involved?'] },
      { title: 'Webinar 3: Money and grants', prompts: ['Which money matter do you think about most?'] },
      { title: 'Webinar 4: Communication', prompts: ['Who does your association talk to, and who goes unheard?'] },
      { title: 'Webinar 5: Working with the municipality', prompts: ['What cooperation would you try next year?'] },
      { title: 'Webinar 6: The future', prompts: ['What will you do differently after the course?'] },
    ],
  },
};

/** A six-webinar course's journal in the given language; the first module has a discussion topic to share to. */
export function sampleJournal(locale: Locale = 'en', facilitatorsCanRead = false): Journal {
  return {
    modules: COURSE[locale].modules.map((module, m) => ({
      id: `webinar-${m + 1}`,
      title: module.title,
      topicId: `webinar-${m + 1}`,
      prompts: module.prompts.map((text, p) => ({ id: `w${m + 1}-${p + 1}`, text })),
    })),
    facilitatorsCanRead,
    open: true,
  };
}

/** The course's title in the given language, for stories. */
export const sampleCourseTitle = (locale: Locale = 'en') => COURSE[locale].title;

/** Reflections on the first three modules, as a participant halfway through the course has them. */
export function sampleReflections(locale: Locale = 'en'): Reflection[] {
  const texts: Record<Locale, string[]> = {
    fi: ['Se, että voimme tehdä kylästä paremman paikan nuorille.', 'Säännöt eivät ole vain paperia: ne kertovat miksi olemme olemassa.', 'Kaveri pyysi talkoisiin, ja jäin.', 'Avustusten raportointi.'],
    sv: ['Att vi kan göra byn till en bättre plats för unga.', 'Stadgarna är inte bara papper: de säger varför vi finns.', 'En vän bad mig till talko, och jag blev kvar.', 'Rapporteringen av bidrag.'],
    en: ['That we can make the village a better place for young people.', 'The rules are not just paper: they say why we exist.', 'A friend asked me to a work party, and I stayed.', 'Reporting on grants.'],
  };
  const prompts = ['w1-1', 'w1-2', 'w2-1', 'w3-1'];
  return prompts.map((promptId, i) => ({ promptId, body: texts[locale][i]!, revision: 1, updatedAt: '2026-05-14T18:00:00.000Z' }));
}

/** What a facilitator reads when the journal allows it: three participants halfway through the course. */
export function sampleReading(locale: Locale = 'en'): JournalReading {
  const names = ['Maija Meikäläinen', 'Erik Lindqvist', null];
  const mine = sampleReflections(locale);
  return {
    participants: names.map((displayName, i) => ({
      displayName,
      reflections: mine.slice(0, mine.length - i).map((reflection) => ({ ...reflection })),
    })),
  };
}
