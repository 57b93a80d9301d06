import type { Kysely } from 'kysely';
import { withId } from './schema-helpers.ts';

// Immutable once landed: later changes go in new migrations.
export async function up(db: Kysely<any>): Promise<void> {
  // The analytics read the status changes since a series' first point: a range of member_events by time.
  await db.schema.createIndex('member_events_at').on('member_events').columns(['at']).execute();

  // A briefing for the Board over a period (whole days, inclusive). A draft shows live figures; publishing
  // freezes them in `snapshot` (JSON) and the briefing never changes again. `title` and `narrative` are
  // per locale (JSON: { locale: text } and { section: { locale: Markdown } }).
  await withId(db, db.schema.createTable('briefings'))
    .addColumn('network_id', 'integer', (c) => c.notNull().references('networks.id'))
    .addColumn('period_kind', 'text', (c) => c.notNull())
    .addColumn('period_from', 'text', (c) => c.notNull())
    .addColumn('period_to', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('narrative', 'text', (c) => c.notNull())
    .addColumn('snapshot', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('published_at', 'text')
    .addColumn('published_by', 'text')
    .execute();
  // "Since the last briefing" and the list read the latest published first.
  await db.schema.createIndex('briefings_network_published').on('briefings').columns(['network_id', 'status', 'published_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('briefings').execute();
  await db.schema.dropIndex('member_events_at').execute();
}
