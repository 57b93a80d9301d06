import type { Generated, Selectable } from 'kysely';

/** `previewing`: the dry-run job is reading the file; `previewed`: its report (or the problem it found) is ready. */
export const memberImportStatuses = ['previewing', 'previewed', 'queued', 'running', 'done', 'failed'] as const;
export type MemberImportStatus = (typeof memberImportStatuses)[number];

/**
 * A CSV upload from the admin area: kept in the database (not on one instance's disk) so the preview,
 * the column mapping and the import job can happen in different requests and processes.
 */
export interface MemberImportTable {
  id: Generated<number>;
  network_id: number;
  created_at: string;
  created_by: string;
  filename: string;
  content: string;
  status: MemberImportStatus;
  /** JSON: { status, basis, columnMap }. */
  options: string;
  /** JSON ImportReport of the last preview or of the import. */
  report: string | null;
  rows_done: number;
  error: string | null;
  updated_at: string;
}

export type MemberImportRow = Selectable<MemberImportTable>;
