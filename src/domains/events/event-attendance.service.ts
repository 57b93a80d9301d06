import { parseEmailAddress } from '../../address/email-address.ts';
import type { AppDeps } from '../../app-deps.ts';
import { AppError } from '../../errors/app-error.ts';
import { cleanLine } from '../../security/human-text.ts';
import { type Actor, recordAudit } from '../audit/audit.service.ts';
import { eventOf } from './event.service.ts';
import type { AttendancePlatform, EventAttendanceImportRow, EventAttendanceUnmatchedRow, EventRegistrationRow } from './event.table.ts';
import { readAttendanceReport } from './event-attendance-report.ts';

type AttendanceDeps = Pick<AppDeps, 'db' | 'clock'>;

/** What an import did: participants read, those matched to registrants, those listed for staff, the no-shows. */
export interface AttendanceImportResult {
  importId: number;
  platform: AttendancePlatform;
  rows: number;
  participants: number;
  matched: number;
  unmatched: number;
  noShows: number;
}

interface Participant {
  name: string;
  display: string;
  key: string | null;
  minutes: number | null;
}

const addMinutes = (a: number | null, b: number | null) => (a === null && b === null ? null : (a ?? 0) + (b ?? 0));
const longer = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.max(a, b));

/**
 * The report's people by the address module's dedupe key, so that every spelling of one mailbox (case, Unicode
 * normalisation, an A-label or U-label domain, a full-width dot) is one person; visits are summed. An address the
 * module refuses, or none, leaves the person without a key: staff match them by hand.
 */
function byMailbox(participants: { name: string; email: string; minutes: number | null }[]): Participant[] {
  const people = new Map<string, Participant>();
  for (const p of participants) {
    const parsed = p.email ? parseEmailAddress(p.email, { specialUseDomains: 'allow' }) : null;
    const key = parsed?.ok ? parsed.address.dedupeKey : null;
    const id = key ?? `name:${p.name}:${p.email}`;
    const seen = people.get(id);
    if (seen) seen.minutes = addMinutes(seen.minutes, p.minutes);
    else
      people.set(id, {
        name: cleanLine(p.name).slice(0, 200),
        display: parsed?.ok ? parsed.address.display : cleanLine(p.email).slice(0, 300),
        key,
        minutes: p.minutes,
      });
  }
  return [...people.values()];
}

/**
 * Imports an attendance report (Zoom, Webex or Teams CSV) for an event: every participant whose address matches a
 * registrant's marks them attended with the minutes present (the longer of what is known, so importing a report
 * twice changes nothing); the others are listed for staff to resolve (once: a participant listed already is not
 * listed again); confirmed registrants still without attendance become no-shows (never undoing an attendance from
 * another report or a check-in). A file that cannot be read is refused with its code and changes nothing.
 */
export async function importAttendance(
  deps: AttendanceDeps,
  actor: Actor,
  eventId: number,
  file: { name: string; bytes: Uint8Array },
): Promise<AttendanceImportResult> {
  await eventOf(deps, eventId);
  const report = readAttendanceReport(file.bytes);
  const people = byMailbox(report.participants);
  const now = deps.clock.now().toISOString();
  const result = await deps.db.transaction().execute(async (trx) => {
    const keys = [...new Set(people.flatMap((p) => (p.key ? [p.key] : [])))];
    const registrations = new Map<string, EventRegistrationRow>();
    for (let i = 0; i < keys.length; i += 500) {
      const rows = await trx
        .selectFrom('event_registrations')
        .selectAll()
        .where('event_id', '=', eventId)
        .where('email_key', 'in', keys.slice(i, i + 500))
        .execute();
      for (const r of rows) registrations.set(r.email_key, r);
    }
    const matched = people.filter((p) => p.key && registrations.has(p.key));
    const unmatched = people.filter((p) => !p.key || !registrations.has(p.key));
    for (const p of matched) {
      const r = registrations.get(p.key as string) as EventRegistrationRow;
      await trx
        .updateTable('event_registrations')
        .set({ attended: 1, attended_minutes: longer(r.attended_minutes, p.minutes), updated_at: now })
        .where('id', '=', r.id)
        .execute();
    }
    const listed = await trx.selectFrom('event_attendance_unmatched').select(['email_key', 'name']).where('event_id', '=', eventId).execute();
    const known = new Set(listed.map((l) => l.email_key ?? `name:${l.name}`));
    const fresh = unmatched.filter((p) => !known.has(p.key ?? `name:${p.name}`));
    const imported = await trx
      .insertInto('event_attendance_imports')
      .values({
        event_id: eventId,
        platform: report.platform,
        file_name: cleanLine(file.name).slice(0, 200),
        rows: report.rows,
        matched: matched.length,
        unmatched: unmatched.length,
        imported_by: actor.label,
        imported_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (let i = 0; i < fresh.length; i += 200) {
      await trx
        .insertInto('event_attendance_unmatched')
        .values(
          fresh.slice(i, i + 200).map((p) => ({
            import_id: imported.id,
            event_id: eventId,
            name: p.name,
            email_display: p.display,
            email_key: p.key,
            minutes: p.minutes,
            status: 'open' as const,
          })),
        )
        .execute();
    }
    const noShows = await trx
      .updateTable('event_registrations')
      .set({ attended: 0, updated_at: now })
      .where('event_id', '=', eventId)
      .where('status', '=', 'confirmed')
      .where('attended', 'is', null)
      .executeTakeFirst();
    return {
      importId: imported.id,
      platform: report.platform,
      rows: report.rows,
      participants: people.length,
      matched: matched.length,
      unmatched: unmatched.length,
      noShows: Number(noShows.numUpdatedRows ?? 0),
    };
  });
  await recordAudit(deps, actor, 'event.attendance_import', `event:${eventId}`, { ...result });
  return result;
}

/** The participants of an event's reports still waiting for staff, in the order they were imported. */
export function openUnmatched(deps: AttendanceDeps, eventId: number): Promise<EventAttendanceUnmatchedRow[]> {
  return deps.db
    .selectFrom('event_attendance_unmatched')
    .selectAll()
    .where('event_id', '=', eventId)
    .where('status', '=', 'open')
    .orderBy('id')
    .limit(1000)
    .execute();
}

/** An event's imported reports, latest first. */
export function attendanceImports(deps: AttendanceDeps, eventId: number): Promise<EventAttendanceImportRow[]> {
  return deps.db.selectFrom('event_attendance_imports').selectAll().where('event_id', '=', eventId).orderBy('id', 'desc').limit(20).execute();
}

/**
 * Staff resolve a participant no address matched: name the registrant it was (marked attended with its minutes),
 * or dismiss it (nobody of ours: a phone caller, a colleague). One already resolved is `event_registration_decided`.
 */
export async function resolveUnmatched(
  deps: AttendanceDeps,
  actor: Actor,
  eventId: number,
  unmatchedId: number,
  decision: { registrationId: number } | 'dismiss',
): Promise<void> {
  await eventOf(deps, eventId);
  const now = deps.clock.now().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('event_attendance_unmatched').selectAll().where('id', '=', unmatchedId).executeTakeFirst();
    if (!row || row.event_id !== eventId) throw new AppError('not_found');
    if (row.status !== 'open') throw new AppError('event_registration_decided', { status: row.status });
    if (decision === 'dismiss') {
      await trx
        .updateTable('event_attendance_unmatched')
        .set({ status: 'dismissed', resolved_by: actor.label, resolved_at: now })
        .where('id', '=', unmatchedId)
        .execute();
      return;
    }
    const registration = await trx.selectFrom('event_registrations').selectAll().where('id', '=', decision.registrationId).executeTakeFirst();
    if (!registration || registration.event_id !== eventId) throw new AppError('invalid_input', { field: 'registrationId' });
    await trx
      .updateTable('event_registrations')
      .set({ attended: 1, attended_minutes: longer(registration.attended_minutes, row.minutes), updated_at: now })
      .where('id', '=', registration.id)
      .execute();
    await trx
      .updateTable('event_attendance_unmatched')
      .set({ status: 'matched', registration_id: registration.id, resolved_by: actor.label, resolved_at: now })
      .where('id', '=', unmatchedId)
      .execute();
  });
  await recordAudit(deps, actor, 'event.attendance_resolve', `event:${eventId}`, {
    unmatchedId,
    registrationId: decision === 'dismiss' ? null : decision.registrationId,
  });
}
