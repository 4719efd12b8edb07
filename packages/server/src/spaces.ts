import type { Category, Space, SpaceAdmin, SpaceSettingsBody } from '@tori/protocol';
import { HIDE_AFTER_REPORTS_DEFAULT } from '@tori/protocol';
import { describeIssues, newIdeaBodySchema, spaceIdSchema, spaceSettingsBodySchema } from '@tori/protocol/schemas';
import { conflict, forbidden, invalidBody, notFound, unauthorized } from './errors.js';
import type { SpaceEvents } from './events.js';
import { adminKeyMatches, hashAdminKey, newAdminKey, newId } from './secrets.js';
import { type SpaceRecord, type Storage, UniqueViolation, ideaTextKey } from './storage/index.js';

export interface NewSpace {
  id: string;
  title: string;
  question: string;
  /** Sample ideas, approved at once. */
  ideas?: string[];
  ideasNeedApproval?: boolean;
  /** Origins whose pages may use the space; "*" for any. Default: none but the server's own. */
  allowedOrigins?: string[];
  votingOpen?: boolean;
  /** Default true. */
  boardOpen?: boolean;
  namedPosting?: boolean;
  /** Default HIDE_AFTER_REPORTS_DEFAULT (3); 0 never hides automatically. */
  hideAfterReports?: number;
  categories?: Category[];
}

export interface Spaces {
  /** Creates a space; the facilitator key is returned here only. */
  create(input: NewSpace): Promise<{ space: SpaceAdmin; adminKey: string }>;
  /** The space, or 404. */
  find(id: string): Promise<SpaceRecord>;
  view(space: SpaceRecord): Promise<Space>;
  adminView(space: SpaceRecord): Promise<SpaceAdmin>;
  /** Opening or closing the board is logged with the actor's name. */
  update(space: SpaceRecord, changes: SpaceSettingsBody, actor: string): Promise<SpaceRecord>;
  /** Passes only with the space's facilitator key: 401 without one, 403 with another. */
  checkKey(space: SpaceRecord, key: string | undefined): void;
}

export function createSpaces(storage: Storage, events: SpaceEvents): Spaces {
  const spaces: Spaces = {
    async create(input) {
      const { record, ideas } = validateNewSpace(input);
      const adminKey = newAdminKey();
      record.adminKeyHash = hashAdminKey(adminKey);
      try {
        await storage.transaction(async (tx) => {
          await tx.spaces.insert(record);
          for (const text of ideas) {
            await tx.ideas.insert({
              id: newId(),
              spaceId: record.id,
              text,
              status: 'approved',
              authorId: null,
              createdAt: record.createdAt,
              moderatedAt: null,
              description: null,
              category: null,
              authorName: null,
              pinned: false,
              editedAt: null,
              mergedInto: null,
              requestId: null,
            });
          }
        });
      } catch (error) {
        if (error instanceof UniqueViolation) throw conflict(`A space with id "${record.id}" already exists.`);
        throw error;
      }
      return { space: await spaces.adminView(record), adminKey };
    },

    async find(id) {
      const space = await storage.spaces.get(id);
      if (!space) throw notFound(`There is no space "${id}".`);
      return space;
    },

    async view(space) {
      return {
        id: space.id,
        title: space.title,
        question: space.question,
        votingOpen: space.votingOpen,
        ideasNeedApproval: space.ideasNeedApproval,
        ideaCount: await storage.spaces.approvedIdeaCount(space.id),
        boardOpen: space.boardOpen,
        namedPosting: space.namedPosting,
        hideAfterReports: space.hideAfterReports,
        categories: space.categories,
      };
    },

    async adminView(space) {
      return { ...(await spaces.view(space)), allowedOrigins: space.allowedOrigins, createdAt: space.createdAt };
    },

    async update(space, changes, actor) {
      const allowedOrigins = changes.allowedOrigins && [...new Set(changes.allowedOrigins)];
      const updated = await storage.transaction(async (tx) => {
        const before = await tx.spaces.get(space.id);
        if (!before) throw notFound(`There is no space "${space.id}".`);
        const after = await tx.spaces.update(space.id, { ...changes, ...(allowedOrigins ? { allowedOrigins } : {}) });
        if (changes.boardOpen !== undefined && changes.boardOpen !== before.boardOpen) {
          await tx.moderation.log({
            id: newId(),
            spaceId: space.id,
            ideaId: null,
            action: changes.boardOpen ? 'board_open' : 'board_close',
            actor,
            detail: {},
            at: new Date().toISOString(),
          });
        }
        return after;
      });
      if (!updated) throw notFound(`There is no space "${space.id}".`);
      events.spaceChanged(await spaces.view(updated));
      return updated;
    },

    checkKey(space, key) {
      if (!key) throw unauthorized(`This needs the facilitator key of space "${space.id}" in the x-tori-key header.`);
      if (!adminKeyMatches(key, space.adminKeyHash)) throw forbidden(`That is not the facilitator key of space "${space.id}".`);
    },
  };
  return spaces;
}

/** Same rules as the REST bodies, so a space made in code or by the CLI is one the API could have made. */
function validateNewSpace(input: NewSpace): { record: SpaceRecord; ideas: string[] } {
  const id = spaceIdSchema.safeParse(input.id);
  if (!id.success) throw invalidBody('The space id is not valid.', describeIssues(id.error).map(at('id')));
  const settings = spaceSettingsBodySchema.safeParse({
    title: input.title,
    question: input.question,
    ...(input.votingOpen !== undefined ? { votingOpen: input.votingOpen } : {}),
    ...(input.ideasNeedApproval !== undefined ? { ideasNeedApproval: input.ideasNeedApproval } : {}),
    ...(input.allowedOrigins !== undefined ? { allowedOrigins: input.allowedOrigins } : {}),
    ...(input.boardOpen !== undefined ? { boardOpen: input.boardOpen } : {}),
    ...(input.namedPosting !== undefined ? { namedPosting: input.namedPosting } : {}),
    ...(input.hideAfterReports !== undefined ? { hideAfterReports: input.hideAfterReports } : {}),
    ...(input.categories !== undefined ? { categories: input.categories } : {}),
  });
  if (!settings.success) throw invalidBody('The space settings are not valid.', describeIssues(settings.error));
  const { title, question } = settings.data;
  if (title === undefined || question === undefined) throw invalidBody('A space needs a title and a question.');

  const ideas: string[] = [];
  const seen = new Set<string>();
  for (const [i, raw] of (input.ideas ?? []).entries()) {
    const idea = newIdeaBodySchema.safeParse({ text: raw });
    if (!idea.success) throw invalidBody(`Idea ${i + 1} is not valid.`, describeIssues(idea.error).map(at(`ideas.${i}`)));
    const key = ideaTextKey(idea.data.text);
    if (seen.has(key)) throw invalidBody(`Idea ${i + 1} repeats an earlier idea: "${idea.data.text}".`);
    seen.add(key);
    ideas.push(idea.data.text);
  }

  return {
    record: {
      id: id.data,
      title,
      question,
      votingOpen: settings.data.votingOpen ?? true,
      ideasNeedApproval: settings.data.ideasNeedApproval ?? false,
      allowedOrigins: [...new Set(settings.data.allowedOrigins ?? [])],
      adminKeyHash: '',
      createdAt: new Date().toISOString(),
      boardOpen: settings.data.boardOpen ?? true,
      namedPosting: settings.data.namedPosting ?? false,
      hideAfterReports: settings.data.hideAfterReports ?? HIDE_AFTER_REPORTS_DEFAULT,
      categories: settings.data.categories ?? [],
    },
    ideas,
  };
}

function at(prefix: string) {
  return (issue: { path: string; message: string }) => ({
    path: issue.path ? `${prefix}.${issue.path}` : prefix,
    message: issue.message,
  });
}
