import type { Generated, Selectable } from 'kysely';

/** A network's public identity. Translated texts are JSON objects keyed by locale. */
export interface NetworkTable {
  id: Generated<number>;
  slug: string;
  name: string;
  purpose: string;
  join_call: string;
  default_locale: string;
  created_at: string;
  /** The display name of the network's mail ("WSIS+20 Outreach"); empty: the name in the default language. */
  sender_name: Generated<string>;
  /** Where the public may write to the team (display form of the address); empty: none shown. */
  contact_email: Generated<string>;
  /** The join form's consent sentence per locale; a locale without one uses the network's default language, then the catalog's. */
  consent_text: Generated<string>;
  /** The privacy notice per locale, in Markdown. */
  privacy_notice: Generated<string>;
  /** Which optional join-form fields are shown or required: `{ "organisation": "required", … }`. */
  join_fields: Generated<string>;
  /** 1 when the public home page shows the network's picture (counts by member state, group, language). */
  home_shows_picture: Generated<number>;
  /** When the consent text last changed (null: never, the catalog's text). */
  consent_text_at: string | null;
}

/** The network's logo: checked image bytes (PNG, JPEG or WebP), base64. */
export interface NetworkLogoTable {
  network_id: number;
  content_type: string;
  data: string;
  sha256: string;
  updated_at: string;
}

/**
 * A dated point on the process timeline; `precision` says how much of `date` is meaningful (a month's or a
 * year's milestone is stored on its first day). Title and body are JSON objects keyed by locale.
 */
export interface MilestoneTable {
  id: Generated<number>;
  network_id: number;
  date: string;
  end_date: string | null;
  precision: 'day' | 'month' | 'year';
  title: string;
  body: string;
  created_at: string;
  /** Staff's order of the timeline (0 for every row until staff first add, move or redate one). */
  position: Generated<number>;
  updated_at: string | null;
}

export type NetworkRow = Selectable<NetworkTable>;
export type MilestoneRow = Selectable<MilestoneTable>;
export type NetworkLogoRow = Selectable<NetworkLogoTable>;
