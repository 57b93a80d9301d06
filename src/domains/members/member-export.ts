/**
 * Member export as CSV or JSON, streamed: members are read in keyset chunks and written as they come,
 * so memory stays flat whatever the size of the network (DESIGN.md rule 8).
 *
 * CSV is RFC 4180 (CRLF, quotes where needed) in UTF-8, with an optional BOM so that Excel reads it as
 * UTF-8. Cells that a spreadsheet would run as a formula get a leading apostrophe (OWASP "CSV
 * injection"): anything starting with = + - @ tab or CR, and their full-width forms, which some
 * spreadsheets also accept. JSON is data, not a spreadsheet, so it carries the values unchanged.
 * By default a CSV carries the stored codes under the field names (what an import reads back); with `labels`
 * it is for people: column names and coded values in that language, times as a spreadsheet reads them.
 * Erased members (tombstones) are never exported.
 */
import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import type { Db } from '../../db/database.ts';
import { type Locale, type Translator, translator } from '../../i18n/i18n.ts';
import { type MemberFilters, streamMembers } from './member.repository.ts';
import type { MemberRow } from './member.table.ts';
import { memberStateName } from './member-geography.ts';

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

/** The catalog key of each column's name in a labelled export. */
const columnLabels: Record<ExportColumn, string> = {
  email: 'member.field.email',
  name: 'member.field.name',
  status: 'members.column.status',
  memberState: 'member.field.memberState',
  regionalGroup: 'members.column.regionalGroup',
  stakeholderGroup: 'member.field.stakeholderGroup',
  organisation: 'member.field.organisation',
  title: 'member.field.jobTitle',
  language: 'member.field.language',
  source: 'members.column.source',
  joinedAt: 'members.export.joinedAt',
};

/** The column names of a labelled export, in `locale`. */
export function labelledHeader(locale: Locale): string[] {
  const t = translator(locale);
  return exportColumns.map((c) => t(columnLabels[c]));
}

/**
 * A member as a person reads it in `locale`: names for the codes (status, member state, groups, language) and
 * the time as "2026-03-04 05:06:07" (UTC), which spreadsheets read as a date; free text and the source tag as they are.
 */
export function labelledRecord(
  record: Record<ExportColumn, string | null>,
  locale: Locale,
  t: Translator,
  languages: Intl.DisplayNames,
): Record<ExportColumn, string | null> {
  // Each key written out whole, so the catalog test can see which families a labelled export uses.
  const named = (code: string | null, name: (code: string) => string) => (code === null ? null : name(code));
  return {
    ...record,
    status: named(record.status, (c) => t(`memberStatus.${c}`)),
    memberState: record.memberState === null ? null : memberStateName(locale, record.memberState),
    regionalGroup: named(record.regionalGroup, (c) => t(`regionalGroup.${c}`)),
    stakeholderGroup: named(record.stakeholderGroup, (c) => t(`stakeholderGroup.${c}`)),
    language: record.language === null ? null : (languages.of(record.language) ?? record.language),
    joinedAt: record.joinedAt === null ? null : record.joinedAt.slice(0, 19).replace('T', ' '),
  };
}

const chunkRows = 500;

function csvChunk(records: (string | null)[][]): string {
  return stringify(records, { record_delimiter: 'windows' });
}

export interface ExportOptions {
  /** Start a CSV with U+FEFF, so spreadsheets read it as UTF-8 (ignored for JSON, which must not have one). */
  bom?: boolean;
  /** Column names and coded values of a CSV in this language instead of field names and codes (JSON keeps codes). */
  labels?: Locale;
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
    const { labels } = options;
    const t = translator(labels ?? 'en');
    const languages = new Intl.DisplayNames([labels ?? 'en'], { type: 'language' });
    yield (options.bom ? '\uFEFF' : '') + csvChunk([labels ? labelledHeader(labels) : [...exportColumns]]);
    let rows: (string | null)[][] = [];
    for await (const member of members) {
      if (member.erased_at) continue;
      const record = labels ? labelledRecord(exportRecord(member), labels, t, languages) : exportRecord(member);
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
