import { Cron } from 'croner';
import { AppError } from '../../errors/app-error.ts';
import { cleanLine } from '../../security/human-text.ts';
import { canonicalTimeZone } from '../events/event-input.ts';

/** A schedule must fire within this long of being set (a pattern for 30 February never does). */
export const neverFiresAfterMs = 2 * 366 * 86_400_000;
/** How many coming runs are read to tell whether two fall on one day. */
const runsChecked = 12;

/** A cron pattern read in an IANA zone: 5 fields (minute precision) or 6 (seconds first), croner's syntax (`1#1`, `L`). */
function cronOf(pattern: string, zone: string): Cron {
  return new Cron(pattern, { timezone: zone, paused: true, mode: '5-or-6-parts' });
}

/** The calendar day of an instant in a zone ("2026-04-06"). */
export function dayIn(instant: Date, zone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
}

/**
 * Checks a schedule's pattern and zone and returns them cleaned with the first run after `now`. Refuses an unknown
 * zone (`schedule_unknown_time_zone`), a pattern croner cannot read (`schedule_pattern_invalid`), one with no run in
 * the next two years (`schedule_never_fires`), and one that fires twice on any day in its zone among its coming runs
 * (`schedule_too_frequent`: every second, minute or hour) — a briefing is at most daily.
 */
export function checkSchedulePattern(input: { pattern: string; timeZone: string }, now: Date): { pattern: string; timeZone: string; nextRun: Date } {
  const zone = canonicalTimeZone(cleanLine(input.timeZone));
  if (!zone) throw new AppError('schedule_unknown_time_zone', { zone: cleanLine(input.timeZone).slice(0, 64) });
  const pattern = cleanLine(input.pattern);
  let runs: Date[];
  try {
    if (pattern.length === 0 || pattern.length > 100) throw new Error('length');
    const cron = cronOf(pattern, zone);
    runs = cron.nextRuns(runsChecked, now);
    cron.stop();
  } catch {
    throw new AppError('schedule_pattern_invalid', { pattern: pattern.slice(0, 100) });
  }
  const first = runs[0];
  if (!first || first.getTime() - now.getTime() > neverFiresAfterMs) throw new AppError('schedule_never_fires', { pattern });
  for (let i = 1; i < runs.length; i++) {
    if (dayIn(runs[i - 1] as Date, zone) === dayIn(runs[i] as Date, zone)) throw new AppError('schedule_too_frequent', { pattern });
  }
  return { pattern, timeZone: zone, nextRun: first };
}

/** The run after `after` of a pattern already checked; null when it has none left. */
export function nextRunAfter(pattern: string, zone: string, after: Date): Date | null {
  const cron = cronOf(pattern, zone);
  try {
    return cron.nextRun(after);
  } finally {
    cron.stop();
  }
}
