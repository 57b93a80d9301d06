import type { Generated, Selectable } from 'kysely';

export const eventKinds = ['webinar', 'briefing', 'meeting'] as const;
export type EventKind = (typeof eventKinds)[number];

/** draft (staff only), published (open per its visibility), cancelled, held (it took place). */
export const eventStatuses = ['draft', 'published', 'cancelled', 'held'] as const;
export type EventStatus = (typeof eventStatuses)[number];

/** public: listed, anyone registers; members: a member's signed link; invite_only: invited members only. */
export const eventVisibilities = ['public', 'members', 'invite_only'] as const;
export type EventVisibility = (typeof eventVisibilities)[number];

export const registrationStatuses = ['confirmed', 'waitlisted', 'pending_approval', 'cancelled'] as const;
export type RegistrationStatus = (typeof registrationStatuses)[number];

/**
 * A webinar, briefing or meeting members register for. Instants are ISO UTC text; `time_zone` is the zone it is
 * planned in. `title`/`description` are JSON by locale; `interpretation` a JSON array of locales; `capacity`
 * null is unlimited; `sequence` the calendar SEQUENCE (grows when the time or place moves, or on cancellation).
 */
export interface EventTable {
  id: Generated<number>;
  network_id: number;
  kind: EventKind;
  title: string;
  description: string;
  starts_at: string;
  ends_at: string;
  time_zone: string;
  venue: string;
  online_url: string;
  capacity: number | null;
  registration_opens_at: string | null;
  registration_closes_at: string | null;
  interpretation: string;
  status: EventStatus;
  visibility: EventVisibility;
  approval: Generated<number>;
  sequence: Generated<number>;
  reminder_offsets: Generated<string>;
  registrations_at: string | null;
  /** JSON array of {label, url}: the recording, the slides (links until the resource library holds files). */
  materials: Generated<string>;
  /** JSON {attended: {locale: text}, noShow: {locale: text}}: the follow-ups after the event. */
  follow_up: Generated<string>;
  follow_up_sent_at: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
}

/** A person's place at an event; `attended` null until attendance is known. */
export interface EventRegistrationTable {
  id: Generated<number>;
  event_id: number;
  member_id: number | null;
  email_display: string;
  email_key: string;
  name: string;
  member_state: string | null;
  regional_group: string | null;
  organisation: string;
  locale: string;
  time_zone: string | null;
  status: RegistrationStatus;
  placed_at: string;
  cancelled_at: string | null;
  attended: number | null;
  attended_minutes: number | null;
  checked_in_at: string | null;
  /** Set when staff declined a registration awaiting approval (its status is then cancelled). */
  declined_at: string | null;
  /** The staff account (or token) that approved or declined it. */
  decided_by: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
}

/** A member invited to an invite-only event. */
export interface EventInvitationTable {
  event_id: number;
  member_id: number;
  invited_by: string;
  invited_at: string;
}

/** A reminder already sent (claimed) for a registration, an offset and the start it was for. */
export interface EventReminderTable {
  registration_id: number;
  offset_minutes: number;
  starts_at: string;
  sent_at: string;
}

export const attendancePlatforms = ['zoom', 'webex', 'teams'] as const;
export type AttendancePlatform = (typeof attendancePlatforms)[number];

/** One imported attendance report and what came of it. */
export interface EventAttendanceImportTable {
  id: Generated<number>;
  event_id: number;
  platform: AttendancePlatform;
  file_name: string;
  rows: number;
  matched: number;
  unmatched: number;
  imported_by: string;
  imported_at: string;
}

/** open: waits for staff; matched: staff named its registrant; dismissed: nobody of ours. */
export type UnmatchedStatus = 'open' | 'matched' | 'dismissed';

/** A participant of an attendance report that matched no registrant. */
export interface EventAttendanceUnmatchedTable {
  id: Generated<number>;
  import_id: number;
  event_id: number;
  name: string;
  email_display: string;
  email_key: string | null;
  minutes: number | null;
  status: UnmatchedStatus;
  registration_id: number | null;
  resolved_by: string | null;
  resolved_at: string | null;
}

/** A follow-up already sent (claimed) to a registration after the event. */
export interface EventFollowUpTable {
  registration_id: number;
  kind: 'attended' | 'no_show';
  sent_at: string;
}

export type EventRow = Selectable<EventTable>;
export type EventAttendanceUnmatchedRow = Selectable<EventAttendanceUnmatchedTable>;
export type EventAttendanceImportRow = Selectable<EventAttendanceImportTable>;
export type EventRegistrationRow = Selectable<EventRegistrationTable>;
