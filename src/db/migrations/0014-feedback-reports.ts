import type { Kysely } from 'kysely';
import { withId } from './schema-helpers.ts';

// Immutable once landed: later changes go in new migrations.
export async function up(db: Kysely<any>): Promise<void> {
  // A complaint from a mailbox provider's feedback loop (ARF, RFC 5965) about one delivery.
  await withId(db, db.schema.createTable('feedback_reports'))
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('announcement_id', 'integer', (c) => c.notNull().references('announcements.id').onDelete('cascade'))
    .addColumn('delivery_id', 'integer', (c) => c.notNull().references('deliveries.id').onDelete('cascade'))
    .addColumn('member_id', 'integer', (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addColumn('feedback_type', 'text', (c) => c.notNull())
    .addColumn('user_agent', 'text')
    .addColumn('identified_by', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('feedback_reports_announcement').on('feedback_reports').columns(['announcement_id', 'delivery_id']).execute();
  await db.schema.createIndex('feedback_reports_delivery').on('feedback_reports').columns(['delivery_id']).execute();
  // A report names the message by its Message-ID; without an index, finding it would read every delivery.
  await db.schema.createIndex('deliveries_message_id').on('deliveries').columns(['message_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('deliveries_message_id').execute();
  await db.schema.dropTable('feedback_reports').execute();
}
