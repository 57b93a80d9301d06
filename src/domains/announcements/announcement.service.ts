import { z } from 'zod';
import type { AppDeps } from '../../app-deps.ts';
import { AppError } from '../../errors/app-error.ts';
import { type Locale, locales } from '../../i18n/i18n.ts';
import { cleanLine, cleanMultiline } from '../../security/human-text.ts';
import { type Actor, recordAudit } from '../audit/audit.service.ts';
import type { DeliveryState } from '../delivery/delivery.table.ts';
import { sendMailJobName } from '../delivery/send-mail.job.ts';
import type { MemberFilters } from '../members/member.repository.ts';
import { memberFiltersQuery } from '../members/member-filters.ts';
import { requireNetwork } from '../site/site.service.ts';
import * as repo from './announcement.repository.ts';
import type { AnnouncementRow } from './announcement.table.ts';
import { composeAnnouncement, prepareVariants, testLinks } from './announcement-composer.tsx';
import { checkAnnouncementMergeFields, checkStoredMergeFields } from './announcement-merge-fields.ts';

export type AnnouncementDeps = Pick<AppDeps, 'db' | 'dialect' | 'clock' | 'queue' | 'config' | 'secretKey'>;
export const announcementStartJobName = 'announcement.start';
export const announcementSendJobName = 'announcement.send';

// Cleaned before they are checked: control characters in a subject break the Subject: header and its DKIM signature.
const subjectSchema = z.string().transform(cleanLine).pipe(z.string().min(1).max(300));
const markdownSchema = z.string().transform(cleanMultiline).pipe(z.string().min(1).max(100_000));
const variantSchema = z.object({ subject: subjectSchema, markdown: markdownSchema });

/** An announcement as staff or the API write it. */
export const announcementInput = z.object({
  subject: subjectSchema,
  markdown: markdownSchema,
  defaultLocale: z.enum(locales).default('en'),
  variants: z.partialRecord(z.enum(locales), variantSchema).default({}),
  audience: memberFiltersQuery.omit({ status: true }).nullable().default(null),
  /** In the public archive once sent; when absent, only an announcement to the whole network is. */
  inArchive: z.boolean().optional(),
});
export type AnnouncementInput = z.input<typeof announcementInput>;

function parseInput(input: unknown) {
  const parsed = announcementInput.safeParse(input);
  if (!parsed.success) throw new AppError('invalid_input', { field: String(parsed.error.issues[0]?.path.join('.') || 'body') });
  checkAnnouncementMergeFields(parsed.data);
  // Filters that are all empty are the whole network, so the archive default and the audience agree.
  const audience = parsed.data.audience && Object.values(parsed.data.audience).some((v) => v !== undefined) ? parsed.data.audience : null;
  return { ...parsed.data, audience, inArchive: parsed.data.inArchive ?? audience === null };
}

/** Creates a draft. */
export async function createAnnouncement(deps: AnnouncementDeps, actor: Actor, input: unknown): Promise<AnnouncementRow> {
  const data = parseInput(input);
  const network = await requireNetwork(deps);
  const now = deps.clock.now().toISOString();
  const row = await repo.insertAnnouncement(deps.db, {
    network_id: network.id,
    subject: data.subject,
    markdown: data.markdown,
    default_locale: data.defaultLocale,
    variants: JSON.stringify(data.variants),
    audience: data.audience ? JSON.stringify(data.audience) : null,
    in_archive: data.inArchive ? 1 : 0,
    status: 'draft',
    scheduled_at: null,
    total: 0,
    created_by: actor.label,
    created_at: now,
    updated_at: now,
    started_at: null,
    finished_at: null,
    reach_at: null,
  });
  await recordAudit(deps, actor, 'announcement.create', `announcement:${row.id}`);
  return row;
}

export async function getAnnouncement(deps: Pick<AppDeps, 'db'>, id: number): Promise<AnnouncementRow> {
  const row = await repo.findAnnouncement(deps.db, id);
  if (!row) throw new AppError('not_found');
  return row;
}

/** Edits a draft (or a scheduled announcement, which goes back to draft). */
export async function updateAnnouncement(deps: AnnouncementDeps, actor: Actor, id: number, input: unknown): Promise<void> {
  const data = parseInput(input);
  const current = await getAnnouncement(deps, id);
  if (current.status !== 'draft' && current.status !== 'scheduled') throw new AppError('announcement_locked');
  await repo.updateAnnouncement(deps.db, id, {
    subject: data.subject,
    markdown: data.markdown,
    default_locale: data.defaultLocale,
    variants: JSON.stringify(data.variants),
    audience: data.audience ? JSON.stringify(data.audience) : null,
    in_archive: data.inArchive ? 1 : 0,
    status: 'draft',
    scheduled_at: null,
    updated_at: deps.clock.now().toISOString(),
  });
  await recordAudit(deps, actor, 'announcement.edit', `announcement:${id}`);
}

/** The member filters of an announcement's audience (every subscribed member when null). */
export function audienceOf(announcement: AnnouncementRow): MemberFilters {
  return announcement.audience ? (JSON.parse(announcement.audience) as MemberFilters) : {};
}

/** What sending would do, for the confirmation step: the announcement (merge fields checked), its audience, how many it reaches now. */
export async function sendSummary(deps: AnnouncementDeps, id: number) {
  const announcement = await getAnnouncement(deps, id);
  if (announcement.status !== 'draft' && announcement.status !== 'scheduled') throw new AppError('announcement_locked');
  checkStoredMergeFields(announcement);
  const audience = audienceOf(announcement);
  return { announcement, audience, recipients: await repo.audienceSize(deps.db, announcement.network_id, audience) };
}

/** What cancelling would do, for the confirmation step: the progress so far and, when scheduled, the audience's size. */
export async function cancelSummary(deps: AnnouncementDeps, id: number) {
  const announcement = await getAnnouncement(deps, id);
  if (!['scheduled', 'sending', 'paused'].includes(announcement.status)) throw new AppError('announcement_locked');
  const recipients =
    announcement.status === 'scheduled' ? await repo.audienceSize(deps.db, announcement.network_id, audienceOf(announcement)) : announcement.total;
  return { announcement, progress: await announcementProgress(deps, id), recipients };
}

/** Sends now, or at `at`: the fan-out and the sending run as jobs, so the request answers at once. */
export async function sendAnnouncement(deps: AnnouncementDeps, actor: Actor, id: number, at?: Date): Promise<void> {
  checkStoredMergeFields(await getAnnouncement(deps, id));
  const now = deps.clock.now();
  const later = at && at.getTime() > now.getTime();
  const moved = await repo.transitionAnnouncement(deps.db, id, ['draft', 'scheduled'], {
    status: later ? 'scheduled' : 'sending',
    scheduled_at: later ? at.toISOString() : null,
    started_at: later ? null : now.toISOString(),
    updated_at: now.toISOString(),
  });
  if (!moved) throw new AppError('announcement_locked');
  await deps.queue.enqueue(announcementStartJobName, { announcementId: id }, { runAt: later ? at : now });
  await recordAudit(deps, actor, later ? 'announcement.schedule' : 'announcement.send', `announcement:${id}`, later ? { at: at.toISOString() } : null);
}

/** Pauses a send: senders stop after their current batch. */
export async function pauseAnnouncement(deps: AnnouncementDeps, actor: Actor, id: number): Promise<void> {
  const now = deps.clock.now().toISOString();
  if (!(await repo.transitionAnnouncement(deps.db, id, ['sending'], { status: 'paused', updated_at: now }))) throw new AppError('announcement_locked');
  await recordAudit(deps, actor, 'announcement.pause', `announcement:${id}`);
}

/** Resumes a paused send. */
export async function resumeAnnouncement(deps: AnnouncementDeps, actor: Actor, id: number): Promise<void> {
  const now = deps.clock.now().toISOString();
  if (!(await repo.transitionAnnouncement(deps.db, id, ['paused'], { status: 'sending', updated_at: now }))) throw new AppError('announcement_locked');
  // The start job is idempotent: it completes a fan-out a pause interrupted, then starts the senders.
  await deps.queue.enqueue(announcementStartJobName, { announcementId: id });
  await recordAudit(deps, actor, 'announcement.resume', `announcement:${id}`);
}

/** Cancels a scheduled, sending or paused announcement; deliveries not yet sent are cancelled. */
export async function cancelAnnouncement(deps: AnnouncementDeps, actor: Actor, id: number): Promise<void> {
  const now = deps.clock.now();
  if (
    !(await repo.transitionAnnouncement(deps.db, id, ['scheduled', 'sending', 'paused'], {
      status: 'cancelled',
      updated_at: now.toISOString(),
      finished_at: now.toISOString(),
    }))
  ) {
    throw new AppError('announcement_locked');
  }
  await repo.cancelWaitingDeliveries(deps.db, id, now);
  await recordAudit(deps, actor, 'announcement.cancel', `announcement:${id}`);
}

/** Status and delivery counts, as the API and the progress bar show them. */
export async function announcementProgress(deps: Pick<AppDeps, 'db'>, id: number) {
  const announcement = await getAnnouncement(deps, id);
  const counts = await repo.deliveryCounts(deps.db, id);
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  return {
    id,
    status: announcement.status,
    subject: announcement.subject,
    scheduledAt: announcement.scheduled_at,
    startedAt: announcement.started_at,
    finishedAt: announcement.finished_at,
    counts: {
      total,
      queued: counts.queued + counts.sending,
      sent: counts.sent,
      deferred: counts.deferred,
      failed: counts.failed,
      bounced: counts.bounced,
      cancelled: counts.cancelled,
    } satisfies Record<Exclude<DeliveryState, 'sending'> | 'total', number>,
  };
}

/** Sends the announcement to the staff member themself, in `locale`, with links that lead nowhere harmful. */
export async function sendTest(deps: AnnouncementDeps, actor: Actor, id: number, to: { email: string; name: string; locale: Locale }): Promise<void> {
  const announcement = await getAnnouncement(deps, id);
  checkStoredMergeFields(announcement);
  const network = await requireNetwork(deps);
  const variants = prepareVariants(announcement);
  const variant = variants.get(to.locale) ?? variants.get(announcement.default_locale)!;
  // Member id 0, delivery id 0 and test links match no member: the test shows real headers and links, safely.
  const message = composeAnnouncement(deps, network, announcement, variant, { id: 0, name: to.name, email_display: to.email }, 0, testLinks);
  await deps.queue.enqueue(sendMailJobName, {
    to: message.to,
    subject: `[TEST] ${message.subject}`,
    text: message.text,
    html: message.html,
    headers: message.headers,
  });
  await recordAudit(deps, actor, 'announcement.test', `announcement:${id}`, { to: to.email });
}
