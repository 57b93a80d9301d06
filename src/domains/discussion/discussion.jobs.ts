import { z } from 'zod';
import { defineJob } from '../../jobs/job-queue.ts';
import type { DiscussionDeps } from './discussion-deps.ts';
import { holdExpiryJobName } from './discussion-job-names.ts';
import { expireDuePosts } from './moderation.service.ts';

/**
 * Expires every held post whose time is up and tells its author. Queued for each held post's expiry time; each
 * run sweeps all that are due, so a run lost to a crash is made up by the next, and a post is expired once.
 */
export function holdExpiryJob(deps: DiscussionDeps) {
  return defineJob({
    name: holdExpiryJobName,
    lane: 'priority',
    maxAttempts: 5,
    payload: z.object({}),
    async run() {
      await expireDuePosts(deps);
    },
  });
}
