import { geographyOf } from '../members/member-geography.ts';
import { type RegionalGroup, regionalGroups, memberStates as unStates } from '../members/member-states.data.ts';

/**
 * The evenness index: how closely the network's member states are spread over the five regional groups
 * compared with the United Nations itself. For each group g, p(g) is its share of the network's member states
 * (UN Member States with at least one subscribed member) and q(g) its share of the 193 UN Member States
 * (54, 54, 23, 33, 29). The index is 1 − TVD(p, q), TVD = ½ Σ |p(g) − q(g)| the total variation distance:
 * 1 when the network's member states mirror the UN's composition exactly, 0 when they are all in groups the
 * UN barely has (it cannot reach 0 in practice), and 0 for a network with no member state at all.
 * Observer states and territories are in no group and not counted.
 */
export interface EvennessIndex {
  /** 1 − total variation distance, 0..1, rounded to 3 decimals. */
  index: number;
  /** The network's member states: in total and per group. */
  memberStates: number;
  byRegionalGroup: Record<RegionalGroup, EvennessGroup>;
}

export interface EvennessGroup {
  /** Member states of the group with members. */
  memberStates: number;
  /** UN Member States in the group. */
  unMemberStates: number;
  /** p(g): the group's share of the network's member states (0..1, 4 decimals). */
  share: number;
  /** q(g): the group's share of the 193 UN Member States (0..1, 4 decimals). */
  unShare: number;
}

/** UN Member States per regional group, from the data file (193 in all). */
export const unMemberStatesByGroup: Readonly<Record<RegionalGroup, number>> = (() => {
  const counts = Object.fromEntries(regionalGroups.map((g) => [g, 0])) as Record<RegionalGroup, number>;
  for (const state of unStates) if (state.status === 'member' && state.regionalGroup) counts[state.regionalGroup] += 1;
  return counts;
})();

const unTotal = Object.values(unMemberStatesByGroup).reduce((sum, n) => sum + n, 0);

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** The index for a count of member states per regional group. */
export function evennessIndexOf(statesByGroup: Record<RegionalGroup, number>): EvennessIndex {
  const total = regionalGroups.reduce((sum, g) => sum + statesByGroup[g], 0);
  let distance = 0;
  const byRegionalGroup = {} as Record<RegionalGroup, EvennessGroup>;
  for (const g of regionalGroups) {
    const p = total > 0 ? statesByGroup[g] / total : 0;
    const q = unMemberStatesByGroup[g] / unTotal;
    distance += Math.abs(p - q) / 2;
    byRegionalGroup[g] = { memberStates: statesByGroup[g], unMemberStates: unMemberStatesByGroup[g], share: round(p, 4), unShare: round(q, 4) };
  }
  return { index: total > 0 ? round(1 - distance, 3) : 0, memberStates: total, byRegionalGroup };
}

/** The index for member-state codes with members (others than UN Member States are left out). */
export function evennessIndexOfStates(codes: Iterable<string>): EvennessIndex {
  const counts = Object.fromEntries(regionalGroups.map((g) => [g, 0])) as Record<RegionalGroup, number>;
  for (const code of codes) {
    const geography = geographyOf(code);
    if (geography?.unStatus === 'member' && geography.regionalGroup) counts[geography.regionalGroup] += 1;
  }
  return evennessIndexOf(counts);
}
