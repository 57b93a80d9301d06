import type { Generated, Selectable } from 'kysely';
import type { RegionalGroup } from './member-states.data.ts';

export const memberStatuses = ['pending', 'subscribed', 'unsubscribed', 'bounced', 'removed'] as const;
export type MemberStatus = (typeof memberStatuses)[number];

export const stakeholderGroups = ['government', 'igo', 'private_sector', 'civil_society', 'technical_community', 'academia'] as const;
export type StakeholderGroup = (typeof stakeholderGroups)[number];

/** How consent was given: the join form's double opt-in, or a lawful basis stated by staff on import or entry. */
export const consentMethods = ['double_opt_in', 'import', 'staff'] as const;
export type ConsentMethod = (typeof consentMethods)[number];

/**
 * A person in the network. The email is kept three ways (as typed, display, ASCII) plus the
 * address module's dedupe key. Geography columns are derived from `member_state` when written,
 * so filters and the network's picture are plain indexed queries.
 */
export interface MemberTable {
  id: Generated<number>;
  network_id: number;
  email_input: string;
  email_display: string;
  email_ascii: string | null;
  email_key: string;
  name: string;
  member_state: string | null;
  un_status: 'member' | 'observer' | 'non_member' | null;
  regional_group: RegionalGroup | null;
  m49_region: string | null;
  m49_subregion: string | null;
  stakeholder_group: StakeholderGroup | null;
  organisation: string;
  job_title: string;
  language: string;
  source: string | null;
  consent_version: string | null;
  consent_at: string | null;
  consent_method: ConsentMethod | null;
  consent_basis: string | null;
  status: MemberStatus;
  status_at: string;
  /** Lower-cased name, email and organisation, for search in any script. */
  search_text: string;
  created_at: string;
  updated_at: string;
  erased_at: string | null;
}

/** One change in a member's life: status changes, edits, emails sent, with who did it. */
export interface MemberEventTable {
  id: Generated<number>;
  member_id: number;
  at: string;
  kind: string;
  from_status: MemberStatus | null;
  to_status: MemberStatus | null;
  actor_label: string;
  details: string | null;
}

/** Why a member's change waits for their confirmation by email. */
export const confirmationReasons = ['rejoin', 'address', 'resubscribe'] as const;
export type ConfirmationReason = (typeof confirmationReasons)[number];

/**
 * A change that takes effect only when the member confirms by email: fields a public join gave for a lapsed
 * member, a new address staff entered, or a re-subscription staff asked for. One per member.
 */
export interface MemberConfirmationTable {
  id: Generated<number>;
  member_id: number;
  reason: ConfirmationReason;
  /** JSON: the member columns to write when confirmed (a rejoin's fields), or null. */
  changes: string | null;
  requested_by: string;
  created_at: string;
}

/** The last join email (confirmation or "already a member") to one address, to send at most one per window. */
export interface JoinMailSendTable {
  /** HMAC of the address's canonical ASCII form: the table never holds an address. */
  address_key: string;
  sent_at: string;
}

/** A tagged link (QR code on a slide) that staff created; members carry the tag as their source. */
export interface SourceTable {
  id: Generated<number>;
  network_id: number;
  tag: string;
  label: string;
  created_at: string;
  created_by: string;
}

export type MemberRow = Selectable<MemberTable>;
export type MemberEventRow = Selectable<MemberEventTable>;
export type SourceRow = Selectable<SourceTable>;
export type MemberConfirmationRow = Selectable<MemberConfirmationTable>;
