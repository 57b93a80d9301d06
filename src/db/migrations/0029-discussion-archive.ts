import type { Kysely } from 'kysely';

// Immutable once landed: later changes go in new migrations.
// The discussion list's web archive: who may read it, which posts staff took out of it, the folded text it is
// searched by, the attachments each post carried, and the posts that came from an imported Mailman archive.
export async function up(db: Kysely<any>): Promise<void> {
  // public, members (through a member's signed link) or private (staff only).
  await db.schema
    .alterTable('discussion_settings')
    .addColumn('archive_visibility', 'text', (c) => c.notNull().defaultTo('members'))
    .execute();
  // 'mx' (received by plenary mx) or 'import' (from an mbox: archive only, never redistributed or digested).
  await db.schema
    .alterTable('discussion_posts')
    .addColumn('origin', 'text', (c) => c.notNull().defaultTo('mx'))
    .execute();
  await db.schema.alterTable('discussion_posts').addColumn('archive_removed_at', 'text').execute();
  await db.schema.alterTable('discussion_posts').addColumn('archive_removed_by', 'text').execute();
  // Subject, author's name and text folded like the site's search (members' `searchable`).
  await db.schema
    .alterTable('discussion_posts')
    .addColumn('search_text', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  // JSON list of the attachments: name, declared type, size, and the type read from their bytes (null: not offered).
  await db.schema
    .alterTable('discussion_posts')
    .addColumn('attachments', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();
  // Covers the archive's month counts and month pages: the wide rows (raw messages) are never read for them.
  await db.schema
    .createIndex('discussion_posts_archive')
    .on('discussion_posts')
    .columns(['network_id', 'status', 'archive_removed_at', 'sent_at', 'thread_id', 'id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('discussion_posts_archive').execute();
  for (const column of ['attachments', 'search_text', 'archive_removed_by', 'archive_removed_at', 'origin']) {
    await db.schema.alterTable('discussion_posts').dropColumn(column).execute();
  }
  await db.schema.alterTable('discussion_settings').dropColumn('archive_visibility').execute();
}
