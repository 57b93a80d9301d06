/**
 * The reading half of the CSV import (see member-import.ts for the rules): decoding, the header, parsing,
 * validating each row, and finding the rows a file repeats. It needs no database, so it can run in a worker
 * thread (member-import.worker.ts) while the importing thread writes the previous batch.
 */
import { createHash } from 'node:crypto';
import { pipeline, Readable } from 'node:stream';
import { type CsvError, type Info, parse } from 'csv-parse';
import type { AddressBoundary } from '../../address/email-address.ts';
import { AppError, isAppError } from '../../errors/app-error.ts';
import { type Locale, type Translator, translator } from '../../i18n/i18n.ts';
import { memberStateCodeOf } from './member-geography.ts';
import { type MemberColumns, memberColumns } from './member-record.ts';

/** What a CSV column can hold; the header names them (case, spaces, `-` and `_` do not matter). */
export const importFields = ['email', 'name', 'memberState', 'stakeholderGroup', 'organisation', 'title', 'language', 'source'] as const;
export type ImportField = (typeof importFields)[number];

/** A CSV file as bytes (checked to be UTF-8), a stream of them, or text already decoded. */
export type ImportInput = string | Uint8Array | AsyncIterable<Uint8Array | string>;

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

/** What the reading half needs to know: plain data, so it can be posted to a worker. */
export interface ReadSettings {
  /** CSV header → field name (from the admin's column mapping); a header mapped to '' is ignored. */
  columnMap?: Record<string, string>;
  /** The language of the rejected rows' reasons. */
  locale: Locale;
  /** How addresses are read (an import: strict). */
  boundary: AddressBoundary;
  maxBytes?: number;
  maxRows?: number;
}

export const defaultMaxBytes = 32 * 1024 * 1024;
const defaultMaxRows = 200_000;
/** Rows validated between two turns of the event loop: a cold start validates about 2,000 rows a second. */
const rowsPerTurn = 100;
/** Lets requests in: SQLite's queries and a parse of buffered text never wait on I/O, so nothing else would. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
// Longer than any honest row (eight fields of at most 1000 characters); stops an unclosed quote from swallowing the file.
const maxRecordSize = 64 * 1024;

/** An AppError for a file-level problem. */
function fileError(problem: string, details: Record<string, string | number> = {}): AppError {
  return new AppError('invalid_input', { field: 'file', problem, ...details });
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

/**
 * The text of an uploaded file, checked as `importMembers` checks it (size, UTF-8, UTF-16, workbook, NUL
 * bytes) but not parsed, so it is quick enough for a request; the parse is the dry run's.
 */
export async function decodeImportFile(bytes: Uint8Array, maxBytes = defaultMaxBytes): Promise<string> {
  let text = '';
  for await (const piece of decodeText(bytes, maxBytes)) text += piece;
  return text;
}

/**
 * Re-cuts text into pieces of about 64 KB: the parser handles each piece it is given in one go, so a whole
 * file given at once would hold the event loop for seconds. A cut never splits a surrogate pair.
 */
async function* inPieces(chunks: AsyncIterable<string>, size = 64 * 1024): AsyncGenerator<string> {
  for await (const chunk of chunks) {
    for (let start = 0; start < chunk.length; ) {
      let end = Math.min(chunk.length, start + size);
      const last = chunk.charCodeAt(end - 1);
      if (end < chunk.length && last >= 0xd800 && last <= 0xdbff) end--;
      yield chunk.slice(start, end);
      start = end;
    }
  }
}

/** Picks the delimiter from the header line: a comma, or the semicolon or tab some spreadsheets export. */
export function detectDelimiter(headerLine: string): string {
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
  const headerLine = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
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

/** Parsed data rows as raw cell text keyed by field, with their spreadsheet row number and how many data rows were read. */
async function* readRows(
  input: ImportInput,
  settings: ReadSettings,
): AsyncGenerator<{ row: number; read: number; cells: Partial<Record<ImportField, string>> }> {
  const maxRows = settings.maxRows ?? defaultMaxRows;
  const { headerLine, text } = await peekHeader(decodeText(input, settings.maxBytes ?? defaultMaxBytes));
  if (headerLine.trim() === '') throw fileError('empty');
  const parser = parse({
    columns: headerMapper(settings.columnMap),
    delimiter: detectDelimiter(headerLine),
    bom: true,
    skip_empty_lines: true,
    relax_column_count: false,
    trim: true,
    info: true,
    max_record_size: maxRecordSize,
  });
  // The callback only swallows the error here; the iteration below receives it.
  pipeline(Readable.from(inPieces(text), { objectMode: false }), parser, () => {});
  let read = 0;
  let lastRecordLine = 1;
  try {
    for await (const item of parser as AsyncIterable<{ record: Partial<Record<ImportField, string>>; info: Info }>) {
      lastRecordLine = item.info.lines;
      read++;
      if (read > maxRows) throw fileError('too_many_rows', { max: maxRows });
      // Staff look rows up in a spreadsheet, which shows the header and the blank lines the parser skips.
      yield { row: 1 + item.info.records + item.info.empty_lines, read, cells: item.record };
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

/** Which of the cells that may fill an existing member's empty fields a row gave. */
export type Given = Record<'memberState' | 'stakeholderGroup' | 'organisation' | 'title' | 'language', boolean>;

/** A valid row: the member it would create, or the fields it gives an existing one. */
export interface Candidate {
  row: number;
  email: string;
  columns: MemberColumns;
  given: Given;
}

// Report codes and catalog keys follow the CSV column names, so `jobTitle` (the schema's name) is `title`.
const reportField = (field: string) => (field === 'jobTitle' ? 'title' : field);
const shorten = (value: string) => (value.length > 60 ? `${value.slice(0, 59)}…` : value);

function validateRow(row: number, cells: Partial<Record<ImportField, string>>, t: Translator, boundary: AddressBoundary): Candidate | RejectedRow {
  const email = cells.email ?? '';
  const language = normaliseLanguage(cells.language ?? '');
  try {
    const fields = {
      email,
      name: cells.name ?? '',
      // A code or a name in any of the six languages; what matches nothing goes on as typed, for the row's reason.
      memberState: memberStateCodeOf(cells.memberState ?? '') ?? cells.memberState ?? '',
      stakeholderGroup: normaliseStakeholderGroup(cells.stakeholderGroup ?? ''),
      organisation: cells.organisation ?? '',
      jobTitle: cells.title ?? '',
      language: language || 'en',
      source: cells.source ?? '',
    };
    const columns = memberColumns(fields, boundary);
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
// Batches of validated rows, as the writing half takes them.

/** The columns a row of the file gives a member, in the order of `memberColumnValues`. */
export const importedColumns = [
  'email_input',
  'email_display',
  'email_ascii',
  'email_key',
  'name',
  'member_state',
  'un_status',
  'regional_group',
  'm49_region',
  'm49_subregion',
  'stakeholder_group',
  'organisation',
  'job_title',
  'language',
  'source',
  'search_text',
] as const satisfies readonly (keyof MemberColumns)[];

/** A member's columns as one array of values, in `importedColumns` order. */
export function memberColumnValues(columns: MemberColumns): (string | null)[] {
  return importedColumns.map((column) => columns[column]);
}

type ListedColumns = { [K in (typeof importedColumns)[number]]: MemberColumns[K] };

/** The columns back from `memberColumnValues`. */
export function columnsFromValues(values: readonly (string | null)[]): MemberColumns {
  const columns = Object.fromEntries(importedColumns.map((column, i) => [column, values[i] ?? null])) as ListedColumns;
  // ListedColumns is a MemberColumns only while the list names every column: one added there and not here fails to compile.
  return columns;
}

const givenFields = ['memberState', 'stakeholderGroup', 'organisation', 'title', 'language'] as const;
const givenBits = (given: Given) => givenFields.reduce((bits, field, i) => (given[field] ? bits | (1 << i) : bits), 0);
/** The Given of a row from its bits in a ValidatedBatch. */
export const givenFromBits = (bits: number): Given => Object.fromEntries(givenFields.map((field, i) => [field, (bits & (1 << i)) !== 0])) as Given;

/**
 * A batch of the file's data rows, read and sorted: the rows refused, the rows repeating an earlier row of the
 * file, and the valid rows left (candidates), in file order. Candidates travel as arrays and one JSON text,
 * which a worker posts cheaply and a bulk insert takes as it is.
 */
export interface ValidatedBatch {
  /** Data rows read so far, blank ones included (progress). */
  read: number;
  rejected: RejectedRow[];
  /** Rows whose member an earlier row of the file already gave (`firstRow`). */
  duplicates: DuplicateRow[];
  candidates: {
    rows: number[];
    /** The display form of each address, for the report. */
    emails: string[];
    /** Dedupe keys. */
    keys: string[];
    /** Each row's Given, as bits (givenFromBits). */
    given: number[];
    /** A JSON array holding each row's memberColumnValues. */
    columns: string;
  };
}

/** Non-blank data rows in a batch: one lookup and one insert statement each. */
export const batchSize = 500;

/**
 * Reads the file and yields it in batches of `batchSize` non-blank rows (the last one possibly empty), each row
 * sorted as rejected, duplicate or candidate. `erased` holds the `erased:<sha256 of key>` prefixes of erased
 * members, whose rows are rejected; it is awaited only when the first row needs it, so reading starts at once.
 * Throws AppError('invalid_input', { field: 'file', … }) for a file it refuses.
 */
export async function* readImportBatches(input: ImportInput, settings: ReadSettings, erased: Promise<ReadonlySet<string>>): AsyncGenerator<ValidatedBatch> {
  const t = translator(settings.locale);
  const firstRowOf = new Map<string, number>();
  let erasedKeys: ReadonlySet<string> | undefined;
  const emptyBatch = (read: number): ValidatedBatch => ({
    read,
    rejected: [],
    duplicates: [],
    candidates: { rows: [], emails: [], keys: [], given: [], columns: '' },
  });
  let batch = emptyBatch(0);
  let values: (string | null)[][] = [];
  const finish = (): ValidatedBatch => {
    batch.candidates.columns = JSON.stringify(values);
    values = [];
    return batch;
  };
  let inBatch = 0;
  for await (const item of readRows(input, settings)) {
    batch.read = item.read;
    // A spreadsheet's trailing ",,,," rows are blank, not members with no email.
    if (Object.values(item.cells).every((v) => !v)) continue;
    if (inBatch > 0 && inBatch % rowsPerTurn === 0) await nextTurn();
    inBatch++;
    const result = validateRow(item.row, item.cells, t, settings.boundary);
    if (!('columns' in result)) batch.rejected.push(result);
    else {
      const key = result.columns.email_key;
      const firstRow = firstRowOf.get(key);
      erasedKeys ??= await erased;
      if (firstRow !== undefined) batch.duplicates.push({ row: result.row, email: result.email, firstRow });
      else if (erasedKeys.size > 0 && erasedKeys.has(`erased:${createHash('sha256').update(key).digest('hex')}`)) {
        batch.rejected.push({ row: result.row, email: result.email, code: 'erased', reason: t('import.reason.erased') });
      } else {
        firstRowOf.set(key, result.row);
        const c = batch.candidates;
        c.rows.push(result.row);
        c.emails.push(result.email);
        c.keys.push(key);
        c.given.push(givenBits(result.given));
        values.push(memberColumnValues(result.columns));
      }
    }
    if (inBatch === batchSize) {
      yield finish();
      batch = emptyBatch(batch.read);
      inBatch = 0;
      await nextTurn();
    }
  }
  yield finish();
}
