/**
 * The reflection journal. Privacy is decided here, not in the element: a participant's reflections are reached only
 * through the participant of the request's token, and facilitators read only what was saved while the journal said
 * they could (and still says so).
 */
import type {
  Journal,
  JournalBody,
  JournalModule,
  JournalProgress,
  JournalReading,
  MyJournal,
  Reflection,
  SaveReflectionBody,
} from '@tori/protocol';
import { ApiError, conflict, notFound } from './errors.js';
import type { ActivityCounted } from './events.js';
import type { JournalRecord, ReflectionRecord, SpaceRecord, Storage } from './storage/index.js';
import { UniqueViolation } from './storage/index.js';

export interface JournalService {
  /** The prompts and only this participant's reflections; an empty journal when the space has none yet. */
  mine(space: SpaceRecord, participantId: string): Promise<MyJournal>;
  /** The facilitator sets (or replaces) the journal. Reflections of removed prompts are kept, never deleted. */
  define(space: SpaceRecord, body: JournalBody): Promise<Journal>;
  /** Saves this participant's reflection on a prompt if it was written on the stored revision; 409 if not. */
  save(space: SpaceRecord, participantId: string, promptId: string, body: SaveReflectionBody): Promise<Reflection>;
  /** The facilitator's reading: 403 unless the journal lets facilitators read; only what was saved as readable. */
  reading(space: SpaceRecord): Promise<JournalReading>;
  /** Counts only, whatever the privacy setting. */
  progress(space: SpaceRecord): Promise<JournalProgress>;
  /** This participant's whole journal as Markdown, and a file name for it. */
  markdown(space: SpaceRecord, participantId: string, now: Date): Promise<{ fileName: string; text: string }>;
}

/** A space without a journal shows none: the element says there are no prompts yet. */
const NO_JOURNAL: Journal = { modules: [], facilitatorsCanRead: false, open: true };

export const journalClosed = (message: string) => new ApiError(403, 'journal_closed', message);

export function createJournal(storage: Storage, counted: ActivityCounted = () => {}): JournalService {
  const journalOf = async (space: SpaceRecord): Promise<Journal> => {
    const record = await storage.journal.get(space.id);
    return record ? toJournal(record) : NO_JOURNAL;
  };

  return {
    async mine(space, participantId) {
      const journal = await journalOf(space);
      const prompts = promptIds(journal.modules);
      const reflections = (await storage.journal.reflectionsOf(space.id, participantId))
        .filter((reflection) => prompts.has(reflection.promptId))
        .map(toReflection);
      return { journal, reflections };
    },

    async define(space, body) {
      const record: JournalRecord = {
        spaceId: space.id,
        modules: body.modules.map((module) => ({
          id: module.id,
          title: module.title,
          prompts: module.prompts.map((prompt) => ({ id: prompt.id, text: prompt.text })),
          topicId: module.topicId ?? null,
        })),
        facilitatorsCanRead: body.facilitatorsCanRead,
        open: body.open ?? true,
        updatedAt: new Date().toISOString(),
      };
      await storage.journal.put(record);
      return toJournal(record);
    },

    async save(space, participantId, promptId, { body, baseRevision, facilitatorsCanRead: shown }) {
      const now = new Date().toISOString();
      const saved = await storage.transaction(async (tx) => {
        const record = await tx.journal.get(space.id);
        if (!record || !promptIds(record.modules).has(promptId)) {
          throw notFound(`There is no prompt "${promptId}" in the journal of space "${space.id}".`);
        }
        const stored = await tx.journal.reflection(space.id, participantId, promptId);
        // The answer to this very save was lost on the way: it is stored already, so it is acknowledged again.
        if (stored && stored.body === body && (stored.revision === baseRevision || stored.revision === baseRevision + 1)) {
          return toReflection(stored);
        }
        if (!record.open) throw journalClosed('The journal is closed: reflections can be read and downloaded, not changed.');
        const current = stored?.revision ?? 0;
        if (baseRevision !== current) throw stale(baseRevision, current);
        const next: ReflectionRecord = {
          spaceId: space.id,
          participantId,
          promptId,
          body,
          revision: current + 1,
          // Readable only if the journal allows it and the participant's page said so when they wrote it.
          readable: record.facilitatorsCanRead && shown !== false,
          updatedAt: now,
        };
        if (stored) {
          if (!(await tx.journal.updateReflection(next, baseRevision))) throw stale(baseRevision, current + 1);
        } else {
          await tx.participants.ensure(participantId, now);
          try {
            await tx.journal.insertReflection(next);
          } catch (error) {
            if (error instanceof UniqueViolation) throw stale(baseRevision, current + 1);
            throw error;
          }
        }
        return toReflection(next);
      });
      counted(space.id, participantId, 'reflection_saved');
      return saved;
    },

    async reading(space) {
      const record = await storage.journal.get(space.id);
      if (!record?.facilitatorsCanRead) {
        throw new ApiError(
          403,
          'forbidden',
          `The journal of space "${space.id}" is private: its participants were told that only they read their reflections.`,
        );
      }
      const prompts = [...promptIds(record.modules)];
      const byParticipant = new Map<string, Reflection[]>();
      for (const reflection of await storage.journal.readableReflections(space.id, prompts)) {
        let list = byParticipant.get(reflection.participantId);
        if (!list) byParticipant.set(reflection.participantId, (list = []));
        list.push(toReflection(reflection));
      }
      const participants: JournalReading['participants'] = [];
      for (const [participantId, reflections] of byParticipant) {
        const profile = await storage.profiles.get(space.id, participantId);
        participants.push({ displayName: profile?.displayName ?? null, reflections });
      }
      return { participants };
    },

    async progress(space) {
      const journal = await journalOf(space);
      const written = await storage.journal.written(space.id, [...promptIds(journal.modules)]);
      const byParticipant = new Map<string, Set<string>>();
      for (const { participantId, promptId } of written) {
        let prompts = byParticipant.get(participantId);
        if (!prompts) byParticipant.set(participantId, (prompts = new Set()));
        prompts.add(promptId);
      }
      const modules = journal.modules.map((module) => ({
        moduleId: module.id,
        title: module.title,
        reflected: [...byParticipant.values()].filter((prompts) => moduleReflected(module, prompts)).length,
      }));
      const completed = [...byParticipant.values()].filter(
        (prompts) => journal.modules.length > 0 && journal.modules.every((module) => moduleReflected(module, prompts)),
      ).length;
      return { participants: byParticipant.size, modules, completed };
    },

    async markdown(space, participantId, now) {
      const { journal, reflections } = await this.mine(space, participantId);
      const byPrompt = new Map(reflections.map((reflection) => [reflection.promptId, reflection]));
      const lines = [`# ${markdownLine(space.title)}`, ''];
      for (const module of journal.modules) {
        lines.push(`## ${markdownLine(module.title)}`, '');
        for (const prompt of module.prompts) {
          lines.push(...prompt.text.split('\n').map((line) => `> ${line}`), '');
          const body = byPrompt.get(prompt.id)?.body.trim();
          lines.push(body ? body : '*–*', '');
        }
      }
      return { fileName: `journal-${space.id}-${now.toISOString().slice(0, 10)}.md`, text: `${lines.join('\n').trimEnd()}\n` };
    },
  };
}

/** A module is reflected when every one of its prompts has a reflection that is not empty. */
export function moduleReflected(module: JournalModule, written: Set<string>): boolean {
  return module.prompts.every((prompt) => written.has(prompt.id));
}

function promptIds(modules: JournalModule[]): Set<string> {
  return new Set(modules.flatMap((module) => module.prompts.map((prompt) => prompt.id)));
}

function stale(baseRevision: number, current: number) {
  return conflict(
    `This reflection was saved from somewhere else meanwhile (revision ${current}; this text was written on revision ${baseRevision}). Load the journal again to see both.`,
  );
}

function toJournal(record: JournalRecord): Journal {
  return {
    modules: record.modules.map((module) => ({ ...module, topicId: module.topicId ?? null })),
    facilitatorsCanRead: record.facilitatorsCanRead,
    open: record.open,
  };
}

function toReflection(record: ReflectionRecord): Reflection {
  return { promptId: record.promptId, body: record.body, updatedAt: record.updatedAt, revision: record.revision };
}

/** A title on one Markdown line: a leading mark would turn it into something else. */
function markdownLine(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/^([#>*+-]|\d+\.)/, '\\$1');
}
