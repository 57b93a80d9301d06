import type { Kysely, Transaction } from 'kysely';
import type { Database, Db } from '../../db/database.ts';
import type { UpdateRevisionRow, UpdateRow, UpdateTable, UpdateVersionRow, UpdateVersionTable } from './update.table.ts';

type Executor = Db | Transaction<Database> | Kysely<Database>;

export function findUpdate(db: Executor, id: number): Promise<UpdateRow | undefined> {
  return db.selectFrom('updates').selectAll().where('id', '=', id).executeTakeFirst();
}

export function insertUpdate(db: Executor, values: Omit<UpdateTable, 'id'>): Promise<UpdateRow> {
  return db.insertInto('updates').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function updateUpdate(db: Executor, id: number, changes: Partial<Omit<UpdateTable, 'id'>>): Promise<void> {
  await db.updateTable('updates').set(changes).where('id', '=', id).execute();
}

export async function deleteUpdate(db: Executor, id: number): Promise<void> {
  await db.deleteFrom('updates').where('id', '=', id).execute();
}

export async function replaceUpdateVersions(db: Executor, updateId: number, versions: Omit<UpdateVersionTable, 'update_id'>[]): Promise<void> {
  await db.deleteFrom('update_versions').where('update_id', '=', updateId).execute();
  if (versions.length)
    await db
      .insertInto('update_versions')
      .values(versions.map((v) => ({ ...v, update_id: updateId })))
      .execute();
}

export function listUpdateVersions(db: Executor, updateIds: number[]): Promise<UpdateVersionRow[]> {
  if (updateIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('update_versions').selectAll().where('update_id', 'in', updateIds).execute();
}

/** The update that holds `slug` in `locale` (another than `exceptId`), if any. */
export async function updateSlugOwner(db: Executor, locale: string, slug: string, exceptId?: number): Promise<number | null> {
  let query = db.selectFrom('update_versions').select('update_id').where('locale', '=', locale).where('slug', '=', slug);
  if (exceptId !== undefined) query = query.where('update_id', '!=', exceptId);
  return (await query.executeTakeFirst())?.update_id ?? null;
}

export async function updatesWithSlug(db: Executor, slug: string): Promise<number[]> {
  const rows = await db.selectFrom('update_versions').select('update_id').where('slug', '=', slug).execute();
  return [...new Set(rows.map((r) => r.update_id))];
}

/** Every update of the network for staff, the latest change first. */
export function listUpdatesForStaff(db: Executor, networkId: number, page: { limit: number; offset: number }): Promise<UpdateRow[]> {
  return db
    .selectFrom('updates')
    .selectAll()
    .where('network_id', '=', networkId)
    .orderBy('updated_at', 'desc')
    .orderBy('id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
}

/** Updates the public sees at `now` (published, their time come), the newest first; `pinned` only those pinned. */
export function listPublicUpdates(
  db: Executor,
  networkId: number,
  now: string,
  page: { limit: number; offset: number; pinned?: boolean },
): Promise<UpdateRow[]> {
  let query = db.selectFrom('updates').selectAll().where('network_id', '=', networkId).where('status', '=', 'published').where('publish_at', '<=', now);
  if (page.pinned) query = query.where('pinned', '=', 1);
  return query.orderBy('publish_at', 'desc').orderBy('id', 'desc').limit(page.limit).offset(page.offset).execute();
}

export async function insertRevision(db: Executor, values: Omit<UpdateRevisionRow, 'id'>): Promise<void> {
  await db.insertInto('update_revisions').values(values).execute();
}

/** An update's revisions, the newest first. */
export function listRevisions(db: Executor, updateId: number): Promise<UpdateRevisionRow[]> {
  return db.selectFrom('update_revisions').selectAll().where('update_id', '=', updateId).orderBy('id', 'desc').execute();
}

export function findRevision(db: Executor, updateId: number, revisionId: number): Promise<UpdateRevisionRow | undefined> {
  return db.selectFrom('update_revisions').selectAll().where('update_id', '=', updateId).where('id', '=', revisionId).executeTakeFirst();
}
