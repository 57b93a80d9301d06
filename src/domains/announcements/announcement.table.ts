import type { Generated, Selectable } from 'kysely';

export const announcementStatuses = ['draft', 'scheduled', 'sending', 'paused', 'sent', 'cancelled'] as const;
export type AnnouncementStatus = (typeof announcementStatuses)[number];

/**
 * A message from staff to members. `variants` is JSON `{ "fr": { "subject", "markdown" }, … }`: each member
 * receives their language's variant, or the default (`subject`/`markdown`, in `default_locale`).
 * `audience` is JSON member filters (a saved segment), or null for every subscribed member.
 * `in_archive` (1 or 0): whether, once sent, it is in the public archive and its Atom feed — on by
 * default for the whole network, off for a segment unless staff choose it.
 */
export interface AnnouncementTable {
  id: Generated<number>;
  network_id: number;
  subject: string;
  markdown: string;
  default_locale: string;
  variants: string;
  audience: string | null;
  in_archive: number;
  status: AnnouncementStatus;
  scheduled_at: string | null;
  total: number;
  created_by: string;
  created_at: string;
  updated_at: string;
  started_at: string | null;
  finished_at: string | null;
  /** When its deliveries were summed into `announcement_reach` (the send had finished); null until then. */
  reach_at: string | null;
}

export type AnnouncementRow = Selectable<AnnouncementTable>;
