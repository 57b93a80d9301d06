import type { Kysely, Transaction } from 'kysely';
import type { Database, Db } from '../../db/database.ts';
import type { RegisterItemChangeRow, RegisterItemChangeTable, RegisterItemRow, RegisterItemTable } from './register.table.ts';

type Executor = Db | Transaction<Database> | Kysely<Database>;

export function findItem(db: Executor, id: number): Promise<RegisterItemRow | undefined> {
  return db.selectFrom('register_items').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Every item of a network, by topic name then id (the register is a few dozen rows, read whole). */
export function listItems(db: Executor, networkId: number) {
  return db
    .selectFrom('register_items as i')
    .innerJoin('topics as t', 't.id', 'i.topic_id')
    .selectAll('i')
    .select('t.name as topic_name')
    .where('i.network_id', '=', networkId)
    .orderBy('t.name')
    .orderBy('i.id')
    .execute();
}

export type ItemWithTopic = Awaited<ReturnType<typeof listItems>>[number];

export function insertItem(db: Executor, values: Omit<RegisterItemTable, 'id'>): Promise<RegisterItemRow> {
  return db.insertInto('register_items').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function updateItem(db: Executor, id: number, changes: Partial<Omit<RegisterItemTable, 'id'>>): Promise<void> {
  await db.updateTable('register_items').set(changes).where('id', '=', id).execute();
}

export async function insertChange(db: Executor, values: Omit<RegisterItemChangeTable, 'id'>): Promise<void> {
  await db.insertInto('register_item_changes').values(values).execute();
}

/** An item's changes, oldest first. */
export function listChanges(db: Executor, itemId: number): Promise<RegisterItemChangeRow[]> {
  return db.selectFrom('register_item_changes').selectAll().where('item_id', '=', itemId).orderBy('at').orderBy('id').execute();
}

/** For each item of a network, its last change made on or before `at` (the register as it stood then). */
export async function statesAt(db: Executor, networkId: number, at: string): Promise<RegisterItemChangeRow[]> {
  const rows = await db
    .selectFrom('register_item_changes as c')
    .innerJoin('register_items as i', 'i.id', 'c.item_id')
    .selectAll('c')
    .where('i.network_id', '=', networkId)
    .where('c.at', '<=', at)
    .orderBy('c.item_id')
    .orderBy('c.at')
    .orderBy('c.id')
    .execute();
  const last = new Map<number, RegisterItemChangeRow>();
  for (const r of rows) last.set(r.item_id, r);
  return [...last.values()];
}

export async function engagementIdsOf(db: Executor, itemIds: number[]): Promise<Map<number, number[]>> {
  const map = new Map<number, number[]>();
  if (itemIds.length === 0) return map;
  const rows = await db.selectFrom('register_item_engagements').selectAll().where('item_id', 'in', itemIds).orderBy('engagement_id').execute();
  for (const r of rows) map.set(r.item_id, [...(map.get(r.item_id) ?? []), r.engagement_id]);
  return map;
}

export async function replaceEngagements(db: Executor, itemId: number, engagementIds: number[]): Promise<void> {
  await db.deleteFrom('register_item_engagements').where('item_id', '=', itemId).execute();
  if (engagementIds.length)
    await db
      .insertInto('register_item_engagements')
      .values(engagementIds.map((engagement_id) => ({ item_id: itemId, engagement_id })))
      .execute();
}

/** How many of these engagement ids belong to the network (to refuse the others). */
export async function countNetworkEngagements(db: Executor, networkId: number, ids: number[]): Promise<number> {
  if (ids.length === 0) return 0;
  const rows = await db.selectFrom('engagements').select('id').where('network_id', '=', networkId).where('id', 'in', ids).execute();
  return rows.length;
}
