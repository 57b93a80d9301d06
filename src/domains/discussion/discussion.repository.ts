import type { Insertable, Transaction } from 'kysely';
import type { Database, Db } from '../../db/database.ts';
import type { MemberRow } from '../members/member.table.ts';
import type { DiscussionPostRow, DiscussionPostTable, DiscussionSettingsRow, DiscussionThreadRow, PostStatus } from './discussion.table.ts';

type Executor = Db | Transaction<Database>;

/** The network's discussion settings row, when staff have saved one. */
export function findSettings(db: Executor, networkId: number): Promise<DiscussionSettingsRow | undefined> {
  return db.selectFrom('discussion_settings').selectAll().where('network_id', '=', networkId).executeTakeFirst();
}

/** Writes the network's discussion settings (one row per network). */
export async function saveSettings(db: Executor, row: DiscussionSettingsRow): Promise<void> {
  const { network_id: _, ...values } = row;
  await db
    .insertInto('discussion_settings')
    .values(row)
    .onConflict((oc) => oc.column('network_id').doUpdateSet(values))
    .execute();
}

/** The member of the network with this address key, erased members excluded (a tombstone posts nothing). */
export function findMemberByKey(db: Executor, networkId: number, emailKey: string): Promise<MemberRow | undefined> {
  return db
    .selectFrom('members')
    .selectAll()
    .where('network_id', '=', networkId)
    .where('email_key', '=', emailKey)
    .where('erased_at', 'is', null)
    .executeTakeFirst();
}

/** True when a moderator let the member post freely. */
export async function postsFreely(db: Executor, memberId: number): Promise<boolean> {
  const row = await db.selectFrom('discussion_members').select('posts_freely').where('member_id', '=', memberId).executeTakeFirst();
  return row?.posts_freely === 1;
}

/** Lets the member post freely (or not) from now on. */
export async function setPostsFreely(db: Executor, memberId: number, value: boolean, at: Date): Promise<void> {
  const row = { member_id: memberId, posts_freely: value ? 1 : 0, updated_at: at.toISOString() };
  await db
    .insertInto('discussion_members')
    .values(row)
    .onConflict((oc) => oc.column('member_id').doUpdateSet({ posts_freely: row.posts_freely, updated_at: row.updated_at }))
    .execute();
}

/** True when the network already holds a post with this Message-ID (the same message delivered again). */
export async function hasPost(db: Executor, networkId: number, messageId: string): Promise<boolean> {
  const row = await db.selectFrom('discussion_posts').select('id').where('network_id', '=', networkId).where('message_id', '=', messageId).executeTakeFirst();
  return row !== undefined;
}

/** Stores a post; null when one with its Message-ID is already there (a concurrent delivery of the same message). */
export async function insertPost(db: Executor, row: Insertable<DiscussionPostTable>): Promise<number | null> {
  const inserted = await db
    .insertInto('discussion_posts')
    .values(row)
    .onConflict((oc) => oc.columns(['network_id', 'message_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted?.id ?? null;
}

export function findPost(db: Executor, id: number): Promise<DiscussionPostRow | undefined> {
  return db.selectFrom('discussion_posts').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The thread of the first published post among `messageIds` (the nearest parent first). */
export async function threadOfParent(db: Executor, networkId: number, messageIds: string[]): Promise<number | null> {
  for (const messageId of messageIds) {
    const row = await db
      .selectFrom('discussion_posts')
      .select('thread_id')
      .where('network_id', '=', networkId)
      .where('message_id', '=', messageId)
      .where('status', '=', 'published')
      .executeTakeFirst();
    if (row?.thread_id != null) return row.thread_id;
  }
  return null;
}

export async function insertThread(db: Executor, networkId: number, subject: string, at: string): Promise<number> {
  const row = await db
    .insertInto('discussion_threads')
    .values({ network_id: networkId, subject, started_at: at, last_post_at: at, post_count: 0 })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Adds a published post to its thread's count and latest date. */
export async function addToThread(db: Executor, threadId: number, postId: number, at: string): Promise<void> {
  await db.updateTable('discussion_posts').set({ thread_id: threadId }).where('id', '=', postId).execute();
  const thread = await db.selectFrom('discussion_threads').select(['last_post_at']).where('id', '=', threadId).executeTakeFirstOrThrow();
  await db
    .updateTable('discussion_threads')
    .set((eb) => ({ post_count: eb('post_count', '+', 1), last_post_at: at > thread.last_post_at ? at : thread.last_post_at }))
    .where('id', '=', threadId)
    .execute();
}

/**
 * Moves a post out of `from` (usually held) into its decided status, only if it is still there: two moderators
 * deciding at once, or a moderator and the expiry, decide once. True when this call decided.
 */
export async function decidePost(
  db: Executor,
  id: number,
  from: PostStatus,
  to: PostStatus,
  decision: { at: Date; by: string; note: string | null },
): Promise<boolean> {
  const result = await db
    .updateTable('discussion_posts')
    .set({ status: to, decided_at: decision.at.toISOString(), decided_by: decision.by, decision_note: decision.note, expires_at: null })
    .where('id', '=', id)
    .where('status', '=', from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** A post as a list shows it: everything but the raw message. */
export type PostListing = Omit<DiscussionPostRow, 'raw' | 'search_text'>;

const listingColumns = [
  'id',
  'network_id',
  'thread_id',
  'message_id',
  'in_reply_to',
  'reference_ids',
  'member_id',
  'from_address',
  'from_key',
  'from_name',
  'mail_from',
  'subject',
  'sent_at',
  'received_at',
  'body_text',
  'has_html',
  'size_bytes',
  'status',
  'hold_reason',
  'auth',
  'dmarc_policy',
  'expires_at',
  'decided_at',
  'decided_by',
  'decision_note',
  'origin',
  'archive_removed_at',
  'archive_removed_by',
  'attachments',
] as const;

/** Posts of one status, oldest first for the held queue (first come, first decided), newest first otherwise. */
export function listPosts(db: Executor, networkId: number, status: PostStatus, page: { limit: number; afterId?: number }): Promise<PostListing[]> {
  const oldestFirst = status === 'held';
  let query = db.selectFrom('discussion_posts').select(listingColumns).where('network_id', '=', networkId).where('status', '=', status);
  if (page.afterId !== undefined) query = query.where('id', oldestFirst ? '>' : '<', page.afterId);
  return query
    .orderBy('id', oldestFirst ? 'asc' : 'desc')
    .limit(page.limit)
    .execute();
}

/** How many posts of the network are in each status. */
export async function countByStatus(db: Executor, networkId: number): Promise<Partial<Record<PostStatus, number>>> {
  const rows = await db
    .selectFrom('discussion_posts')
    .select((eb) => ['status', eb.fn.countAll<number | string>().as('n')])
    .where('network_id', '=', networkId)
    .groupBy('status')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

/** The network's threads with the latest post first. */
export function listThreads(db: Executor, networkId: number, limit: number): Promise<DiscussionThreadRow[]> {
  return db
    .selectFrom('discussion_threads')
    .selectAll()
    .where('network_id', '=', networkId)
    .where('post_count', '>', 0)
    .orderBy('last_post_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

/** The published posts of a thread in the order they were written. */
export function threadPosts(db: Executor, threadId: number): Promise<PostListing[]> {
  return db
    .selectFrom('discussion_posts')
    .select(listingColumns)
    .where('thread_id', '=', threadId)
    .where('status', '=', 'published')
    .orderBy('sent_at')
    .orderBy('id')
    .execute();
}

export function findThread(db: Executor, networkId: number, id: number): Promise<DiscussionThreadRow | undefined> {
  return db.selectFrom('discussion_threads').selectAll().where('id', '=', id).where('network_id', '=', networkId).executeTakeFirst();
}

/** Held posts of every network whose expiry time has come, oldest first. */
export function listDueHeldPosts(db: Executor, now: Date, limit: number): Promise<PostListing[]> {
  return db
    .selectFrom('discussion_posts')
    .select(listingColumns)
    .where('status', '=', 'held')
    .where('expires_at', '<=', now.toISOString())
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** A page of the network's threads with posts, the latest post first, after the cursor (the last thread of the previous page). */
export function listThreadPage(
  db: Executor,
  networkId: number,
  page: { limit: number; before?: { lastPostAt: string; id: number } },
): Promise<DiscussionThreadRow[]> {
  let query = db.selectFrom('discussion_threads').selectAll().where('network_id', '=', networkId).where('post_count', '>', 0);
  const before = page.before;
  if (before) {
    query = query.where((eb) =>
      eb.or([eb('last_post_at', '<', before.lastPostAt), eb.and([eb('last_post_at', '=', before.lastPostAt), eb('id', '<', before.id)])]),
    );
  }
  return query.orderBy('last_post_at', 'desc').orderBy('id', 'desc').limit(page.limit).execute();
}

/** One redistributed copy: its post and member. */
export function findCopy(db: Executor, id: number): Promise<{ id: number; post_id: number; member_id: number } | undefined> {
  return db.selectFrom('discussion_deliveries').select(['id', 'post_id', 'member_id']).where('id', '=', id).executeTakeFirst();
}

/** Writes a copy's bounce on its row: `bounced (hard|soft): <reply>` in last_reply, at `now`. */
export async function markCopyBounced(db: Executor, id: number, kind: 'hard' | 'soft', reply: string | null, now: Date): Promise<void> {
  await db
    .updateTable('discussion_deliveries')
    .set({ last_reply: `bounced (${kind}): ${reply ?? ''}`.slice(0, 500), updated_at: now.toISOString() })
    .where('id', '=', id)
    .execute();
}

/** How many different copies to a member soft-bounced since `since`. */
export async function countSoftBouncedCopies(db: Executor, memberId: number, since: Date): Promise<number> {
  const row = await db
    .selectFrom('discussion_deliveries')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('member_id', '=', memberId)
    .where('last_reply', 'like', 'bounced (soft):%')
    .where('updated_at', '>=', since.toISOString())
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
