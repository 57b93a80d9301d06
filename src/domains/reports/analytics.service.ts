/**
 * Growth and reach analytics: members and member states over time (by day, week or month), broken down by
 * regional group, stakeholder group, language or source, the evenness index and its trend, and what the
 * announcements of a period reached. Read-only; nothing here writes.
 */
import type { Clock } from '../../clock.ts';
import type { Db } from '../../db/database.ts';
import { AppError } from '../../errors/app-error.ts';
import { geographyOf } from '../members/member-geography.ts';
import { type RegionalGroup, regionalGroups } from '../members/member-states.data.ts';
import * as repo from './analytics.repository.ts';
import { type EvennessIndex, evennessIndexOfStates } from './evenness-index.ts';

export const intervals = ['day', 'week', 'month'] as const;
export type Interval = (typeof intervals)[number];
export const breakdowns = ['regional_group', 'stakeholder_group', 'language', 'source'] as const;
export type Breakdown = (typeof breakdowns)[number];

/** The most points a series may have (three years of days). */
export const maxPoints = 1100;
/** The key of members outside every value of a breakdown: no member state, stakeholder group or source given. */
export const noneKey = 'none';
/** The regional-group key of members in none of the five groups (no member state, an observer state, a territory). */
export const outsideKey = 'outside';

export interface AnalyticsDeps {
  db: Db;
  clock: Clock;
}

/** A checked request for a series: whole UTC days, `from` ≤ `to`. */
export interface AnalyticsPeriod {
  interval: Interval;
  /** 'YYYY-MM-DD', the first day asked for (the first point starts on or before it). */
  from: string;
  /** 'YYYY-MM-DD', the last day asked for (inclusive). */
  to: string;
  by: Breakdown | null;
}

const day = (date: Date) => date.toISOString().slice(0, 10);
const utc = (iso: string) => new Date(`${iso}T00:00:00.000Z`);

/** The first day of the day, week (Monday, as ISO 8601) or month holding `date`. */
export function pointStart(date: Date, interval: Interval): Date {
  if (interval === 'month') return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1));
  const start = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  if (interval === 'week') start.setUTCDate(start.getUTCDate() - ((start.getUTCDay() + 6) % 7));
  return start;
}

function nextStart(start: Date, interval: Interval): Date {
  if (interval === 'month') return new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1));
  return new Date(start.getTime() + (interval === 'week' ? 7 : 1) * 86_400_000);
}

/** The points' first days, from the one holding `from` to the one holding `to` (never later than today). */
function pointStarts(period: AnalyticsPeriod, today: Date): Date[] {
  const last = utc(period.to) < today ? utc(period.to) : today;
  const starts: Date[] = [];
  for (let s = pointStart(utc(period.from), period.interval); s <= last; s = nextStart(s, period.interval)) starts.push(s);
  return starts;
}

/** Default spans: 30 days, 12 weeks or 12 months up to today. */
function defaultFrom(interval: Interval, to: Date): Date {
  if (interval === 'day') return new Date(to.getTime() - 29 * 86_400_000);
  if (interval === 'week') return new Date(pointStart(to, 'week').getTime() - 11 * 7 * 86_400_000);
  return new Date(Date.UTC(to.getUTCFullYear(), to.getUTCMonth() - 11, 1));
}

/**
 * Checks a request for a series: an interval (month by default), days 'YYYY-MM-DD' (already well formed), a
 * breakdown. A period that ends before it starts is `report_period_range`; one of more than `maxPoints`
 * points is `report_period_too_long`.
 */
export function analyticsPeriod(input: { interval?: Interval; from?: string; to?: string; by?: Breakdown | null }, now: Date): AnalyticsPeriod {
  const interval = input.interval ?? 'month';
  const to = input.to ?? day(now);
  const from = input.from ?? day(defaultFrom(interval, utc(to)));
  if (from > to) throw new AppError('report_period_range');
  const period = { interval, from, to, by: input.by ?? null };
  let points = 0;
  for (let s = pointStart(utc(from), interval); s <= utc(to); s = nextStart(s, interval)) {
    if (++points > maxPoints) throw new AppError('report_period_too_long', { max: maxPoints });
  }
  return period;
}

/** One point of a series: the members at the end of its interval, and the changes during it. */
export interface SeriesPoint {
  /** The interval's first day, 'YYYY-MM-DD'. */
  at: string;
  /** Its last day (today for the interval under way). */
  until: string;
  /** Members who became subscribed in the interval / who stopped being subscribed (unsubscribed, bounced, removed). */
  joined: number;
  left: number;
  /** Subscribed members at the end of the interval. */
  members: number;
  /** UN Member States with at least one subscribed member at the end of the interval. */
  memberStates: number;
  evennessIndex: number;
  /** Members per regional group, and `outside` the five. */
  byRegionalGroup: Record<RegionalGroup | typeof outsideKey, number>;
  /** Members per value of the breakdown asked for (stakeholder group, language or source; `none` for none). */
  breakdown?: Record<string, number>;
}

export interface MemberAnalytics {
  period: AnalyticsPeriod;
  series: SeriesPoint[];
  /** The evenness index now, with its parts (the last point's figures). */
  evenness: EvennessIndex;
  /** The breakdown's values, largest now first (the regional groups in their order). */
  breakdownValues: string[];
}

/** The first point whose end is after `day` (the point the day is in), or `ends.length` when it is after them all. */
function pointOf(ends: string[], day: string): number {
  let low = 0;
  let high = ends.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if ((ends[mid] as string) <= day) low = mid + 1;
    else high = mid;
  }
  return low;
}

/**
 * Each value's members at the end of every point: today's count less the net changes (joined − left) dated
 * after the point. `changes` are by UTC day; a day after the last point counts against all of them.
 */
function countsAtPoints(now: Map<string, number>, changes: repo.DayChange[], ends: string[]): Map<string, number[]> {
  const net = new Map<string, number[]>();
  for (const [value] of now) net.set(value, new Array(ends.length + 1).fill(0));
  for (const c of changes) {
    let nets = net.get(c.value);
    if (!nets) {
      nets = new Array<number>(ends.length + 1).fill(0);
      net.set(c.value, nets);
    }
    const k = pointOf(ends, c.day);
    nets[k] = (nets[k] ?? 0) + c.joined - c.left;
  }
  const counts = new Map<string, number[]>();
  for (const [value, nets] of net) {
    const out = new Array<number>(ends.length);
    let after = 0;
    for (let k = ends.length - 1; k >= 0; k--) {
      after += nets[k + 1] ?? 0;
      out[k] = Math.max(0, (now.get(value) ?? 0) - after);
    }
    counts.set(value, out);
  }
  return counts;
}

/** Members and member states over time, for the network: one indexed tally read and one read of the changes since the first point. */
export async function memberAnalytics(deps: AnalyticsDeps, networkId: number, period: AnalyticsPeriod): Promise<MemberAnalytics> {
  const now = deps.clock.now();
  const starts = pointStarts(period, utc(day(now)));
  const ends = starts.map((s) => day(nextStart(s, period.interval)));
  // The first point may begin before the period (a week from Monday, a month from the 1st): its joined and left
  // count from the period's first day, so they add up to the change over the period. Its members are unaffected.
  const since = starts[0] ? new Date(Math.max(starts[0].getTime(), utc(period.from).getTime())).toISOString() : now.toISOString();
  const column = period.by === 'stakeholder_group' || period.by === 'language' || period.by === 'source' ? period.by : null;
  const [statesNow, stateChanges, valuesNow, valueChanges] = await Promise.all([
    repo.subscribedNow(deps.db, networkId, 'member_state'),
    repo.statusChangesSince(deps.db, networkId, since, 'member_state'),
    column ? repo.subscribedNow(deps.db, networkId, column) : null,
    column ? repo.statusChangesSince(deps.db, networkId, since, column) : null,
  ]);
  const byState = countsAtPoints(statesNow, stateChanges, ends);
  const byValue = valuesNow && valueChanges ? countsAtPoints(valuesNow, valueChanges, ends) : null;

  const joined = new Array<number>(ends.length + 1).fill(0);
  const left = new Array<number>(ends.length + 1).fill(0);
  for (const c of stateChanges) {
    const k = pointOf(ends, c.day);
    joined[k] = (joined[k] ?? 0) + c.joined;
    left[k] = (left[k] ?? 0) + c.left;
  }

  const series: SeriesPoint[] = starts.map((start, k) => {
    const groups = Object.fromEntries([...regionalGroups, outsideKey].map((g) => [g, 0])) as SeriesPoint['byRegionalGroup'];
    const present: string[] = [];
    let members = 0;
    for (const [code, counts] of byState) {
      const n = counts[k] ?? 0;
      if (n <= 0) continue;
      members += n;
      const geography = code ? geographyOf(code) : null;
      groups[geography?.regionalGroup ?? outsideKey] += n;
      if (geography?.unStatus === 'member') present.push(code);
    }
    const evenness = evennessIndexOfStates(present);
    const until = new Date(Math.min(utc(ends[k] as string).getTime() - 86_400_000, utc(day(now)).getTime()));
    const point: SeriesPoint = {
      at: day(start),
      until: day(until),
      joined: joined[k] ?? 0,
      left: left[k] ?? 0,
      members,
      memberStates: evenness.memberStates,
      evennessIndex: evenness.index,
      byRegionalGroup: groups,
    };
    if (byValue) point.breakdown = Object.fromEntries([...byValue].map(([value, counts]) => [value || noneKey, counts[k] ?? 0]));
    return point;
  });

  const evenness = evennessIndexOfStates([...statesNow].filter(([, n]) => n > 0).map(([code]) => code));
  const breakdownValues =
    period.by === 'regional_group'
      ? [...regionalGroups, outsideKey]
      : valuesNow
        ? [...valuesNow].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([value]) => value || noneKey)
        : [];
  return { period, series, evenness, breakdownValues };
}

/** What the announcements of a period reached, per regional group and per announcement. */
export interface AnnouncementReach {
  byRegionalGroup: { group: RegionalGroup | typeof outsideKey; delivered: number; bounced: number; failed: number; unsubscribedAfter: number }[];
  announcements: { id: number; subject: string; startedAt: string; delivered: number; bounced: number; failed: number; unsubscribedAfter: number }[];
  totals: { delivered: number; bounced: number; failed: number; unsubscribedAfter: number };
}

/** The announcements started from `from` to `to` (days, inclusive): delivered, bounced, failed, unsubscribed after. */
export async function announcementReach(deps: AnalyticsDeps, networkId: number, from: string, to: string, limit = 50): Promise<AnnouncementReach> {
  const start = utc(from).toISOString();
  const end = new Date(utc(to).getTime() + 86_400_000).toISOString();
  const [states, unsubscribed, announcements] = await Promise.all([
    repo.deliveriesByRegionalGroup(deps.db, networkId, start, end),
    repo.unsubscribedAfterByRegionalGroup(deps.db, networkId, start, end),
    repo.announcementsStarted(deps.db, networkId, start, end, limit),
  ]);
  const byRegionalGroup = ([...regionalGroups, outsideKey] as const).map((group) => {
    const key = group === outsideKey ? '' : group;
    const n = (state: string) => states.filter((s) => s.group === key && s.state === state).reduce((sum, s) => sum + s.n, 0);
    return {
      group,
      delivered: n('sent'),
      bounced: n('bounced'),
      failed: n('failed'),
      unsubscribedAfter: unsubscribed.find((u) => u.group === key)?.n ?? 0,
    };
  });
  const totals = { delivered: 0, bounced: 0, failed: 0, unsubscribedAfter: 0 };
  for (const g of byRegionalGroup) {
    totals.delivered += g.delivered;
    totals.bounced += g.bounced;
    totals.failed += g.failed;
    totals.unsubscribedAfter += g.unsubscribedAfter;
  }
  return {
    byRegionalGroup,
    announcements: announcements.map((a) => ({
      id: a.id,
      subject: a.subject,
      startedAt: a.startedAt,
      delivered: a.states.sent ?? 0,
      bounced: a.states.bounced ?? 0,
      failed: a.states.failed ?? 0,
      unsubscribedAfter: a.unsubscribedAfter,
    })),
    totals,
  };
}
