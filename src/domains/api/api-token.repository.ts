import type { Db } from '../../db/database.ts';
import type { ApiTokenTable } from '../announcements/announcement.table.ts';
import type { ApiTokenRow } from './api-token.table.ts';

export function insertApiToken(db: Db, values: Omit<ApiTokenTable, 'id'>): Promise<ApiTokenRow> {
  return db.insertInto('api_tokens').values(values).returningAll().executeTakeFirstOrThrow();
}

export function findApiToken(db: Db, id: number): Promise<ApiTokenRow | undefined> {
  return db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findApiTokenByHash(db: Db, tokenHash: string): Promise<ApiTokenRow | undefined> {
  return db.selectFrom('api_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
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
