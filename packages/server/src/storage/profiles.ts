/** Names in a space, host-site logins and the space's integration secret. */
import type { Kysely, Selectable } from 'kysely';
import type { Database } from './schema.js';

export interface ProfilesTable {
  space_id: string;
  participant_id: string;
  display_name: string;
  role: string | null;
  /** 1 when the name came from the host site's login. */
  verified: number;
  created_at: string;
  updated_at: string;
}

export interface HostLoginsTable {
  space_id: string;
  host_user_id: string;
  participant_id: string;
  created_at: string;
  last_login_at: string;
}

export interface IntegrationSecretsTable {
  space_id: string;
  sealed: string;
  created_at: string;
}

export interface ProfileTables {
  profiles: ProfilesTable;
  host_logins: HostLoginsTable;
  integration_secrets: IntegrationSecretsTable;
}

export interface ProfileRecord {
  spaceId: string;
  participantId: string;
  displayName: string;
  role: string | null;
  verified: boolean;
}

export function profileQueries(db: Kysely<Database>) {
  return {
    async get(spaceId: string, participantId: string): Promise<ProfileRecord | undefined> {
      const row = await db
        .selectFrom('profiles')
        .selectAll()
        .where('space_id', '=', spaceId)
        .where('participant_id', '=', participantId)
        .executeTakeFirst();
      return row && toRecord(row);
    },

    /** Creates or replaces the participant's profile in the space. */
    async put(profile: ProfileRecord, at: string): Promise<void> {
      await db
        .insertInto('profiles')
        .values({
          space_id: profile.spaceId,
          participant_id: profile.participantId,
          display_name: profile.displayName,
          role: profile.role,
          verified: profile.verified ? 1 : 0,
          created_at: at,
          updated_at: at,
        })
        .onConflict((oc) =>
          oc.columns(['space_id', 'participant_id']).doUpdateSet({
            display_name: profile.displayName,
            role: profile.role,
            verified: profile.verified ? 1 : 0,
            updated_at: at,
          }),
        )
        .execute();
    },

    /** The participant linked to a host user of the space, if they logged in before. */
    async hostParticipant(spaceId: string, hostUserId: string): Promise<string | undefined> {
      const row = await db
        .selectFrom('host_logins')
        .select('participant_id')
        .where('space_id', '=', spaceId)
        .where('host_user_id', '=', hostUserId)
        .executeTakeFirst();
      return row?.participant_id;
    },

    /** Links a host user to a participant; false when another login linked one first (read it again). */
    async linkHostUser(spaceId: string, hostUserId: string, participantId: string, at: string): Promise<boolean> {
      const result = await db
        .insertInto('host_logins')
        .values({ space_id: spaceId, host_user_id: hostUserId, participant_id: participantId, created_at: at, last_login_at: at })
        .onConflict((oc) => oc.columns(['space_id', 'host_user_id']).doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
    },

    async touchHostLogin(spaceId: string, hostUserId: string, at: string): Promise<void> {
      await db
        .updateTable('host_logins')
        .set({ last_login_at: at })
        .where('space_id', '=', spaceId)
        .where('host_user_id', '=', hostUserId)
        .execute();
    },

    async sealedSecret(spaceId: string): Promise<string | undefined> {
      const row = await db.selectFrom('integration_secrets').select('sealed').where('space_id', '=', spaceId).executeTakeFirst();
      return row?.sealed;
    },

    /** Stores a new secret, replacing the old one (which stops working at once). */
    async putSealedSecret(spaceId: string, sealed: string, at: string): Promise<void> {
      await db
        .insertInto('integration_secrets')
        .values({ space_id: spaceId, sealed, created_at: at })
        .onConflict((oc) => oc.column('space_id').doUpdateSet({ sealed, created_at: at }))
        .execute();
    },
  };
}

function toRecord(row: Selectable<ProfilesTable>): ProfileRecord {
  return {
    spaceId: row.space_id,
    participantId: row.participant_id,
    displayName: row.display_name,
    role: row.role,
    verified: row.verified === 1,
  };
}
