// Reads the attendance reports that Zoom, Webex and Microsoft Teams export, into one list of participants: name,
// address and minutes present. Each platform's file is a CSV with its own layout, found by its column names, not
// positions (the platforms add columns over time):
// - Zoom's webinar "Attendee Report": a header block (report title, the webinar's figures), then sections titled
//   "Host Details", "Panelist Details", "Attendee Details", each with its own header row; a person who rejoined
//   has one row per visit, "Attended" is Yes/No, "Time in Session (minutes)" is whole minutes. Zoom's meeting
//   "Participants" report has one header row with "User Email" and "Duration (Minutes)".
// - Webex's attendee CSV: one header row ("Name", "Email", …, "Duration"), minutes or h:mm:ss, UTF-8 with a BOM.
// - Teams' attendance report: UTF-16LE with a BOM, tab-separated, a "1. Summary" block, then "2. Participants"
//   (one row per person, "In-Meeting Duration" as "1h 28m 52s"), then "3. In-Meeting Activities" (one row per
//   visit, not read: the participants section already sums them).
// Only the participants of the attendee sections are read; hosts, panelists and organisers are the team, not
// registrants.
import { parse } from 'csv-parse/sync';
import { AppError } from '../../errors/app-error.ts';
import type { AttendancePlatform } from './event.table.ts';

/** Larger than any real attendance report (a 10,000-person webinar's is under 3 MB). */
export const maxAttendanceBytes = 50 * 1_048_576;

/** One person in a report, their visits summed; `minutes` null when the report gave no duration we can read. */
export interface ReportParticipant {
  name: string;
  email: string;
  minutes: number | null;
}

export interface AttendanceReport {
  platform: AttendancePlatform;
  /** Rows of participants read (visits), before they are summed by person. */
  rows: number;
  participants: ReportParticipant[];
}

const emailColumns = ['email', 'user email', 'attendee email', 'participant email', 'email address', 'e-mail'];
const nameColumns = [
  'user name (original name)',
  'name (original name)',
  'name',
  'user name',
  'attendee name',
  'participant name',
  'display name',
  'full name',
];
const durationColumns = [
  'time in session (minutes)',
  'duration (minutes)',
  'in-meeting duration',
  'attendance duration',
  'duration(minutes)',
  'duration (mins)',
  'duration',
];

/** Webex's and Teams' roles of those who ran the meeting: the team, not registrants. */
const staffRoles = ['host', 'cohost', 'co-host', 'organizer', 'organiser'];

const normalise = (cell: string | undefined) =>
  (cell ?? '')
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase();

/** Text from the file's bytes: UTF-8 (with or without a BOM) or UTF-16 with its BOM, as the platforms write it. */
export function decodeReport(bytes: Uint8Array): string {
  try {
    if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le', { fatal: true }).decode(bytes.subarray(2));
    if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be', { fatal: true }).decode(bytes.subarray(2));
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
    // UTF-16 without its BOM decodes as "valid" UTF-8 full of NULs: no CSV has those.
    if (text.includes('\u0000')) throw new Error('NUL');
    return text;
  } catch {
    throw new AppError('event_attendance_encoding');
  }
}

/** Tabs (Teams) or commas (Zoom, Webex): whichever the first lines use more of. */
function delimiterOf(text: string): string {
  const head = text.slice(0, 4000);
  return (head.match(/\t/g)?.length ?? 0) > (head.match(/,/g)?.length ?? 0) ? '\t' : ',';
}

/** Minutes from "89", "1:28:52", "28:52" (m:ss is not used by any of them: h:mm), "1h 28m 52s", "45 mins", "52s". */
export function parseDuration(text: string): number | null {
  const value = text.trim().toLowerCase();
  if (value === '' || value === '--') return null;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value));
  const clock = /^(\d+):(\d{2})(?::(\d{2}))?$/.exec(value);
  if (clock) return Math.round(Number(clock[1]) * 60 + Number(clock[2]) + Number(clock[3] ?? 0) / 60);
  const units = [...value.matchAll(/(\d+(?:\.\d+)?)\s*(hours?|hrs?|h|minutes?|mins?|m|seconds?|secs?|s)\b/g)];
  if (units.length === 0 || value.replace(/(\d+(?:\.\d+)?)\s*(hours?|hrs?|h|minutes?|mins?|m|seconds?|secs?|s)\b/g, '').trim() !== '') return null;
  let minutes = 0;
  for (const [, amount, unit] of units) {
    const n = Number(amount);
    minutes += unit?.startsWith('h') ? n * 60 : unit?.startsWith('m') ? n : n / 60;
  }
  return Math.round(minutes);
}

interface Header {
  row: number;
  email: number;
  name: number;
  duration: number;
  attended: number;
  role: number;
  /** The one-cell line just above the header, which titles the section (Zoom, Teams). */
  title: string;
}

function findHeader(cells: string[], row: number, title: string): Header | null {
  const names = cells.map(normalise);
  const find = (aliases: string[]) => {
    for (const alias of aliases) {
      const at = names.indexOf(alias);
      if (at !== -1) return at;
    }
    return -1;
  };
  const email = find(emailColumns);
  const duration = find(durationColumns);
  if (email === -1 || duration === -1) return null;
  return { row, email, name: find(nameColumns), duration, attended: names.indexOf('attended'), role: names.indexOf('role'), title };
}

function platformOf(records: string[][], headers: Header[]): AttendancePlatform {
  const first = normalise(records.find((r) => r.some((c) => c.trim() !== ''))?.[0]);
  const headerCells = headers.flatMap((h) => (records[h.row] ?? []).map(normalise));
  if (first === 'attendee report' || headerCells.includes('time in session (minutes)') || headerCells.includes('user email')) return 'zoom';
  if (first.endsWith('summary') || headerCells.includes('in-meeting duration') || headerCells.includes('participant id (upn)')) return 'teams';
  return 'webex';
}

/** The header sections whose rows are participants: Zoom's attendee section(s), Teams' participants, Webex's one. */
function participantSections(platform: AttendancePlatform, headers: Header[]): Header[] {
  if (platform === 'zoom') {
    const sections = headers.filter((h) => !/host|panelist/i.test(h.title));
    return sections;
  }
  if (platform === 'teams') {
    const participants = headers.find((h) => /participants/i.test(h.title)) ?? headers[0];
    return participants ? [participants] : [];
  }
  return headers.slice(0, 1);
}

/**
 * Reads a report's bytes: `event_attendance_encoding` for text that is neither UTF-8 nor UTF-16 with a BOM,
 * `event_attendance_columns` for a file without an address and a duration column, `event_attendance_empty` for
 * one that names nobody. Visits of the same address are summed; rows Zoom marks "Attended: No" are not read.
 */
export function readAttendanceReport(bytes: Uint8Array): AttendanceReport {
  if (bytes.length > maxAttendanceBytes) throw new AppError('event_attendance_too_large', { megabytes: maxAttendanceBytes / 1_048_576 });
  const text = decodeReport(bytes);
  let records: string[][];
  try {
    records = parse(text, { delimiter: delimiterOf(text), relax_column_count: true, relax_quotes: true, skip_empty_lines: false, bom: true });
  } catch {
    throw new AppError('event_attendance_columns');
  }
  const headers: Header[] = [];
  for (let i = 0; i < records.length; i++) {
    const above = records[i - 1]?.filter((c) => c.trim() !== '') ?? [];
    const header = findHeader(records[i] ?? [], i, above.length === 1 ? (above[0] ?? '') : '');
    if (header) headers.push(header);
  }
  if (headers.length === 0) throw new AppError('event_attendance_columns');
  const platform = platformOf(records, headers);
  const byKey = new Map<string, ReportParticipant>();
  let rows = 0;
  for (const header of participantSections(platform, headers)) {
    const width = (records[header.row] ?? []).length;
    for (let i = header.row + 1; i < records.length; i++) {
      const cells = records[i] ?? [];
      const filled = cells.filter((c) => c.trim() !== '');
      // A section ends at an empty line, a one-cell title line, or the next header.
      if (filled.length === 0 || (filled.length === 1 && width > 1) || headers.some((h) => h.row === i)) break;
      if (header.attended !== -1 && normalise(cells[header.attended]) === 'no') continue;
      if (header.role !== -1 && staffRoles.includes(normalise(cells[header.role]))) continue;
      rows++;
      const email = (cells[header.email] ?? '').trim();
      const name = header.name === -1 ? '' : (cells[header.name] ?? '').trim();
      const minutes = parseDuration(cells[header.duration] ?? '');
      const key = email === '' || email === '--' ? `name:${name}` : `email:${email.toLowerCase()}`;
      const seen = byKey.get(key);
      if (seen) seen.minutes = seen.minutes === null && minutes === null ? null : (seen.minutes ?? 0) + (minutes ?? 0);
      else byKey.set(key, { name, email: email === '--' ? '' : email, minutes });
    }
  }
  if (byKey.size === 0) throw new AppError('event_attendance_empty');
  return { platform, rows, participants: [...byKey.values()] };
}
