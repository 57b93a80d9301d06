import type { Kysely } from 'kysely';
import { withId } from './schema-helpers.ts';

// Immutable once landed: later changes go in new migrations.
export async function up(db: Kysely<any>): Promise<void> {
  // Instants are ISO 8601 UTC text (toISOString), so they sort as text on both dialects; `time_zone` is the IANA
  // zone the event is planned in. `title` and `description` are JSON by locale (Markdown). `capacity` null is
  // unlimited. `sequence` is the RFC 5545 SEQUENCE: it grows each time the time or place moves, or the event is
  // cancelled. `registrations_at` is touched first in every registration change: that UPDATE locks the row
  // (PostgreSQL) or the database (SQLite), so places are counted by one writer at a time.
  await withId(db, db.schema.createTable('events'))
    .addColumn('network_id', 'integer', (c) => c.notNull().references('networks.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('starts_at', 'text', (c) => c.notNull())
    .addColumn('ends_at', 'text', (c) => c.notNull())
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .addColumn('venue', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('online_url', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('capacity', 'integer')
    .addColumn('registration_opens_at', 'text')
    .addColumn('registration_closes_at', 'text')
    .addColumn('interpretation', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('visibility', 'text', (c) => c.notNull())
    .addColumn('approval', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('sequence', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('reminder_offsets', 'text', (c) => c.notNull().defaultTo('[1440,60]'))
    .addColumn('registrations_at', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('events_time').on('events').columns(['network_id', 'starts_at', 'id']).execute();

  // One registration per person and event: `email_key` is the address module's dedupe key, so every spelling of
  // one mailbox is one registration. The waitlist is ordered by `placed_at`, then id. `member_id` links a member
  // (set null when the member is erased; the registration's own personal fields are erased with them).
  await withId(db, db.schema.createTable('event_registrations'))
    .addColumn('event_id', 'integer', (c) => c.notNull().references('events.id').onDelete('cascade'))
    .addColumn('member_id', 'integer', (c) => c.references('members.id').onDelete('set null'))
    .addColumn('email_display', 'text', (c) => c.notNull())
    .addColumn('email_key', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('member_state', 'text')
    .addColumn('regional_group', 'text')
    .addColumn('organisation', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('time_zone', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('placed_at', 'text', (c) => c.notNull())
    .addColumn('cancelled_at', 'text')
    .addColumn('attended', 'integer')
    .addColumn('attended_minutes', 'integer')
    .addColumn('checked_in_at', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('event_registrations_person', ['event_id', 'email_key'])
    .execute();
  await db.schema.createIndex('event_registrations_status').on('event_registrations').columns(['event_id', 'status', 'placed_at', 'id']).execute();
  await db.schema.createIndex('event_registrations_member').on('event_registrations').columns(['member_id']).execute();

  // Who may register for an invite-only event: members, invited one by one or as a segment (resolved when invited).
  await db.schema
    .createTable('event_invitations')
    .addColumn('event_id', 'integer', (c) => c.notNull().references('events.id').onDelete('cascade'))
    .addColumn('member_id', 'integer', (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addColumn('invited_by', 'text', (c) => c.notNull())
    .addColumn('invited_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('event_invitations_pk', ['event_id', 'member_id'])
    .execute();
  await db.schema.createIndex('event_invitations_member').on('event_invitations').columns(['member_id', 'event_id']).execute();

  // A reminder is sent once per registration and offset: the row is claimed before the mail goes out.
  await db.schema
    .createTable('event_reminders')
    .addColumn('registration_id', 'integer', (c) => c.notNull().references('event_registrations.id').onDelete('cascade'))
    .addColumn('offset_minutes', 'integer', (c) => c.notNull())
    .addColumn('starts_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('event_reminders_pk', ['registration_id', 'offset_minutes', 'starts_at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['event_reminders', 'event_invitations', 'event_registrations', 'events']) await db.schema.dropTable(table).execute();
}
