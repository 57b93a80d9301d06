import { z } from 'zod';
import type { AppDeps } from '../../app-deps.ts';
import { defineJob, type JobQueue } from '../../jobs/job-queue.ts';
import * as repo from './announcement.repository.ts';
import { announcementSendJobName, announcementStartJobName, audienceOf } from './announcement.service.ts';
import { sendDue } from './announcement-sender.ts';

const payload = z.object({ announcementId: z.number().int().positive() });

/** A sender job works for at most this long, then hands over to a fresh job (its heartbeat keeps its lease meanwhile). */
const sliceMs = 45_000;
/**
 * Sender jobs of one announcement a worker runs at once: two, so one sends while the other records its batch
 * and leases the next. The announcement has DELIVERY_SENDERS of them, so the rest go to other workers.
 */
const sendersPerWorker = 2;

/**
 * `announcement.start`: at the send (or scheduled) time, creates the deliveries for the audience and
 * starts the senders. Safe to run twice: the fan-out adds nobody twice.
 */
export function announcementStartJob(deps: Pick<AppDeps, 'db' | 'clock' | 'config'> & { queue: JobQueue }) {
  return defineJob({
    name: announcementStartJobName,
    lane: 'bulk',
    maxAttempts: 5,
    payload,
    async run({ announcementId }) {
      const announcement = await repo.findAnnouncement(deps.db, announcementId);
      // A paused send still gets its deliveries, so resuming has them; a cancelled one gets none.
      if (!announcement || !['scheduled', 'sending', 'paused'].includes(announcement.status)) return;
      const now = deps.clock.now();
      if (announcement.status === 'scheduled') {
        await repo.transitionAnnouncement(deps.db, announcementId, ['scheduled'], {
          status: 'sending',
          started_at: now.toISOString(),
          updated_at: now.toISOString(),
        });
      }
      await repo.fanOut(deps.db, announcement, audienceOf(announcement), now);
      const counts = await repo.deliveryCounts(deps.db, announcementId);
      await repo.updateAnnouncement(deps.db, announcementId, { total: Object.values(counts).reduce((a, b) => a + b, 0) });
      if (announcement.status === 'paused') return;
      for (let i = 0; i < deps.config.deliverySenders; i++) await deps.queue.enqueue(announcementSendJobName, { announcementId });
    },
  });
}

/** `announcement.send`: sends due deliveries for a slice of time, then queues its own continuation if work remains. */
export function announcementSendJob(deps: Pick<AppDeps, 'db' | 'dialect' | 'clock' | 'mail' | 'config' | 'secretKey'> & { queue: JobQueue }) {
  return defineJob({
    name: announcementSendJobName,
    lane: 'bulk',
    maxAttempts: 5,
    perWorker: sendersPerWorker,
    payload,
    async run({ announcementId }, _job, { signal }) {
      // A lost lease stops the sender after its batch in hand: the worker that took the job over sends on.
      const progress = await sendDue(deps, announcementId, new Date(deps.clock.now().getTime() + sliceMs), signal);
      if (progress.kind === 'more') await deps.queue.enqueue(announcementSendJobName, { announcementId }, { runAt: progress.at });
    },
  });
}
