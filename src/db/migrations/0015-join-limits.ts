import type { Kysely } from 'kysely';

// Immutable once landed: later changes go in new migrations.
export async function up(db: Kysely<any>): Promise<void> {
  // The join form's allowances, shared by every web instance: one row per client address or email address
  // key, holding when its allowance is whole again (ms since the epoch). A row whose time has passed says
  // nothing a missing row would not, so such rows are deleted (hence the index).
  await db.schema
    .createTable('join_limits')
    .addColumn('bucket', 'text', (c) => c.primaryKey())
    .addColumn('full_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('join_limits_full_at').on('join_limits').column('full_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('join_limits').execute();
}
