import { memberStates, type RegionalGroup, regionalGroups } from '../members/member-states.data.ts';
import { networkStats } from '../members/member-stats.ts';
import { requireNetwork } from '../site/site.service.ts';
import * as repo from './engagement.repository.ts';
import type { EngagementDeps } from './engagement.service.ts';
import { lastContactOf } from './member-state-dossier.ts';

/** How recent the last contact with a member state is: within 3, 6 or 12 months, longer ago, or never. */
export const contactClasses = ['within3', 'within6', 'within12', 'older', 'never'] as const;
export type ContactClass = (typeof contactClasses)[number];

/** The periods the gaps view offers, in months (a member state is a gap after this long without contact). */
export const gapPeriods = [3, 6, 12, 24] as const;
export const defaultGapMonths = 6;

/**
 * A regional group is under-represented among the member states the team was in contact with when its share of
 * them is below three quarters of its share of the member states (the rule the network's picture uses for members).
 */
export const underRepresentedRatio = 0.75;

export interface StateCoverage {
  code: string;
  regionalGroup: RegionalGroup | null;
  /** Subscribed members from the member state (the network's picture counts the same). */
  members: number;
  lastContact: string | null;
  contactClass: ContactClass;
  /** Engagements with it in the period (done or under way, on or after its start). */
  engagementsInPeriod: number;
}

export interface GroupCoverage {
  regionalGroup: RegionalGroup;
  memberStates: number;
  withMembers: number;
  /** Member states of the group in contact during the period. */
  inContact: number;
  /** The group's share of the member states in contact during the period, and of all the member states counted. */
  shareInContact: number;
  shareOfStates: number;
  underRepresented: boolean;
}

export interface Coverage {
  today: string;
  /** The first day of the period: `months` before today. */
  since: string;
  months: number;
  regionalGroup: RegionalGroup | null;
  states: StateCoverage[];
  /** Member states with members and no contact in the period (never, or last before `since`), longest gap first. */
  gaps: StateCoverage[];
  /** Member states with no members at all. */
  withoutMembers: StateCoverage[];
  groups: GroupCoverage[];
}

/** The day `months` calendar months before `today` (YYYY-MM-DD; the 31st becomes the month's last day). */
export function monthsBefore(today: string, months: number): string {
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  const first = new Date(Date.UTC(y, m - 1 - months, 1));
  const lastDay = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(d, lastDay));
  return first.toISOString().slice(0, 10);
}

/** The class of a last contact as of `today`. */
export function contactClassOf(lastContact: string | null, today: string): ContactClass {
  if (lastContact === null) return 'never';
  if (lastContact >= monthsBefore(today, 3)) return 'within3';
  if (lastContact >= monthsBefore(today, 6)) return 'within6';
  if (lastContact >= monthsBefore(today, 12)) return 'within12';
  return 'older';
}

/** Member states the coverage counts: the 193 UN Member States (observer States have no regional group). */
const countedStates = memberStates.filter((s) => s.status === 'member');

function groupCoverage(states: StateCoverage[], since: string): GroupCoverage[] {
  const inContact = (s: StateCoverage) => s.lastContact !== null && s.lastContact >= since;
  const totalInContact = states.filter(inContact).length;
  return regionalGroups.map((regionalGroup) => {
    const mine = states.filter((s) => s.regionalGroup === regionalGroup);
    const contacted = mine.filter(inContact).length;
    const shareOfStates = mine.length / states.length;
    const shareInContact = totalInContact > 0 ? contacted / totalInContact : 0;
    return {
      regionalGroup,
      memberStates: mine.length,
      withMembers: mine.filter((s) => s.members > 0).length,
      inContact: contacted,
      shareInContact,
      shareOfStates,
      underRepresented: totalInContact > 0 && shareInContact < shareOfStates * underRepresentedRatio,
    };
  });
}

/**
 * The coverage of the member states as of today: each one's members and last contact, the gaps (members but no
 * contact in `months`), those without members, and each regional group's share of the member states in contact
 * against its share of the 193. With `regionalGroup`, the states and lists are that group's; the groups' table
 * always compares all five.
 */
export async function engagementCoverage(deps: EngagementDeps, options: { months: number; regionalGroup?: RegionalGroup | null }): Promise<Coverage> {
  const network = await requireNetwork(deps);
  const now = deps.clock.now();
  const today = now.toISOString().slice(0, 10);
  const since = monthsBefore(today, options.months);
  const codes = countedStates.map((s) => s.code);
  const [stats, contacts] = await Promise.all([networkStats(deps.db, network.id, now), repo.stateContacts(deps.db, network.id, codes, today, since)]);
  const contactOf = new Map(contacts.map((c) => [c.code, c]));
  const all: StateCoverage[] = countedStates.map((s) => {
    const contact = contactOf.get(s.code);
    const lastContact = lastContactOf(contact, today);
    return {
      code: s.code,
      regionalGroup: s.regionalGroup,
      members: stats.byMemberState[s.code] ?? 0,
      lastContact,
      contactClass: contactClassOf(lastContact, today),
      engagementsInPeriod: contact?.recent ?? 0,
    };
  });
  const group = options.regionalGroup ?? null;
  const states = group ? all.filter((s) => s.regionalGroup === group) : all;
  const gaps = states
    .filter((s) => s.members > 0 && (s.lastContact === null || s.lastContact < since))
    // Never met first, then the longest since the last contact; more members first within the same day.
    .sort((a, b) => (a.lastContact ?? '').localeCompare(b.lastContact ?? '') || b.members - a.members || a.code.localeCompare(b.code));
  return {
    today,
    since,
    months: options.months,
    regionalGroup: group,
    states,
    gaps,
    withoutMembers: states.filter((s) => s.members === 0),
    groups: groupCoverage(all, since),
  };
}
