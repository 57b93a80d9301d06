import type { Transaction } from 'kysely';
import type { Database, Db } from '../../db/database.ts';
import type { MilestoneRow, NetworkRow } from './site.table.ts';

/** The deployment's network (the first one; one deployment hosts one network for now). */
export function findCurrentNetwork(db: Db): Promise<NetworkRow | undefined> {
  return db.selectFrom('networks').selectAll().orderBy('id').limit(1).executeTakeFirst();
}

export function insertNetwork(
  db: Db,
  values: { slug: string; name: string; purpose: string; joinCall: string; defaultLocale: string },
  now: Date,
): Promise<NetworkRow> {
  return db
    .insertInto('networks')
    .values({
      slug: values.slug,
      name: values.name,
      purpose: values.purpose,
      join_call: values.joinCall,
      default_locale: values.defaultLocale,
      created_at: now.toISOString(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The timeline in staff's order (date order until staff first reorder it). */
export function listMilestones(db: Db | Transaction<Database>, networkId: number): Promise<MilestoneRow[]> {
  return db.selectFrom('milestones').selectAll().where('network_id', '=', networkId).orderBy('position').orderBy('date').orderBy('id').execute();
}

export async function insertMilestones(
  db: Db,
  networkId: number,
  rows: { date: string; endDate: string | null; precision: MilestoneRow['precision']; title: string; body: string }[],
  now: Date,
): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('milestones')
    .values(
      rows.map((r) => ({
        network_id: networkId,
        date: r.date,
        end_date: r.endDate,
        precision: r.precision,
        title: r.title,
        body: r.body,
        created_at: now.toISOString(),
      })),
    )
    .execute();
}

export async function countMilestones(db: Db): Promise<number> {
  const row = await db
    .selectFrom('milestones')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export function findMilestone(db: Db | Transaction<Database>, id: number): Promise<MilestoneRow | undefined> {
  return db.selectFrom('milestones').selectAll().where('id', '=', id).executeTakeFirst();
}

export type MilestoneValues = Pick<MilestoneRow, 'date' | 'end_date' | 'precision' | 'title' | 'body'>;

export function insertMilestone(db: Transaction<Database>, networkId: number, values: MilestoneValues, now: string): Promise<MilestoneRow> {
  return db
    .insertInto('milestones')
    .values({ ...values, network_id: networkId, created_at: now, updated_at: now })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function updateMilestone(db: Transaction<Database>, id: number, values: MilestoneValues, now: string): Promise<void> {
  await db
    .updateTable('milestones')
    .set({ ...values, updated_at: now })
    .where('id', '=', id)
    .execute();
}

export async function deleteMilestone(db: Db, id: number): Promise<void> {
  await db.deleteFrom('milestones').where('id', '=', id).execute();
}

/** Numbers the timeline 1…n in the order of `ids`, writing only the rows whose position changes. */
export async function setMilestoneOrder(db: Transaction<Database>, rows: MilestoneRow[], ids: number[]): Promise<void> {
  const current = new Map(rows.map((r) => [r.id, r.position]));
  for (const [i, id] of ids.entries()) {
    if (current.get(id) !== i + 1)
      await db
        .updateTable('milestones')
        .set({ position: i + 1 })
        .where('id', '=', id)
        .execute();
  }
}

export async function replaceMilestoneResources(db: Transaction<Database>, milestoneId: number, resourceIds: number[]): Promise<void> {
  await db.deleteFrom('milestone_resources').where('milestone_id', '=', milestoneId).execute();
  if (resourceIds.length)
    await db
      .insertInto('milestone_resources')
      .values(resourceIds.map((resource_id) => ({ milestone_id: milestoneId, resource_id })))
      .execute();
}

/** The resource links of the given milestones. */
export function listMilestoneResources(db: Db, milestoneIds: number[]): Promise<{ milestone_id: number; resource_id: number }[]> {
  if (milestoneIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('milestone_resources')
    .select(['milestone_id', 'resource_id'])
    .where('milestone_id', 'in', milestoneIds)
    .orderBy('resource_id')
    .execute();
}

/** The milestones a resource is linked to. */
export function milestonesOfResource(db: Db, resourceId: number): Promise<MilestoneRow[]> {
  return db
    .selectFrom('milestones')
    .innerJoin('milestone_resources', 'milestone_resources.milestone_id', 'milestones.id')
    .selectAll('milestones')
    .where('milestone_resources.resource_id', '=', resourceId)
    .orderBy('milestones.date')
    .execute();
}
