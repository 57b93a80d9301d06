/**
 * Member import from CSV: `plenary members import` and the admin upload share this one function.
 *
 * The file is streamed (decoded as strict UTF-8, parsed by csv-parse) and handled in batches of 500
 * rows: each batch is validated, looked up with one `email_key in (…)` query, and written with
 * multi-row INSERTs. All writes happen in ONE transaction, so malformed CSV on line 90,000, a
 * database error or a crash leaves the members table exactly as it was. Memory grows only with the
 * set of addresses seen (needed to find duplicates inside the file) and the report itself.
 *
 * How a data row is classified (each row lands in exactly one bucket):
 * - rejected: a field is not valid (see `RejectedRow.code`), or the address belongs to an erased member.
 * - duplicate: the same member — by the address module's dedupe key — already appeared in an earlier row
 *   of this file (`firstRow` names that row; the later row is ignored even if its other fields differ),
 *   or the member exists and the row would change none of their fields (no `firstRow`).
 * - updated: the member exists and the row changes their name, member state, stakeholder group,
 *   organisation, title or language. An empty cell means "not given" and never clears a stored value.
 *   Status, consent and source are kept: an import never downgrades a subscribed member to pending,
 *   never resubscribes someone who unsubscribed, and never upgrades a pending member to subscribed.
 * - accepted: a new member, created `pending` (a confirmation email is queued) or `subscribed` with the
 *   lawful basis staff stated (`consent_method` 'import').
 *
 * File-level problems throw `AppError('invalid_input', { field: 'file', problem, … })` and change nothing.
 * The problems (each has the message `import.file.<problem>`; `describeImportError` translates it):
 * - `too_large` {max}: more than `maxBytes` (32 MiB by default; a 100,000-row file is about 10 MB).
 * - `too_many_rows` {max}: more than `maxRows` data rows (200,000 by default).
 * - `not_utf8` {line}: bytes that are not UTF-8 (a Latin-1 or Windows-1252 export). A UTF-8 BOM is fine.
 * - `utf16`: a UTF-16 byte order mark (Excel's "Unicode text").
 * - `spreadsheet`: an .xlsx or .xls workbook rather than CSV.
 * - `binary`: NUL bytes, so not text at all.
 * - `empty`: no header row.
 * - `missing_column` {column}: no `email` or no `name` column.
 * - `duplicate_column` {column}: two columns for the same field.
 * - `unclosed_quote` {line}, `invalid_quote` {line}, `column_count` {line, expected, got},
 *   `row_too_long` {line}, `malformed` {line}: the CSV itself is broken.
 * An invalid option throws `AppError('invalid_input', { field: 'basis' | 'columnMap' })`.
 */
import { createHash } from 'node:crypto';
import { pipeline, Readable } from 'node:stream';
import { type CsvError, type Info, parse } from 'csv-parse';
import type { Kysely } from 'kysely';
import type { Clock } from '../../clock.ts';
import type { Database, Db } from '../../db/database.ts';
import { AppError, isAppError } from '../../errors/app-error.ts';
import { type Locale, type Translator, translator } from '../../i18n/i18n.ts';
import { insertJobs } from '../../jobs/job.repository.ts';
import { insertAuditEvent } from '../audit/audit.repository.ts';
import type { Actor } from '../audit/audit.service.ts';
import { newMemberRow } from './member.service.ts';
import type { MemberStatus, MemberTable } from './member.table.ts';
import { memberEmailJobName } from './member-email.job.ts';
import { type MemberColumns, memberColumns, searchable } from './member-record.ts';

type Executor = Kysely<Database>;

/** What a CSV column can hold; the header names them (case, spaces, `-` and `_` do not matter). */
export const importFields = ['email', 'name', 'memberState', 'stakeholderGroup', 'organisation', 'title', 'language', 'source'] as const;
export type ImportField = (typeof importFields)[number];

/** A CSV file as bytes (checked to be UTF-8), a stream of them, or text already decoded. */
export type ImportInput = string | Uint8Array | AsyncIterable<Uint8Array | string>;

export interface ImportOptions {
  networkId: number;
  dryRun: boolean;
  /** `subscribed` needs `basis`: the lawful basis staff state for consent given elsewhere. */
  status: 'pending' | 'subscribed';
  basis?: string;
  /** Written on each member's history ("cli", a staff name). */
  actorLabel: string;
  /** When given, the import is also written to the audit log as this actor. */
  actor?: Actor;
  /** CSV header → field name (from the admin's column mapping); a header mapped to '' is ignored. */
  columnMap?: Record<string, string>;
  /** The language of the report's reasons (English by default). */
  locale?: Locale;
  maxBytes?: number;
  maxRows?: number;
  /** Called after each batch with the number of data rows read so far. */
  onProgress?: (rows: number) => void;
}

export interface DuplicateRow {
  row: number;
  email: string;
  /** The earlier row of the same file with this member; absent when the duplicate is an unchanged existing member. */
  firstRow?: number;
}

export interface RejectedRow {
  row: number;
  email: string;
  /** The address module's code for an address problem (`multiple_at`…), `invalid_<field>` for another field, or `erased`. */
  code: string;
  reason: string;
}

/** What an import did (or, in a dry run, would do); `row` is the 1-based data row (the header is not counted). */
export interface ImportReport {
  accepted: number;
  updated: number;
  duplicates: DuplicateRow[];
  rejected: RejectedRow[];
}

const defaultMaxBytes = 32 * 1024 * 1024;
const defaultMaxRows = 200_000;
const batchSize = 500;
// Longer than any honest row (eight fields of at most 1000 characters); stops an unclosed quote from swallowing the file.
const maxRecordSize = 64 * 1024;

/** An AppError for a file-level problem. */
function fileError(problem: string, details: Record<string, string | number> = {}): AppError {
  return new AppError('invalid_input', { field: 'file', problem, ...details });
}

/** A translated sentence for an error `importMembers` threw (a file problem or a bad option), or null for other errors. */
export function describeImportError(error: unknown, t: Translator): string | null {
  if (!isAppError(error, 'invalid_input')) return null;
  if (error.details.field === 'file') return t(`import.file.${error.details.problem}`, error.details);
  if (error.details.field === 'basis') return t('import.option.basis');
  if (error.details.field === 'columnMap') return t('import.option.columnMap', error.details);
  return null;
}

// ---------------------------------------------------------------------------------------------
// Decoding: strict UTF-8, with a clear refusal for the encodings spreadsheets produce instead.

function sniff(head: Uint8Array): void {
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) throw fileError('utf16');
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) throw fileError('spreadsheet');
  if (head[0] === 0xd0 && head[1] === 0xcf && head[2] === 0x11 && head[3] === 0xe0) throw fileError('spreadsheet');
}

function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** Yields the file as text; throws a file problem for a wrong encoding, NUL bytes or a file over `maxBytes`. */
async function* decodeText(input: ImportInput, maxBytes: number): AsyncGenerator<string> {
  if (typeof input === 'string') {
    if (Buffer.byteLength(input) > maxBytes) throw fileError('too_large', { max: Math.floor(maxBytes / 1_048_576) });
    if (input.includes('\0')) throw fileError('binary');
    yield input.replace(/^\uFEFF/, '');
    return;
  }
  const source: AsyncIterable<Uint8Array | string> =
    input instanceof Uint8Array
      ? (async function* () {
          yield input;
        })()
      : input;
  // fatal: refuse instead of inventing U+FFFD; the default ignoreBOM=false strips a UTF-8 BOM.
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let bytes = 0;
  let lines = 1;
  let head: Uint8Array | null = new Uint8Array(0);
  const decode = (chunk: Uint8Array, final: boolean): string => {
    try {
      return final ? decoder.decode(chunk) : decoder.decode(chunk, { stream: true });
    } catch {
      const lenient = new TextDecoder('utf-8').decode(chunk);
      const at = lenient.indexOf('\uFFFD');
      throw fileError('not_utf8', { line: lines + countLines(lenient.slice(0, at === -1 ? lenient.length : at)) });
    }
  };
  const emit = (text: string): string => {
    if (text.includes('\0')) throw fileError('binary');
    lines += countLines(text);
    return text;
  };
  for await (const piece of source) {
    let chunk: Uint8Array = typeof piece === 'string' ? Buffer.from(piece, 'utf8') : piece;
    bytes += chunk.length;
    if (bytes > maxBytes) throw fileError('too_large', { max: Math.floor(maxBytes / 1_048_576) });
    if (head) {
      // The first four bytes tell UTF-16 and workbooks apart; a stream may deliver them in pieces.
      chunk = Buffer.concat([head, chunk]);
      if (chunk.length < 4) {
        head = chunk;
        continue;
      }
      sniff(chunk);
      head = null;
    }
    const text = decode(chunk, false);
    if (text) yield emit(text);
  }
  if (head?.length) sniff(head);
  const rest = decode(head ?? new Uint8Array(0), true);
  if (rest) yield emit(rest);
}

/** Picks the delimiter from the header line: a comma, or the semicolon or tab some spreadsheets export. */
function detectDelimiter(headerLine: string): string {
  const count = (c: string) => headerLine.split(c).length - 1;
  const candidates = [',', ';', '\t'].map((c) => ({ c, n: count(c) }));
  return candidates.reduce((best, x) => (x.n > best.n ? x : best)).c;
}

/** Reads the text up to the first line break, and returns it with a stream of the whole text. */
async function peekHeader(chunks: AsyncGenerator<string>): Promise<{ headerLine: string; text: AsyncGenerator<string> }> {
  const seen: string[] = [];
  let joined = '';
  while (!joined.includes('\n') && joined.length < maxRecordSize) {
    const next = await chunks.next();
    if (next.done) break;
    seen.push(next.value);
    joined += next.value;
  }
  async function* all(): AsyncGenerator<string> {
    yield* seen;
    yield* chunks;
  }
  return { headerLine: joined.split('\n')[0] ?? '', text: all() };
}

// ---------------------------------------------------------------------------------------------
// Header mapping.

const fieldByNormalisedHeader = new Map<string, ImportField>([
  ...importFields.map((f) => [normaliseHeader(f), f] as const),
  ['emailaddress', 'email'],
  ['organization', 'organisation'],
  ['jobtitle', 'title'],
]);

function normaliseHeader(header: string): string {
  return header
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s_-]+/g, '');
}

/**
 * The header cells of a CSV text and the field each maps to by default, for the admin's column mapping
 * (quotes are honoured; the same delimiter detection as the import).
 */
export function csvHeaders(text: string): { header: string; field: ImportField | undefined }[] {
  const headerLine = text.replace(/^\uFEFF/, '').split(/\r?\n/)[0] ?? '';
  const delimiter = detectDelimiter(headerLine);
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < headerLine.length; i++) {
    const c = headerLine[i] as string;
    if (quoted) {
      if (c === '"' && headerLine[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === delimiter) {
      cells.push(cell.trim());
      cell = '';
    } else cell += c;
  }
  cells.push(cell.trim());
  return cells.map((header) => ({ header, field: fieldByNormalisedHeader.get(normaliseHeader(header)) }));
}

function headerMapper(columnMap: Record<string, string> | undefined) {
  return (headers: string[]): (ImportField | undefined)[] => {
    const fields = headers.map((h) => {
      const mapped = columnMap?.[h];
      if (mapped !== undefined) return mapped === '' ? undefined : (mapped as ImportField);
      return fieldByNormalisedHeader.get(normaliseHeader(h));
    });
    const seen = new Set<string>();
    for (const f of fields) {
      if (!f) continue;
      if (seen.has(f)) throw fileError('duplicate_column', { column: f });
      seen.add(f);
    }
    for (const required of ['email', 'name'] as const) if (!seen.has(required)) throw fileError('missing_column', { column: required });
    return fields;
  };
}

function csvProblem(error: CsvError, lastRecordLine: number): AppError {
  const line = typeof error.lines === 'number' ? error.lines : lastRecordLine + 1;
  switch (error.code) {
    // Both are detected at the end of the record or file; the record began after the last good one.
    case 'CSV_QUOTE_NOT_CLOSED':
      return fileError('unclosed_quote', { line: lastRecordLine + 1 });
    case 'CSV_MAX_RECORD_SIZE':
      return fileError('row_too_long', { line: lastRecordLine + 1 });
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
    case 'INVALID_OPENING_QUOTE':
      return fileError('invalid_quote', { line });
    case 'CSV_RECORD_INCONSISTENT_COLUMNS':
    case 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH': {
      const expected = Array.isArray(error.columns) ? error.columns.length : 0;
      const got = Array.isArray(error.record) ? error.record.length : 0;
      return fileError('column_count', { line, expected, got });
    }
    default:
      return fileError('malformed', { line });
  }
}

/** Parsed data rows with their 1-based number, as raw cell text keyed by field. */
async function* readRows(input: ImportInput, options: ImportOptions): AsyncGenerator<{ row: number; cells: Partial<Record<ImportField, string>> }> {
  const maxRows = options.maxRows ?? defaultMaxRows;
  const { headerLine, text } = await peekHeader(decodeText(input, options.maxBytes ?? defaultMaxBytes));
  if (headerLine.trim() === '') throw fileError('empty');
  const parser = parse({
    columns: headerMapper(options.columnMap),
    delimiter: detectDelimiter(headerLine),
    bom: true,
    skip_empty_lines: true,
    relax_column_count: false,
    trim: true,
    info: true,
    max_record_size: maxRecordSize,
  });
  // The callback only swallows the error here; the iteration below receives it.
  pipeline(Readable.from(text, { objectMode: false }), parser, () => {});
  let row = 0;
  let lastRecordLine = 1;
  try {
    for await (const item of parser as AsyncIterable<{ record: Partial<Record<ImportField, string>>; info: Info }>) {
      lastRecordLine = item.info.lines;
      row++;
      if (row > maxRows) throw fileError('too_many_rows', { max: maxRows });
      yield { row, cells: item.record };
    }
  } catch (error) {
    if (error instanceof Error && 'code' in error && typeof error.code === 'string' && /^(CSV_|INVALID_)/.test(error.code)) {
      throw csvProblem(error as CsvError, lastRecordLine);
    }
    throw error;
  } finally {
    parser.destroy();
  }
}

// ---------------------------------------------------------------------------------------------
// Validation of one row.

const stakeholderAliases: Record<string, string> = {
  intergovernmental: 'igo',
  intergovernmental_organisation: 'igo',
  intergovernmental_organization: 'igo',
  private: 'private_sector',
  civil: 'civil_society',
  technical: 'technical_community',
};

function normaliseStakeholderGroup(value: string): string {
  const v = value
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
  return stakeholderAliases[v] ?? v;
}

/** "FR", "fr-CA" and "fr_FR" all mean French; an empty cell means English. */
function normaliseLanguage(value: string): string {
  return value.trim().toLowerCase().split(/[-_]/)[0] ?? '';
}

type Given = Record<'memberState' | 'stakeholderGroup' | 'organisation' | 'title' | 'language', boolean>;

interface Candidate {
  row: number;
  email: string;
  columns: MemberColumns;
  given: Given;
}

// Report codes and catalog keys follow the CSV column names, so `jobTitle` (the schema's name) is `title`.
const reportField = (field: string) => (field === 'jobTitle' ? 'title' : field);
const shorten = (value: string) => (value.length > 60 ? `${value.slice(0, 59)}…` : value);

function validateRow(row: number, cells: Partial<Record<ImportField, string>>, t: Translator): Candidate | RejectedRow {
  const email = cells.email ?? '';
  const language = normaliseLanguage(cells.language ?? '');
  try {
    const columns = memberColumns({
      email,
      name: cells.name ?? '',
      memberState: cells.memberState ?? '',
      stakeholderGroup: normaliseStakeholderGroup(cells.stakeholderGroup ?? ''),
      organisation: cells.organisation ?? '',
      jobTitle: cells.title ?? '',
      language: language || 'en',
      source: cells.source ?? '',
    });
    const given: Given = {
      memberState: Boolean(cells.memberState),
      stakeholderGroup: Boolean(cells.stakeholderGroup),
      organisation: Boolean(cells.organisation),
      title: Boolean(cells.title),
      language: Boolean(language),
    };
    return { row, email: columns.email_display, columns, given };
  } catch (error) {
    if (isAppError(error, 'invalid_email')) {
      const { addressError, ...details } = error.details;
      return { row, email, code: String(addressError), reason: t(`address.error.${addressError}`, details) };
    }
    if (isAppError(error, 'invalid_input')) {
      const field = reportField(String(error.details.field));
      if (field === 'email') {
        // Only the schema's length cap fails here: far past the 254 octets an address may have.
        const details = { length: Buffer.byteLength(email), max: 254 };
        return { row, email: shorten(email), code: 'address_too_long', reason: t('address.error.address_too_long', details) };
      }
      const value = shorten(cells[field as ImportField] ?? '');
      return { row, email, code: `invalid_${field}`, reason: t(`import.reason.${field}`, { value }) };
    }
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// Queries. They take the transaction (or the database, in a dry run) first, as repositories do.

type Existing = Pick<
  MemberTable,
  'email_key' | 'email_display' | 'email_ascii' | 'name' | 'member_state' | 'stakeholder_group' | 'organisation' | 'job_title' | 'language' | 'status'
> & { id: number };

function findMembersByKeys(db: Executor, networkId: number, keys: string[]): Promise<Existing[]> {
  if (keys.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('members')
    .select(['id', 'email_key', 'email_display', 'email_ascii', 'name', 'member_state', 'stakeholder_group', 'organisation', 'job_title', 'language', 'status'])
    .where('network_id', '=', networkId)
    .where('email_key', 'in', keys)
    .execute();
}

/** The `erased:<sha256 of the key>` prefixes of erased members' tombstones (see member.service erase). */
async function erasedKeyHashes(db: Executor, networkId: number): Promise<Set<string>> {
  const rows = await db.selectFrom('members').select('email_key').where('network_id', '=', networkId).where('erased_at', 'is not', null).execute();
  return new Set(rows.map((r) => r.email_key.slice(0, r.email_key.lastIndexOf(':'))));
}

async function insertMembers(db: Executor, rows: Omit<MemberTable, 'id'>[]): Promise<{ id: number; email_key: string }[]> {
  if (rows.length === 0) return [];
  return db.insertInto('members').values(rows).returning(['id', 'email_key']).execute();
}

async function insertMemberEvents(
  db: Executor,
  events: { memberId: number; kind: string; fromStatus: MemberStatus | null; toStatus: MemberStatus | null; details: unknown }[],
  actorLabel: string,
  now: Date,
): Promise<void> {
  const at = now.toISOString();
  for (let i = 0; i < events.length; i += batchSize) {
    await db
      .insertInto('member_events')
      .values(
        events.slice(i, i + batchSize).map((e) => ({
          member_id: e.memberId,
          at,
          kind: e.kind,
          from_status: e.fromStatus,
          to_status: e.toStatus,
          actor_label: actorLabel,
          details: e.details === null ? null : JSON.stringify(e.details),
        })),
      )
      .execute();
  }
}

// ---------------------------------------------------------------------------------------------

/** The columns an import row would change on an existing member (empty when nothing changes). */
function changesFor(existing: Existing, c: Candidate): Partial<Omit<MemberTable, 'id'>> {
  const next = c.columns;
  const changes: Partial<Omit<MemberTable, 'id'>> = {};
  if (next.name !== existing.name) changes.name = next.name;
  if (c.given.memberState && next.member_state !== existing.member_state) {
    Object.assign(changes, {
      member_state: next.member_state,
      un_status: next.un_status,
      regional_group: next.regional_group,
      m49_region: next.m49_region,
      m49_subregion: next.m49_subregion,
    });
  }
  if (c.given.stakeholderGroup && next.stakeholder_group !== existing.stakeholder_group) changes.stakeholder_group = next.stakeholder_group;
  if (c.given.organisation && next.organisation !== existing.organisation) changes.organisation = next.organisation;
  if (c.given.title && next.job_title !== existing.job_title) changes.job_title = next.job_title;
  if (c.given.language && next.language !== existing.language) changes.language = next.language;
  if (changes.name !== undefined || changes.organisation !== undefined) {
    changes.search_text = searchable(
      changes.name ?? existing.name,
      existing.email_display,
      existing.email_ascii ?? '',
      changes.organisation ?? existing.organisation,
    );
  }
  return changes;
}

const changedFieldNames = (changes: Partial<Omit<MemberTable, 'id'>>) =>
  (['name', 'member_state', 'stakeholder_group', 'organisation', 'job_title', 'language'] as const).filter((f) => f in changes);

/**
 * Imports members from a CSV file (see the top of this file for the rules). A dry run validates and
 * reports without writing; a real run writes members, their history, confirmation jobs and an audit entry
 * in one transaction. Throws AppError('invalid_input', { field: 'file', problem }) for a file it refuses.
 */
export async function importMembers(deps: { db: Db; clock: Clock }, input: ImportInput, options: ImportOptions): Promise<ImportReport> {
  const basis = options.basis?.replace(/[\p{Cc}]/gu, ' ').trim() ?? '';
  if (options.status === 'subscribed' && basis === '') throw new AppError('invalid_input', { field: 'basis' });
  for (const [header, field] of Object.entries(options.columnMap ?? {})) {
    if (field !== '' && !(importFields as readonly string[]).includes(field)) throw new AppError('invalid_input', { field: 'columnMap', column: header });
  }
  const t = translator(options.locale ?? 'en');
  const now = deps.clock.now();
  const consent = options.status === 'subscribed' ? { method: 'import' as const, basis: basis.slice(0, 1000), version: 'import' } : undefined;

  const run = async (db: Executor, write: boolean): Promise<ImportReport> => {
    const report: ImportReport = { accepted: 0, updated: 0, duplicates: [], rejected: [] };
    const firstRowOf = new Map<string, number>();
    const erased = await erasedKeyHashes(db, options.networkId);

    const handleBatch = async (batch: { row: number; cells: Partial<Record<ImportField, string>> }[]) => {
      const candidates: Candidate[] = [];
      const duplicatesBefore = report.duplicates.length;
      for (const { row, cells } of batch) {
        const result = validateRow(row, cells, t);
        if (!('columns' in result)) {
          report.rejected.push(result);
          continue;
        }
        const key = result.columns.email_key;
        const firstRow = firstRowOf.get(key);
        if (firstRow !== undefined) {
          report.duplicates.push({ row, email: result.email, firstRow });
          continue;
        }
        if (erased.size > 0 && erased.has(`erased:${createHash('sha256').update(key).digest('hex')}`)) {
          report.rejected.push({ row, email: result.email, code: 'erased', reason: t('import.reason.erased') });
          continue;
        }
        firstRowOf.set(key, row);
        candidates.push(result);
      }

      const existing = new Map(
        (
          await findMembersByKeys(
            db,
            options.networkId,
            candidates.map((c) => c.columns.email_key),
          )
        ).map((m) => [m.email_key, m]),
      );
      const fresh: Candidate[] = [];
      const updates: { member: Existing; changes: Partial<Omit<MemberTable, 'id'>> }[] = [];
      for (const c of candidates) {
        const member = existing.get(c.columns.email_key);
        if (!member) {
          fresh.push(c);
          continue;
        }
        const changes = changesFor(member, c);
        if (Object.keys(changes).length === 0) report.duplicates.push({ row: c.row, email: c.email });
        else updates.push({ member, changes });
      }
      // Duplicates of this batch were found in two passes; the report lists rows in file order.
      const batchDuplicates = report.duplicates.splice(duplicatesBefore).sort((a, b) => a.row - b.row);
      report.duplicates.push(...batchDuplicates);
      report.accepted += fresh.length;
      report.updated += updates.length;
      if (!write) return;

      const inserted = await insertMembers(
        db,
        fresh.map((c) => newMemberRow(options.networkId, c.columns, options.status, now, consent)),
      );
      for (const { member, changes } of updates) {
        await db
          .updateTable('members')
          .set({ ...changes, updated_at: now.toISOString() })
          .where('id', '=', member.id)
          .execute();
      }
      await insertMemberEvents(
        db,
        [
          ...inserted.map((m) => ({
            memberId: m.id,
            kind: 'imported',
            fromStatus: null,
            toStatus: options.status,
            details: consent ? { basis: consent.basis } : null,
          })),
          ...updates.map((u) => ({
            memberId: u.member.id,
            kind: 'import_updated',
            fromStatus: null,
            toStatus: null,
            details: { changed: changedFieldNames(u.changes) },
          })),
        ],
        options.actorLabel,
        now,
      );
      if (options.status === 'pending') {
        // Queued in the same transaction: the worker sees the jobs exactly when it can see the members.
        await insertJobs(
          db,
          inserted.map((m) => ({ lane: 'priority', name: memberEmailJobName, payload: { memberId: m.id, kind: 'confirmation' }, maxAttempts: 8, runAt: now })),
          now,
        );
      }
    };

    let batch: { row: number; cells: Partial<Record<ImportField, string>> }[] = [];
    let rows = 0;
    for await (const item of readRows(input, options)) {
      rows = item.row;
      // A spreadsheet's trailing ",,,," rows are blank, not members with no email.
      if (Object.values(item.cells).every((v) => !v)) continue;
      batch.push(item);
      if (batch.length >= batchSize) {
        await handleBatch(batch);
        batch = [];
        options.onProgress?.(rows);
      }
    }
    await handleBatch(batch);
    options.onProgress?.(rows);

    if (write && options.actor) {
      await insertAuditEvent(
        db,
        {
          actorStaffId: options.actor.staffId,
          actorLabel: options.actor.label,
          action: 'member.import',
          details: {
            status: options.status,
            accepted: report.accepted,
            updated: report.updated,
            duplicates: report.duplicates.length,
            rejected: report.rejected.length,
          },
          ip: options.actor.ip ?? null,
        },
        now,
      );
    }
    return report;
  };

  if (options.dryRun) return run(deps.db, false);
  return deps.db.transaction().execute((trx) => run(trx, true));
}
