import type { Generated, Selectable } from 'kysely';

export const jobStatuses = ['queued', 'running', 'done', 'failed'] as const;
export type JobStatus = (typeof jobStatuses)[number];

/**
 * The queue. A worker leases a row by setting `locked_by` and `locked_until`; a lease that
 * passes `locked_until` without completion belongs to a dead worker and may be taken again.
 */
export interface JobTable {
  id: Generated<number>;
  lane: string;
  name: string;
  payload: string;
  status: JobStatus;
  attempts: number;
  max_attempts: number;
  run_at: string;
  locked_by: string | null;
  locked_until: string | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
}

export type JobRow = Selectable<JobTable>;
