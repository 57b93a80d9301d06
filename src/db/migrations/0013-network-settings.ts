import type { Kysely } from 'kysely';

// Immutable once landed: later changes go in new migrations.
// The network's settings, set by staff on /admin/settings: texts members read (JSON objects keyed by
// locale, like the name and purpose), the display name of its mail, a contact address, the join form's
// optional fields, and whether the home page shows the network's picture. The logo is a row of its
// own, so reading the network (every page, every email) never reads the image.
const columns: [name: string, type: 'text' | 'integer', empty: string | number][] = [
  ['sender_name', 'text', ''],
  ['contact_email', 'text', ''],
  ['consent_text', 'text', '{}'],
  ['privacy_notice', 'text', '{}'],
  ['join_fields', 'text', '{}'],
  ['home_shows_picture', 'integer', 0],
];

export async function up(db: Kysely<any>): Promise<void> {
  // One statement per column: SQLite adds one column per ALTER TABLE.
  for (const [name, type, empty] of columns) {
    await db.schema
      .alterTable('networks')
      .addColumn(name, type, (c) => c.notNull().defaultTo(empty))
      .execute();
  }
  // When the consent text last changed: a member's recorded consent names the version they agreed to.
  await db.schema.alterTable('networks').addColumn('consent_text_at', 'text').execute();

  // Base64 text rather than a binary column: one type on both dialects, and logos are capped small.
  await db.schema
    .createTable('network_logos')
    .addColumn('network_id', 'integer', (c) => c.primaryKey().references('networks.id').onDelete('cascade'))
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('network_logos').execute();
  await db.schema.alterTable('networks').dropColumn('consent_text_at').execute();
  for (const [name] of [...columns].reverse()) await db.schema.alterTable('networks').dropColumn(name).execute();
}
