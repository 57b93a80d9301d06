/**
 * The network slide the team shows: members and UN Member States now, and a sentence about their spread that the
 * evenness index allows. The wording is a rule, not a choice: "distributed evenly" is said only when it is true.
 */
import type { Db } from '../../db/database.ts';
import type { Translator } from '../../i18n/i18n.ts';
import { countBySource, listSources } from '../members/member.repository.ts';
import { regionalGroups } from '../members/member-states.data.ts';
import { subscribedNow } from './analytics.repository.ts';
import { type EvennessIndex, evennessIndexOfStates } from './evenness-index.ts';

/** From this evenness index up, with every regional group present, the slide says "distributed evenly". */
export const evenWordingThreshold = 0.85;
/** From this index up, with every regional group present, it says "across all five regional groups". */
export const allGroupsWordingThreshold = 0.6;

/**
 * Which sentence the slide may say: `even` (index ≥ 0.85, all five groups), `all_groups` (index ≥ 0.6, all five
 * groups), `plain` (members and member states, no claim about their spread), `members_only` (members, none in a
 * UN Member State) and `empty` (no member yet).
 */
export const slideWordings = ['even', 'all_groups', 'plain', 'members_only', 'empty'] as const;
export type SlideWording = (typeof slideWordings)[number];

/** The sentence the figures allow (thresholds above; a group without a member state rules out both claims). */
export function slideWording(members: number, evenness: EvennessIndex): SlideWording {
  if (members === 0) return 'empty';
  if (evenness.memberStates === 0) return 'members_only';
  const everyGroup = regionalGroups.every((g) => evenness.byRegionalGroup[g].memberStates > 0);
  if (everyGroup && evenness.index >= evenWordingThreshold) return 'even';
  if (everyGroup && evenness.index >= allGroupsWordingThreshold) return 'all_groups';
  return 'plain';
}

/** The slide's figures now. */
export interface NetworkSlideFigures {
  /** Subscribed members. */
  members: number;
  /** UN Member States with at least one subscribed member. */
  memberStates: number;
  evenness: EvennessIndex;
  wording: SlideWording;
}

/** Members, member states and the wording, from the tallies (one indexed read, whatever the network's size). */
export async function networkSlideFigures(deps: { db: Db }, networkId: number): Promise<NetworkSlideFigures> {
  const byState = await subscribedNow(deps.db, networkId, 'member_state');
  let members = 0;
  for (const n of byState.values()) members += n;
  const evenness = evennessIndexOfStates([...byState.keys()].filter((code) => code !== ''));
  return { members, memberStates: evenness.memberStates, evenness, wording: slideWording(members, evenness) };
}

/** The slide's sentence in the translator's language ("451 members from 78 UN Member States, distributed evenly…"). */
export function slideSentence(t: Translator, figures: Pick<NetworkSlideFigures, 'members' | 'memberStates' | 'wording'>, networkName: string): string {
  const values = { members: figures.members, states: figures.memberStates, network: networkName };
  return t(`reports.slide.sentence.${figures.wording}`, values);
}

/** A source the slide's QR code may carry: its tag and the label staff gave it (or ''). */
export interface SlideSource {
  tag: string;
  label: string;
}

/** The sources to choose from: the tagged links staff created, then tags members carry, each once. */
export async function slideSources(deps: { db: Db }, networkId: number): Promise<SlideSource[]> {
  const [created, counts] = await Promise.all([listSources(deps.db, networkId), countBySource(deps.db, networkId)]);
  const sources: SlideSource[] = created.map((s) => ({ tag: s.tag, label: s.label }));
  const known = new Set(sources.map((s) => s.tag));
  const carried = [...counts.keys()].filter((tag): tag is string => tag !== null && !known.has(tag)).sort();
  return [...sources, ...carried.map((tag) => ({ tag, label: '' }))];
}
