import type { Db } from '../../db/database.ts';
import type { MemberRow } from '../members/member.table.ts';

/**
 * Erasure reaches the list too: every post the member wrote (by their record, or by their address before they
 * were matched) is deleted with its raw message, their threads' counts are made right again, and their standing
 * on the list is forgotten. A thread left without posts is no longer listed.
 */
export async function forgetPostsBy(db: Db, member: Pick<MemberRow, 'id' | 'network_id' | 'email_key'>): Promise<void> {
  const posts = await db
    .selectFrom('discussion_posts')
    .select(['id', 'thread_id'])
    .where('network_id', '=', member.network_id)
    .where((eb) => eb.or([eb('member_id', '=', member.id), eb('from_key', '=', member.email_key)]))
    .execute();
  if (posts.length > 0) {
    await db
      .deleteFrom('discussion_posts')
      .where(
        'id',
        'in',
        posts.map((p) => p.id),
      )
      .execute();
  }
  for (const threadId of new Set(posts.map((p) => p.thread_id).filter((id): id is number => id !== null))) {
    const left = await db
      .selectFrom('discussion_posts')
      .select((eb) => [eb.fn.countAll<number | string>().as('n'), eb.fn.max('sent_at').as('latest')])
      .where('thread_id', '=', threadId)
      .where('status', '=', 'published')
      .executeTakeFirstOrThrow();
    const update = left.latest ? { post_count: Number(left.n), last_post_at: String(left.latest) } : { post_count: 0 };
    await db.updateTable('discussion_threads').set(update).where('id', '=', threadId).execute();
  }
  await db.deleteFrom('discussion_members').where('member_id', '=', member.id).execute();
}
