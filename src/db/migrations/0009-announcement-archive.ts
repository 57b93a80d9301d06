import type { Kysely } from 'kysely';

// Immutable once landed: later changes go in new migrations.
// Whether a sent announcement appears in the public archive and its Atom feed is now a choice on the
// announcement (1 or 0), not a consequence of being sent: a message to one segment had become public.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('announcements')
    .addColumn('in_archive', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  // Existing rows stay published only when they went to the whole network (no audience filters).
  await db
    .updateTable('announcements')
    .set({ in_archive: 1 })
    .where((eb) => eb.or([eb('audience', 'is', null), eb('audience', '=', '{}')]))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('announcements').dropColumn('in_archive').execute();
}
