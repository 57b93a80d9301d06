import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { systemClock } from '../clock.ts';
import type { Config } from '../config/config.ts';
import { createDb } from '../db/database.ts';
import { migrateToLatest } from '../db/migrator.ts';
import { previewBriefing } from '../domains/reports/briefing.service.ts';
import { type BriefingFormat, briefingFormats, renderBriefing } from '../domains/reports/briefing-output.ts';
import { isAppError } from '../errors/app-error.ts';
import { isLocale, type Locale, locales, translator } from '../i18n/i18n.ts';
import { UsageError } from './usage-error.ts';

const usage = `plenary report generate --from YYYY-MM-DD --to YYYY-MM-DD [--format ${briefingFormats.join('|')}] [--locale ${locales.join('|')}] [--output FILE]`;
const isoDay = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar day written YYYY-MM-DD that exists (2026-02-30 does not). */
function validDay(text: string): boolean {
  if (!isoDay.test(text)) return false;
  const date = new Date(`${text}T00:00:00.000Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

export interface ReportArgs {
  from: string;
  to: string;
  format: BriefingFormat;
  locale: Locale;
  output: string | null;
}

/** The options of `plenary report generate`, checked before anything is opened; a mistake is a UsageError (exit 2). */
export function parseReportArgs(args: string[]): ReportArgs {
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      args,
      options: { from: { type: 'string' }, to: { type: 'string' }, format: { type: 'string' }, locale: { type: 'string' }, output: { type: 'string' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError(`report generate: ${(error as Error).message} (usage: ${usage})`);
  }
  for (const name of ['from', 'to'] as const) {
    const given = values[name];
    if (given === undefined) throw new UsageError(`report generate: --${name} is required (usage: ${usage})`);
    if (!validDay(given)) throw new UsageError(`report generate: --${name} "${given}" is not a date (YYYY-MM-DD)`);
  }
  const from = values.from as string;
  const to = values.to as string;
  if (to < from) throw new UsageError(`report generate: the period ends before it starts (--to ${to} is before --from ${from})`);
  const format = values.format ?? 'html';
  if (!(briefingFormats as readonly string[]).includes(format))
    throw new UsageError(`report generate: unknown --format "${format}" (one of ${briefingFormats.join(', ')})`);
  const locale = values.locale ?? 'en';
  if (!isLocale(locale)) throw new UsageError(`report generate: unknown --locale "${locale}" (one of ${locales.join(', ')})`);
  const output = values.output === undefined || values.output === '-' ? null : values.output;
  return { from, to, format: format as BriefingFormat, locale, output };
}

/**
 * `plenary report generate …`: the briefing for a period as a draft would read now (live figures; the title and
 * narrative of the latest published briefing for exactly that period, if any), written to FILE or stdout.
 */
export async function reportCommand(config: Config, args: string[]): Promise<void> {
  const [command, ...rest] = args;
  if (command !== 'generate') throw new UsageError(`unknown report command "${command ?? ''}" (usage: ${usage})`);
  const options = parseReportArgs(rest);
  const handle = await createDb({ url: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrateToLatest(handle.db);
    const deps = { db: handle.db, clock: systemClock };
    let file: Buffer;
    try {
      file = await renderBriefing(deps, await previewBriefing(deps, options), options.format, options.locale);
    } catch (error) {
      // A period the analytics refuse (longer than a series may be) is a usage mistake too.
      if (isAppError(error, 'report_period_too_long') || isAppError(error, 'report_period_range') || isAppError(error, 'invalid_input')) {
        throw new UsageError(`report generate: ${translator('en')(`error.${error.code}`, error.details)}`);
      }
      if (isAppError(error, 'not_found')) throw new Error('there is no network yet: start Plenary once (plenary serve or plenary demo) to create it');
      throw error;
    }
    if (options.output) fs.writeFileSync(options.output, file);
    else process.stdout.write(file);
  } finally {
    await handle.close();
  }
}
