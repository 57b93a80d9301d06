import type { Kysely } from 'kysely';
import { sql } from 'kysely';

// Immutable once landed: later changes go in new migrations.
//
// announcement_reach holds, for each announcement whose send has finished, its deliveries counted by the
// recipients' regional group ('' for none) and delivery state. The analytics' reach over a year read every
// delivery of the period and its member (1,000,000 deliveries: ~0.5 s on SQLite); finished sends are now read
// from these few rows and only sends under way from their deliveries. `announcements.reach_at` says when the
// rows were written (NULL: not summed, read the deliveries). After a send finishes, only a bounce changes a
// delivery's state, and the bounce moves its count from sent to bounced in the same transaction.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('announcement_reach')
    .addColumn('announcement_id', 'integer', (c) => c.notNull().references('announcements.id').onDelete('cascade'))
    .addColumn('regional_group', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('announcement_reach_pkey', ['announcement_id', 'regional_group', 'state'])
    .execute();
  await db.schema.alterTable('announcements').addColumn('reach_at', 'text').execute();
  // The sends that have finished already, summed once.
  await sql`INSERT INTO announcement_reach (announcement_id, regional_group, state, n)
    SELECT d.announcement_id, coalesce(m.regional_group, ''), d.state, count(*)
    FROM deliveries AS d
    INNER JOIN announcements AS a ON a.id = d.announcement_id
    INNER JOIN members AS m ON m.id = d.member_id
    WHERE a.status = 'sent'
    GROUP BY d.announcement_id, coalesce(m.regional_group, ''), d.state`.execute(db);
  await sql`UPDATE announcements SET reach_at = finished_at WHERE status = 'sent'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('announcements').dropColumn('reach_at').execute();
  await db.schema.dropTable('announcement_reach').execute();
}
