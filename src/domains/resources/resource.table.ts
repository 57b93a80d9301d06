import type { Generated, Selectable } from 'kysely';

/** The kinds of the library, in the order the forms and filters list them. */
export const resourceKinds = ['submission', 'paper', 'article', 'blog_post', 'fact_sheet', 'faq', 'presentation', 'recording'] as const;
export type ResourceKind = (typeof resourceKinds)[number];

/** A draft is for staff only; a published resource is on the public site. */
export const resourceStatuses = ['draft', 'published'] as const;
export type ResourceStatus = (typeof resourceStatuses)[number];

/**
 * A document of the library. Its texts are versions, one per locale (resource_versions). `file_*` describe an
 * uploaded file (the type read from its bytes; the bytes in the file storage under `file_key`); `external_url`
 * a link elsewhere. `submitted_to` and `submitted_on` are set only for a submission.
 */
export interface ResourceTable {
  id: Generated<number>;
  network_id: number;
  kind: ResourceKind;
  status: ResourceStatus;
  source_locale: string;
  external_url: string | null;
  file_key: string | null;
  file_name: string | null;
  file_type: string | null;
  file_size: number | null;
  submitted_to: string | null;
  submitted_on: string | null;
  /** When it was first published (kept when it is unpublished and published again). */
  published_at: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
}

/** A resource in one locale; the slug is unique within the locale. */
export interface ResourceVersionTable {
  resource_id: number;
  locale: string;
  slug: string;
  title: string;
  summary: string;
  /** Markdown, rendered and sanitised on output. */
  body: string;
  /** Title, summary and body folded for search (members' `searchable`). */
  search_text: string;
  updated_at: string;
}

export interface ResourceTopicTable {
  resource_id: number;
  topic_id: number;
}

/** A milestone's link to a resource about it (a resource's related milestones). */
export interface MilestoneResourceTable {
  milestone_id: number;
  resource_id: number;
}

export type ResourceRow = Selectable<ResourceTable>;
export type ResourceVersionRow = Selectable<ResourceVersionTable>;
