import type { Generated, Selectable } from 'kysely';

export const briefingStatuses = ['draft', 'published'] as const;
export type BriefingStatus = (typeof briefingStatuses)[number];

/** How a briefing's period was chosen: the last calendar month or quarter, since the last published briefing, or two dates. */
export const periodKinds = ['last_month', 'last_quarter', 'since_last', 'custom'] as const;
export type PeriodKind = (typeof periodKinds)[number];

/** The sections of a briefing, in the order they are read; each has its figures and a narrative per locale. */
export const briefingSections = ['picture', 'growth', 'announcements', 'events', 'engagements', 'register', 'upcoming'] as const;
export type BriefingSection = (typeof briefingSections)[number];

/**
 * A briefing for the Board over a period (ISO days, inclusive). `title` is JSON { locale: text }, `narrative`
 * JSON { section: { locale: Markdown } }. A draft's figures are computed when it is read; publishing stores them
 * in `snapshot` (JSON `BriefingFigures`) and nothing of the briefing changes after.
 */
export interface BriefingTable {
  id: Generated<number>;
  network_id: number;
  period_kind: PeriodKind;
  period_from: string;
  period_to: string;
  status: BriefingStatus;
  title: string;
  narrative: string;
  snapshot: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
  published_at: string | null;
  published_by: string | null;
}

export type BriefingRow = Selectable<BriefingTable>;
