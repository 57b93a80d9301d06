/**
 * The work of briefing schedules, in three jobs. The **tick** claims every due schedule (a conditional UPDATE of
 * `next_run_at`, so several workers never take one run twice), records the run and queues its **run** job in the
 * same transaction, then queues the next tick. The run job generates the briefing for the period, publishes it
 * (or leaves the draft for staff), prints the PDF once per recipient language and queues one **Board email** per
 * recipient. A run that keeps failing is retried with the runner's backoff and, when it gives up, marked failed
 * and reported to the schedule's owner by email: never dropped silently.
 */
import { z } from 'zod';
import type { AppDeps } from '../../app-deps.ts';
import { isAppError } from '../../errors/app-error.ts';
import { isLocale, type Locale } from '../../i18n/i18n.ts';
import { insertJob } from '../../jobs/job.repository.ts';
import type { JobRow } from '../../jobs/job.table.ts';
import { defineJob, lanes } from '../../jobs/job-queue.ts';
import { PermanentJobError } from '../../jobs/job-runner.ts';
import type { Actor } from '../audit/audit.service.ts';
import { findStaffById, listStaff } from '../auth/auth.repository.ts';
import { sendMailJobName } from '../delivery/send-mail.job.ts';
import { requireNetwork } from '../site/site.service.ts';
import { boardBriefingEmail, deliveryFailureEmail, scheduleDraftEmail, scheduleFailureEmail } from './board-briefing-email.tsx';
import * as recipients from './board-recipient.repository.ts';
import * as briefings from './briefing.repository.ts';
import { type BriefingView, createBriefing, getBriefing, publishBriefing } from './briefing.service.ts';
import * as repo from './briefing-schedule.repository.ts';
import { canOwnSchedules, ensureTick, scheduleRunJobName, scheduleRunMaxAttempts, scheduleTickJobName } from './briefing-schedule.service.ts';
import type { BriefingDeliveryRow, BriefingScheduleRow, BriefingScheduleRunRow } from './briefing-schedule.table.ts';
import { dayIn, nextRunAfter } from './schedule-pattern.ts';

/** The job that sends one run's email to one Board recipient. */
export const boardEmailJobName = 'report.board_email';
const boardEmailMaxAttempts = 8;

/** Who acts for a schedule in the audit log and as the briefing's publisher. */
const scheduleActor = (schedule: BriefingScheduleRow): Actor => ({ staffId: null, label: `schedule:${schedule.id}` });

/** What a failure leaves on a run or an email: an AppError's code (the page translates it), else its message. */
export function failureText(error: unknown): string {
  if (isAppError(error)) return error.code;
  return (error instanceof Error ? error.message : String(error)).slice(0, 2000);
}

const localeOf = (value: string): Locale => (isLocale(value) ? value : 'en');

/** Claims every due schedule: for each one claimed, its run and its run job, in one transaction. Returns how many. */
export async function claimDueSchedules(deps: AppDeps): Promise<number> {
  const now = deps.clock.now();
  const at = now.toISOString();
  let claimed = 0;
  for (const schedule of await repo.dueSchedules(deps.db, at, 100)) {
    const due = schedule.next_run_at as string;
    const next = nextRunAfter(schedule.pattern, schedule.time_zone, now)?.toISOString() ?? null;
    const took = await deps.db.transaction().execute(async (trx) => {
      if (!(await repo.claimSchedule(trx, schedule.id, due, next, at))) return false;
      const run = await repo.insertRun(trx, {
        schedule_id: schedule.id,
        due_at: due,
        status: 'queued',
        briefing_id: null,
        job_id: null,
        attempts: 0,
        last_error: null,
        created_at: at,
        updated_at: at,
        finished_at: null,
      });
      const job = await insertJob(
        trx,
        { lane: lanes.bulk, name: scheduleRunJobName, payload: { runId: run.id }, maxAttempts: scheduleRunMaxAttempts, runAt: now },
        now,
      );
      await repo.updateRun(trx, run.id, ['queued'], { job_id: job.id });
      return true;
    });
    if (took) claimed++;
  }
  return claimed;
}

/** The owner's address, or every active owner's when the owner can no longer act (deactivated, removed, a viewer). */
async function ownersOf(deps: AppDeps, schedule: BriefingScheduleRow) {
  const owner = schedule.owner_staff_id ? await findStaffById(deps.db, schedule.owner_staff_id) : undefined;
  if (canOwnSchedules(owner)) return [owner];
  return (await listStaff(deps.db)).filter((s) => s.role === 'owner' && !s.deactivated_at);
}

/** Emails the schedule's owner a message composed in the network's language. */
async function tellOwner(deps: AppDeps, schedule: BriefingScheduleRow, compose: (locale: Locale, name: string) => { subject: string; text: string }) {
  const network = await requireNetwork(deps);
  const locale = localeOf(network.default_locale);
  for (const account of await ownersOf(deps, schedule)) {
    await deps.queue.enqueue(sendMailJobName, { to: account.email, ...compose(locale, account.name) });
  }
}

/** Marks a run failed (once) and tells its owner why. */
async function reportFailure(deps: AppDeps, run: BriefingScheduleRunRow, error: string): Promise<void> {
  const now = deps.clock.now().toISOString();
  const changed = await repo.updateRun(deps.db, run.id, ['queued', 'awaiting_publication'], {
    status: 'failed',
    last_error: error,
    updated_at: now,
    finished_at: now,
  });
  const schedule = changed ? await repo.findSchedule(deps.db, run.schedule_id) : undefined;
  if (!schedule) return;
  await tellOwner(deps, schedule, (locale, name) => scheduleFailureEmail(deps, locale, { name, scheduleId: schedule.id, dueAt: run.due_at, error }));
}

/** Runs whose job the runner gave up on before it could tell (every worker died mid-run) are reported like any failure. */
async function reportAbandonedRuns(deps: AppDeps): Promise<void> {
  for (const run of await repo.abandonedRuns(deps.db)) await reportFailure(deps, run, run.job_error ?? 'abandoned');
}

/** The tick: claims due schedules, reports abandoned runs, and queues the next tick for the earliest due schedule. */
export function scheduleTickJob(deps: AppDeps) {
  return defineJob({
    name: scheduleTickJobName,
    lane: lanes.bulk,
    // The chain of ticks must outlive a database outage: with the runner's backoff (capped at an hour) this is a day.
    maxAttempts: 30,
    payload: z.object({}),
    async run(_payload, job) {
      await claimDueSchedules(deps);
      await reportAbandonedRuns(deps);
      await ensureTick(deps, job.id);
    },
  });
}

/** The run's draft, made once: the briefing row and the run's link to it are written together. */
async function generateDraft(deps: AppDeps, schedule: BriefingScheduleRow, run: BriefingScheduleRunRow): Promise<number> {
  // The period is read on the schedule's own calendar day (09:00 in Zurich on 1 December is still "November" there).
  const periodAt = new Date(`${dayIn(new Date(run.due_at), schedule.time_zone)}T12:00:00.000Z`);
  return deps.db.transaction().execute(async (trx) => {
    const row = await createBriefing({ db: trx, clock: deps.clock }, scheduleActor(schedule), { periodKind: schedule.period_kind }, { periodAt });
    await repo.updateRun(trx, run.id, ['queued'], { briefing_id: row.id, updated_at: deps.clock.now().toISOString() });
    return row.id;
  });
}

/** The draft waits for staff: the run says so and the owner is told (once). */
async function awaitPublication(deps: AppDeps, schedule: BriefingScheduleRow, run: BriefingScheduleRunRow, briefingId: number): Promise<void> {
  const changed = await repo.updateRun(deps.db, run.id, ['queued'], {
    status: 'awaiting_publication',
    last_error: null,
    updated_at: deps.clock.now().toISOString(),
  });
  if (changed) await tellOwner(deps, schedule, (locale, name) => scheduleDraftEmail(deps, locale, { name, scheduleId: schedule.id, briefingId }));
}

/** The published briefing's PDF in `locale`: printed once and kept, since a published briefing never changes. */
export async function briefingPdfOf(deps: AppDeps, view: BriefingView, locale: Locale): Promise<Buffer> {
  const kept = await repo.findDocument(deps.db, view.row.id, locale, 'pdf');
  if (kept) return kept;
  // Loaded when first needed: a worker that never prints keeps Chromium's driver and the slide writer out of memory.
  const { renderBriefing } = await import('./briefing-output.ts');
  const pdf = await renderBriefing(deps, view, 'pdf', locale);
  await repo.insertDocument(deps.db, view.row.id, locale, 'pdf', pdf, deps.clock.now().toISOString());
  return pdf;
}

/** Prints the PDF in each recipient language, then queues one email per Board recipient (each once) and closes the run. */
async function queueDeliveries(deps: AppDeps, run: BriefingScheduleRunRow, view: BriefingView): Promise<void> {
  const network = await requireNetwork(deps);
  const list = await recipients.listBoardRecipients(deps.db, network.id);
  for (const locale of new Set(list.map((r) => localeOf(r.locale)))) await briefingPdfOf(deps, view, locale);
  const now = deps.clock.now();
  for (const recipient of list) {
    await deps.db.transaction().execute(async (trx) => {
      const delivery = await repo.insertDelivery(trx, {
        run_id: run.id,
        recipient_id: recipient.id,
        locale: localeOf(recipient.locale),
        state: 'queued',
        attempts: 0,
        message_id: null,
        last_error: null,
        created_at: now.toISOString(),
        sent_at: null,
      });
      if (!delivery) return;
      await insertJob(
        trx,
        { lane: lanes.priority, name: boardEmailJobName, payload: { deliveryId: delivery.id }, maxAttempts: boardEmailMaxAttempts, runAt: now },
        now,
      );
    });
  }
  await repo.updateRun(deps.db, run.id, ['queued'], { status: 'sent', last_error: null, updated_at: now.toISOString(), finished_at: now.toISOString() });
}

/** One step of a run, from wherever it stands: draft → published → emails queued. Safe to repeat. */
export async function advanceRun(deps: AppDeps, runId: number): Promise<void> {
  const run = await repo.findRun(deps.db, runId);
  if (run?.status !== 'queued') return;
  const schedule = await repo.findSchedule(deps.db, run.schedule_id);
  if (!schedule) return;
  const briefingId = run.briefing_id ?? (await generateDraft(deps, schedule, run));
  // The row says whether it is a draft; a draft's figures are computed once, by its publication.
  const row = await briefings.findBriefing(deps.db, schedule.network_id, briefingId);
  if (row?.status === 'draft') {
    if (schedule.auto_publish !== 1) return awaitPublication(deps, schedule, run, briefingId);
    await publishBriefing(deps, scheduleActor(schedule), briefingId);
  }
  await queueDeliveries(deps, run, await getBriefing(deps, briefingId));
}

/** Failures that retrying cannot mend: the period itself is impossible. */
const hopeless = (error: unknown) => isAppError(error, 'briefing_no_previous') || isAppError(error, 'report_period_range');

/** Keeps the attempt's error on the run; on the last attempt marks it failed and reports it to the owner. */
async function noteRunFailure(deps: AppDeps, runId: number, job: JobRow, error: unknown, final: boolean): Promise<void> {
  const run = await repo.findRun(deps.db, runId);
  if (!run) return;
  if (final) return reportFailure(deps, run, failureText(error));
  await repo.updateRun(deps.db, runId, ['queued'], { attempts: job.attempts, last_error: failureText(error), updated_at: deps.clock.now().toISOString() });
}

/** Works on one run; retried with the runner's backoff, and reported to the owner when it gives up. */
export function scheduleRunJob(deps: AppDeps) {
  return defineJob({
    name: scheduleRunJobName,
    lane: lanes.bulk,
    maxAttempts: scheduleRunMaxAttempts,
    payload: z.object({ runId: z.number().int().positive() }),
    async run({ runId }, job) {
      try {
        await advanceRun(deps, runId);
      } catch (error) {
        const final = hopeless(error) || job.attempts >= job.max_attempts;
        await noteRunFailure(deps, runId, job, error, final);
        throw hopeless(error) ? new PermanentJobError(failureText(error)) : error;
      }
    },
  });
}

/** Queues the runs that waited for staff to publish this briefing: their emails go out now. */
export async function releaseAwaitingRuns(deps: AppDeps, briefingId: number): Promise<void> {
  const now = deps.clock.now();
  for (const run of await repo.runsAwaiting(deps.db, briefingId)) {
    await deps.db.transaction().execute(async (trx) => {
      if (!(await repo.updateRun(trx, run.id, ['awaiting_publication'], { status: 'queued', updated_at: now.toISOString() }))) return;
      const job = await insertJob(
        trx,
        { lane: lanes.bulk, name: scheduleRunJobName, payload: { runId: run.id }, maxAttempts: scheduleRunMaxAttempts, runAt: now },
        now,
      );
      await repo.updateRun(trx, run.id, ['queued'], { job_id: job.id });
    });
  }
}

/** Composes and sends one Board email with the PDF and the recipient's link; the recipient removed since: nothing. */
async function sendBoardEmail(deps: AppDeps, delivery: BriefingDeliveryRow): Promise<void> {
  const network = await requireNetwork(deps);
  const [recipient, run] = await Promise.all([
    recipients.findBoardRecipient(deps.db, network.id, delivery.recipient_id),
    repo.findRun(deps.db, delivery.run_id),
  ]);
  if (!recipient || !run?.briefing_id) return;
  const view = await getBriefing(deps, run.briefing_id);
  if (view.row.status !== 'published') return;
  const locale = localeOf(delivery.locale);
  const pdf = { filename: `briefing-${view.row.id}-${locale}.pdf`, content: await briefingPdfOf(deps, view, locale) };
  const sent = await deps.mail.send(boardBriefingEmail(deps, network, view, recipient, locale, pdf));
  const now = deps.clock.now().toISOString();
  await repo.updateDelivery(deps.db, delivery.id, {
    state: 'sent',
    message_id: sent.messageId,
    sent_at: now,
    attempts: delivery.attempts + 1,
    last_error: null,
  });
}

/** Marks an email failed for good (once) and tells the schedule's owner who did not get the briefing. */
async function reportDeliveryFailure(deps: AppDeps, delivery: BriefingDeliveryRow, error: string): Promise<void> {
  if (!(await repo.updateDelivery(deps.db, delivery.id, { state: 'failed', last_error: error, attempts: delivery.attempts + 1 }))) return;
  const network = await requireNetwork(deps);
  const [run, recipient] = await Promise.all([
    repo.findRun(deps.db, delivery.run_id),
    recipients.findBoardRecipient(deps.db, network.id, delivery.recipient_id),
  ]);
  const schedule = run ? await repo.findSchedule(deps.db, run.schedule_id) : undefined;
  if (!schedule || !recipient) return;
  await tellOwner(deps, schedule, (locale, name) => deliveryFailureEmail(deps, locale, { name, email: recipient.email, error }));
}

/** Sends one run's email to one Board recipient, in their language; a 5xx or the last attempt fails it for good. */
export function boardEmailJob(deps: AppDeps) {
  return defineJob({
    name: boardEmailJobName,
    lane: lanes.priority,
    maxAttempts: boardEmailMaxAttempts,
    payload: z.object({ deliveryId: z.number().int().positive() }),
    async run({ deliveryId }, job) {
      const delivery = await repo.findDelivery(deps.db, deliveryId);
      if (delivery?.state !== 'queued') return;
      try {
        await sendBoardEmail(deps, delivery);
      } catch (error) {
        const final = (error as { permanent?: unknown }).permanent === true || job.attempts >= job.max_attempts;
        if (final) await reportDeliveryFailure(deps, delivery, failureText(error));
        else await repo.updateDelivery(deps.db, delivery.id, { attempts: job.attempts, last_error: failureText(error) });
        throw error;
      }
    },
  });
}
