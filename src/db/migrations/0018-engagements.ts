import type { Kysely } from 'kysely';
import { withId } from './schema-helpers.ts';

// Immutable once landed: later changes go in new migrations.
export async function up(db: Kysely<any>): Promise<void> {
  // Topics are shared by engagements (what a meeting was about) and the risk/opportunity register.
  // `name_key` is the name folded (case, width) so "IDNs" and "idns" are one topic.
  await withId(db, db.schema.createTable('topics'))
    .addColumn('network_id', 'integer', (c) => c.notNull().references('networks.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_key', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('topics_network_name', ['network_id', 'name_key'])
    .execute();

  // The editable list of counterpart organisations (ITU, UN DESA, CSTD…).
  await withId(db, db.schema.createTable('engagement_organisations'))
    .addColumn('network_id', 'integer', (c) => c.notNull().references('networks.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_key', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('engagement_organisations_network_name', ['network_id', 'name_key'])
    .execute();

  // Dates are ISO calendar dates (YYYY-MM-DD): an engagement is a day (no end), a range, or ongoing (no end yet).
  // Submission columns are set only for kind `submission`. An owner's removal leaves the engagement unowned.
  await withId(db, db.schema.createTable('engagements'))
    .addColumn('network_id', 'integer', (c) => c.notNull().references('networks.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('start_date', 'text', (c) => c.notNull())
    .addColumn('end_date', 'text')
    .addColumn('ongoing', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('place', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('online', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('confidentiality', 'text', (c) => c.notNull())
    .addColumn('restricted', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('notes', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('owner_staff_id', 'integer', (c) => c.references('staff_accounts.id').onDelete('set null'))
    .addColumn('external_body', 'text')
    .addColumn('consultation', 'text')
    .addColumn('deadline', 'text')
    .addColumn('submission_status', 'text')
    .addColumn('resource_url', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('engagements_timeline').on('engagements').columns(['network_id', 'start_date', 'id']).execute();
  await db.schema.createIndex('engagements_deadline').on('engagements').columns(['network_id', 'deadline']).execute();

  await db.schema
    .createTable('engagement_member_states')
    .addColumn('engagement_id', 'integer', (c) => c.notNull().references('engagements.id').onDelete('cascade'))
    .addColumn('member_state', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('engagement_member_states_pk', ['engagement_id', 'member_state'])
    .execute();
  // The dossier reads a member state's engagements from here.
  await db.schema.createIndex('engagement_member_states_state').on('engagement_member_states').columns(['member_state', 'engagement_id']).execute();

  // No cascade from the organisation: one in use cannot be deleted (the service says so first).
  await db.schema
    .createTable('engagement_counterpart_organisations')
    .addColumn('engagement_id', 'integer', (c) => c.notNull().references('engagements.id').onDelete('cascade'))
    .addColumn('organisation_id', 'integer', (c) => c.notNull().references('engagement_organisations.id'))
    .addPrimaryKeyConstraint('engagement_counterpart_organisations_pk', ['engagement_id', 'organisation_id'])
    .execute();
  await db.schema
    .createIndex('engagement_counterpart_organisations_org')
    .on('engagement_counterpart_organisations')
    .columns(['organisation_id', 'engagement_id'])
    .execute();

  await db.schema
    .createTable('engagement_members')
    .addColumn('engagement_id', 'integer', (c) => c.notNull().references('engagements.id').onDelete('cascade'))
    .addColumn('member_id', 'integer', (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('engagement_members_pk', ['engagement_id', 'member_id'])
    .execute();
  await db.schema.createIndex('engagement_members_member').on('engagement_members').columns(['member_id', 'engagement_id']).execute();

  await db.schema
    .createTable('engagement_participants')
    .addColumn('engagement_id', 'integer', (c) => c.notNull().references('engagements.id').onDelete('cascade'))
    .addColumn('staff_id', 'integer', (c) => c.notNull().references('staff_accounts.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('engagement_participants_pk', ['engagement_id', 'staff_id'])
    .execute();
  await db.schema.createIndex('engagement_participants_staff').on('engagement_participants').columns(['staff_id', 'engagement_id']).execute();

  await db.schema
    .createTable('engagement_topics')
    .addColumn('engagement_id', 'integer', (c) => c.notNull().references('engagements.id').onDelete('cascade'))
    .addColumn('topic_id', 'integer', (c) => c.notNull().references('topics.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('engagement_topics_pk', ['engagement_id', 'topic_id'])
    .execute();
  await db.schema.createIndex('engagement_topics_topic').on('engagement_topics').columns(['topic_id', 'engagement_id']).execute();

  // Every follow-up is written with an owner; a removed staff account leaves it unowned (shown as such).
  await withId(db, db.schema.createTable('engagement_follow_ups'))
    .addColumn('engagement_id', 'integer', (c) => c.notNull().references('engagements.id').onDelete('cascade'))
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('owner_staff_id', 'integer', (c) => c.references('staff_accounts.id').onDelete('set null'))
    .addColumn('due_date', 'text')
    .addColumn('done_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('engagement_follow_ups_engagement').on('engagement_follow_ups').columns(['engagement_id', 'id']).execute();
  await db.schema.createIndex('engagement_follow_ups_owner').on('engagement_follow_ups').columns(['owner_staff_id', 'done_at', 'due_date']).execute();

  await withId(db, db.schema.createTable('engagement_links'))
    .addColumn('engagement_id', 'integer', (c) => c.notNull().references('engagements.id').onDelete('cascade'))
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('engagement_links_engagement').on('engagement_links').columns(['engagement_id', 'id']).execute();

  // The risk/opportunity register: items under a topic. `statement` is JSON by locale. For an opportunity,
  // `likelihood` holds its readiness and `impact` its potential (the same 1–5 scales, the same matrix).
  await withId(db, db.schema.createTable('register_items'))
    .addColumn('network_id', 'integer', (c) => c.notNull().references('networks.id'))
    .addColumn('topic_id', 'integer', (c) => c.notNull().references('topics.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('statement', 'text', (c) => c.notNull())
    .addColumn('likelihood', 'integer', (c) => c.notNull())
    .addColumn('impact', 'integer', (c) => c.notNull())
    .addColumn('trend', 'text', (c) => c.notNull())
    .addColumn('owner_staff_id', 'integer', (c) => c.references('staff_accounts.id').onDelete('set null'))
    .addColumn('actions', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('register_items_topic').on('register_items').columns(['network_id', 'topic_id', 'id']).execute();

  // Every change of an item, oldest first: who, when, why, what changed, and the item as it then stood
  // (so the register can be read as it was on any date). The actor is kept by label: staff may leave.
  await withId(db, db.schema.createTable('register_item_changes'))
    .addColumn('item_id', 'integer', (c) => c.notNull().references('register_items.id').onDelete('cascade'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor_label', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('changes', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('register_item_changes_item').on('register_item_changes').columns(['item_id', 'at', 'id']).execute();

  await db.schema
    .createTable('register_item_engagements')
    .addColumn('item_id', 'integer', (c) => c.notNull().references('register_items.id').onDelete('cascade'))
    .addColumn('engagement_id', 'integer', (c) => c.notNull().references('engagements.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('register_item_engagements_pk', ['item_id', 'engagement_id'])
    .execute();
  await db.schema.createIndex('register_item_engagements_engagement').on('register_item_engagements').columns(['engagement_id', 'item_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'register_item_engagements',
    'register_item_changes',
    'register_items',
    'engagement_links',
    'engagement_follow_ups',
    'engagement_topics',
    'engagement_participants',
    'engagement_members',
    'engagement_counterpart_organisations',
    'engagement_member_states',
    'engagements',
    'engagement_organisations',
    'topics',
  ])
    await db.schema.dropTable(table).execute();
}
