import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { systemClock } from '../clock.ts';
import type { Config } from '../config/config.ts';
import { createDb, type DatabaseHandle } from '../db/database.ts';
import { migrateToLatest } from '../db/migrator.ts';
import { cliActor } from '../domains/audit/audit.service.ts';
import type { MemberFilters } from '../domains/members/member.repository.ts';
import { memberStatuses, stakeholderGroups } from '../domains/members/member.table.ts';
import type { ExportFormat } from '../domains/members/member-export.ts';
import { memberStateCodeOf } from '../domains/members/member-geography.ts';
import type { ImportReport } from '../domains/members/member-import.ts';
import { sourceTag } from '../domains/members/member-record.ts';
import { regionalGroups } from '../domains/members/member-states.data.ts';
import { findCurrentNetwork } from '../domains/site/site.repository.ts';
import { ensureNetwork } from '../domains/site/site.service.ts';
import { isAppError } from '../errors/app-error.ts';
import { locales, translator } from '../i18n/i18n.ts';
import { UsageError } from './usage-error.ts';

// Operators read the CLI in English, as main.ts does for errors.
const t = translator('en');
const shownRejections = 10;

/** Writes a one-line progress counter on stderr when a person is watching (rule 9); returns the function that clears it. */
function progress(key: string): { update(count: number): void; done(): void } {
  const tty = process.stderr.isTTY === true;
  return {
    update: (count) => {
      if (tty) process.stderr.write(`\r${t(key, { count })}`);
    },
    done: () => {
      if (tty) process.stderr.write('\r\x1b[K');
    },
  };
}

/**
 * The database with its schema brought up to date. Imports and exports need nothing else of the runtime: not
 * loading its mail transports and job definitions (nodemailer, announcements, sign-in) saves a tenth of the
 * command's start-up, and each command loads its own module when it runs.
 */
async function openDatabase(config: Config): Promise<DatabaseHandle> {
  const handle = await createDb({ url: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrateToLatest(handle.db);
  } catch (error) {
    await handle.close();
    throw error;
  }
  return handle;
}

/** `plenary members import|export …` */
export async function membersCommand(config: Config, args: string[]): Promise<void> {
  const [command, ...rest] = args;
  if (command === 'import') return importCommand(config, rest);
  if (command === 'export') return exportCommand(config, rest);
  throw new UsageError(`unknown members command "${command ?? ''}" (try: plenary members import FILE.csv, or plenary members export)`);
}

function summary(report: ImportReport, dryRun: boolean): string {
  const counts = { accepted: report.accepted, updated: report.updated, duplicates: report.duplicates.length, rejected: report.rejected.length };
  const lines = [t(dryRun ? 'import.summary.dryRun' : 'import.summary.done', counts)];
  for (const r of report.rejected.slice(0, shownRejections))
    lines.push(`  ${t('import.summary.rejectedRow', { row: r.row, email: r.email, reason: r.reason })}`);
  if (report.rejected.length > shownRejections) lines.push(`  ${t('import.summary.moreRejected', { count: report.rejected.length - shownRejections })}`);
  return `${lines.join('\n')}\n`;
}

/** `plenary members import FILE.csv [--dry-run] [--json] [--status pending|subscribed] [--basis TEXT] [--overwrite]`; FILE `-` reads stdin. */
async function importCommand(config: Config, args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      'dry-run': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      status: { type: 'string', default: 'pending' },
      basis: { type: 'string' },
      // Without it an import only fills existing members' empty fields; never their language or consent.
      overwrite: { type: 'boolean', default: false },
    },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== 1) throw new UsageError('members import: give exactly one CSV file (or - for stdin)');
  const status = values.status;
  if (status !== 'pending' && status !== 'subscribed') throw new UsageError('members import: --status must be pending or subscribed');
  const basis = values.basis?.trim();
  if (status === 'subscribed' && !basis) throw new UsageError('members import: --status subscribed needs --basis TEXT, the lawful basis for their consent');
  if (status === 'pending' && basis) throw new UsageError('members import: --basis is only for --status subscribed');
  const file = positionals[0]!;
  let size: number | undefined;
  if (file !== '-') {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(file);
    } catch (error) {
      throw new Error(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
    }
    if (!stat.isFile()) throw new Error(`cannot read ${file}: not a file`);
    size = stat.size;
  }
  const { describeImportError, importMembers, workerFrom } = await import('../domains/members/member-import.ts');
  const { prepareReadingThread } = await import('../domains/members/member-import-thread.ts');

  // A file over 1 MiB, or stdin, is read in a worker thread; its code is bundled while the database opens.
  const readingThread = file === '-' || (size ?? 0) >= workerFrom ? 'worker' : 'here';
  if (readingThread === 'worker') prepareReadingThread();
  const handle = await openDatabase(config);
  const meter = progress('import.progress');
  try {
    const deps = { db: handle.db, clock: systemClock, config };
    const network = await ensureNetwork(deps, config.networkName);
    const input = file === '-' ? process.stdin : fs.createReadStream(file, { highWaterMark: 1024 * 1024 });
    let report: ImportReport;
    try {
      report = await importMembers(deps, input, {
        networkId: network.id,
        dryRun: values['dry-run'] ?? false,
        status,
        basis,
        overwrite: values.overwrite ?? false,
        actorLabel: cliActor.label,
        actor: cliActor,
        onProgress: meter.update,
        readingThread,
      });
    } catch (error) {
      meter.done();
      const message = describeImportError(error, t);
      if (message === null || !isAppError(error)) throw error;
      if (values.json) process.stdout.write(`${JSON.stringify({ error: { code: error.code, ...error.details, message } })}\n`);
      // main.ts would print the generic invalid_input sentence; this one says what is wrong with the file.
      throw new Error(message);
    }
    meter.done();
    process.stdout.write(values.json ? `${JSON.stringify(report)}\n` : summary(report, values['dry-run'] ?? false));
  } finally {
    await handle.close();
  }
}

function oneOf<T extends string>(option: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`members export: --${option} must be one of ${allowed.join(', ')}`);
  return value as T;
}

/** `plenary members export [--format csv|json] [--bom] [--labels LOCALE] [--output FILE] [filters]`, streamed to stdout or FILE. */
async function exportCommand(config: Config, args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      format: { type: 'string', default: 'csv' },
      bom: { type: 'boolean', default: false },
      labels: { type: 'string' },
      output: { type: 'string', short: 'o' },
      status: { type: 'string' },
      'member-state': { type: 'string' },
      'regional-group': { type: 'string' },
      'stakeholder-group': { type: 'string' },
      language: { type: 'string' },
      source: { type: 'string' },
      search: { type: 'string' },
    },
    allowPositionals: false,
    strict: true,
  });
  const format = oneOf<ExportFormat>('format', values.format, ['csv', 'json'])!;
  // Column names and coded values of a CSV in one of the six languages, for people rather than an import.
  const labels = oneOf('labels', values.labels, locales);
  const memberState = values['member-state'] === undefined ? undefined : memberStateCodeOf(values['member-state']);
  if (memberState === null)
    throw new UsageError('members export: --member-state takes a two-letter ISO 3166-1 code or a name in one of the six UN languages, such as KE or Kenya');
  let source: string | undefined;
  if (values.source !== undefined) {
    const parsed = sourceTag.safeParse(values.source);
    if (!parsed.success) throw new UsageError('members export: --source takes a source tag (letters, digits, - and _)');
    source = parsed.data;
  }
  const filters: MemberFilters = {
    status: oneOf('status', values.status, memberStatuses),
    memberState,
    regionalGroup: oneOf('regional-group', values['regional-group'], regionalGroups),
    stakeholderGroup: oneOf('stakeholder-group', values['stakeholder-group'], stakeholderGroups),
    language: oneOf('language', values.language, locales),
    source,
    q: values.search?.trim() || undefined,
  };

  const { exportMembers } = await import('../domains/members/member-export.ts');
  const handle = await openDatabase(config);
  const meter = progress('export.progress');
  // Written next to the target and renamed at the end, so FILE is never a half-written export.
  const partial = values.output ? path.join(path.dirname(values.output), `.${path.basename(values.output)}.${process.pid}.partial`) : null;
  try {
    const network = await findCurrentNetwork(handle.db);
    // Before the first start there is no network: nothing matches id 0, so the export is empty.
    const stream = exportMembers(handle.db, network?.id ?? 0, filters, format, { bom: values.bom, labels, onProgress: meter.update });
    if (partial && values.output) {
      await pipeline(stream, fs.createWriteStream(partial, { flags: 'wx' }));
      fs.renameSync(partial, values.output);
    } else {
      // pipeline waits on stdout's backpressure; { end: false } leaves stdout open for the process to close.
      await pipeline(stream, process.stdout, { end: false }).catch((error: NodeJS.ErrnoException) => {
        // `plenary members export | head` closes the pipe early; that is the reader's choice, not a failure.
        if (error.code !== 'EPIPE') throw error;
      });
    }
    meter.done();
  } catch (error) {
    meter.done();
    if (partial) fs.rmSync(partial, { force: true });
    throw error;
  } finally {
    await handle.close();
  }
}
