import type { ModerationEntry } from '@tori/protocol';
import type { Kysely, Selectable } from 'kysely';
import type { Database, ModerationLogTable } from './schema.js';
import type { ModerationEntryRecord } from './records.js';

export function moderationQueries(db: Kysely<Database>) {
  return {
    async log(entry: ModerationEntryRecord): Promise<void> {
      await db
        .insertInto('moderation_log')
        .values({
          id: entry.id,
          space_id: entry.spaceId,
          idea_id: entry.ideaId,
          action: entry.action,
          actor: entry.actor,
          detail: JSON.stringify(entry.detail),
          at: entry.at,
        })
        .execute();
    },

    /** The space's log, newest first. */
    async list(spaceId: string, limit: number): Promise<ModerationEntryRecord[]> {
      const rows = await db
        .selectFrom('moderation_log')
        .selectAll()
        .where('space_id', '=', spaceId)
        .orderBy('at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
      return rows.map(toRecord);
    },
  };
}

function toRecord(row: Selectable<ModerationLogTable>): ModerationEntryRecord {
  return {
    id: row.id,
    spaceId: row.space_id,
    ideaId: row.idea_id,
    action: row.action,
    actor: row.actor,
    detail: parseDetail(row.detail),
    at: row.at,
  };
}

function parseDetail(json: string): ModerationEntry['detail'] {
  try {
    const value: unknown = JSON.parse(json);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
    const detail: ModerationEntry['detail'] = {};
    for (const [key, v] of Object.entries(value)) {
      if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') detail[key] = v;
    }
    return detail;
  } catch {
    return {};
  }
}
