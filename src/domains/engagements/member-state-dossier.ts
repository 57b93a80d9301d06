import { AppError } from '../../errors/app-error.ts';
import { type MemberStatus, memberStatuses, stakeholderGroups } from '../members/member.table.ts';
import { geographyOf, isUnMemberOrObserver } from '../members/member-geography.ts';
import type { RegionalGroup } from '../members/member-states.data.ts';
import { noneKey } from '../members/member-stats.ts';
import { requireNetwork } from '../site/site.service.ts';
import * as repo from './engagement.repository.ts';
import { type EngagementDeps, type EngagementReader, type EngagementView, engagementViews, engagementViewsWithoutNotes } from './engagement.service.ts';
import type { EngagementRow } from './engagement.table.ts';

/** How many of a member state's engagements a dossier lists, newest first. */
export const dossierTimelineLength = 200;
/** How many events its people registered for a dossier lists, the latest first. */
export const dossierEventsLength = 20;
/** How many sent announcements a dossier lists, the latest first. */
export const dossierAnnouncementsLength = 10;

export interface DossierMembers {
  /** Members from the member state, whatever their status (erased ones are not counted). */
  total: number;
  byStatus: Record<MemberStatus, number>;
  /** By stakeholder group (`none`: not said), all statuses. */
  byStakeholderGroup: Record<string, number>;
  /** Stakeholder group × status, for the dossier's table. */
  byStakeholderGroupAndStatus: Record<string, Record<MemberStatus, number>>;
}

/** Everything Plenary knows about one member state. */
export interface MemberStateDossier {
  memberState: string;
  regionalGroup: RegionalGroup | null;
  members: DossierMembers;
  engagements: EngagementView[];
  openFollowUps: Awaited<ReturnType<typeof repo.openFollowUpsOfMemberState>>;
  /** The last day the team was in contact (an engagement done or under way), or null when never. */
  lastContact: string | null;
  /** The latest events its people registered for (confirmed) or attended, with how many of them did each. */
  events: Awaited<ReturnType<typeof repo.eventsOfMemberState>>;
  /**
   * The latest sent announcements, each with how many deliveries reached members of the member state's regional
   * group (the summed reach: per member state it would read every delivery); null while a send is not summed yet
   * or the member state is in no regional group.
   */
  announcements: Awaited<ReturnType<typeof repo.announcementsReachingGroup>>;
}

const zeroStatuses = (): Record<MemberStatus, number> => Object.fromEntries(memberStatuses.map((s) => [s, 0])) as Record<MemberStatus, number>;

function countMembers(rows: Awaited<ReturnType<typeof repo.memberCounts>>): DossierMembers {
  const members: DossierMembers = {
    total: 0,
    byStatus: zeroStatuses(),
    byStakeholderGroup: Object.fromEntries([...stakeholderGroups, noneKey].map((g) => [g, 0])),
    byStakeholderGroupAndStatus: Object.fromEntries([...stakeholderGroups, noneKey].map((g) => [g, zeroStatuses()])),
  };
  for (const r of rows) {
    const group = r.stakeholderGroup ?? noneKey;
    const status = r.status as MemberStatus;
    members.total += r.n;
    members.byStatus[status] += r.n;
    members.byStakeholderGroup[group] = (members.byStakeholderGroup[group] ?? 0) + r.n;
    const cell = members.byStakeholderGroupAndStatus[group] ?? zeroStatuses();
    cell[status] += r.n;
    members.byStakeholderGroupAndStatus[group] = cell;
  }
  return members;
}

/**
 * The day an engagement last put the team in contact, as of `today`: none for a planned or cancelled one or one
 * not yet begun; otherwise its last day, or today while it runs on (ongoing, or its end still ahead).
 */
export function contactDay(row: EngagementRow, today: string): string | null {
  if (row.status === 'planned' || row.status === 'cancelled' || row.start_date > today) return null;
  const end = row.end_date ?? (row.ongoing === 1 ? today : row.start_date);
  return end < today ? end : today;
}

/** The last contact day a member state's contacts give as of `today` (today while an engagement runs on), or null. */
export function lastContactOf(contact: repo.StateContact | undefined, today: string): string | null {
  if (!contact) return null;
  return contact.current ? today : contact.past;
}

/** The code of a dossier's member state (a UN Member or observer State, any case), or `not_found`. */
export function dossierCode(code: string): string {
  const upper = code.toUpperCase();
  if (!/^[A-Z]{2}$/.test(upper) || !isUnMemberOrObserver(upper)) throw new AppError('not_found');
  return upper;
}

/**
 * The dossier of a member state, as the reader may see it: with `notes`, each engagement's notes (restricted ones only
 * with the right, and audited); without, none (the admin page's timeline links to each engagement instead).
 */
export async function memberStateDossier(
  deps: EngagementDeps,
  reader: EngagementReader,
  code: string,
  options: { notes: boolean } = { notes: true },
): Promise<MemberStateDossier> {
  const memberState = dossierCode(code);
  const network = await requireNetwork(deps);
  const today = deps.clock.now().toISOString().slice(0, 10);
  const regionalGroup = geographyOf(memberState)?.regionalGroup ?? null;
  const [counts, rows, openFollowUps, [contact], events, announcements] = await Promise.all([
    repo.memberCounts(deps.db, network.id, memberState),
    repo.listMemberStateEngagements(deps.db, network.id, memberState, dossierTimelineLength),
    repo.openFollowUpsOfMemberState(deps.db, network.id, memberState),
    repo.stateContacts(deps.db, network.id, [memberState], today, today),
    repo.eventsOfMemberState(deps.db, network.id, memberState, dossierEventsLength),
    repo.announcementsReachingGroup(deps.db, network.id, regionalGroup ?? '', dossierAnnouncementsLength),
  ]);
  return {
    memberState,
    regionalGroup,
    members: countMembers(counts),
    engagements: options.notes ? await engagementViews(deps, reader, rows) : await engagementViewsWithoutNotes(deps, rows),
    openFollowUps,
    // Over every engagement, not only the timeline's last 200.
    lastContact: lastContactOf(contact, today),
    events,
    announcements: regionalGroup ? announcements : announcements.map((a) => ({ ...a, delivered: null })),
  };
}
