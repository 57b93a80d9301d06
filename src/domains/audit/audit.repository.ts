import type { Db } from '../../db/database.ts';
import type { AuditRow } from './audit.table.ts';

export interface AuditEntry {
  actorStaffId: number | null;
  actorLabel: string;
  action: string;
  subject?: string | null;
  details?: Record<string, unknown> | null;
  ip?: string | null;
}

/** Appends one event to the audit log. */
export async function insertAuditEvent(db: Db, entry: AuditEntry, at: Date): Promise<void> {
  await db
    .insertInto('audit_events')
    .values({
      at: at.toISOString(),
      actor_staff_id: entry.actorStaffId,
      actor_label: entry.actorLabel,
      action: entry.action,
      subject: entry.subject ?? null,
      details: entry.details ? JSON.stringify(entry.details) : null,
      ip: entry.ip ?? null,
    })
    .execute();
}

/** One page of the audit log, newest first; `beforeId` pages backwards without OFFSET. */
export async function listAuditEvents(db: Db, options: { limit: number; beforeId?: number }): Promise<AuditRow[]> {
  let query = db.selectFrom('audit_events').selectAll().orderBy('id', 'desc').limit(options.limit);
  if (options.beforeId) query = query.where('id', '<', options.beforeId);
  return query.execute();
}
