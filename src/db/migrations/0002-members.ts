import type { Kysely } from 'kysely';
import { withId } from './schema-helpers.ts';

// Immutable once landed: later changes go in new migrations.
export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable('members'))
    .addColumn('network_id', 'integer', (c) => c.notNull().references('networks.id'))
    .addColumn('email_input', 'text', (c) => c.notNull())
    .addColumn('email_display', 'text', (c) => c.notNull())
    .addColumn('email_ascii', 'text')
    .addColumn('email_key', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('member_state', 'text')
    .addColumn('un_status', 'text')
    .addColumn('regional_group', 'text')
    .addColumn('m49_region', 'text')
    .addColumn('m49_subregion', 'text')
    .addColumn('stakeholder_group', 'text')
    .addColumn('organisation', 'text', (c) => c.notNull())
    .addColumn('job_title', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('source', 'text')
    .addColumn('consent_version', 'text')
    .addColumn('consent_at', 'text')
    .addColumn('consent_method', 'text')
    .addColumn('consent_basis', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('status_at', 'text', (c) => c.notNull())
    .addColumn('search_text', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('erased_at', 'text')
    .addUniqueConstraint('members_network_email_key', ['network_id', 'email_key'])
    .execute();
  // Each filter the admin list and the network's picture use, paged by id (keyset).
  for (const column of ['status', 'member_state', 'regional_group', 'stakeholder_group', 'language', 'source']) {
    await db.schema.createIndex(`members_${column}`).on('members').columns(['network_id', column, 'id']).execute();
  }
  await db.schema.createIndex('members_status_at').on('members').columns(['network_id', 'status', 'status_at']).execute();

  await withId(db, db.schema.createTable('member_events'))
    .addColumn('member_id', 'integer', (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('from_status', 'text')
    .addColumn('to_status', 'text')
    .addColumn('actor_label', 'text', (c) => c.notNull())
    .addColumn('details', 'text')
    .execute();
  await db.schema.createIndex('member_events_member').on('member_events').columns(['member_id', 'id']).execute();

  await withId(db, db.schema.createTable('sources'))
    .addColumn('network_id', 'integer', (c) => c.notNull().references('networks.id'))
    .addColumn('tag', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addUniqueConstraint('sources_network_tag', ['network_id', 'tag'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('sources').execute();
  await db.schema.dropTable('member_events').execute();
  await db.schema.dropTable('members').execute();
}
