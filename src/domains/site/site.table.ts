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
}

/** A dated point on the process timeline; `precision` says how much of `date` is meaningful. */
export interface MilestoneTable {
  id: Generated<number>;
  network_id: number;
  date: string;
  end_date: string | null;
  precision: 'day' | 'month' | 'year';
  title: string;
  body: string;
  created_at: string;
}

export type NetworkRow = Selectable<NetworkTable>;
export type MilestoneRow = Selectable<MilestoneTable>;
