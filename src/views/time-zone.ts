import type { Locale } from '../i18n/i18n.ts';
import { formatWallClock } from './format.ts';

/** The UTC instant of a wall-clock time ("2026-12-01T14:30") in an IANA time zone ("Europe/Zurich"). */
export function zonedTimeToUtc(local: string, timeZone: string): Date {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
  if (!match) throw new RangeError('expected YYYY-MM-DDTHH:MM');
  const [, y, mo, d, h, mi] = match.map(Number) as number[];
  const asUtc = Date.UTC(y as number, (mo as number) - 1, d, h, mi);
  // Guess, see what wall-clock time the guess is in the zone, correct by the difference; twice covers DST edges.
  let guess = asUtc;
  for (let i = 0; i < 2; i++) guess = asUtc - (wallClockMs(new Date(guess), timeZone) - guess);
  return new Date(guess);
}

function wallClockMs(instant: Date, timeZone: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  );
  return Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
}

/** Every time zone this Node.js knows, for the scheduling form. */
export function timeZones(): string[] {
  return Intl.supportedValuesOf('timeZone');
}

/** A timestamp in a time zone, with the weekday and the zone's name, for "scheduled for …" texts (UN date style). */
export function formatInZone(locale: Locale, iso: string, timeZone: string): string {
  const instant = new Date(iso);
  // Intl only for the weekday and the zone's name; the date and time follow the one UN style of format.ts.
  const weekday = new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone }).format(instant);
  const zone = new Intl.DateTimeFormat(locale, { timeZoneName: 'short', timeZone }).formatToParts(instant).find((p) => p.type === 'timeZoneName');
  return formatWallClock(locale, new Date(wallClockMs(instant, timeZone)), { weekday, suffix: zone?.value ?? timeZone });
}
