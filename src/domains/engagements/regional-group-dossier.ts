import { AppError } from '../../errors/app-error.ts';
import { type RegionalGroup, regionalGroups } from '../members/member-states.data.ts';
import { requireNetwork } from '../site/site.service.ts';
import * as repo from './engagement.repository.ts';
import { type EngagementDeps, type EngagementView, engagementViewsWithoutNotes } from './engagement.service.ts';
import { engagementCoverage, type GroupCoverage, type StateCoverage } from './engagement-coverage.ts';
import { dossierAnnouncementsLength } from './member-state-dossier.ts';

/** How many of a regional group's engagements its dossier lists, newest first. */
export const groupTimelineLength = 50;
/** The period a regional group's dossier counts contact over, in months. */
export const groupDossierMonths = 12;

/** A regional group's dossier: its member states with members and last contact, its share, its latest engagements. */
export interface RegionalGroupDossier {
  regionalGroup: RegionalGroup;
  summary: GroupCoverage;
  states: StateCoverage[];
  members: number;
  engagements: EngagementView[];
  /** The latest sent announcements with the deliveries sent to the group's members (the summed reach). */
  announcements: Awaited<ReturnType<typeof repo.announcementsReachingGroup>>;
}

/** The group a dossier address names (`african`, `asia_pacific`…), or `not_found`. */
export function regionalGroupOf(text: string): RegionalGroup {
  const group = regionalGroups.find((g) => g === text);
  if (!group) throw new AppError('not_found');
  return group;
}

/** The dossier of a regional group: each member state's members and last contact, and the group's latest engagements (no notes). */
export async function regionalGroupDossier(deps: EngagementDeps, group: string): Promise<RegionalGroupDossier> {
  const regionalGroup = regionalGroupOf(group);
  const [coverage, network] = await Promise.all([engagementCoverage(deps, { months: groupDossierMonths, regionalGroup }), requireNetwork(deps)]);
  const [rows, announcements] = await Promise.all([
    repo.listEngagementsOfStates(
      deps.db,
      network.id,
      coverage.states.map((s) => s.code),
      groupTimelineLength,
    ),
    repo.announcementsReachingGroup(deps.db, network.id, regionalGroup, dossierAnnouncementsLength),
  ]);
  return {
    regionalGroup,
    summary: coverage.groups.find((g) => g.regionalGroup === regionalGroup) as GroupCoverage,
    states: coverage.states,
    members: coverage.states.reduce((sum, s) => sum + s.members, 0),
    engagements: await engagementViewsWithoutNotes(deps, rows),
    announcements,
  };
}
