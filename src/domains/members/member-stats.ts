import type { Db } from '../../db/database.ts';
import { locales } from '../../i18n/i18n.ts';
import { stakeholderGroups } from './member.table.ts';
import { geographyOf } from './member-geography.ts';
import { type RegionalGroup, regionalGroups } from './member-states.data.ts';
import { type TallyDimension, tallyDimensions } from './member-tally.table.ts';

/** One month of growth: members who became subscribed in it, and the subscribed total at its end. */
export interface GrowthMonth {
  /** 'YYYY-MM', in UTC. */
  month: string;
  joined: number;
  total: number;
}

/** The key a missing stakeholder group or source is counted under. */
export const noneKey = 'none';

/**
 * The network's picture: who the subscribed members are and where they come from. Only subscribed
 * members count (pending, unsubscribed, bounced and removed ones, erased tombstones included, do not).
 */
export interface NetworkStats {
  members: number;
  /** Distinct UN Member States among subscribed members (observer states and territories are not Member States). */
  memberStates: number;
  /** All five regional groups, 0 when none. */
  byRegionalGroup: Record<RegionalGroup, number>;
  /** Members in none of the five groups: no member state given, an observer state, or a territory. */
  outsideRegionalGroups: number;
  /** Every stakeholder group (0 when none), and `none` for members who did not say, when there are any. */
  byStakeholderGroup: Record<string, number>;
  /** Every one of the six languages, 0 when none. */
  byLanguage: Record<string, number>;
  /** Source tag → members, largest first; members without a source under `none`. */
  bySource: Record<string, number>;
  /** ISO alpha-2 code → members, largest first (members without a member state are not in it). */
  byMemberState: Record<string, number>;
  /** Shares 0..1 (4 decimals). Regional groups are shares of the members in a group; the others, of all members. */
  shares: {
    byRegionalGroup: Record<RegionalGroup, number>;
    byStakeholderGroup: Record<string, number>;
    byLanguage: Record<string, number>;
    bySource: Record<string, number>;
  };
  /** Shannon entropy of the regional-group shares divided by ln 5 (3 decimals): 1 is perfectly even, 0 all in one group or no members. */
  evenness: number;
  /** Regional groups under-represented by `underRepresentedGroups`; empty when evenness ≥ `evenThreshold`. */
  underRepresented: RegionalGroup[];
  /** The last 12 months, oldest first, ending with the month of `now`. */
  growth: GrowthMonth[];
}

/** From this evenness on, the picture says members are "distributed evenly between all geographic regions". */
export const evenThreshold = 0.95;

/** Shannon entropy of the counts' shares divided by ln 5 (the five regional groups): 1 when equal, 0 when all in one or none. */
export function evenness(counts: number[]): number {
  const total = counts.reduce((sum, n) => sum + n, 0);
  if (total <= 0) return 0;
  let entropy = 0;
  for (const n of counts) {
    if (n <= 0) continue;
    const p = n / total;
    entropy -= p * Math.log(p);
  }
  return round(entropy / Math.log(regionalGroups.length), 3);
}

/**
 * The groups to name when the spread is uneven. An even share is 1/5 = 0.2; a group is under-represented
 * when its share is below three quarters of that (< 0.15), i.e. it has at most three members where an even
 * spread would give it four. When evenness is below the threshold but no group is that far down (say
 * 0.4/0.15/0.15/0.15/0.15), the groups below an even share are named instead, so an "uneven" sentence
 * always says where. Nothing is named when evenness ≥ `evenThreshold` or no member is in a group.
 */
export function underRepresentedGroups(counts: Record<RegionalGroup, number>): RegionalGroup[] {
  const values = regionalGroups.map((g) => counts[g]);
  const total = values.reduce((sum, n) => sum + n, 0);
  if (total === 0 || evenness(values) >= evenThreshold) return [];
  const even = 1 / regionalGroups.length;
  const far = regionalGroups.filter((g) => counts[g] / total < even * 0.75);
  return far.length > 0 ? far : regionalGroups.filter((g) => counts[g] / total < even);
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

function sharesOf<K extends string>(counts: Record<K, number>, total: number): Record<K, number> {
  const out = {} as Record<K, number>;
  for (const key of Object.keys(counts) as K[]) out[key] = total > 0 ? round(counts[key] / total, 4) : 0;
  return out;
}

/** Orders a count map largest first, then by key, so JSON and charts read the same way every time. */
function sortedCounts(entries: [string, number][]): Record<string, number> {
  return Object.fromEntries(entries.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])));
}

/** 'YYYY-MM' of a date, `offset` months later (UTC). */
function monthOf(date: Date, offset = 0): string {
  const d = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + offset, 1));
  return d.toISOString().slice(0, 7);
}

/**
 * Subscribed members per value of each dimension (member state, stakeholder group, language, source, month
 * of status_at), from `member_tallies`, which triggers on members keep exact: a range read of its primary
 * key (network_id, status), a few hundred rows whatever the number of members. '' means none.
 */
async function subscribedTallies(db: Db, networkId: number): Promise<Record<TallyDimension, Map<string, number>>> {
  const rows = await db
    .selectFrom('member_tallies')
    .select(['dimension', 'value', 'n'])
    .where('network_id', '=', networkId)
    .where('status', '=', 'subscribed')
    .where('n', '>', 0)
    .execute();
  const tallies = Object.fromEntries(tallyDimensions.map((d) => [d, new Map<string, number>()])) as Record<TallyDimension, Map<string, number>>;
  for (const row of rows) tallies[row.dimension]?.set(row.value, Number(row.n));
  return tallies;
}

/**
 * The network's picture at `now`, from the member tallies (one indexed read of a few hundred rows, whatever
 * the number of members). Regional group and UN status come from the member-state code through the data
 * file, so counts per member state answer members, member states, regional groups and the map.
 */
export async function networkStats(db: Db, networkId: number, now: Date): Promise<NetworkStats> {
  // Growth uses status_at: for a subscribed member it is the moment they became subscribed, which is
  // when consent was recorded (confirm and import set both at once). A member who left and came back
  // counts from their return. Months are 'YYYY-MM' prefixes of ISO-8601 UTC text, so they sort in time order.
  const months = Array.from({ length: 12 }, (_, i) => monthOf(now, i - 11));
  const afterWindow = monthOf(now, 1);
  const tallies = await subscribedTallies(db, networkId);
  const joinedCounts = months.map((m) => tallies.month.get(m) ?? 0);
  let later = 0;
  for (const [month, n] of tallies.month) if (month >= afterWindow) later += n;

  let members = 0;
  let memberStates = 0;
  let outsideRegionalGroups = 0;
  const byRegionalGroup = Object.fromEntries(regionalGroups.map((g) => [g, 0])) as Record<RegionalGroup, number>;
  const stateEntries: [string, number][] = [];
  for (const [code, n] of tallies.member_state) {
    members += n;
    const geography = code ? geographyOf(code) : null;
    if (code) stateEntries.push([code, n]);
    if (geography?.unStatus === 'member') memberStates += 1;
    if (geography?.regionalGroup) byRegionalGroup[geography.regionalGroup] += n;
    else outsideRegionalGroups += n;
  }

  const byStakeholderGroup: Record<string, number> = Object.fromEntries(stakeholderGroups.map((g) => [g, 0]));
  for (const [group, n] of tallies.stakeholder_group) byStakeholderGroup[group || noneKey] = (byStakeholderGroup[group || noneKey] ?? 0) + n;

  const byLanguage: Record<string, number> = Object.fromEntries(locales.map((l) => [l, 0]));
  for (const [language, n] of tallies.language) if (language) byLanguage[language] = (byLanguage[language] ?? 0) + n;

  const bySource = sortedCounts([...tallies.source].map(([source, n]) => [source || noneKey, n]));

  const inGroups = members - outsideRegionalGroups;
  const regionalCounts = regionalGroups.map((g) => byRegionalGroup[g]);

  // Totals run backwards from today's count: the end of the last month excludes anyone dated later.
  const growth: GrowthMonth[] = [];
  let total = members - later;
  for (let i = months.length - 1; i >= 0; i--) {
    const joined = joinedCounts[i] ?? 0;
    growth.unshift({ month: months[i]!, joined, total });
    total -= joined;
  }

  return {
    members,
    memberStates,
    byRegionalGroup,
    outsideRegionalGroups,
    byStakeholderGroup,
    byLanguage,
    bySource,
    byMemberState: sortedCounts(stateEntries),
    shares: {
      byRegionalGroup: sharesOf(byRegionalGroup, inGroups),
      byStakeholderGroup: sharesOf(byStakeholderGroup, members),
      byLanguage: sharesOf(byLanguage, members),
      bySource: sharesOf(bySource, members),
    },
    evenness: evenness(regionalCounts),
    underRepresented: underRepresentedGroups(byRegionalGroup),
    growth,
  };
}
