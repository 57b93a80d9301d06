import type { Db } from '../../db/database.ts';
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

/** The timeline in date order. */
export function listMilestones(db: Db, networkId: number): Promise<MilestoneRow[]> {
  return db.selectFrom('milestones').selectAll().where('network_id', '=', networkId).orderBy('date').orderBy('id').execute();
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
