/**
 * Member import from CSV: `plenary members import` and the admin upload share this one function.
 *
 * The file is streamed (decoded as strict UTF-8, parsed by csv-parse) and handled in batches of 500
 * rows: each batch is validated (member-import-rows.ts), looked up with one `email_key in (…)` query, and
 * written with one INSERT for its members and one for their history (member-import.repository.ts). A large
 * file is read and validated in a worker thread while this thread writes (member-import-thread.ts). All
 * writes happen in ONE transaction, so malformed CSV on line 90,000, a database error or a crash leaves the
 * members table exactly as it was; the tally triggers are suspended in it and the tallies counted per
 * statement (member-tally.repository.ts). Memory grows only with the set of addresses seen (needed to find
 * duplicates inside the file), a few batches read ahead, and the report itself.
 *
 * How a data row is classified (each row lands in exactly one bucket):
 * - rejected: a field is not valid (see `RejectedRow.code`), or the address belongs to an erased member.
 * - duplicate: the same member — by the address module's dedupe key — already appeared in an earlier row
 *   of this file (`firstRow` names that row; the later row is ignored even if its other fields differ),
 *   or the member exists and the row would change none of their fields (no `firstRow`).
 * - updated: the member exists and the row fills a field of theirs that is empty (member state, stakeholder
 *   group, organisation, title) — or, with `overwrite`, changes their name, member state, stakeholder group,
 *   organisation or title. An empty cell means "not given" and never clears a stored value. The report lists
 *   each updated member with every field that changes, old → new (`changes`, the first `maxListedChanges`).
 *   What the member chose themselves is never overwritten: their language, status, consent and source. An
 *   import never downgrades a subscribed member to pending, never resubscribes someone who unsubscribed,
 *   and never upgrades a pending member to subscribed.
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
import type { Kysely } from 'kysely';
import type { Clock } from '../../clock.ts';
import type { Config } from '../../config/config.ts';
import type { Database, Db } from '../../db/database.ts';
import { AppError, isAppError } from '../../errors/app-error.ts';
import type { Locale, Translator } from '../../i18n/i18n.ts';
import { insertJobs } from '../../jobs/job.repository.ts';
import { cleanLine } from '../../security/human-text.ts';
import { insertAuditEvent } from '../audit/audit.repository.ts';
import type { Actor } from '../audit/audit.service.ts';
import type { FieldChange } from './member.service.ts';
import type { MemberTable } from './member.table.ts';
import {
  type ExistingMember,
  erasedKeyHashes,
  findMembersByKeys,
  insertImportedEvents,
  insertImportedMembers,
  insertMemberEvents,
  refreshPlannerStatistics,
} from './member-import.repository.ts';
import {
  type Candidate,
  columnsFromValues,
  type DuplicateRow,
  defaultMaxBytes,
  givenFromBits,
  type ImportInput,
  importFields,
  type RejectedRow,
  type ValidatedBatch,
} from './member-import-rows.ts';
import { type ReadingThread, readBatches } from './member-import-thread.ts';
import { type MemberColumns, memberAddressBoundary, newMemberRow, searchable } from './member-record.ts';
import { addTallies, countRow, countTallies, suspendTallyTriggers, type TallyCounts } from './member-tally.repository.ts';

export {
  csvHeaders,
  type DuplicateRow,
  decodeImportFile,
  detectDelimiter,
  type ImportField,
  type ImportInput,
  importFields,
  type RejectedRow,
} from './member-import-rows.ts';

type Executor = Kysely<Database>;

export interface ImportOptions {
  networkId: number;
  dryRun: boolean;
  /** `subscribed` needs `basis`: the lawful basis staff state for consent given elsewhere. */
  status: 'pending' | 'subscribed';
  basis?: string;
  /** Replace existing members' name, member state, stakeholder group, organisation and title; by default only empty fields are filled. */
  overwrite?: boolean;
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
  /**
   * Where rows are read and validated: 'worker', a worker thread, so that reading the next rows overlaps
   * writing these on another core (it takes a few hundred milliseconds to start), or 'here'. By default a
   * worker for text or bytes over `workerFrom`, here otherwise (a stream's size is unknown: its caller says).
   */
  readingThread?: ReadingThread;
}

/** Input at least this large is read in a worker thread unless `readingThread` says otherwise. */
export const workerFrom = 1024 * 1024;

/** An existing member an import changes, with each field old → new. */
export interface UpdatedMember {
  row: number;
  email: string;
  fields: FieldChange[];
}

/**
 * What an import did (or, in a dry run, would do). `row` numbers a row as a spreadsheet shows the file: the header
 * is row 1, the first data row 2, and blank lines count (a quoted cell over several lines is one row).
 */
export interface ImportReport {
  accepted: number;
  updated: number;
  duplicates: DuplicateRow[];
  rejected: RejectedRow[];
  /** The updated members (the first `maxListedChanges`; `updated` counts them all). */
  changes: UpdatedMember[];
}

/** How many updated members a report lists by name; beyond that only the count grows, so the report stays small. */
export const maxListedChanges = 1000;

/** A translated sentence for an error `importMembers` threw (a file problem or a bad option), or null for other errors. */
export function describeImportError(error: unknown, t: Translator): string | null {
  if (!isAppError(error, 'invalid_input')) return null;
  if (error.details.field === 'file') return t(`import.file.${error.details.problem}`, error.details);
  if (error.details.field === 'basis') return t('import.option.basis');
  if (error.details.field === 'columnMap') return t('import.option.columnMap', error.details);
  return null;
}

// ---------------------------------------------------------------------------------------------

/**
 * The columns an import row would change on an existing member (empty when nothing changes): empty fields
 * only, unless `overwrite`. Never the language, status, consent or source: those are the member's choices.
 */
function changesFor(existing: ExistingMember, c: Pick<Candidate, 'columns' | 'given'>, overwrite: boolean): Partial<Omit<MemberTable, 'id'>> {
  const next = c.columns;
  const changes: Partial<Omit<MemberTable, 'id'>> = {};
  const may = (given: boolean, empty: boolean) => given && (overwrite || empty);
  if (overwrite && next.name !== existing.name) changes.name = next.name;
  if (may(c.given.memberState, existing.member_state === null) && next.member_state !== existing.member_state) {
    Object.assign(changes, {
      member_state: next.member_state,
      un_status: next.un_status,
      regional_group: next.regional_group,
      m49_region: next.m49_region,
      m49_subregion: next.m49_subregion,
    });
  }
  if (may(c.given.stakeholderGroup, existing.stakeholder_group === null) && next.stakeholder_group !== existing.stakeholder_group) {
    changes.stakeholder_group = next.stakeholder_group;
  }
  if (may(c.given.organisation, existing.organisation === '') && next.organisation !== existing.organisation) changes.organisation = next.organisation;
  if (may(c.given.title, existing.job_title === '') && next.job_title !== existing.job_title) changes.job_title = next.job_title;
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

/** Each changed field, old → new, in the form member histories use. */
const fieldChangesOf = (existing: ExistingMember, changes: Partial<Omit<MemberTable, 'id'>>): FieldChange[] =>
  (['name', 'member_state', 'stakeholder_group', 'organisation', 'job_title'] as const)
    .filter((f) => f in changes)
    .map((field) => ({ field, from: existing[field], to: changes[field] ?? null }));

/** New members after which a large import refreshes the planner's statistics (see refreshPlannerStatistics). */
const statisticsAfter = 2000;

/** Where an import reads rows when the caller does not say: a worker for large text or bytes. */
function defaultReadingThread(input: ImportInput): ReadingThread {
  const size = typeof input === 'string' ? input.length : input instanceof Uint8Array ? input.byteLength : 0;
  return size >= workerFrom ? 'worker' : 'here';
}

interface Update {
  member: ExistingMember;
  changes: Partial<Omit<MemberTable, 'id'>>;
  fields: FieldChange[];
}

/**
 * Imports members from a CSV file (see the top of this file for the rules). A dry run validates and
 * reports without writing; a real run writes members, their history, confirmation jobs and an audit entry
 * in one transaction. Throws AppError('invalid_input', { field: 'file', problem }) for a file it refuses.
 */
export async function importMembers(
  deps: { db: Db; clock: Clock; config?: Pick<Config, 'allowSpecialUseDomains'> },
  input: ImportInput,
  options: ImportOptions,
): Promise<ImportReport> {
  // A file carries exactly what it holds: blanks or a line break around an address there are broken data.
  const boundary = memberAddressBoundary(deps.config, 'strict');
  const basis = cleanLine(options.basis ?? '');
  if (options.status === 'subscribed' && basis === '') throw new AppError('invalid_input', { field: 'basis' });
  for (const [header, field] of Object.entries(options.columnMap ?? {})) {
    if (field !== '' && !(importFields as readonly string[]).includes(field)) throw new AppError('invalid_input', { field: 'columnMap', column: header });
  }
  const settings = {
    columnMap: options.columnMap,
    locale: options.locale ?? 'en',
    boundary,
    maxBytes: options.maxBytes ?? defaultMaxBytes,
    maxRows: options.maxRows,
  };
  const thread = options.readingThread ?? defaultReadingThread(input);
  const now = deps.clock.now();
  const consent = options.status === 'subscribed' ? { method: 'import' as const, basis: basis.slice(0, 1000), version: 'import' } : undefined;
  // What every new member of this import shares: all of a new members row but the columns its CSV row gives.
  const { network_id, consent_version, consent_at, consent_method, consent_basis, status, status_at, created_at, updated_at } = newMemberRow(
    options.networkId,
    {} as MemberColumns,
    options.status,
    now,
    consent,
  );
  const shared = { network_id, consent_version, consent_at, consent_method, consent_basis, status, status_at, created_at, updated_at };

  const run = async (db: Executor, write: boolean): Promise<ImportReport> => {
    const report: ImportReport = { accepted: 0, updated: 0, duplicates: [], rejected: [], changes: [] };
    // First, so the write lock is taken before anything is read.
    const resumeTallies = write ? await suspendTallyTriggers(db) : undefined;
    // New members are counted here as they are inserted and added to the tallies at the end, one upsert per
    // tally: each statement moves every tally it touches, and on PostgreSQL each move leaves a row version the
    // next one steps over until commit. (No later row of the file changes a member this import created: the
    // file's repeats are duplicates.)
    const counts: TallyCounts = new Map();
    const erased = erasedKeyHashes(db, options.networkId).then((hashes) => new Set(hashes));
    // The reader awaits it at the first valid row; a file without one must not leave its failure unhandled.
    erased.catch(() => {});

    /** Sorts a batch's candidates into new members and changes to existing ones, and adds them to the report. */
    const sortBatch = async (batch: ValidatedBatch): Promise<{ freshColumns: string; fresh: (string | null)[][]; updates: Update[] }> => {
      const c = batch.candidates;
      report.rejected.push(...batch.rejected);
      const existing = new Map((await findMembersByKeys(db, options.networkId, c.keys)).map((m) => [m.email_key, m]));
      const values = JSON.parse(c.columns) as (string | null)[][];
      if (existing.size === 0) {
        report.duplicates.push(...batch.duplicates);
        report.accepted += c.rows.length;
        return { freshColumns: c.columns, fresh: values, updates: [] };
      }
      const fresh: (string | null)[][] = [];
      const unchanged: DuplicateRow[] = [];
      const updates: Update[] = [];
      c.rows.forEach((row, i) => {
        const member = existing.get(c.keys[i] as string);
        if (!member) {
          fresh.push(values[i] as (string | null)[]);
          return;
        }
        const changes = changesFor(
          member,
          { columns: columnsFromValues(values[i] as (string | null)[]), given: givenFromBits(c.given[i] as number) },
          options.overwrite === true,
        );
        if (Object.keys(changes).length === 0) {
          unchanged.push({ row, email: c.emails[i] as string });
          return;
        }
        const fields = fieldChangesOf(member, changes);
        updates.push({ member, changes, fields });
        if (report.changes.length < maxListedChanges) report.changes.push({ row, email: member.email_display, fields });
      });
      // The report lists duplicates in file order: those of the file and those of existing members, merged.
      report.duplicates.push(...[...batch.duplicates, ...unchanged].sort((a, b) => a.row - b.row));
      report.accepted += fresh.length;
      report.updated += updates.length;
      return { freshColumns: JSON.stringify(fresh), fresh, updates };
    };

    const writeBatch = async ({ freshColumns, fresh, updates }: Awaited<ReturnType<typeof sortBatch>>) => {
      const inserted = fresh.length > 0 ? await insertImportedMembers(db, freshColumns, shared) : [];
      for (const values of fresh) countRow(counts, { ...columnsFromValues(values), status_at: shared.status_at });
      // Ids follow the file's order; the history and the jobs keep it.
      const ids = inserted.map((m) => m.id).sort((a, b) => a - b);
      if (updates.length > 0) {
        const updatedIds = updates.map((u) => u.member.id);
        await countTallies(db, updatedIds, -1);
        for (const { member, changes } of updates) {
          await db
            .updateTable('members')
            .set({ ...changes, updated_at: now.toISOString() })
            .where('id', '=', member.id)
            .execute();
        }
        await countTallies(db, updatedIds, 1);
      }
      await insertImportedEvents(db, ids, {
        at: now.toISOString(),
        toStatus: options.status,
        actorLabel: options.actorLabel,
        details: consent ? JSON.stringify({ basis: consent.basis }) : null,
      });
      await insertMemberEvents(
        db,
        updates.map((u) => ({ memberId: u.member.id, kind: 'import_updated', fromStatus: null, toStatus: null, details: { changes: u.fields } })),
        options.actorLabel,
        now,
      );
      if (options.status === 'pending') {
        // Loaded here: the job's module brings the mail composer, which a subscribed import never needs.
        const { memberEmailJobName } = await import('./member-email.job.ts');
        // Queued in the same transaction: the worker sees the jobs exactly when it can see the members.
        await insertJobs(
          db,
          ids.map((memberId) => ({
            lane: 'priority',
            name: memberEmailJobName,
            payload: { memberId, kind: 'confirmation' },
            maxAttempts: 8,
            runAt: now,
          })),
          now,
        );
      }
    };

    let written = 0;
    for await (const batch of readBatches(thread, input, settings, erased)) {
      const sorted = await sortBatch(batch);
      if (write) {
        await writeBatch(sorted);
        const before = written;
        written += sorted.fresh.length;
        // Once, when the import has written its first rows: enough for the planner to see what it is writing.
        if (before < statisticsAfter && written >= statisticsAfter) await refreshPlannerStatistics(db);
      }
      options.onProgress?.(batch.read);
    }
    if (write) await addTallies(db, options.networkId, options.status, counts);
    await resumeTallies?.();

    if (write && options.actor) {
      await insertAuditEvent(
        db,
        {
          actorStaffId: options.actor.staffId,
          actorLabel: options.actor.label,
          action: 'member.import',
          details: {
            status: options.status,
            overwrite: options.overwrite === true,
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
