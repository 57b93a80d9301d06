import type { Kysely } from 'kysely';
import { withId } from './schema-helpers.ts';

// Immutable once landed: later changes go in new migrations.
export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable('member_imports'))
    .addColumn('network_id', 'integer', (c) => c.notNull().references('networks.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('options', 'text', (c) => c.notNull())
    .addColumn('report', 'text')
    .addColumn('rows_done', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('error', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('member_imports').execute();
}
