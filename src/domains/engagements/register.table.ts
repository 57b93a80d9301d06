import type { Generated, Selectable } from 'kysely';

export const registerKinds = ['risk', 'opportunity'] as const;
export type RegisterKind = (typeof registerKinds)[number];

export const trends = ['rising', 'steady', 'falling'] as const;
export type Trend = (typeof trends)[number];

/** The register's scales run from 1 (low) to 5 (high). */
export const scaleMax = 5;

/**
 * A risk or an opportunity under a topic. `statement` is JSON by locale (`{"en": "…", "fr": "…"}`). A risk has a
 * likelihood and an impact; an opportunity keeps its readiness in `likelihood` and its potential in `impact`.
 */
export interface RegisterItemTable {
  id: Generated<number>;
  network_id: number;
  topic_id: number;
  kind: RegisterKind;
  statement: string;
  likelihood: number;
  impact: number;
  trend: Trend;
  owner_staff_id: number | null;
  actions: string;
  created_at: string;
  updated_at: string;
}

/** One change of an item: who, when, why, what changed (`{"field": {"from", "to"}}`) and the item as it then stood. */
export interface RegisterItemChangeTable {
  id: Generated<number>;
  item_id: number;
  at: string;
  actor_label: string;
  reason: string;
  changes: string;
  state: string;
}

/** An engagement that addresses an item. */
export interface RegisterItemEngagementTable {
  item_id: number;
  engagement_id: number;
}

export type RegisterItemRow = Selectable<RegisterItemTable>;
export type RegisterItemChangeRow = Selectable<RegisterItemChangeTable>;
