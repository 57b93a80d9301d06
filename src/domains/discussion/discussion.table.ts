import type { Generated, Selectable } from 'kysely';

/**
 * Who may post and how: members post freely (`open`), a member's posts are held until a moderator lets them post
 * freely (`moderate_new`), every post is held (`moderated`), or the list takes no posts (`announce_only`).
 */
export const postingPolicies = ['open', 'moderate_new', 'moderated', 'announce_only'] as const;
export type PostingPolicy = (typeof postingPolicies)[number];

/** What becomes of a post from someone who is not a subscribed member: held for moderators, or refused with a reply. */
export const nonMemberActions = ['hold', 'reject'] as const;
export type NonMemberAction = (typeof nonMemberActions)[number];

/** A post's life: shown to members (`published`), waiting for a moderator (`held`), or refused in one of three ways. */
export const postStatuses = ['published', 'held', 'rejected', 'discarded', 'expired'] as const;
export type PostStatus = (typeof postStatuses)[number];

/** Why a post waits for a moderator. */
export const holdReasons = ['non_member', 'not_subscribed', 'first_post', 'moderated', 'dmarc_fail'] as const;
export type HoldReason = (typeof holdReasons)[number];

/** How a member receives posts: each one, a daily or weekly digest, or none. */
export const postDeliveries = ['each', 'daily', 'weekly', 'none'] as const;
export type PostDelivery = (typeof postDeliveries)[number];
/** The deliveries members and staff choose from (all of them: digests are sent by the `discussion.digest` job). */
export const availableDeliveries = postDeliveries;

/** Who reads the web archive: anyone, subscribed members through their signed link (and staff), or staff only. */
export const archiveVisibilities = ['public', 'members', 'private'] as const;
export type ArchiveVisibility = (typeof archiveVisibilities)[number];

/** Where a post came from: `plenary mx`, or an imported mbox (archive only: never redistributed or digested). */
export type PostOrigin = 'mx' | 'import';

/** One attachment of a post as the archive lists it; `type` is the MIME type read from its bytes, null when it is not offered. */
export interface PostAttachment {
  name: string;
  declaredType: string;
  size: number;
  type: string | null;
}

export const fromRewrites = ['dmarc', 'always'] as const;
export type FromRewrite = (typeof fromRewrites)[number];

/** The network's choices for its discussion list; a network without a row has the configuration's defaults. */
export interface DiscussionSettingsTable {
  network_id: number;
  policy: PostingPolicy;
  non_members: NonMemberAction;
  /** Days a held post waits before it expires (the sender is told). */
  hold_days: number;
  /** How members who have not chosen receive posts. */
  default_delivery: Generated<PostDelivery>;
  /** Put before the subject of redistributed posts ("[WSIS+20]"), never twice; empty: none. */
  subject_prefix: Generated<string>;
  /** When From becomes "Name via Network" <list address>: `dmarc` (the author's domain says quarantine or reject) or `always`. */
  rewrite_from: Generated<FromRewrite>;
  archive_visibility: Generated<ArchiveVisibility>;
  updated_at: string;
}

/** Posts linked by their reply headers (In-Reply-To, References); the subject is the first post's, without "Re:". */
export interface DiscussionThreadTable {
  id: Generated<number>;
  network_id: number;
  subject: string;
  started_at: string;
  last_post_at: string;
  post_count: number;
}

/** A message by a member (or someone else) to the discussion list, as received, with what was decided about it. */
export interface DiscussionPostTable {
  id: Generated<number>;
  network_id: number;
  /** Set once the post is published: held posts belong to no thread. */
  thread_id: number | null;
  /** Without angle brackets; synthesised from the message's bytes when it had none. */
  message_id: string;
  in_reply_to: string | null;
  /** Message-IDs of the References header, space-separated, oldest first. */
  reference_ids: string;
  member_id: number | null;
  /** The From address in display form (as written when the address module refuses it). */
  from_address: string;
  /** The address module's dedupe key of the From address, null when it is no valid address. */
  from_key: string | null;
  from_name: string;
  /** The SMTP envelope sender ('' for the null sender). */
  mail_from: string;
  subject: string;
  /** The Date header (received_at when it had none or a wrong one). */
  sent_at: string;
  received_at: string;
  body_text: string;
  has_html: number;
  size_bytes: number;
  /** The message as received, base64 (one type on both dialects; its bytes may be in any charset). */
  raw: string;
  status: PostStatus;
  hold_reason: HoldReason | null;
  /** JSON `AuthSummary`: the DKIM, SPF and DMARC results mailauth gave, and its Authentication-Results. */
  auth: string;
  /** The p= of the author's domain's DMARC record (none, quarantine, reject), when it has one. */
  dmarc_policy: string | null;
  expires_at: string | null;
  decided_at: string | null;
  /** The staff account (label) who decided, or 'mail system' for an expiry. */
  decided_by: string | null;
  /** The moderator's reason for a rejection, as sent to the author. */
  decision_note: string | null;
  origin: Generated<PostOrigin>;
  /** Set when staff took the post out of the web archive (it stays in the database and the audit log). */
  archive_removed_at: Generated<string | null>;
  archive_removed_by: Generated<string | null>;
  /** Subject, author's name and text folded as the site's search folds (members' `searchable`). */
  search_text: Generated<string>;
  /** JSON `PostAttachment[]`, in the order the message carries them. */
  attachments: Generated<string>;
}

/** A member's standing on the list; absent: they post as the policy says. */
export interface DiscussionMemberTable {
  member_id: number;
  /** 1 once a moderator let them post freely under `moderate_new`. */
  posts_freely: number;
  /** Their choice of how posts reach them; null: the network's default. */
  delivery: PostDelivery | null;
  updated_at: string;
}

/** One redistributed post to one member: the list's outbox. */
export interface DiscussionDeliveryTable {
  id: Generated<number>;
  post_id: number;
  member_id: number;
  state: 'queued' | 'sending' | 'sent' | 'deferred' | 'failed' | 'cancelled';
  attempts: number;
  next_attempt_at: string;
  locked_by: string | null;
  locked_until: string | null;
  last_reply: string | null;
  created_at: string;
  updated_at: string;
  sent_at: string | null;
}

/** A digest for one member and one period, recorded before it is sent. */
export interface DiscussionDigestTable {
  id: Generated<number>;
  member_id: number;
  period: 'daily' | 'weekly';
  period_start: string;
  posts: number;
  created_at: string;
  sent_at: string | null;
}

export type DiscussionSettingsRow = Selectable<DiscussionSettingsTable>;
export type DiscussionThreadRow = Selectable<DiscussionThreadTable>;
export type DiscussionPostRow = Selectable<DiscussionPostTable>;
