import { type Kysely, sql } from 'kysely';

// Immutable once landed: later changes go in new migrations.
export async function up(db: Kysely<any>): Promise<void> {
  // Each counterpart member state row carries its engagement's network and the days it put the team in contact
  // (null for a planned or cancelled engagement; '9999-12-31' as the end of an ongoing one), so the last contact of
  // every member state is two index seeks each, whatever the number of engagements (the coverage map, the dossier).
  await db.schema.alterTable('engagement_member_states').addColumn('network_id', 'integer').execute();
  await db.schema.alterTable('engagement_member_states').addColumn('contact_from', 'text').execute();
  await db.schema.alterTable('engagement_member_states').addColumn('contact_to', 'text').execute();
  const of = (column: string) => sql.raw(`(select ${column} from engagements e where e.id = engagement_member_states.engagement_id)`);
  await sql`update engagement_member_states set
    network_id = ${of('network_id')},
    contact_from = ${of("case when status in ('done', 'ongoing') then start_date end")},
    contact_to = ${of("case when status in ('done', 'ongoing') then (case when ongoing = 1 then '9999-12-31' else coalesce(end_date, start_date) end) end")}`.execute(
    db,
  );
  await db.schema
    .createIndex('engagement_member_states_contact')
    .on('engagement_member_states')
    .columns(['network_id', 'member_state', 'contact_to', 'contact_from'])
    .execute();

  // A staff member's calendar: the version signed into their feed address (a new address ends the old one), the
  // language of their reminders, and whether they get them.
  await db.schema
    .createTable('engagement_calendar_feeds')
    .addColumn('staff_id', 'integer', (c) => c.primaryKey().references('staff_accounts.id').onDelete('cascade'))
    .addColumn('feed_version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('reminders', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  // Each reminder sent, so a reminder job that runs twice sends nothing twice; a new due date is a new reminder.
  await db.schema
    .createTable('engagement_reminders_sent')
    .addColumn('staff_id', 'integer', (c) => c.notNull().references('staff_accounts.id').onDelete('cascade'))
    .addColumn('item', 'text', (c) => c.notNull())
    .addColumn('due_date', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('engagement_reminders_sent_pk', ['staff_id', 'item', 'due_date'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('engagement_reminders_sent').execute();
  await db.schema.dropTable('engagement_calendar_feeds').execute();
  await db.schema.dropIndex('engagement_member_states_contact').execute();
  await db.schema.alterTable('engagement_member_states').dropColumn('contact_to').execute();
  await db.schema.alterTable('engagement_member_states').dropColumn('contact_from').execute();
  await db.schema.alterTable('engagement_member_states').dropColumn('network_id').execute();
}
