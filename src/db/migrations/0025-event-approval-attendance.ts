import type { Kysely } from 'kysely';
import { withId } from './schema-helpers.ts';

// Immutable once landed: later changes go in new migrations.
export async function up(db: Kysely<any>): Promise<void> {
  // Approval (moderated registration): a registration waits as `pending_approval` until staff decide. A declined
  // one is `cancelled` with `declined_at`, so it counts as cancelled and the same person asking again stays declined.
  await db.schema.alterTable('event_registrations').addColumn('declined_at', 'text').execute();
  await db.schema.alterTable('event_registrations').addColumn('decided_by', 'text').execute();

  // After the event: materials (a JSON array of {label, url}), the follow-up texts by audience and locale (JSON
  // {attended: {en: …}, noShow: {…}}), and when the follow-up was started (once per event).
  await db.schema
    .alterTable('events')
    .addColumn('materials', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();
  await db.schema
    .alterTable('events')
    .addColumn('follow_up', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute();
  await db.schema.alterTable('events').addColumn('follow_up_sent_at', 'text').execute();

  // One imported attendance report (Zoom, Webex, Teams): what it held and how much of it matched registrants.
  await withId(db, db.schema.createTable('event_attendance_imports'))
    .addColumn('event_id', 'integer', (c) => c.notNull().references('events.id').onDelete('cascade'))
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('rows', 'integer', (c) => c.notNull())
    .addColumn('matched', 'integer', (c) => c.notNull())
    .addColumn('unmatched', 'integer', (c) => c.notNull())
    .addColumn('imported_by', 'text', (c) => c.notNull())
    .addColumn('imported_at', 'text', (c) => c.notNull())
    .execute();

  // A participant of a report no registrant's address matched: listed for staff to match by hand or dismiss.
  // `email_key` is the address module's dedupe key (null when the report had no usable address).
  await withId(db, db.schema.createTable('event_attendance_unmatched'))
    .addColumn('import_id', 'integer', (c) => c.notNull().references('event_attendance_imports.id').onDelete('cascade'))
    .addColumn('event_id', 'integer', (c) => c.notNull().references('events.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('email_display', 'text', (c) => c.notNull())
    .addColumn('email_key', 'text')
    .addColumn('minutes', 'integer')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('registration_id', 'integer', (c) => c.references('event_registrations.id').onDelete('set null'))
    .addColumn('resolved_by', 'text')
    .addColumn('resolved_at', 'text')
    .execute();
  await db.schema.createIndex('event_attendance_unmatched_event').on('event_attendance_unmatched').columns(['event_id', 'status', 'id']).execute();

  // A follow-up is sent once per registration: the row is claimed before the mail goes out.
  await db.schema
    .createTable('event_follow_ups')
    .addColumn('registration_id', 'integer', (c) => c.primaryKey().references('event_registrations.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['event_follow_ups', 'event_attendance_unmatched', 'event_attendance_imports']) await db.schema.dropTable(table).execute();
  for (const column of ['follow_up_sent_at', 'follow_up', 'materials']) await db.schema.alterTable('events').dropColumn(column).execute();
  for (const column of ['decided_by', 'declined_at']) await db.schema.alterTable('event_registrations').dropColumn(column).execute();
}
