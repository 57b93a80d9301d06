import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { systemClock } from '../clock.ts';
import type { Config } from '../config/config.ts';
import { createDb } from '../db/database.ts';
import { migrateToLatest } from '../db/migrator.ts';
import { importMbox, type MboxImportReport } from '../domains/discussion/discussion-import.service.ts';
import { findCurrentNetwork } from '../domains/site/site.repository.ts';
import { translator } from '../i18n/i18n.ts';
import { UsageError } from './usage-error.ts';

// Operators read the CLI in English, as main.ts does for errors.
const t = translator('en');

/** `plenary discussion import-mbox FILE [--dry-run] [--json]` */
export async function discussionCommand(config: Config, args: string[]): Promise<void> {
  const [command, ...rest] = args;
  if (command !== 'import-mbox')
    throw new UsageError(`unknown discussion command "${command ?? ''}" (try: plenary discussion import-mbox FILE [--dry-run] [--json])`);
  const { values, positionals } = parseArgs({
    args: rest,
    options: { 'dry-run': { type: 'boolean', default: false }, json: { type: 'boolean', default: false } },
    allowPositionals: true,
  });
  const file = positionals[0];
  if (!file || positionals.length > 1) throw new UsageError('plenary discussion import-mbox needs one FILE (an mbox archive; - reads stdin)');
  if (file !== '-' && !fs.existsSync(file)) throw new UsageError(`no such file: ${file}`);
  const handle = await createDb({ url: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrateToLatest(handle.db);
    if (!(await findCurrentNetwork(handle.db))) throw new UsageError('the database holds no network yet: run plenary serve (or demo) once first');
    const input = file === '-' ? process.stdin : fs.createReadStream(file, { highWaterMark: 1 << 20 });
    const tty = process.stderr.isTTY === true;
    let shown = 0;
    const report = await importMbox({ db: handle.db, clock: systemClock }, input, {
      dryRun: values['dry-run'],
      // A person watching sees the count move (rule 9); a pipe gets the summary only.
      onProgress: (r, messages) => {
        if (!tty || messages - shown < 100) return;
        shown = messages;
        process.stderr.write(`\r${t('discussionImport.progress', { messages, imported: r.imported })}`);
      },
    });
    if (tty && shown > 0) process.stderr.write('\r\x1b[K');
    process.stdout.write(values.json ? `${JSON.stringify({ dryRun: values['dry-run'], ...report })}\n` : summary(report, values['dry-run']));
  } finally {
    await handle.close();
  }
}

function summary(report: MboxImportReport, dryRun: boolean): string {
  const counts = { imported: report.imported, duplicates: report.duplicates, invalid: report.invalid };
  const lines = [t(dryRun ? 'discussionImport.summary.dryRun' : 'discussionImport.summary.done', counts)];
  for (const m of report.invalidMessages) lines.push(`  ${t('discussionImport.summary.invalidMessage', { index: m.index, reason: m.reason })}`);
  return `${lines.join('\n')}\n`;
}
