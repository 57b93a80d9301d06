import type { Generated, Selectable } from 'kysely';

/**
 * An update: a dated news item of the network, with one version per locale (update_versions). A published
 * update is public from `publish_at` (a time still to come: scheduled); `pinned` (1) shows it on the home page.
 */
export interface UpdateTable {
  id: Generated<number>;
  network_id: number;
  status: 'draft' | 'published';
  publish_at: string | null;
  pinned: number;
  source_locale: string;
  created_by: string;
  created_at: string;
  updated_at: string;
}

/** An update in one locale; the slug is unique within the locale. */
export interface UpdateVersionTable {
  update_id: number;
  locale: string;
  slug: string;
  title: string;
  summary: string;
  body: string;
  search_text: string;
  updated_at: string;
}

/** The whole update as one save left it (`state`: JSON of `UpdateState`), with who saved it and when. */
export interface UpdateRevisionTable {
  id: Generated<number>;
  update_id: number;
  at: string;
  actor_label: string;
  state: string;
}

export type UpdateRow = Selectable<UpdateTable>;
export type UpdateVersionRow = Selectable<UpdateVersionTable>;
export type UpdateRevisionRow = Selectable<UpdateRevisionTable>;
