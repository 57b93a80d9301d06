import type { Kysely } from 'kysely';
import { withId } from './schema-helpers.ts';

// Immutable once landed: later changes go in new migrations.
// The discussion list: the network's posting settings, threads, posts (held ones too) and members' standing.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('discussion_settings')
    .addColumn('network_id', 'integer', (c) => c.primaryKey().references('networks.id').onDelete('cascade'))
    .addColumn('policy', 'text', (c) => c.notNull())
    .addColumn('non_members', 'text', (c) => c.notNull())
    .addColumn('hold_days', 'integer', (c) => c.notNull())
    // How members who have not chosen receive posts (each, daily, weekly, none), the subject prefix of
    // redistributed posts, and when From is rewritten to the list address (dmarc: when the author's domain
    // asks receivers to quarantine or reject; always).
    .addColumn('default_delivery', 'text', (c) => c.notNull().defaultTo('each'))
    .addColumn('subject_prefix', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('rewrite_from', 'text', (c) => c.notNull().defaultTo('dmarc'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await withId(db, db.schema.createTable('discussion_threads'))
    .addColumn('network_id', 'integer', (c) => c.notNull().references('networks.id').onDelete('cascade'))
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('last_post_at', 'text', (c) => c.notNull())
    .addColumn('post_count', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('discussion_threads_recent').on('discussion_threads').columns(['network_id', 'last_post_at', 'id']).execute();

  await withId(db, db.schema.createTable('discussion_posts'))
    .addColumn('network_id', 'integer', (c) => c.notNull().references('networks.id').onDelete('cascade'))
    .addColumn('thread_id', 'integer', (c) => c.references('discussion_threads.id').onDelete('set null'))
    .addColumn('message_id', 'text', (c) => c.notNull())
    .addColumn('in_reply_to', 'text')
    .addColumn('reference_ids', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('member_id', 'integer', (c) => c.references('members.id').onDelete('set null'))
    .addColumn('from_address', 'text', (c) => c.notNull())
    .addColumn('from_key', 'text')
    .addColumn('from_name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('mail_from', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('body_text', 'text', (c) => c.notNull())
    .addColumn('has_html', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('size_bytes', 'integer', (c) => c.notNull())
    .addColumn('raw', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('hold_reason', 'text')
    .addColumn('auth', 'text', (c) => c.notNull())
    .addColumn('dmarc_policy', 'text')
    .addColumn('expires_at', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('decided_by', 'text')
    .addColumn('decision_note', 'text')
    // The same message delivered twice (a sender's retry, two MX paths) is one post.
    .addUniqueConstraint('discussion_posts_message', ['network_id', 'message_id'])
    .execute();
  await db.schema.createIndex('discussion_posts_queue').on('discussion_posts').columns(['network_id', 'status', 'received_at', 'id']).execute();
  await db.schema.createIndex('discussion_posts_thread').on('discussion_posts').columns(['thread_id', 'sent_at', 'id']).execute();
  await db.schema.createIndex('discussion_posts_member').on('discussion_posts').columns(['member_id']).execute();

  await db.schema
    .createTable('discussion_members')
    .addColumn('member_id', 'integer', (c) => c.primaryKey().references('members.id').onDelete('cascade'))
    .addColumn('posts_freely', 'integer', (c) => c.notNull().defaultTo(0))
    // The member's own choice of how posts reach them; null: the network's default.
    .addColumn('delivery', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  // The outbox of redistributed posts: one row per post and member, leased by senders like announcements' deliveries.
  await withId(db, db.schema.createTable('discussion_deliveries'))
    .addColumn('post_id', 'integer', (c) => c.notNull().references('discussion_posts.id').onDelete('cascade'))
    .addColumn('member_id', 'integer', (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('locked_by', 'text')
    .addColumn('locked_until', 'text')
    .addColumn('last_reply', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    // One delivery per member per post: a second fan-out cannot send twice.
    .addUniqueConstraint('discussion_deliveries_post_member', ['post_id', 'member_id'])
    .execute();
  await db.schema.createIndex('discussion_deliveries_ready').on('discussion_deliveries').columns(['post_id', 'state', 'next_attempt_at', 'id']).execute();
  await db.schema.createIndex('discussion_deliveries_member').on('discussion_deliveries').columns(['member_id']).execute();

  // A digest sent to one member for one period: written before it is sent, so no digest goes twice.
  await withId(db, db.schema.createTable('discussion_digests'))
    .addColumn('member_id', 'integer', (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('period_start', 'text', (c) => c.notNull())
    .addColumn('posts', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .addUniqueConstraint('discussion_digests_member_period', ['member_id', 'period', 'period_start'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('discussion_digests').execute();
  await db.schema.dropTable('discussion_deliveries').execute();
  await db.schema.dropTable('discussion_members').execute();
  await db.schema.dropTable('discussion_posts').execute();
  await db.schema.dropTable('discussion_threads').execute();
  await db.schema.dropTable('discussion_settings').execute();
}
