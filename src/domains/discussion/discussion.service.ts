import type { Config } from '../../config/config.ts';
import type { Db } from '../../db/database.ts';
import { AppError } from '../../errors/app-error.ts';
import { requireNetwork } from '../site/site.service.ts';
import * as repo from './discussion.repository.ts';
import type { DiscussionThreadRow, PostStatus } from './discussion.table.ts';
import { type DiscussionSettings, readDiscussionSettings } from './discussion-settings.ts';

/** What the admin area's discussion page shows: the list address, settings, posts by status and the latest threads. */
export async function discussionOverview(
  deps: { db: Db; config: Config },
  threadLimit = 50,
): Promise<{ listAddress: string; settings: DiscussionSettings; counts: Partial<Record<PostStatus, number>>; threads: DiscussionThreadRow[] }> {
  const network = await requireNetwork(deps);
  const [settings, counts, threads] = await Promise.all([
    readDiscussionSettings(deps, network.id),
    repo.countByStatus(deps.db, network.id),
    repo.listThreads(deps.db, network.id, threadLimit),
  ]);
  return { listAddress: deps.config.discussion.address, settings, counts, threads };
}

/** A thread of the network with its published posts in order, or not_found. */
export async function threadWithPosts(deps: { db: Db }, threadId: number): Promise<{ thread: DiscussionThreadRow; posts: repo.PostListing[] }> {
  const network = await requireNetwork(deps);
  const thread = await repo.findThread(deps.db, network.id, threadId);
  if (!thread) throw new AppError('not_found');
  return { thread, posts: await repo.threadPosts(deps.db, thread.id) };
}

/** A page of threads for the API, latest post first, and the cursor of the next page (null at the end). */
export async function threadPage(
  deps: { db: Db },
  page: { limit: number; before?: { lastPostAt: string; id: number } },
): Promise<{ threads: DiscussionThreadRow[]; next: { lastPostAt: string; id: number } | null }> {
  const network = await requireNetwork(deps);
  const threads = await repo.listThreadPage(deps.db, network.id, { limit: page.limit + 1, before: page.before });
  const shown = threads.slice(0, page.limit);
  const last = shown.at(-1);
  return { threads: shown, next: threads.length > page.limit && last ? { lastPostAt: last.last_post_at, id: last.id } : null };
}
