/** The facilitator's side of the board: approve, hide, restore, correct, pin, merge, and the log of it all. */
import type { IdeaModerationBody, ModeratedIdea, ModerationAction, ModerationEntry, ModerationView } from '@tori/protocol';
import { ideaOf } from './board.js';
import { badRequest, conflict } from './errors.js';
import type { SpaceEvents } from './events.js';
import { type IdeaViews, toModerationEntry } from './idea-views.js';
import { checkCategory } from './ideas.js';
import { newId } from './secrets.js';
import type { Spaces } from './spaces.js';
import { type IdeaChanges, type IdeaRecord, type ModerationEntryRecord, type SpaceRecord, type Storage, UniqueViolation } from './storage/index.js';

/** Entries the moderation view carries: a long event's whole day, not years of history. */
export const MODERATION_LOG_VIEW_MAX = 500;

/** The actor of the server's own entries; no facilitator may take the name. */
export const SYSTEM_ACTOR = 'system';
export const DEFAULT_ACTOR = 'facilitator';

export interface Moderation {
  /** Every idea (newest first) with its reports, and the log, newest first. */
  view(space: SpaceRecord): Promise<ModerationView>;
  /** Applies the changes that change something, one log entry each; nothing changes, nothing is logged. */
  moderate(space: SpaceRecord, ideaId: string, body: IdeaModerationBody, actor: string): Promise<ModeratedIdea>;
  /** Folds `ideaId` into `intoId`: supports and duel history go to the survivor, which is answered. */
  merge(space: SpaceRecord, ideaId: string, intoId: string, actor: string): Promise<ModeratedIdea>;
}

export function createModeration(storage: Storage, spaces: Spaces, views: IdeaViews, events: SpaceEvents): Moderation {
  const entryOf = (space: SpaceRecord, idea: IdeaRecord, actor: string, at: string) =>
    (action: ModerationAction, detail: ModerationEntry['detail']): ModerationEntryRecord => ({
      id: newId(),
      spaceId: space.id,
      ideaId: idea.id,
      action,
      actor,
      detail,
      at,
    });

  return {
    async view(space) {
      const ideas = (await storage.ideas.list(space.id, 'all')).reverse();
      const log = await storage.moderation.list(space.id, MODERATION_LOG_VIEW_MAX);
      return {
        space: await spaces.adminView(space),
        ideas: await views.moderated(space, ideas),
        log: log.map(toModerationEntry),
      };
    },

    async moderate(space, ideaId, body, actor) {
      const now = new Date().toISOString();
      const { before, after, entries } = await storage.transaction(async (tx) => {
        const before = await ideaOf(tx, space, ideaId);
        if (before.status === 'merged') {
          throw conflict(`This idea was merged into idea "${before.mergedInto}"; a merged idea is kept as it was.`);
        }
        const entry = entryOf(space, before, actor, now);
        const entries: ModerationEntryRecord[] = [];
        const changes: IdeaChanges = {};

        if (body.status !== undefined && body.status !== before.status) {
          changes.status = body.status;
          changes.moderatedAt = now;
          const action = body.status === 'hidden' ? 'hide' : before.status === 'hidden' ? 'restore' : 'approve';
          entries.push(entry(action, { previousStatus: before.status }));
        }

        // One `edit` entry for a correction, its detail the values it replaced.
        const replaced: ModerationEntry['detail'] = {};
        if (body.text !== undefined && body.text !== before.text) {
          changes.text = body.text;
          replaced.text = before.text;
        }
        const description = body.description === undefined ? undefined : body.description || null;
        if (description !== undefined && description !== before.description) {
          changes.description = description;
          replaced.description = before.description;
        }
        if (body.category !== undefined && body.category !== before.category) {
          if (body.category !== null) checkCategory(space, body.category);
          changes.category = body.category;
          replaced.category = before.category;
        }
        if (Object.keys(replaced).length > 0) {
          changes.editedAt = now;
          entries.push(entry('edit', replaced));
        }

        if (body.pinned !== undefined && body.pinned !== before.pinned) {
          changes.pinned = body.pinned;
          entries.push(entry(body.pinned ? 'pin' : 'unpin', {}));
        }

        if (entries.length === 0) return { before, after: before, entries };
        let after: IdeaRecord;
        try {
          after = await tx.ideas.update(before, changes);
        } catch (error) {
          if (!(error instanceof UniqueViolation)) throw error;
          const text = changes.text ?? before.text;
          throw conflict(`Another idea of this space already has the text "${text}": hide or merge that one first.`);
        }
        for (const e of entries) await tx.moderation.log(e);
        return { before, after, entries };
      });

      const wasShown = before.status === 'approved';
      const isShown = after.status === 'approved';
      if (wasShown !== isShown) {
        events.ideasChanged(space.id);
        events.resultsChanged(space.id);
      } else if (isShown && after.text !== before.text) {
        events.resultsChanged(space.id); // the results carry the text
      }
      const [moderated] = await views.moderated(space, [after]);
      if (entries.length > 0) {
        if (isShown) {
          const [shown] = await views.board(space, [after]);
          if (wasShown) events.ideaUpdated(space.id, shown!);
          else events.ideaPosted(space.id, shown!);
        } else if (wasShown) {
          events.ideaRemoved(space.id, after.id, 'hidden');
        }
        for (const e of entries) events.ideaModerated(space.id, moderated!, toModerationEntry(e));
      }
      return moderated!;
    },

    async merge(space, ideaId, intoId, actor) {
      if (ideaId === intoId) throw badRequest('An idea cannot be merged into itself: choose another idea as "into".');
      const now = new Date().toISOString();
      const { before, merged, survivor, entry } = await storage.transaction(async (tx) => {
        const before = await ideaOf(tx, space, ideaId);
        const survivor = await tx.ideas.get(space.id, intoId);
        if (!survivor) throw badRequest(`There is no idea "${intoId}" in space "${space.id}" to merge into.`);
        if (before.status === 'merged') throw conflict(`This idea was already merged into idea "${before.mergedInto}".`);
        switch (survivor.status) {
          case 'merged':
            throw conflict(`Idea "${intoId}" was itself merged into idea "${survivor.mergedInto}": merge into that one.`);
          case 'hidden':
            throw conflict(`Idea "${intoId}" is hidden: restore it first, or merge into an idea on the board.`);
          case 'pending':
            throw conflict(`Idea "${intoId}" is waiting for approval: approve it first, or merge it into this one.`);
        }
        const merged = await tx.ideas.update(before, { status: 'merged', mergedInto: survivor.id, moderatedAt: now });
        await tx.board.moveSupports(before.id, survivor.id);
        await tx.duel.repoint(before.id, survivor.id);
        const entry = entryOf(space, before, actor, now)('merge', { into: survivor.id });
        await tx.moderation.log(entry);
        return { before, merged, survivor, entry };
      });

      if (before.status === 'approved') events.ideasChanged(space.id);
      events.resultsChanged(space.id);
      const [mergedView, survivorView] = await views.moderated(space, [merged, survivor]);
      if (before.status === 'approved') events.ideaRemoved(space.id, before.id, 'merged', survivor.id);
      events.ideaUpdated(space.id, (await views.board(space, [survivor]))[0]!);
      events.ideaModerated(space.id, mergedView!, toModerationEntry(entry));
      events.ideaModerated(space.id, survivorView!);
      return survivorView!;
    },
  };
}
