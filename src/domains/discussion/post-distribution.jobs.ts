import { z } from 'zod';
import { defineJob } from '../../jobs/job-queue.ts';
import { ensureDigestSchedule, nextPeriodStart, queueDigestOnce, sendDigests } from './discussion-digest.ts';
import { type DistributionDeps, fanOutPost, sendDuePosts } from './discussion-distribution.ts';
import { digestJobName, distributeJobName, sendPostJobName } from './discussion-job-names.ts';

const postPayload = z.object({ postId: z.number().int().positive() });
/** A sender works for at most this long, then hands over to a fresh job. */
const sliceMs = 45_000;

/** `discussion.distribute`: a published post's deliveries, one per member who receives each post, then its sender. */
export function distributePostJob(deps: DistributionDeps) {
  return defineJob({
    name: distributeJobName,
    lane: 'bulk',
    maxAttempts: 5,
    payload: postPayload,
    async run({ postId }) {
      const post = await deps.db.selectFrom('discussion_posts').select(['id', 'network_id', 'status', 'origin']).where('id', '=', postId).executeTakeFirst();
      // An imported post is archive only: it was sent to its readers years ago, by another list.
      if (post?.status !== 'published' || post.origin !== 'mx') return;
      await fanOutPost(deps, post);
      await deps.queue.enqueue(sendPostJobName, { postId });
      // Members who chose a digest get this post with the next one.
      await ensureDigestSchedule(deps);
    },
  });
}

/** `discussion.send`: sends a post's due deliveries for a slice of time, then queues its own continuation while work remains. */
export function sendPostJob(deps: DistributionDeps) {
  return defineJob({
    name: sendPostJobName,
    lane: 'bulk',
    maxAttempts: 5,
    payload: postPayload,
    async run({ postId }) {
      const next = await sendDuePosts(deps, postId, new Date(deps.clock.now().getTime() + sliceMs));
      if (next) await deps.queue.enqueue(sendPostJobName, { postId }, { runAt: next });
    },
  });
}

/** `discussion.digest`: the digests of one period, sent once it is over; then the next period's job. */
export function digestJob(deps: DistributionDeps) {
  return defineJob({
    name: digestJobName,
    lane: 'bulk',
    maxAttempts: 8,
    payload: z.object({ period: z.enum(['daily', 'weekly']), start: z.iso.datetime() }),
    async run({ period, start }) {
      await sendDigests(deps, period, new Date(start));
      await queueDigestOnce(deps, period, nextPeriodStart(period, new Date(start)));
    },
  });
}
