import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import type { Config } from '../config/config.ts';
import { cliActor } from '../domains/audit/audit.service.ts';
import type { MemberFilters } from '../domains/members/member.repository.ts';
import { memberStatuses, stakeholderGroups } from '../domains/members/member.table.ts';
import { type ExportFormat, exportMembers } from '../domains/members/member-export.ts';
import { describeImportError, type ImportReport, importMembers } from '../domains/members/member-import.ts';
import { sourceTag } from '../domains/members/member-record.ts';
import { regionalGroups } from '../domains/members/member-states.data.ts';
import { findCurrentNetwork } from '../domains/site/site.repository.ts';
import { ensureNetwork } from '../domains/site/site.service.ts';
import { isAppError } from '../errors/app-error.ts';
import { locales, translator } from '../i18n/i18n.ts';
import { openRuntime } from '../runtime.ts';
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

/** `plenary members import FILE.csv [--dry-run] [--json] [--status pending|subscribed] [--basis TEXT]`; FILE `-` reads stdin. */
async function importCommand(config: Config, args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      'dry-run': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      status: { type: 'string', default: 'pending' },
      basis: { type: 'string' },
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
  if (file !== '-') {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(file);
    } catch (error) {
      throw new Error(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
    }
    if (!stat.isFile()) throw new Error(`cannot read ${file}: not a file`);
  }

  const runtime = await openRuntime(config);
  const meter = progress('import.progress');
  try {
    const network = await ensureNetwork(runtime.deps, config.networkName);
    const input = file === '-' ? process.stdin : fs.createReadStream(file);
    let report: ImportReport;
    try {
      report = await importMembers(runtime.deps, input, {
        networkId: network.id,
        dryRun: values['dry-run'] ?? false,
        status,
        basis,
        actorLabel: cliActor.label,
        actor: cliActor,
        onProgress: meter.update,
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
    await runtime.close();
  }
}

function oneOf<T extends string>(option: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`members export: --${option} must be one of ${allowed.join(', ')}`);
  return value as T;
}

/** `plenary members export [--format csv|json] [--bom] [--output FILE] [filters]`, streamed to stdout or FILE. */
async function exportCommand(config: Config, args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      format: { type: 'string', default: 'csv' },
      bom: { type: 'boolean', default: false },
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
  const memberState = values['member-state']?.trim().toUpperCase();
  if (memberState !== undefined && !/^[A-Z]{2}$/.test(memberState))
    throw new UsageError('members export: --member-state takes a two-letter ISO 3166-1 code, such as FR');
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

  const runtime = await openRuntime(config);
  const meter = progress('export.progress');
  // Written next to the target and renamed at the end, so FILE is never a half-written export.
  const partial = values.output ? path.join(path.dirname(values.output), `.${path.basename(values.output)}.${process.pid}.partial`) : null;
  try {
    const network = await findCurrentNetwork(runtime.deps.db);
    // Before the first start there is no network: nothing matches id 0, so the export is empty.
    const stream = exportMembers(runtime.deps.db, network?.id ?? 0, filters, format, { bom: values.bom, onProgress: meter.update });
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
    await runtime.close();
  }
}
