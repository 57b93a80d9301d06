import type { Generated, Selectable } from 'kysely';

export const engagementKinds = [
  'event_attended',
  'speaking_slot',
  'bilateral_meeting',
  'regional_engagement',
  'diplomat_briefing',
  'submission',
  'consultation',
  'other',
] as const;
export type EngagementKind = (typeof engagementKinds)[number];

export const engagementStatuses = ['planned', 'ongoing', 'done', 'cancelled'] as const;
export type EngagementStatus = (typeof engagementStatuses)[number];

/** Who may read an engagement beyond staff: nobody (internal, the default), the Board, or the public site. */
export const confidentialities = ['internal', 'board', 'public'] as const;
export type Confidentiality = (typeof confidentialities)[number];

export const submissionStatuses = ['drafting', 'in_review', 'submitted', 'published'] as const;
export type SubmissionStatus = (typeof submissionStatuses)[number];

/**
 * Something the team did outside: an event attended, a bilateral meeting, a submission. Dates are ISO calendar
 * dates; `end_date` null is one day unless `ongoing` (1: started, no end yet). `restricted` (1) keeps `notes`
 * to the staff owner, the participants and staff owners. Submission columns are null for other kinds.
 */
export interface EngagementTable {
  id: Generated<number>;
  network_id: number;
  kind: EngagementKind;
  title: string;
  start_date: string;
  end_date: string | null;
  ongoing: number;
  place: string;
  online: number;
  status: EngagementStatus;
  confidentiality: Confidentiality;
  restricted: number;
  notes: string;
  owner_staff_id: number | null;
  external_body: string | null;
  consultation: string | null;
  deadline: string | null;
  submission_status: SubmissionStatus | null;
  resource_url: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
}

/**
 * A counterpart member state of an engagement (UN Member or observer State, alpha-2), with the engagement's network
 * and the days it put the team in contact (`contactSpan`): null for a planned or cancelled engagement, `ongoingEnd`
 * as the end of an ongoing one. Written with the engagement, never apart.
 */
export interface EngagementMemberStateTable {
  engagement_id: number;
  member_state: string;
  network_id: number | null;
  contact_from: string | null;
  contact_to: string | null;
}

/** An organisation of the editable counterpart list; `name_key` is the folded name, unique per network. */
export interface EngagementOrganisationTable {
  id: Generated<number>;
  network_id: number;
  name: string;
  name_key: string;
  created_at: string;
}

export interface EngagementCounterpartOrganisationTable {
  engagement_id: number;
  organisation_id: number;
}

/** A member of the network the engagement was with. */
export interface EngagementMemberTable {
  engagement_id: number;
  member_id: number;
}

/** A staff account that took part (besides the staff owner). */
export interface EngagementParticipantTable {
  engagement_id: number;
  staff_id: number;
}

/** A subject the team tracks; shared with the risk/opportunity register. */
export interface TopicTable {
  id: Generated<number>;
  network_id: number;
  name: string;
  name_key: string;
  created_at: string;
}

export interface EngagementTopicTable {
  engagement_id: number;
  topic_id: number;
}

/** Something to do after an engagement, by its owner, by a due date; open until `done_at`. */
export interface EngagementFollowUpTable {
  id: Generated<number>;
  engagement_id: number;
  action: string;
  /** Always set when written; null only once its owner's staff account was removed. */
  owner_staff_id: number | null;
  due_date: string | null;
  done_at: string | null;
  created_at: string;
}

export interface EngagementLinkTable {
  id: Generated<number>;
  engagement_id: number;
  url: string;
  label: string;
}

/** A file carried by an engagement (migration 0030): its bytes in the file storage, its type read from them. */
export interface EngagementFileTable {
  id: Generated<number>;
  engagement_id: number;
  file_key: string;
  file_name: string;
  file_type: string;
  file_size: number;
  uploaded_by: string;
  uploaded_at: string;
}

export type EngagementRow = Selectable<EngagementTable>;
export type EngagementFileRow = Selectable<EngagementFileTable>;
export type EngagementOrganisationRow = Selectable<EngagementOrganisationTable>;
export type TopicRow = Selectable<TopicTable>;
export type EngagementFollowUpRow = Selectable<EngagementFollowUpTable>;
export type EngagementLinkRow = Selectable<EngagementLinkTable>;
