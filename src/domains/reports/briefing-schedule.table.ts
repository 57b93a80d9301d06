import type { Generated, Selectable } from 'kysely';
import type { PeriodKind } from './briefing.table.ts';

/** The periods a scheduled briefing covers (two fixed dates make no sense on a schedule). */
export const schedulePeriodKinds = ['last_month', 'last_quarter', 'since_last'] as const satisfies readonly PeriodKind[];
export type SchedulePeriodKind = (typeof schedulePeriodKinds)[number];

export const scheduleStatuses = ['active', 'paused'] as const;
export type ScheduleStatus = (typeof scheduleStatuses)[number];

/**
 * A briefing schedule: `pattern` (cron, 5 or 6 fields) read in `time_zone`. `next_run_at` (UTC ISO) is when it is
 * next due and doubles as the claim the tick job moves forward; null while paused. `auto_publish` 1: the briefing
 * is published and sent at once; 0: it waits as a draft for staff to publish it.
 */
export interface BriefingScheduleTable {
  id: Generated<number>;
  network_id: number;
  pattern: string;
  time_zone: string;
  period_kind: SchedulePeriodKind;
  auto_publish: number;
  status: ScheduleStatus;
  owner_staff_id: number | null;
  next_run_at: string | null;
  last_run_at: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
}

/**
 * `queued`: its job works on it; `awaiting_publication`: the draft waits for staff; `sent`: every Board recipient's
 * email is queued; `failed`: given up after its retries, and the owner told.
 */
export const runStatuses = ['queued', 'awaiting_publication', 'sent', 'failed'] as const;
export type RunStatus = (typeof runStatuses)[number];

/** One due time of a schedule, the briefing it made and the job that works on it. */
export interface BriefingScheduleRunTable {
  id: Generated<number>;
  schedule_id: number;
  due_at: string;
  status: RunStatus;
  briefing_id: number | null;
  job_id: number | null;
  attempts: number;
  last_error: string | null;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
}

export const briefingDeliveryStates = ['queued', 'sent', 'failed'] as const;
export type BriefingDeliveryState = (typeof briefingDeliveryStates)[number];

/** One run's email to one Board recipient, in `locale`, with its state. */
export interface BriefingDeliveryTable {
  id: Generated<number>;
  run_id: number;
  recipient_id: number;
  locale: string;
  state: BriefingDeliveryState;
  attempts: number;
  message_id: string | null;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
}

/** A published briefing's file in one language (`format` 'pdf'), printed once and attached to every email. */
export interface BriefingDocumentTable {
  briefing_id: number;
  locale: string;
  format: string;
  content: Buffer;
  created_at: string;
}

export type BriefingScheduleRow = Selectable<BriefingScheduleTable>;
export type BriefingScheduleRunRow = Selectable<BriefingScheduleRunTable>;
export type BriefingDeliveryRow = Selectable<BriefingDeliveryTable>;
