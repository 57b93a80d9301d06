import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { containsAny } from '../../db/text-match.ts';

/** A post as the archive shows it: who, when, what, and what it carried; never its raw message or moderation. */
export interface ArchivedPost {
  id: number;
  thread_id: number | null;
  message_id: string;
  in_reply_to: string | null;
  from_name: string;
  from_address: string;
  subject: string;
  sent_at: string;
  body_text: string;
  attachments: string;
}

/** A thread as the archive lists it: its posts the archive shows, and the dates of the first and the last. */
export interface ArchivedThread {
  id: number;
  subject: string;
  posts: number;
  first_at: string;
  last_at: string;
}

const postColumns = [
  'p.id',
  'p.thread_id',
  'p.message_id',
  'p.in_reply_to',
  'p.from_name',
  'p.from_address',
  'p.subject',
  'p.sent_at',
  'p.body_text',
  'p.attachments',
] as const;

/** The posts of a network the archive shows: published, and not taken out of it by staff. */
function shown(db: Db, networkId: number) {
  return db
    .selectFrom('discussion_posts as p')
    .where('p.network_id', '=', networkId)
    .where('p.status', '=', 'published')
    .where('p.archive_removed_at', 'is', null);
}

/**
 * The posts of threads the archive shows, read by thread (the thread index): only published posts have a thread,
 * and the thread's network is checked on the thread. Naming network and status here too would let the planner pick
 * the network's index and read every post.
 */
function inThreads(db: Db) {
  return db.selectFrom('discussion_posts as p').where('p.archive_removed_at', 'is', null);
}

const month = sql<string>`substr(p.sent_at, 1, 7)`;

/** Each month (yyyy-mm, UTC) with posts in the archive and how many, the latest first. */
export async function archiveMonths(db: Db, networkId: number): Promise<{ month: string; posts: number }[]> {
  const rows = await shown(db, networkId)
    .select((eb) => [month.as('month'), eb.fn.countAll<number | string>().as('posts')])
    .groupBy(month)
    .orderBy(month, 'desc')
    .execute();
  return rows.map((r) => ({ month: r.month, posts: Number(r.posts) }));
}

/** The threads with posts shown between `from` and `to` (ISO), counting those posts only, the latest post first. */
export async function threadsBetween(db: Db, networkId: number, from: string, to: string, limit: number): Promise<ArchivedThread[]> {
  const rows = await shown(db, networkId)
    .innerJoin('discussion_threads as t', 't.id', 'p.thread_id')
    .select((eb) => [
      't.id as id',
      't.subject as subject',
      eb.fn.countAll<number | string>().as('posts'),
      eb.fn.min('p.sent_at').as('first_at'),
      eb.fn.max('p.sent_at').as('last_at'),
    ])
    .where('p.sent_at', '>=', from)
    .where('p.sent_at', '<', to)
    .groupBy(['t.id', 't.subject'])
    .orderBy(sql`max(p.sent_at)`, 'desc')
    .orderBy('t.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ id: r.id, subject: r.subject, posts: Number(r.posts), first_at: String(r.first_at), last_at: String(r.last_at) }));
}

/** The threads whose latest post is the most recent, with the posts the archive shows of each. */
export async function latestThreads(db: Db, networkId: number, limit: number): Promise<ArchivedThread[]> {
  // The threads table's order (an index) picks the candidates; a thread whose posts were all removed is skipped.
  const candidates = await db
    .selectFrom('discussion_threads')
    .select(['id', 'subject'])
    .where('network_id', '=', networkId)
    .where('post_count', '>', 0)
    .orderBy('last_post_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit * 2)
    .execute();
  if (candidates.length === 0) return [];
  const counts = await inThreads(db)
    .select((eb) => ['p.thread_id', eb.fn.countAll<number | string>().as('posts'), eb.fn.min('p.sent_at').as('first_at'), eb.fn.max('p.sent_at').as('last_at')])
    .where(
      'p.thread_id',
      'in',
      candidates.map((c) => c.id),
    )
    .groupBy('p.thread_id')
    .execute();
  const byThread = new Map(counts.map((c) => [c.thread_id, c]));
  return candidates
    .flatMap((c) => {
      const n = byThread.get(c.id);
      return n ? [{ id: c.id, subject: c.subject, posts: Number(n.posts), first_at: String(n.first_at), last_at: String(n.last_at) }] : [];
    })
    .sort((a, b) => (a.last_at < b.last_at ? 1 : a.last_at > b.last_at ? -1 : b.id - a.id))
    .slice(0, limit);
}

/** A thread's subject when the archive shows at least one of its posts. */
export async function findShownThread(db: Db, networkId: number, threadId: number): Promise<{ id: number; subject: string } | undefined> {
  const thread = await db
    .selectFrom('discussion_threads')
    .select(['id', 'subject'])
    .where('id', '=', threadId)
    .where('network_id', '=', networkId)
    .executeTakeFirst();
  if (!thread) return undefined;
  const one = await inThreads(db).select('p.id').where('p.thread_id', '=', thread.id).limit(1).executeTakeFirst();
  return one ? thread : undefined;
}

/** The posts of a thread the archive shows, in the order they were written. */
export function threadPosts(db: Db, threadId: number): Promise<ArchivedPost[]> {
  return inThreads(db)
    .select(postColumns)
    .where('p.thread_id', '=', threadId)
    .where('p.status', '=', 'published')
    .orderBy('p.sent_at')
    .orderBy('p.id')
    .execute();
}

/** One post the archive shows, with its raw message (base64), for an attachment. */
export function shownPostRaw(
  db: Db,
  networkId: number,
  postId: number,
): Promise<{ id: number; thread_id: number | null; raw: string; attachments: string } | undefined> {
  return shown(db, networkId).select(['p.id', 'p.thread_id', 'p.raw', 'p.attachments']).where('p.id', '=', postId).executeTakeFirst();
}

/** The newest posts the archive shows, for the feed. */
export function latestPosts(db: Db, networkId: number, limit: number): Promise<ArchivedPost[]> {
  return shown(db, networkId).select(postColumns).orderBy('p.sent_at', 'desc').orderBy('p.thread_id', 'desc').orderBy('p.id', 'desc').limit(limit).execute();
}

/** Posts the archive shows whose folded text holds `folded`, the newest first. */
export function searchPosts(db: Db, networkId: number, folded: string, limit: number): Promise<ArchivedPost[]> {
  return (
    shown(db, networkId)
      .select(postColumns)
      .where(containsAny('p.search_text', [folded]))
      // The archive index's own order: SQLite walks it newest first and stops at `limit` matches (PostgreSQL still scans).
      .orderBy('p.sent_at', 'desc')
      .orderBy('p.thread_id', 'desc')
      .orderBy('p.id', 'desc')
      .limit(limit)
      .execute()
  );
}

/** A page of a month's posts with their raw messages, in the order written, after the cursor (sent_at, id). */
export function rawPostsBetween(
  db: Db,
  networkId: number,
  range: { from: string; to: string },
  page: { limit: number; after?: { sentAt: string; id: number } },
): Promise<{ id: number; sent_at: string; mail_from: string; from_address: string; raw: string }[]> {
  let query = shown(db, networkId)
    .select(['p.id', 'p.sent_at', 'p.mail_from', 'p.from_address', 'p.raw'])
    .where('p.sent_at', '>=', range.from)
    .where('p.sent_at', '<', range.to);
  const after = page.after;
  if (after) query = query.where((eb) => eb.or([eb('p.sent_at', '>', after.sentAt), eb.and([eb('p.sent_at', '=', after.sentAt), eb('p.id', '>', after.id)])]));
  return query.orderBy('p.sent_at').orderBy('p.id').limit(page.limit).execute();
}

/** Who wrote a post the archive shows, and its subject and thread. */
export function shownPostSummary(db: Db, networkId: number, postId: number) {
  return shown(db, networkId).select(['p.id', 'p.thread_id', 'p.subject', 'p.from_address']).where('p.id', '=', postId).executeTakeFirst();
}

/** Takes a published post out of the archive, once; true when this call did. */
export async function removeFromArchive(db: Db, postId: number, by: string, at: Date): Promise<boolean> {
  const result = await db
    .updateTable('discussion_posts')
    .set({ archive_removed_at: at.toISOString(), archive_removed_by: by })
    .where('id', '=', postId)
    .where('status', '=', 'published')
    .where('archive_removed_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
