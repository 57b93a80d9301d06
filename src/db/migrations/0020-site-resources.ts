import type { Kysely } from 'kysely';
import { withId } from './schema-helpers.ts';

// Immutable once landed: later changes go in new migrations.
export async function up(db: Kysely<any>): Promise<void> {
  // A resource of the library. Its texts are in resource_versions, one row per locale; `source_locale` is the
  // language it was written in (what a translator works from). A resource has an uploaded file (`file_*`, the
  // type read from its bytes, the bytes in the file storage under `file_key`), an external link, or neither
  // (an FAQ entry is its text). Submission columns are set only for kind `submission`.
  await withId(db, db.schema.createTable('resources'))
    .addColumn('network_id', 'integer', (c) => c.notNull().references('networks.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('source_locale', 'text', (c) => c.notNull())
    .addColumn('external_url', 'text')
    .addColumn('file_key', 'text')
    .addColumn('file_name', 'text')
    .addColumn('file_type', 'text')
    .addColumn('file_size', 'integer')
    .addColumn('submitted_to', 'text')
    .addColumn('submitted_on', 'text')
    .addColumn('published_at', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('resources_listing').on('resources').columns(['network_id', 'status', 'published_at', 'id']).execute();

  // One version per locale. A slug is unique within its locale (so /ar/resources/<slug> names one resource);
  // `search_text` is the title, summary and body folded (case, width, diacritics) for text search.
  await db.schema
    .createTable('resource_versions')
    .addColumn('resource_id', 'integer', (c) => c.notNull().references('resources.id').onDelete('cascade'))
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('slug', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('search_text', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('resource_versions_pk', ['resource_id', 'locale'])
    .execute();
  await db.schema.createIndex('resource_versions_slug').unique().on('resource_versions').columns(['locale', 'slug']).execute();

  // Topics are the ones engagements and the register use.
  await db.schema
    .createTable('resource_topics')
    .addColumn('resource_id', 'integer', (c) => c.notNull().references('resources.id').onDelete('cascade'))
    .addColumn('topic_id', 'integer', (c) => c.notNull().references('topics.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('resource_topics_pk', ['resource_id', 'topic_id'])
    .execute();
  await db.schema.createIndex('resource_topics_topic').on('resource_topics').columns(['topic_id', 'resource_id']).execute();

  // The timeline becomes editable: staff order milestones of the same date (`position`), and a milestone links
  // to the resources about it (the same link is a resource's related milestones).
  await db.schema
    .alterTable('milestones')
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('milestones').addColumn('updated_at', 'text').execute();
  await db.schema
    .createTable('milestone_resources')
    .addColumn('milestone_id', 'integer', (c) => c.notNull().references('milestones.id').onDelete('cascade'))
    .addColumn('resource_id', 'integer', (c) => c.notNull().references('resources.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('milestone_resources_pk', ['milestone_id', 'resource_id'])
    .execute();
  await db.schema.createIndex('milestone_resources_resource').on('milestone_resources').columns(['resource_id', 'milestone_id']).execute();

  // Updates: dated news items of the network, one version per locale like resources. A published update whose
  // `publish_at` is still to come is scheduled (the public sees it from then on); `pinned` (1) puts it on the
  // home page. Every save keeps the whole update as it then stood in update_revisions (who, when), so any
  // revision can be restored.
  await withId(db, db.schema.createTable('updates'))
    .addColumn('network_id', 'integer', (c) => c.notNull().references('networks.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('publish_at', 'text')
    .addColumn('pinned', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('source_locale', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('updates_listing').on('updates').columns(['network_id', 'status', 'publish_at', 'id']).execute();
  await db.schema
    .createTable('update_versions')
    .addColumn('update_id', 'integer', (c) => c.notNull().references('updates.id').onDelete('cascade'))
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('slug', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('search_text', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('update_versions_pk', ['update_id', 'locale'])
    .execute();
  await db.schema.createIndex('update_versions_slug').unique().on('update_versions').columns(['locale', 'slug']).execute();
  await withId(db, db.schema.createTable('update_revisions'))
    .addColumn('update_id', 'integer', (c) => c.notNull().references('updates.id').onDelete('cascade'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor_label', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('update_revisions_update').on('update_revisions').columns(['update_id', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['update_revisions', 'update_versions', 'updates', 'milestone_resources', 'resource_topics', 'resource_versions', 'resources'])
    await db.schema.dropTable(table).execute();
  await db.schema.alterTable('milestones').dropColumn('updated_at').execute();
  await db.schema.alterTable('milestones').dropColumn('position').execute();
}
