import type { Kysely } from 'kysely';
import { withId } from './schema-helpers.ts';

// Immutable once landed: later changes go in new migrations.
export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable('bounce_reviews'))
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('delivery_id', 'integer', (c) => c.references('deliveries.id').onDelete('set null'))
    .addColumn('member_id', 'integer', (c) => c.references('members.id').onDelete('cascade'))
    .addColumn('mail_from', 'text', (c) => c.notNull())
    .addColumn('rcpt_to', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('status_code', 'text')
    .addColumn('diagnostic', 'text')
    .addColumn('report_recipient', 'text')
    .addColumn('excerpt', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('bounce_reviews_delivery').on('bounce_reviews').columns(['delivery_id']).execute();
  await db.schema.createIndex('bounce_reviews_member').on('bounce_reviews').columns(['member_id', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('bounce_reviews').execute();
}
