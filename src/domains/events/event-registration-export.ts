// The registrants of one event as CSV (RFC 4180, UTF-8 with a BOM so spreadsheets read it as UTF-8), read a page
// at a time by id so a large event is never held whole (DESIGN.md rule 8). Codes stay codes (member state,
// regional group, status), so the file reads back into other tools; formula-like cells are neutralised.
import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import type { Db } from '../../db/database.ts';
import { neutraliseFormula } from '../members/member-export.ts';
import type { EventRegistrationRow, RegistrationStatus } from './event.table.ts';

export const registrationExportColumns = [
  'id',
  'email',
  'name',
  'status',
  'memberState',
  'regionalGroup',
  'organisation',
  'locale',
  'placedAt',
  'attended',
  'attendedMinutes',
  'checkedInAt',
] as const;

function record(r: EventRegistrationRow): string[] {
  const cells = [
    String(r.id),
    r.email_display,
    r.name,
    r.declined_at ? 'declined' : r.status,
    r.member_state ?? '',
    r.regional_group ?? '',
    r.organisation,
    r.locale,
    r.placed_at,
    r.attended === null ? '' : r.attended === 1 ? 'yes' : 'no',
    r.attended_minutes === null ? '' : String(r.attended_minutes),
    r.checked_in_at ?? '',
  ];
  return cells.map(neutraliseFormula);
}

/** The CSV of an event's registrations (optionally of one status), streamed 500 rows at a time. */
export function exportRegistrations(db: Db, eventId: number, status?: RegistrationStatus): Readable {
  async function* chunks() {
    yield `\uFEFF${stringify([[...registrationExportColumns]], { record_delimiter: 'windows' })}`;
    let after = 0;
    for (;;) {
      let q = db.selectFrom('event_registrations').selectAll().where('event_id', '=', eventId).where('id', '>', after);
      if (status) q = q.where('status', '=', status);
      const rows = await q.orderBy('id').limit(500).execute();
      if (rows.length > 0) yield stringify(rows.map(record), { record_delimiter: 'windows' });
      const last = rows[rows.length - 1];
      if (!last || rows.length < 500) return;
      after = last.id;
    }
  }
  return Readable.from(chunks());
}
