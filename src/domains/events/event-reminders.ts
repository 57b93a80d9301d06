import { z } from 'zod';
import type { AppDeps } from '../../app-deps.ts';
import { defineJob } from '../../jobs/job-queue.ts';
import { findCurrentNetwork } from '../site/site.repository.ts';
import * as repo from './event.repository.ts';
import type { EventRow } from './event.table.ts';
import { reminderEmail } from './event-email.tsx';

export const reminderJobName = 'event.reminder';

/** The offsets (minutes before the start) an event is reminded at; 1 day and 1 hour unless set otherwise. */
export function reminderOffsets(event: Pick<EventRow, 'reminder_offsets'>): number[] {
  const parsed = z
    .array(
      z
        .number()
        .int()
        .positive()
        .max(60 * 24 * 60),
    )
    .safeParse(JSON.parse(event.reminder_offsets));
  return parsed.success ? parsed.data : [1440, 60];
}

/**
 * Queues the reminders of a published event for its current start: one job per offset still ahead. A job for an
 * older start finds the event moved and does nothing, so rescheduling only needs new jobs.
 */
export async function scheduleReminders(deps: Pick<AppDeps, 'queue' | 'clock'>, event: EventRow): Promise<void> {
  if (event.status !== 'published') return;
  const now = deps.clock.now().getTime();
  for (const offsetMinutes of reminderOffsets(event)) {
    const runAt = new Date(new Date(event.starts_at).getTime() - offsetMinutes * 60_000);
    if (runAt.getTime() <= now) continue;
    await deps.queue.enqueue(reminderJobName, { eventId: event.id, offsetMinutes, startsAt: event.starts_at }, { runAt });
  }
}

/**
 * Reminds every confirmed registrant, in their language and time zone. Each reminder is claimed in
 * `event_reminders` before its mail goes out, so a job run again (a crash, a lost lease) never sends one twice.
 */
export function reminderJob(deps: Pick<AppDeps, 'db' | 'clock' | 'secretKey' | 'config' | 'mail'>) {
  return defineJob({
    name: reminderJobName,
    lane: 'priority',
    maxAttempts: 8,
    payload: z.object({ eventId: z.number().int().positive(), offsetMinutes: z.number().int().positive(), startsAt: z.string().max(40) }),
    async run({ eventId, offsetMinutes, startsAt }, _job, context) {
      const [event, network] = await Promise.all([repo.findEvent(deps.db, eventId), findCurrentNetwork(deps.db)]);
      // Moved since (a job for the new start exists), cancelled, or already started: nothing to remind of.
      if (!event || !network || event.status !== 'published' || event.starts_at !== startsAt) return;
      if (deps.clock.now().toISOString() >= event.starts_at) return;
      for await (const registration of repo.confirmedRegistrations(deps.db, eventId)) {
        if (context.signal.aborted) throw context.signal.reason;
        const claimed = await deps.db
          .insertInto('event_reminders')
          .values({ registration_id: registration.id, offset_minutes: offsetMinutes, starts_at: startsAt, sent_at: deps.clock.now().toISOString() })
          .onConflict((oc) => oc.columns(['registration_id', 'offset_minutes', 'starts_at']).doNothing())
          .executeTakeFirst();
        if (Number(claimed.numInsertedOrUpdatedRows ?? 0) === 0) continue;
        await deps.mail.send(reminderEmail(deps, network, event, registration, offsetMinutes));
      }
    },
  });
}
