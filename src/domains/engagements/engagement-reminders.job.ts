import { z } from 'zod';
import type { AppDeps } from '../../app-deps.ts';
import { type Locale, type Translator, translator } from '../../i18n/i18n.ts';
import { defineJob } from '../../jobs/job-queue.ts';
import { formatDate } from '../../views/format.ts';
import { listStaff } from '../auth/auth.repository.ts';
import type { StaffAccountRow } from '../auth/auth.table.ts';
import { sendMailJobName } from '../delivery/send-mail.job.ts';
import { requireNetwork } from '../site/site.service.ts';
import * as repo from './engagement-calendar.repository.ts';
import { calendarSettings, ensureReminderSchedule, reminderDays, reminderJobName } from './engagement-calendar.ts';

interface ReminderItem {
  /** `follow_up:<id>` or `deadline:<engagement id>`: what was reminded, once per due date. */
  item: string;
  dueDate: string;
  line: (t: Translator, locale: Locale) => string;
}

const dayMs = 86_400_000;

/** What a staff member is reminded of today: their open follow-ups and their open submissions due by `until`. */
function itemsOf(
  staffId: number,
  followUps: repo.FollowUpDueRow[],
  deadlines: repo.DeadlineRow[],
  link: (locale: Locale, id: number) => string,
): ReminderItem[] {
  return [
    ...followUps
      .filter((f) => f.owner_staff_id === staffId)
      .map((f) => ({
        item: `follow_up:${f.id}`,
        dueDate: f.due_date as string,
        line: (t: Translator, locale: Locale) =>
          t('engagements.reminder.followUpLine', {
            action: f.action,
            date: formatDate(locale, f.due_date as string),
            title: f.engagement_title,
            link: link(locale, f.engagement_id),
          }),
      })),
    ...deadlines
      .filter((d) => d.owner_staff_id === staffId)
      .map((d) => ({
        item: `deadline:${d.id}`,
        dueDate: d.deadline as string,
        line: (t: Translator, locale: Locale) =>
          t('engagements.reminder.deadlineLine', { title: d.title, date: formatDate(locale, d.deadline as string), link: link(locale, d.id) }),
      })),
  ];
}

async function remindOne(deps: AppDeps, account: StaffAccountRow, items: ReminderItem[], now: string) {
  const settings = await calendarSettings(deps, account.id);
  if (!settings.reminders || items.length === 0) return 0;
  // Marked first: a run that is repeated (a worker died after sending) finds them sent and sends nothing twice.
  const fresh = await repo.markRemindersSent(deps.db, account.id, items, now);
  const due = items.filter((i) => fresh.has(`${i.item}@${i.dueDate}`));
  if (due.length === 0) return 0;
  const t = translator(settings.locale);
  await deps.queue.enqueue(sendMailJobName, {
    to: account.email,
    subject: t('engagements.reminder.subject', { count: due.length }),
    text: t('engagements.reminder.body', {
      name: account.name,
      items: due.map((i) => `- ${i.line(t, settings.locale)}`).join('\n'),
      calendar: `${deps.config.publicUrl}/${settings.locale}/admin/engagements/calendar`,
    }),
  });
  return due.length;
}

/**
 * Sends today's reminders: to every active staff member, one email listing their open follow-ups and their open
 * submissions' deadlines due within `reminderDays` (overdue ones too) not reminded before for that due date.
 * Returns how many items it reminded.
 */
export async function sendReminders(deps: AppDeps): Promise<number> {
  const network = await requireNetwork(deps);
  const now = deps.clock.now();
  const today = now.toISOString().slice(0, 10);
  const until = new Date(now.getTime() + reminderDays * dayMs).toISOString().slice(0, 10);
  const [followUps, deadlines, staff] = await Promise.all([
    repo.followUpsDue(deps.db, network.id, until),
    repo.submissionDeadlines(deps.db, network.id, { from: today, until }),
    listStaff(deps.db),
  ]);
  const link = (locale: Locale, id: number) => `${deps.config.publicUrl}/${locale}/admin/engagements/${id}`;
  let sent = 0;
  for (const account of staff) {
    if (account.deactivated_at) continue;
    sent += await remindOne(deps, account, itemsOf(account.id, followUps, deadlines, link), now.toISOString());
  }
  return sent;
}

/** The daily reminder run; each run queues the next one (unless another is already waiting). */
export function engagementRemindersJob(deps: AppDeps) {
  return defineJob({
    name: reminderJobName,
    lane: 'bulk',
    maxAttempts: 3,
    payload: z.object({}),
    async run(_payload, job) {
      await sendReminders(deps);
      await ensureReminderSchedule(deps, job.id);
    },
  });
}
