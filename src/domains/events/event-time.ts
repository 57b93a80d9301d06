import type { Locale } from '../../i18n/i18n.ts';
import { formatInZone, zonedTimeToUtc } from '../../views/time-zone.ts';
import { canonicalTimeZone } from './event-input.ts';

/** The wall-clock time of an instant in a zone, as a `datetime-local` input holds it ("2027-01-14T15:00"). */
export function wallClockIn(iso: string, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' })
      .formatToParts(new Date(iso))
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

/** The instant of a wall-clock time typed in a form for a zone; null when the text is no such time. */
export function instantOf(local: string, timeZone: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(local)) return null;
  const instant = zonedTimeToUtc(local, timeZone);
  return Number.isNaN(instant.getTime()) ? null : instant.toISOString();
}

/**
 * An event's start as a reader sees it: in the event's own zone and, when the reader's differs and is known, in
 * theirs too ("Thursday, 14 January 2027, 15:00 CET" / "… 09:00 EST"). Each in the reader's locale.
 */
export function eventTimes(locale: Locale, iso: string, eventZone: string, readerZone: string | null): { event: string; reader: string | null } {
  const reader = readerZone ? canonicalTimeZone(readerZone) : null;
  const event = formatInZone(locale, iso, eventZone);
  if (!reader || reader === eventZone) return { event, reader: null };
  const shown = formatInZone(locale, iso, reader);
  return { event, reader: shown === event ? null : shown };
}

/** The time of day an event ends, in a zone ("16:30"), for "15:00–16:30" ranges on one day. */
export function timeOfDay(iso: string, timeZone: string): string {
  return wallClockIn(iso, timeZone).slice(11);
}
