import { createHmac, timingSafeEqual } from 'node:crypto';
import type { AppDeps } from '../../app-deps.ts';
import { AppError } from '../../errors/app-error.ts';
import { isLocale, type Locale, translator } from '../../i18n/i18n.ts';
import { type Actor, recordAudit } from '../audit/audit.service.ts';
import { findStaffById } from '../auth/auth.repository.ts';
import { requireNetwork } from '../site/site.service.ts';
import type { EngagementDeps } from './engagement.service.ts';
import { engagementStatuses } from './engagement.table.ts';
import * as repo from './engagement-calendar.repository.ts';
import type { EngagementCalendarFeedRow } from './engagement-calendar.table.ts';
import { type IcsEvent, renderIcs } from './engagement-ics.ts';

/** How far ahead the calendar page looks, in days. */
export const calendarDays = 90;
/** The feed holds a staff member's engagements from this many days back (a calendar app keeps the past itself). */
const feedPastDays = 365;
const dayMs = 86_400_000;

const addDays = (today: string, days: number) => new Date(Date.parse(`${today}T00:00:00Z`) + days * dayMs).toISOString().slice(0, 10);
const todayOf = (deps: EngagementDeps) => deps.clock.now().toISOString().slice(0, 10);

export interface Calendar {
  today: string;
  until: string;
  engagements: repo.UpcomingEngagementRow[];
  deadlines: repo.DeadlineRow[];
  /** Open follow-ups due by `until`, overdue ones included. */
  followUps: repo.FollowUpDueRow[];
}

/** What is ahead in the next `calendarDays`: engagements, submission deadlines, follow-ups due; `staffId`: only theirs. */
export async function upcoming(deps: EngagementDeps, options: { staffId?: number } = {}): Promise<Calendar> {
  const network = await requireNetwork(deps);
  const today = todayOf(deps);
  const until = addDays(today, calendarDays);
  const [engagements, deadlines, followUps] = await Promise.all([
    repo.upcomingEngagements(deps.db, network.id, { today, until }, options.staffId),
    repo.submissionDeadlines(deps.db, network.id, { from: today, until }, options.staffId),
    repo.followUpsDue(deps.db, network.id, until, options.staffId),
  ]);
  return { today, until, engagements, deadlines, followUps };
}

/** How far ahead the dashboard's panel looks, in days, and how many of each it lists. */
export const dashboardDays = 30;
export const dashboardItems = 5;

/** The dashboard's glance ahead: the next `dashboardItems` engagements and submission deadlines of `dashboardDays`, all staff's. */
export async function dashboardAhead(deps: EngagementDeps): Promise<Pick<Calendar, 'today' | 'until' | 'engagements' | 'deadlines'>> {
  const network = await requireNetwork(deps);
  const today = todayOf(deps);
  const until = addDays(today, dashboardDays);
  const [engagements, deadlines] = await Promise.all([
    repo.upcomingEngagements(deps.db, network.id, { today, until }, undefined, undefined, dashboardItems),
    repo.submissionDeadlines(deps.db, network.id, { from: today, until }, undefined, dashboardItems),
  ]);
  return { today, until, engagements, deadlines };
}

// ---------------------------------------------------------------------------------------------
// The feed address: `<staff id>.<version>.<tag>` (base36, HMAC-SHA256 tag). It signs nothing secret, but only the
// staff member who made it knows it; a new address (a higher version) ends the old one, and so does deactivation.

const feedPattern = /^([1-9a-z][0-9a-z]{0,9})\.([1-9a-z][0-9a-z]{0,9})\.([A-Za-z0-9_-]{22})$/;

function feedTag(secret: string, signed: string): string {
  return createHmac('sha256', secret).update(`plenary-calendar-feed:${signed}`).digest().subarray(0, 16).toString('base64url');
}

/** The token of a staff member's feed address at `version`. */
export function feedToken(secret: string, staffId: number, version: number): string {
  const signed = `${staffId.toString(36)}.${version.toString(36)}`;
  return `${signed}.${feedTag(secret, signed)}`;
}

/** The staff id and version a well-signed token carries; `link_invalid` for anything else. */
export function readFeedToken(secret: string, token: string): { staffId: number; version: number } {
  const match = typeof token === 'string' ? feedPattern.exec(token) : null;
  if (!match) throw new AppError('link_invalid');
  const [, id, version, tag] = match as unknown as [string, string, string, string];
  const expected = Buffer.from(feedTag(secret, `${id}.${version}`));
  const given = Buffer.from(tag);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new AppError('link_invalid');
  return { staffId: Number.parseInt(id, 36), version: Number.parseInt(version, 36) };
}

/** The staff member's calendar settings: stored ones, else reminders on in the network's default language, no address. */
export async function calendarSettings(
  deps: EngagementDeps,
  staffId: number,
): Promise<{ feed: EngagementCalendarFeedRow | null; locale: Locale; reminders: boolean }> {
  const [feed, network] = await Promise.all([repo.findFeed(deps.db, staffId), requireNetwork(deps)]);
  const fallback: Locale = isLocale(network.default_locale) ? network.default_locale : 'en';
  return { feed: feed ?? null, locale: feed && isLocale(feed.locale) ? feed.locale : fallback, reminders: feed ? feed.reminders === 1 : true };
}

/** Saves the reminders' language and whether they are sent; `newAddress` gives the feed a new address (the old one stops). */
export async function saveCalendarSettings(
  deps: Pick<AppDeps, 'db' | 'clock' | 'queue'>,
  actor: Actor,
  staffId: number,
  input: { locale: Locale; reminders: boolean; newAddress: boolean },
): Promise<EngagementCalendarFeedRow> {
  const feed = await repo.saveFeed(deps.db, staffId, input, deps.clock.now().toISOString());
  await recordAudit(deps, actor, input.newAddress ? 'engagement_calendar.new_address' : 'engagement_calendar.settings', `staff:${staffId}`, {
    locale: input.locale,
    reminders: input.reminders,
  });
  if (input.reminders) await ensureReminderSchedule(deps);
  return feed;
}

function feedEvents(deps: AppDeps, t: ReturnType<typeof translator>, locale: Locale, calendar: Calendar): IcsEvent[] {
  const host = new URL(deps.config.publicUrl).host;
  const page = (id: number) => `${deps.config.publicUrl}/${locale}/admin/engagements/${id}`;
  // A cancelled engagement stays in the feed as cancelled, so calendars that had it take it off.
  const status = (s: string): IcsEvent['status'] => (s === 'planned' ? 'TENTATIVE' : s === 'cancelled' ? 'CANCELLED' : 'CONFIRMED');
  return [
    ...calendar.engagements.map((e) => ({
      uid: `engagement-${e.id}@${host}`,
      start: e.start_date,
      // An ongoing engagement shows on its first day only: it has no last day yet.
      end: e.end_date ?? e.start_date,
      summary: e.title,
      location: e.online === 1 && e.place ? t('engagements.placeAndOnline', { place: e.place }) : e.online === 1 ? t('engagements.field.online') : e.place,
      description: t('engagements.calendar.feed.engagement', { link: page(e.id) }),
      url: page(e.id),
      status: status(e.status),
      lastModified: e.updated_at,
    })),
    ...calendar.deadlines.map((d) => ({
      uid: `deadline-${d.id}@${host}`,
      start: d.deadline as string,
      end: d.deadline as string,
      summary: t('engagements.calendar.feed.deadline', { title: d.title }),
      description: t('engagements.calendar.feed.deadlineBody', { body: d.external_body ?? '', link: page(d.id) }),
      url: page(d.id),
      lastModified: d.updated_at,
    })),
    ...calendar.followUps.map((f) => ({
      uid: `follow-up-${f.id}@${host}`,
      start: f.due_date as string,
      end: f.due_date as string,
      summary: t('engagements.calendar.feed.followUp', { action: f.action }),
      description: t('engagements.calendar.feed.followUpBody', { title: f.engagement_title, link: page(f.engagement_id) }),
      url: page(f.engagement_id),
    })),
  ];
}

/**
 * The `.ics` feed of the staff member a token names: their engagements (as owner or participant, cancelled ones marked
 * so) from a year back to
 * the calendar's horizon, their submissions' deadlines and their open follow-ups, in their reminders' language. Never
 * any notes. A token of an old address, of a removed or deactivated account, or a forged one is `link_invalid`.
 */
export async function calendarFeed(deps: AppDeps, token: string): Promise<string> {
  const { staffId, version } = readFeedToken(deps.secretKey, token);
  const [account, settings] = await Promise.all([findStaffById(deps.db, staffId), repo.findFeed(deps.db, staffId)]);
  if (!account || account.deactivated_at || !settings || settings.feed_version !== version) throw new AppError('link_invalid');
  const network = await requireNetwork(deps);
  const today = todayOf(deps);
  const until = addDays(today, 2 * calendarDays);
  const from = addDays(today, -feedPastDays);
  const [engagements, deadlines, followUps] = await Promise.all([
    repo.upcomingEngagements(deps.db, network.id, { today: from, until }, staffId, engagementStatuses),
    repo.submissionDeadlines(deps.db, network.id, { from, until }, staffId),
    repo.followUpsDue(deps.db, network.id, until, staffId),
  ]);
  const locale: Locale = isLocale(settings.locale) ? settings.locale : 'en';
  const t = translator(locale);
  return renderIcs({
    name: t('engagements.calendar.feed.name', { name: account.name }),
    productId: '-//Plenary//Engagements//EN',
    now: deps.clock.now(),
    events: feedEvents(deps, t, locale, { today, until, engagements, deadlines, followUps }),
  });
}

// ---------------------------------------------------------------------------------------------
// Reminders: once a day, each staff member whose follow-ups or submission deadlines fall due within `reminderDays`
// gets one email in their language, listing each item once per due date.

export const reminderJobName = 'engagements.reminders';
/** Items due within this many days (or overdue) are reminded. */
export const reminderDays = 3;
/** The hour (UTC) the daily run starts. */
const reminderHourUtc = 6;

/** The next daily run after `now`. */
export function nextReminderRun(now: Date): Date {
  const next = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), reminderHourUtc));
  if (next.getTime() <= now.getTime()) next.setUTCDate(next.getUTCDate() + 1);
  return next;
}

/** Queues the daily reminder run unless one is waiting or running already. */
export async function ensureReminderSchedule(deps: Pick<AppDeps, 'db' | 'clock' | 'queue'>, exceptJobId?: number): Promise<void> {
  if (await repo.hasPendingJob(deps.db, reminderJobName, exceptJobId)) return;
  await deps.queue.enqueue(reminderJobName, {}, { runAt: nextReminderRun(deps.clock.now()) });
}
