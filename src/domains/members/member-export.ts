/**
 * Member export as CSV or JSON, streamed: members are read in keyset chunks and written as they come,
 * so memory stays flat whatever the size of the network (DESIGN.md rule 8).
 *
 * CSV is RFC 4180 (CRLF, quotes where needed) in UTF-8, with an optional BOM so that Excel reads it as
 * UTF-8. Cells that a spreadsheet would run as a formula get a leading apostrophe (OWASP "CSV
 * injection"): anything starting with = + - @ tab or CR, and their full-width forms, which some
 * spreadsheets also accept. JSON is data, not a spreadsheet, so it carries the values unchanged.
 * Erased members (tombstones) are never exported.
 */
import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import type { Db } from '../../db/database.ts';
import { type MemberFilters, streamMembers } from './member.repository.ts';
import type { MemberRow } from './member.table.ts';

/** The exported fields, in CSV column order; the same names are the JSON keys. */
export const exportColumns = [
  'email',
  'name',
  'status',
  'memberState',
  'regionalGroup',
  'stakeholderGroup',
  'organisation',
  'title',
  'language',
  'source',
  'joinedAt',
] as const;
export type ExportColumn = (typeof exportColumns)[number];
export type ExportFormat = 'csv' | 'json';

/** One member as exported: `joinedAt` is when consent was recorded, or when the member was created if not yet. */
export function exportRecord(member: MemberRow): Record<ExportColumn, string | null> {
  return {
    email: member.email_display,
    name: member.name,
    status: member.status,
    memberState: member.member_state,
    regionalGroup: member.regional_group,
    stakeholderGroup: member.stakeholder_group,
    organisation: member.organisation,
    title: member.job_title,
    language: member.language,
    source: member.source,
    joinedAt: member.consent_at ?? member.created_at,
  };
}

const formulaStart = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/u;

/** A cell a spreadsheet shows as text: formula-like values get a leading apostrophe. */
export function neutraliseFormula(value: string): string {
  return formulaStart.test(value) ? `'${value}` : value;
}

const chunkRows = 500;

function csvChunk(records: (string | null)[][]): string {
  return stringify(records, { record_delimiter: 'windows' });
}

export interface ExportOptions {
  /** Start a CSV with U+FEFF, so spreadsheets read it as UTF-8 (ignored for JSON, which must not have one). */
  bom?: boolean;
  /** Called after each chunk with the number of members written so far. */
  onProgress?: (members: number) => void;
}

/** The export as text chunks of a few hundred members each. */
export async function* exportMemberChunks(
  db: Db,
  networkId: number,
  filters: MemberFilters,
  format: ExportFormat,
  options: ExportOptions = {},
): AsyncGenerator<string> {
  const members = streamMembers(db, networkId, filters);
  let written = 0;
  if (format === 'csv') {
    yield (options.bom ? '\uFEFF' : '') + csvChunk([[...exportColumns]]);
    let rows: (string | null)[][] = [];
    for await (const member of members) {
      if (member.erased_at) continue;
      const record = exportRecord(member);
      rows.push(exportColumns.map((c) => (record[c] === null ? '' : neutraliseFormula(record[c]))));
      if (rows.length >= chunkRows) {
        yield csvChunk(rows);
        written += rows.length;
        options.onProgress?.(written);
        rows = [];
      }
    }
    if (rows.length) yield csvChunk(rows);
    options.onProgress?.(written + rows.length);
    return;
  }
  let text = '[';
  let first = true;
  let pending = 0;
  for await (const member of members) {
    if (member.erased_at) continue;
    text += `${first ? '\n' : ',\n'}${JSON.stringify(exportRecord(member))}`;
    first = false;
    written++;
    if (++pending >= chunkRows) {
      yield text;
      options.onProgress?.(written);
      text = '';
      pending = 0;
    }
  }
  yield `${text}\n]\n`;
  options.onProgress?.(written);
}

/** The export as a byte stream (UTF-8) that pulls members from the database only as fast as it is read. */
export function exportMembers(db: Db, networkId: number, filters: MemberFilters, format: ExportFormat, options: ExportOptions = {}): Readable {
  return Readable.from(exportMemberChunks(db, networkId, filters, format, options), { objectMode: false });
}
