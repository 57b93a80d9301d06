import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { containsAny, literalLike } from '../../db/text-match.ts';
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

/** What staff narrow the log to: an actor (part of its label), an action (exact, or a prefix ending in "."), UTC dates. */
export interface AuditFilters {
  actor?: string;
  action?: string;
  /** First day included, YYYY-MM-DD (UTC). */
  from?: string;
  /** Last day included, YYYY-MM-DD (UTC). */
  to?: string;
}

/** The day after a YYYY-MM-DD date, as the ISO instant at its midnight (UTC). */
function dayAfter(date: string): string {
  const d = new Date(`${date}T00:00:00.000Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString();
}

function filtered(db: Db, filters: AuditFilters) {
  let query = db.selectFrom('audit_events');
  // lower() on both sides: PostgreSQL's LIKE is case-sensitive, SQLite's only for ASCII.
  if (filters.actor) query = query.where(sql<boolean>`lower(actor_label) like ${`%${literalLike(filters.actor.toLowerCase())}%`} escape '\\'`);
  if (filters.action?.endsWith('.')) query = query.where(sql<boolean>`action like ${`${literalLike(filters.action)}%`} escape '\\'`);
  else if (filters.action) query = query.where('action', '=', filters.action);
  if (filters.from) query = query.where('at', '>=', `${filters.from}T00:00:00.000Z`);
  if (filters.to) query = query.where('at', '<', dayAfter(filters.to));
  return query;
}

/**
 * One page of the audit log, newest first, by keyset (never OFFSET): `beforeId` gives the page older than
 * that entry, `afterId` the page just newer than it.
 */
export async function listAuditEvents(db: Db, options: { limit: number; beforeId?: number; afterId?: number; filters?: AuditFilters }): Promise<AuditRow[]> {
  const query = filtered(db, options.filters ?? {})
    .selectAll()
    .limit(options.limit);
  if (options.afterId) {
    const rows = await query.where('id', '>', options.afterId).orderBy('id', 'asc').execute();
    return rows.reverse();
  }
  return (options.beforeId ? query.where('id', '<', options.beforeId) : query).orderBy('id', 'desc').execute();
}

/** Whether any entry matching the filters lies beyond `id` in that direction (for the "newer"/"older" links). */
export async function hasAuditEventBeyond(db: Db, filters: AuditFilters, direction: 'newer' | 'older', id: number): Promise<boolean> {
  const row = await filtered(db, filters)
    .select('id')
    .where('id', direction === 'newer' ? '>' : '<', id)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Replaces `texts` (an erased member's address in its forms) wherever the details quote them, e.g. an
 * export's search filter: the event stays, the person is gone from it.
 */
export async function redactAuditDetails(db: Db, texts: readonly string[], marker: string): Promise<void> {
  for (const text of texts.filter(Boolean)) {
    // Details are JSON: the text appears as JSON.stringify writes it (quotes and backslashes escaped).
    const quoted = JSON.stringify(text).slice(1, -1);
    await db
      .updateTable('audit_events')
      .set({ details: sql`replace(details, ${quoted}, ${marker})` })
      .where(containsAny('details', [quoted]))
      .execute();
  }
}
