import type { Transaction } from 'kysely';
import type { Database } from '../../db/database.ts';
import * as repo from './discussion.repository.ts';
import { threadSubject } from './thread-subject.ts';

/**
 * Puts a post that has just become published into its thread: the thread of the nearest published post its
 * In-Reply-To or References name (the last reference is the nearest), else a new thread under its subject.
 */
export async function publishPost(trx: Transaction<Database>, postId: number): Promise<number> {
  const post = await repo.findPost(trx, postId);
  if (!post) throw new Error(`post ${postId} does not exist`);
  const parents = [...(post.in_reply_to ? [post.in_reply_to] : []), ...post.reference_ids.split(' ').filter(Boolean).reverse()];
  const threadId =
    (await repo.threadOfParent(trx, post.network_id, parents)) ?? (await repo.insertThread(trx, post.network_id, threadSubject(post.subject), post.sent_at));
  await repo.addToThread(trx, threadId, post.id, post.sent_at);
  return threadId;
}
