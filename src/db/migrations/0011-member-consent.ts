import type { Kysely } from 'kysely';
import { withId } from './schema-helpers.ts';

// Immutable once landed: later changes go in new migrations.
export async function up(db: Kysely<any>): Promise<void> {
  // A change that waits for the member to confirm by email: at most one per member, replaced by a newer request.
  await withId(db, db.schema.createTable('member_confirmations'))
    .addColumn('member_id', 'integer', (c) => c.notNull().unique().references('members.id').onDelete('cascade'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('changes', 'text')
    .addColumn('requested_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  // When the last join email went to an address (keyed by an HMAC of its canonical form, not the address itself).
  await db.schema
    .createTable('join_mail_sends')
    .addColumn('address_key', 'text', (c) => c.primaryKey())
    .addColumn('sent_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('join_mail_sends_sent_at').on('join_mail_sends').column('sent_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('join_mail_sends').execute();
  await db.schema.dropTable('member_confirmations').execute();
}
