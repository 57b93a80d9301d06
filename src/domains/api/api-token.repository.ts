import type { Db } from '../../db/database.ts';
import type { StaffRole } from '../auth/auth.table.ts';
import type { ApiTokenRow, ApiTokenTable } from './api-token.table.ts';

export function insertApiToken(db: Db, values: Omit<ApiTokenTable, 'id'>): Promise<ApiTokenRow> {
  return db.insertInto('api_tokens').values(values).returningAll().executeTakeFirstOrThrow();
}

export function findApiToken(db: Db, id: number): Promise<ApiTokenRow | undefined> {
  return db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findApiTokenByHash(db: Db, tokenHash: string): Promise<ApiTokenRow | undefined> {
  return db.selectFrom('api_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

/** The token with this hash and its creator's current role (null when the creator's account is gone, or there is none). */
export function findApiTokenWithCreatorRole(db: Db, tokenHash: string): Promise<(ApiTokenRow & { creator_role: StaffRole | null }) | undefined> {
  return db
    .selectFrom('api_tokens')
    .leftJoin('staff_accounts', 'staff_accounts.id', 'api_tokens.created_by_staff_id')
    .selectAll('api_tokens')
    .select('staff_accounts.role as creator_role')
    .where('api_tokens.token_hash', '=', tokenHash)
    .executeTakeFirst();
}

/** Every token, newest first (revoked ones too: the list is also their history). */
export function listApiTokens(db: Db): Promise<ApiTokenRow[]> {
  return db.selectFrom('api_tokens').selectAll().orderBy('id', 'desc').execute();
}

/** Sets `revoked_at` unless already set; true when this call revoked it. */
export async function revokeApiToken(db: Db, id: number, at: Date): Promise<boolean> {
  const result = await db
    .updateTable('api_tokens')
    .set({ revoked_at: at.toISOString() })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Records a use unless one was recorded after `staleBefore` (concurrent requests write once). */
export async function touchApiToken(db: Db, id: number, at: Date, staleBefore: Date): Promise<void> {
  await db
    .updateTable('api_tokens')
    .set({ last_used_at: at.toISOString() })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', staleBefore.toISOString())]))
    .execute();
}

/** Revokes every live token bound to a staff account (a deactivated or removed creator); how many it revoked. */
export async function revokeApiTokensOfStaff(db: Db, staffId: number, at: Date): Promise<number> {
  const result = await db
    .updateTable('api_tokens')
    .set({ revoked_at: at.toISOString() })
    .where('created_by_staff_id', '=', staffId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
