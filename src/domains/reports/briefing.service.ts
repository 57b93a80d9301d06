/**
 * Briefings for the Board: a period, figures from live data by section, and the team's narrative per section and
 * locale. A draft's figures are computed when it is read; publishing freezes them (the snapshot), so a published
 * briefing reads in December exactly as the Board received it in March, and the next one counts "since last time"
 * from it.
 */
import { z } from 'zod';
import type { Clock } from '../../clock.ts';
import type { Db } from '../../db/database.ts';
import { AppError } from '../../errors/app-error.ts';
import { type Locale, locales } from '../../i18n/i18n.ts';
import { cleanLine, cleanMultiline } from '../../security/human-text.ts';
import { type Actor, recordAudit } from '../audit/audit.service.ts';
import type { EngagementKind, EngagementStatus, SubmissionStatus } from '../engagements/engagement.table.ts';
import { listRegister, type RegisterItemState } from '../engagements/register.service.ts';
import type { RegisterKind, Trend } from '../engagements/register.table.ts';
import type { EventKind, EventStatus } from '../events/event.table.ts';
import { type RegionalGroup, regionalGroups } from '../members/member-states.data.ts';
import { requireNetwork } from '../site/site.service.ts';
import {
  type AnnouncementReach,
  analyticsPeriod,
  announcementReach,
  type Interval,
  memberAnalytics,
  outsideKey,
  type SeriesPoint,
} from './analytics.service.ts';
import * as repo from './briefing.repository.ts';
import { type BriefingRow, type BriefingSection, briefingSections, type PeriodKind, periodKinds } from './briefing.table.ts';

export interface BriefingDeps {
  db: Db;
  clock: Clock;
}

/** How far ahead "upcoming" looks from the end of the period. */
export const upcomingDays = 90;
/** The longest narrative of one section in one language. */
export const narrativeMax = 20_000;

const dayMs = 86_400_000;
const day = (date: Date) => date.toISOString().slice(0, 10);
const addDays = (iso: string, n: number) => day(new Date(new Date(`${iso}T00:00:00.000Z`).getTime() + n * dayMs));

/** The figures of a briefing, by section: computed live for a draft, frozen at publication. */
export interface BriefingFigures {
  /** 1: before the events section; 2: with it. */
  version: 1 | 2;
  from: string;
  to: string;
  /** When the figures were computed (for a published briefing: its publication). */
  computedAt: string;
  picture: {
    members: number;
    memberStates: number;
    evennessIndex: number;
    byRegionalGroup: SeriesPoint['byRegionalGroup'];
    /** The change since the last published briefing, or since the period began when there is none. */
    change: {
      since: 'previous' | 'period_start';
      previous: { id: number; title: Record<string, string>; from: string; to: string; publishedAt: string } | null;
      members: number;
      memberStates: number;
      evennessIndex: number;
    };
  };
  growth: { interval: Interval; series: SeriesPoint[]; joined: number; left: number };
  announcements: AnnouncementReach;
  /** Absent from snapshots published before events existed: the section is then left out. */
  events?: EventsFigures;
  engagements: {
    id: number;
    kind: EngagementKind;
    title: string;
    startDate: string;
    endDate: string | null;
    ongoing: boolean;
    status: EngagementStatus;
    memberStates: string[];
    externalBody: string | null;
    submissionStatus: SubmissionStatus | null;
  }[];
  register: {
    id: number;
    topic: string;
    kind: RegisterKind;
    statement: RegisterItemState['statement'];
    likelihood: number;
    impact: number;
    trend: Trend;
    /** As it stood the day before the period; null when the item was added during it. */
    before: { likelihood: number; impact: number; trend: Trend } | null;
    moved: boolean;
  }[];
  upcoming: {
    milestones: { date: string; endDate: string | null; precision: 'day' | 'month' | 'year'; title: Record<string, string> }[];
    deadlines: { id: number; title: string; deadline: string; externalBody: string | null; submissionStatus: SubmissionStatus | null }[];
  };
}

/** The events that started in the period (published or held, not cancelled) and who came. */
export interface EventsFigures {
  events: {
    id: number;
    kind: EventKind;
    title: Record<string, string>;
    startsAt: string;
    /** The day it started, in the time zone it was planned in. */
    date: string;
    status: EventStatus;
    confirmed: number;
    attended: number;
  }[];
  totals: { events: number; confirmed: number; attended: number };
  /** Confirmed and attended by the registrants' regional group (`outside`: no member state or none of the five). */
  byRegionalGroup: { group: RegionalGroup | typeof outsideKey; confirmed: number; attended: number }[];
}

/** A briefing as the pages show it: its row, title and narrative by locale, and its figures. */
export interface BriefingView {
  row: BriefingRow;
  title: Partial<Record<Locale, string>>;
  narrative: Partial<Record<BriefingSection, Partial<Record<Locale, string>>>>;
  figures: BriefingFigures;
}

/** The days of a period chosen by kind, relative to `now`; custom periods give theirs. */
export function resolvePeriod(
  kind: PeriodKind,
  given: { from?: string; to?: string },
  now: Date,
  lastPublished: BriefingRow | undefined,
): { from: string; to: string } {
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth();
  let from: string;
  let to: string;
  if (kind === 'last_month') {
    from = day(new Date(Date.UTC(y, m - 1, 1)));
    to = day(new Date(Date.UTC(y, m, 0)));
  } else if (kind === 'last_quarter') {
    const quarter = Math.floor(m / 3);
    from = day(new Date(Date.UTC(y, (quarter - 1) * 3, 1)));
    to = day(new Date(Date.UTC(y, quarter * 3, 0)));
  } else if (kind === 'since_last') {
    if (!lastPublished) throw new AppError('briefing_no_previous');
    from = addDays(lastPublished.period_to, 1);
    to = day(now);
  } else {
    if (!given.from) throw new AppError('invalid_input', { field: 'from' });
    if (!given.to) throw new AppError('invalid_input', { field: 'to' });
    from = given.from;
    to = given.to;
  }
  if (from > to) throw new AppError('report_period_range');
  return { from, to };
}

const isoDay = z.iso.date();
const createSchema = z.object({
  periodKind: z.enum(periodKinds),
  from: isoDay.optional().or(z.literal('').transform(() => undefined)),
  to: isoDay.optional().or(z.literal('').transform(() => undefined)),
});
// Markup is refused rather than escaped: a narrative is Markdown, and a tag in it is a mistake or an attack.
const markup = /<\s*\/?\s*[a-z!][^>]*>/i;
const narrativeText = z.string().transform(cleanMultiline).pipe(z.string().max(narrativeMax));
const updateSchema = z.object({
  locale: z.enum(locales),
  title: z.string().transform(cleanLine).pipe(z.string().max(200)),
  narrative: z.partialRecord(z.enum(briefingSections), narrativeText),
});

function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  throw new AppError('invalid_input', { field: (result.error.issues[0]?.path ?? []).join('.') || 'body' });
}

/** A new draft for a period (last month, last quarter, since the last briefing, or two days), relative to `periodAt` (default now). */
export async function createBriefing(deps: BriefingDeps, actor: Actor, input: unknown, options: { periodAt?: Date } = {}): Promise<BriefingRow> {
  const fields = parse(createSchema, input);
  const network = await requireNetwork(deps);
  const now = deps.clock.now();
  // A schedule reads "last month" on its own calendar day (`periodAt`: that day at noon UTC), not on UTC's.
  const period = resolvePeriod(fields.periodKind, fields, options.periodAt ?? now, await repo.latestPublished(deps.db, network.id));
  const row = await repo.insertBriefing(deps.db, {
    network_id: network.id,
    period_kind: fields.periodKind,
    period_from: period.from,
    period_to: period.to,
    status: 'draft',
    title: '{}',
    narrative: '{}',
    snapshot: null,
    created_by: actor.label,
    created_at: now.toISOString(),
    updated_at: now.toISOString(),
    published_at: null,
    published_by: null,
  });
  await recordAudit(deps, actor, 'briefing.create', `briefing:${row.id}`, { periodKind: fields.periodKind, from: period.from, to: period.to });
  return row;
}

async function draftOf(deps: BriefingDeps, id: number): Promise<BriefingRow> {
  const network = await requireNetwork(deps);
  const row = await repo.findBriefing(deps.db, network.id, id);
  if (!row) throw new AppError('not_found');
  if (row.status !== 'draft') throw new AppError('briefing_published');
  return row;
}

/** Sets a draft's title and narrative in one language; every section's text is checked before anything is written. */
export async function updateBriefing(deps: BriefingDeps, actor: Actor, id: number, input: unknown): Promise<void> {
  const fields = parse(updateSchema, input);
  for (const [section, text] of Object.entries(fields.narrative)) {
    if (text && markup.test(text)) throw new AppError('briefing_narrative_markup', { section });
  }
  const row = await draftOf(deps, id);
  const title = JSON.parse(row.title) as Record<string, string>;
  const narrative = JSON.parse(row.narrative) as Record<string, Record<string, string>>;
  if (fields.title) title[fields.locale] = fields.title;
  else delete title[fields.locale];
  for (const [section, text] of Object.entries(fields.narrative)) {
    const texts = narrative[section] ?? {};
    if (text?.trim()) texts[fields.locale] = text;
    else delete texts[fields.locale];
    narrative[section] = texts;
  }
  const updated = await repo.updateDraft(deps.db, id, {
    title: JSON.stringify(title),
    narrative: JSON.stringify(narrative),
    updated_at: deps.clock.now().toISOString(),
  });
  if (!updated) throw new AppError('briefing_published');
  await recordAudit(deps, actor, 'briefing.update', `briefing:${id}`, { locale: fields.locale });
}

/** Publishes a draft: its figures are computed now and kept as they are, for good. */
export async function publishBriefing(deps: BriefingDeps, actor: Actor, id: number): Promise<void> {
  const row = await draftOf(deps, id);
  const now = deps.clock.now().toISOString();
  const figures = await computeFigures(deps, row);
  const published = await repo.updateDraft(deps.db, id, {
    status: 'published',
    snapshot: JSON.stringify(figures),
    published_at: now,
    published_by: actor.label,
    updated_at: now,
  });
  if (!published) throw new AppError('briefing_published');
  await recordAudit(deps, actor, 'briefing.publish', `briefing:${id}`, { from: row.period_from, to: row.period_to });
}

/** A briefing with its figures: the snapshot once published, live figures for a draft. */
export async function getBriefing(deps: BriefingDeps, id: number): Promise<BriefingView> {
  const network = await requireNetwork(deps);
  const row = await repo.findBriefing(deps.db, network.id, id);
  if (!row) throw new AppError('not_found');
  const figures = row.snapshot ? (JSON.parse(row.snapshot) as BriefingFigures) : await computeFigures(deps, row);
  return { row, title: JSON.parse(row.title), narrative: JSON.parse(row.narrative), figures };
}

/** The sections a briefing's figures have, in order: a snapshot from before events existed has no events section. */
export function sectionsOf(figures: BriefingFigures): BriefingSection[] {
  return briefingSections.filter((section) => section !== 'events' || figures.events !== undefined);
}

const previewSchema = z.object({ from: isoDay, to: isoDay });

/**
 * The briefing for a period as a draft would read now, without storing anything (`plenary report generate`): live
 * figures, and the title and narrative of the latest published briefing for exactly that period, if there is one.
 * "Since last time" counts from the briefing published before that one, as it did.
 */
export async function previewBriefing(deps: BriefingDeps, input: { from: string; to: string }): Promise<BriefingView> {
  const period = parse(previewSchema, input);
  if (period.from > period.to) throw new AppError('report_period_range');
  const network = await requireNetwork(deps);
  const published = await repo.latestPublishedFor(deps.db, network.id, period.from, period.to);
  const now = deps.clock.now().toISOString();
  const row: BriefingRow = {
    id: published?.id ?? 0,
    network_id: network.id,
    period_kind: 'custom',
    period_from: period.from,
    period_to: period.to,
    status: 'draft',
    title: published?.title ?? '{}',
    narrative: published?.narrative ?? '{}',
    snapshot: null,
    created_by: 'cli',
    created_at: now,
    updated_at: now,
    published_at: published?.published_at ?? null,
    published_by: null,
  };
  const figures = await computeFigures(deps, row);
  return { row: { ...row, published_at: null }, title: JSON.parse(row.title), narrative: JSON.parse(row.narrative), figures };
}

/** The network's briefings, newest first. */
export async function listBriefings(deps: BriefingDeps, limit = 100): Promise<BriefingRow[]> {
  const network = await requireNetwork(deps);
  return repo.listBriefings(deps.db, network.id, limit);
}

/** A page of the network's briefings for the API, newest first (one more than `limit` tells there is a next page). */
export async function briefingPage(deps: BriefingDeps, options: { limit: number; beforeId?: number }): Promise<BriefingRow[]> {
  const network = await requireNetwork(deps);
  return repo.listBriefingPage(deps.db, network.id, options);
}

/** Weeks for a period of up to three months, months beyond. */
function intervalFor(from: string, to: string): Interval {
  return (new Date(`${to}T00:00:00Z`).getTime() - new Date(`${from}T00:00:00Z`).getTime()) / dayMs <= 92 ? 'week' : 'month';
}

/** Every section's figures for a briefing's period, from live data. */
export async function computeFigures(deps: BriefingDeps, row: BriefingRow): Promise<BriefingFigures> {
  const now = deps.clock.now();
  const { period_from: from, period_to: to, network_id: networkId } = row;
  const interval = intervalFor(from, to);
  const growth = await memberAnalytics(deps, networkId, analyticsPeriod({ interval, from, to }, now));
  const end = growth.series.at(-1);
  const previous = await repo.latestPublished(deps.db, networkId, { exceptId: row.id, before: row.published_at ?? undefined });
  const previousFigures = previous?.snapshot ? (JSON.parse(previous.snapshot) as BriefingFigures) : null;
  let base: { members: number; memberStates: number; evennessIndex: number };
  if (previousFigures) base = previousFigures.picture;
  else {
    // No briefing before: the change over the period, from the day before it began.
    const before = addDays(from, -1);
    const start = await memberAnalytics(deps, networkId, analyticsPeriod({ interval: 'day', from: before, to: before }, now));
    base = start.series[0] ?? { members: 0, memberStates: 0, evennessIndex: 0 };
  }
  const members = end?.members ?? 0;
  const memberStates = end?.memberStates ?? 0;
  const evennessIndex = end?.evennessIndex ?? 0;
  const [announcements, events, engagements, register, milestones, deadlines] = await Promise.all([
    announcementReach(deps, networkId, from, to),
    periodEvents(deps, networkId, from, to),
    repo.boardEngagements(deps.db, networkId, from, to, 200),
    registerMoves(deps, from, to),
    repo.milestonesBetween(deps.db, networkId, to, addDays(to, upcomingDays)),
    repo.boardDeadlines(deps.db, networkId, to, addDays(to, upcomingDays)),
  ]);
  return {
    version: 2,
    from,
    to,
    computedAt: now.toISOString(),
    picture: {
      members,
      memberStates,
      evennessIndex,
      byRegionalGroup: end?.byRegionalGroup ?? ({} as SeriesPoint['byRegionalGroup']),
      change: {
        since: previousFigures ? 'previous' : 'period_start',
        previous:
          previous && previousFigures
            ? {
                id: previous.id,
                title: JSON.parse(previous.title),
                from: previous.period_from,
                to: previous.period_to,
                publishedAt: previous.published_at ?? '',
              }
            : null,
        members: members - base.members,
        memberStates: memberStates - base.memberStates,
        evennessIndex: Math.round((evennessIndex - base.evennessIndex) * 1000) / 1000,
      },
    },
    growth: {
      interval,
      series: growth.series,
      joined: growth.series.reduce((sum, p) => sum + p.joined, 0),
      left: growth.series.reduce((sum, p) => sum + p.left, 0),
    },
    announcements,
    events,
    engagements: engagements.map((e) => ({
      id: e.id,
      kind: e.kind,
      title: e.title,
      startDate: e.start_date,
      endDate: e.end_date,
      ongoing: e.ongoing === 1,
      status: e.status,
      memberStates: e.memberStates,
      externalBody: e.external_body,
      submissionStatus: e.submission_status,
    })),
    register,
    upcoming: {
      milestones: milestones.map((m) => ({ date: m.date, endDate: m.end_date, precision: m.precision, title: JSON.parse(m.title) })),
      deadlines: deadlines.map((d) => ({
        id: d.id,
        title: d.title,
        deadline: d.deadline as string,
        externalBody: d.external_body,
        submissionStatus: d.submission_status,
      })),
    },
  };
}

/** The day of an instant in a time zone (YYYY-MM-DD). */
function dayIn(iso: string, timeZone: string): string {
  try {
    return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(iso));
  } catch {
    return iso.slice(0, 10);
  }
}

/** The events of the period with their registrations and attendance, and both by the registrants' regional group. */
async function periodEvents(deps: BriefingDeps, networkId: number, from: string, to: string): Promise<EventsFigures> {
  const rows = await repo.periodEvents(deps.db, networkId, from, to, 200);
  const groups = await repo.eventAttendanceByGroup(
    deps.db,
    rows.map((r) => r.id),
  );
  const byGroup = new Map<RegionalGroup | typeof outsideKey, { confirmed: number; attended: number }>();
  for (const g of groups) {
    const key = (regionalGroups as readonly string[]).includes(g.regionalGroup ?? '') ? (g.regionalGroup as RegionalGroup) : outsideKey;
    const sum = byGroup.get(key) ?? { confirmed: 0, attended: 0 };
    byGroup.set(key, { confirmed: sum.confirmed + g.confirmed, attended: sum.attended + g.attended });
  }
  return {
    events: rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      title: JSON.parse(r.title) as Record<string, string>,
      startsAt: r.starts_at,
      date: dayIn(r.starts_at, r.time_zone),
      status: r.status,
      confirmed: r.confirmed,
      attended: r.attended,
    })),
    totals: {
      events: rows.length,
      confirmed: rows.reduce((n, r) => n + r.confirmed, 0),
      attended: rows.reduce((n, r) => n + r.attended, 0),
    },
    byRegionalGroup: ([...regionalGroups, outsideKey] as const).map((group) => ({ group, ...(byGroup.get(group) ?? { confirmed: 0, attended: 0 }) })),
  };
}

/** The register at the end of the period against the day before it began: items that moved first. */
async function registerMoves(deps: BriefingDeps, from: string, to: string): Promise<BriefingFigures['register']> {
  const [after, before] = await Promise.all([listRegister(deps, { at: to }), listRegister(deps, { at: addDays(from, -1) })]);
  const then = new Map(before.flatMap((topic) => [...topic.risks, ...topic.opportunities]).map((item) => [item.id, item]));
  const items = after.flatMap((topic) =>
    [...topic.risks, ...topic.opportunities].map((item) => {
      const old = then.get(item.id);
      const moved = !old || old.likelihood !== item.likelihood || old.impact !== item.impact || old.trend !== item.trend;
      return {
        id: item.id,
        topic: topic.name,
        kind: item.kind,
        statement: item.statement,
        likelihood: item.likelihood,
        impact: item.impact,
        trend: item.trend,
        before: old ? { likelihood: old.likelihood, impact: old.impact, trend: old.trend } : null,
        moved,
      };
    }),
  );
  return [...items.filter((i) => i.moved), ...items.filter((i) => !i.moved)];
}
