import type { Kysely } from 'kysely';
import { isPostgres, withId } from './schema-helpers.ts';

// Immutable once landed: later changes go in new migrations.
export async function up(db: Kysely<any>): Promise<void> {
  // The people who receive briefings (not members): one row per mailbox (the address module's dedupe key) and network.
  await withId(db, db.schema.createTable('board_recipients'))
    .addColumn('network_id', 'integer', (c) => c.notNull().references('networks.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('email_key', 'text', (c) => c.notNull())
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addUniqueConstraint('board_recipients_network_email', ['network_id', 'email_key'])
    .execute();

  // A briefing schedule: a cron pattern read in an IANA zone. `next_run_at` (UTC) is the claim: the tick job moves it
  // forward with a conditional UPDATE, so a due run is taken by exactly one worker.
  await withId(db, db.schema.createTable('briefing_schedules'))
    .addColumn('network_id', 'integer', (c) => c.notNull().references('networks.id'))
    .addColumn('pattern', 'text', (c) => c.notNull())
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .addColumn('period_kind', 'text', (c) => c.notNull())
    .addColumn('auto_publish', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('owner_staff_id', 'integer', (c) => c.references('staff_accounts.id').onDelete('set null'))
    .addColumn('next_run_at', 'text')
    .addColumn('last_run_at', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('briefing_schedules_due').on('briefing_schedules').columns(['status', 'next_run_at']).execute();

  // One run per schedule and due time: the briefing it made, its state, and the job that works on it.
  await withId(db, db.schema.createTable('briefing_schedule_runs'))
    .addColumn('schedule_id', 'integer', (c) => c.notNull().references('briefing_schedules.id').onDelete('cascade'))
    .addColumn('due_at', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('briefing_id', 'integer', (c) => c.references('briefings.id'))
    .addColumn('job_id', 'integer')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addUniqueConstraint('briefing_schedule_runs_due', ['schedule_id', 'due_at'])
    .execute();

  // One email of a run to one Board recipient; removing the recipient removes what is still to be sent to them.
  await withId(db, db.schema.createTable('briefing_deliveries'))
    .addColumn('run_id', 'integer', (c) => c.notNull().references('briefing_schedule_runs.id').onDelete('cascade'))
    .addColumn('recipient_id', 'integer', (c) => c.notNull().references('board_recipients.id').onDelete('cascade'))
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('message_id', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .addUniqueConstraint('briefing_deliveries_run_recipient', ['run_id', 'recipient_id'])
    .execute();

  // A published briefing's files, printed once per language (a published briefing never changes, so neither do they).
  await db.schema
    .createTable('briefing_documents')
    .addColumn('briefing_id', 'integer', (c) => c.notNull().references('briefings.id').onDelete('cascade'))
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('content', isPostgres(db) ? 'bytea' : 'blob', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('briefing_documents_pk', ['briefing_id', 'locale', 'format'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('briefing_documents').execute();
  await db.schema.dropTable('briefing_deliveries').execute();
  await db.schema.dropTable('briefing_schedule_runs').execute();
  await db.schema.dropIndex('briefing_schedules_due').execute();
  await db.schema.dropTable('briefing_schedules').execute();
  await db.schema.dropTable('board_recipients').execute();
}
