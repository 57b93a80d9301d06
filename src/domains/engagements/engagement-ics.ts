// An iCalendar (RFC 5545) writer for the calendar feed: all-day events only, which is all an engagement, a
// deadline or a follow-up's due date is. Kept small on purpose: text escaped (§3.3.11), lines folded at 75 octets
// without splitting a UTF-8 character (§3.1), CRLF line ends, DTEND exclusive (§3.6.1).

import { escapeText, foldLine, utcDateTime } from '../../views/icalendar-text.ts';

export interface IcsEvent {
  /** Globally unique and stable across feeds: the same item keeps its UID when the feed is read again. */
  uid: string;
  /** First day, YYYY-MM-DD. */
  start: string;
  /** Last day (inclusive), YYYY-MM-DD; the same as `start` for one day. */
  end: string;
  summary: string;
  description?: string;
  location?: string;
  url?: string;
  status?: 'TENTATIVE' | 'CONFIRMED' | 'CANCELLED';
  categories?: string[];
  /** When the item last changed (ISO timestamp), as LAST-MODIFIED. */
  lastModified?: string;
}

export interface IcsCalendar {
  name: string;
  /** Product identifier, e.g. `-//Plenary//Engagements//EN`. */
  productId: string;
  /** The time the feed is made (DTSTAMP of every event). */
  now: Date;
  events: IcsEvent[];
}

const compactDate = (day: string) => day.replace(/-/g, '');

/** The day after `day` (YYYY-MM-DD), for DTEND, which is exclusive. */
function nextDay(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}

/** URIs go as they are (no TEXT escaping) but may not break the line. */
const uri = (value: string) => value.replace(/[\r\n]/g, '');

function eventLines(event: IcsEvent, stamp: string): string[] {
  const lines = [
    'BEGIN:VEVENT',
    `UID:${escapeText(event.uid)}`,
    `DTSTAMP:${stamp}`,
    `DTSTART;VALUE=DATE:${compactDate(event.start)}`,
    `DTEND;VALUE=DATE:${compactDate(nextDay(event.end))}`,
    `SUMMARY:${escapeText(event.summary)}`,
    // All-day items should not block time in the reader's calendar.
    'TRANSP:TRANSPARENT',
  ];
  if (event.description) lines.push(`DESCRIPTION:${escapeText(event.description)}`);
  if (event.location) lines.push(`LOCATION:${escapeText(event.location)}`);
  if (event.url) lines.push(`URL:${uri(event.url)}`);
  if (event.status) lines.push(`STATUS:${event.status}`);
  if (event.categories?.length) lines.push(`CATEGORIES:${event.categories.map(escapeText).join(',')}`);
  if (event.lastModified) lines.push(`LAST-MODIFIED:${utcDateTime(event.lastModified)}`);
  lines.push('END:VEVENT');
  return lines;
}

/** The whole calendar as iCalendar text (CRLF line ends, folded lines). */
export function renderIcs(calendar: IcsCalendar): string {
  const stamp = utcDateTime(calendar.now);
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${calendar.productId}`,
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(calendar.name)}`,
    ...calendar.events.flatMap((e) => eventLines(e, stamp)),
    'END:VCALENDAR',
  ];
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}
