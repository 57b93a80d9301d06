// Engagements out and in. The export streams the network's engagements newest first, a page of rows at a time (CSV,
// RFC 4180 in UTF-8, or JSON), with the cells a spreadsheet would run as a formula neutralised in the CSV; restricted
// notes are never exported. The import reads a CSV of past engagements in the export's columns, checks every row
// with the engagement service's own rules before anything is written, and stores nothing while any row is refused.
import { Readable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { AppError, isAppError } from '../../errors/app-error.ts';
import type { Translator } from '../../i18n/i18n.ts';
import { listStaff } from '../auth/auth.repository.ts';
import { neutraliseFormula } from '../members/member-export.ts';
import { requireNetwork } from '../site/site.service.ts';
import * as repo from './engagement.repository.ts';
import { createEngagement, type EngagementDeps, type EngagementReader, type EngagementSummary, listEngagementPage } from './engagement.service.ts';
import { checkFields, defaultFields, type EngagementFields, nameKey, parsePatch } from './engagement-input.ts';

/** The columns of an export, in order; an import reads the same names (without `id`, which it never takes). */
export const transferColumns = [
  'id',
  'kind',
  'title',
  'startDate',
  'endDate',
  'ongoing',
  'place',
  'online',
  'status',
  'confidentiality',
  'restricted',
  'memberStates',
  'organisations',
  'topics',
  'owner',
  'externalBody',
  'consultation',
  'deadline',
  'submissionStatus',
  'resourceUrl',
  'notes',
] as const;
type Column = (typeof transferColumns)[number];

/** Lists in a cell (member states, organisations, topics) are separated by semicolons. */
const listSeparator = ';';
const pageRows = 200;
/** The most rows one import takes: a larger file is a migration, to be split. */
export const maxImportRows = 5000;

type TransferRecord = Record<Column, string>;

function recordOf(view: EngagementSummary, notes: string, ownerEmail: string): TransferRecord {
  const { row } = view;
  return {
    id: String(row.id),
    kind: row.kind,
    title: row.title,
    startDate: row.start_date,
    endDate: row.end_date ?? '',
    ongoing: row.ongoing === 1 ? 'yes' : 'no',
    place: row.place,
    online: row.online === 1 ? 'yes' : 'no',
    status: row.status,
    confidentiality: row.confidentiality,
    restricted: row.restricted === 1 ? 'yes' : 'no',
    memberStates: view.memberStates.join(listSeparator),
    organisations: view.organisations.map((o) => o.name).join(listSeparator),
    topics: view.topics.map((x) => x.name).join(listSeparator),
    owner: ownerEmail,
    externalBody: row.external_body ?? '',
    consultation: row.consultation ?? '',
    deadline: row.deadline ?? '',
    submissionStatus: row.submission_status ?? '',
    resourceUrl: row.resource_url ?? '',
    notes,
  };
}

/** The export as text chunks, a page of engagements each (newest first); restricted notes are left empty. */
export async function* exportEngagementChunks(deps: EngagementDeps, format: 'csv' | 'json', options: { bom?: boolean } = {}): AsyncGenerator<string> {
  const emails = new Map((await listStaff(deps.db)).map((s) => [s.id, s.email]));
  let after: repo.TimelineCursor | undefined;
  let first = true;
  yield format === 'csv' ? (options.bom ? '\uFEFF' : '') + stringify([[...transferColumns]], { record_delimiter: '\r\n' }) : '[';
  do {
    const page = await listEngagementPage(deps, {}, { limit: pageRows, after });
    // Notes come from the rows themselves: restricted ones are never read out, so no restricted read happens here.
    const records = page.data.map((view) =>
      recordOf(view, view.row.restricted === 1 ? '' : view.row.notes, view.row.owner_staff_id !== null ? (emails.get(view.row.owner_staff_id) ?? '') : ''),
    );
    if (format === 'csv') {
      if (records.length)
        yield stringify(
          records.map((r) => transferColumns.map((c) => neutraliseFormula(r[c]))),
          { record_delimiter: '\r\n' },
        );
    } else {
      let text = '';
      for (const r of records) {
        text += `${first ? '\n' : ',\n'}${JSON.stringify(r)}`;
        first = false;
      }
      if (text) yield text;
    }
    after = page.next ?? undefined;
  } while (after);
  if (format === 'json') yield '\n]\n';
}

/** The export as a byte stream that reads engagements only as fast as it is sent. */
export function exportEngagements(deps: EngagementDeps, format: 'csv' | 'json', options: { bom?: boolean } = {}): Readable {
  return Readable.from(exportEngagementChunks(deps, format, options), { objectMode: false });
}

// ---------------------------------------------------------------------------------------------
// Import

/** A refused row: its line in the file (the header is line 1), the code and its details, for a translated reason. */
export interface RefusedRow {
  line: number;
  code: string;
  details: Record<string, unknown>;
}

export interface ImportReport {
  rows: number;
  refused: RefusedRow[];
  /** How many engagements were recorded (0 for a dry run, or when any row is refused). */
  recorded: number;
}

/** A cell a spreadsheet would run: refused on import (the export neutralises such cells with an apostrophe). */
const formulaCell = /^[=+@\t\r\uFF1D\uFF0B\uFF20]|^[-\uFF0D](?=[^\s\d])/u;

const yesNo = (value: string, field: string): boolean => {
  const v = value.trim().toLowerCase();
  if (v === '' || v === 'no' || v === 'false' || v === '0') return false;
  if (v === 'yes' || v === 'true' || v === '1') return true;
  throw new AppError('invalid_input', { field });
};
const list = (value: string) =>
  value
    .split(listSeparator)
    .map((s) => s.trim())
    .filter(Boolean);

/** The service's input for one CSV row; a cell it cannot take is an AppError naming its column. */
function inputOf(cells: Partial<Record<Column, string>>, staffByEmail: Map<string, number>): Record<string, unknown> {
  for (const column of transferColumns) {
    const value = cells[column] ?? '';
    if (formulaCell.test(value)) throw new AppError('engagement_import_formula', { field: column });
  }
  const get = (c: Column) => (cells[c] ?? '').trim();
  const owner = get('owner');
  const ownerStaffId = owner ? staffByEmail.get(owner.toLowerCase()) : null;
  if (ownerStaffId === undefined) throw new AppError('invalid_input', { field: 'ownerStaffId' });
  const submission = get('externalBody')
    ? {
        externalBody: get('externalBody'),
        consultation: get('consultation'),
        deadline: get('deadline') || null,
        status: get('submissionStatus') || undefined,
        resourceUrl: get('resourceUrl') || null,
      }
    : null;
  return {
    kind: get('kind'),
    title: get('title'),
    startDate: get('startDate'),
    endDate: get('endDate') || null,
    ongoing: yesNo(get('ongoing'), 'ongoing'),
    place: get('place'),
    online: yesNo(get('online'), 'online'),
    status: get('status') || 'done',
    confidentiality: get('confidentiality') || 'internal',
    restricted: yesNo(get('restricted'), 'restricted'),
    memberStates: list(get('memberStates')),
    organisations: list(get('organisations')),
    topics: list(get('topics')),
    ownerStaffId,
    notes: cells.notes ?? '',
    submission,
  };
}

function refusal(error: unknown, line: number): RefusedRow {
  if (!isAppError(error)) throw error;
  return { line, code: error.code, details: error.details };
}

/**
 * Imports past engagements from CSV text: every row is checked first (its shape, the engagement rules, the
 * organisations of the list, the owner's staff address), and nothing is written while any row is refused, nor on a dry
 * run. Otherwise each row is recorded through the service (audited, topics created as needed).
 */
export async function importEngagements(deps: EngagementDeps, reader: EngagementReader, text: string, options: { dryRun: boolean }): Promise<ImportReport> {
  let records: Record<string, string>[];
  try {
    records = parse(text.replace(/^\uFEFF/, ''), { columns: true, skip_empty_lines: true, relax_column_count: false, trim: false });
  } catch (error) {
    return { rows: 0, recorded: 0, refused: [{ line: Number((error as { lines?: number }).lines ?? 1), code: 'engagement_import_unreadable', details: {} }] };
  }
  const header = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const unknown = parse(header, { to_line: 1 })[0]?.filter((c: string) => !(transferColumns as readonly string[]).includes(c)) ?? [];
  if (unknown.length)
    return {
      rows: records.length,
      recorded: 0,
      refused: [{ line: 1, code: 'engagement_import_column', details: { column: String(unknown[0]).slice(0, 60) } }],
    };
  if (records.length > maxImportRows)
    return { rows: records.length, recorded: 0, refused: [{ line: 1, code: 'engagement_import_too_many', details: { max: maxImportRows } }] };
  const network = await requireNetwork(deps);
  const staffByEmail = new Map((await listStaff(deps.db)).map((s) => [s.email.toLowerCase(), s.id]));
  const organisations = new Set((await repo.listOrganisations(deps.db, network.id)).map((o) => o.name_key));
  const inputs: Record<string, unknown>[] = [];
  const refused: RefusedRow[] = [];
  records.forEach((cells, i) => {
    const line = i + 2;
    try {
      const input = inputOf(cells as Partial<Record<Column, string>>, staffByEmail);
      const fields = checkFields({ ...defaultFields(), ...parsePatch(input) } as EngagementFields);
      const missing = fields.organisations.find((name) => !organisations.has(nameKey(name)));
      if (missing) throw new AppError('engagement_unknown_organisation', { name: missing.slice(0, 200) });
      inputs.push(input);
    } catch (error) {
      refused.push(refusal(error, line));
    }
  });
  if (refused.length > 0 || options.dryRun) return { rows: records.length, refused, recorded: 0 };
  for (const input of inputs) await createEngagement(deps, reader, input);
  return { rows: records.length, refused, recorded: inputs.length };
}

/** A refused row's reason in the reader's language (`invalid_input` names the field by the column's name). */
export function refusalReason(t: Translator, row: RefusedRow): string {
  const details =
    row.code === 'invalid_input' || row.code === 'engagement_import_formula' ? { ...row.details, field: String(row.details.field ?? '') } : row.details;
  return t(`error.${row.code}`, details as Record<string, string | number>);
}
