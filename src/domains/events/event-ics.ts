// An iCalendar (RFC 5545) writer for events, with the iTIP methods calendars act on (RFC 5546): PUBLISH for the
// public download and feed, REQUEST for a registrant's entry, CANCEL once it no longer holds. Times are UTC
// (§3.3.5 form #2), so no VTIMEZONE is needed and every calendar shows the instant in its own zone. Text is
// escaped (§3.3.11), lines are folded at 75 octets without splitting a UTF-8 character (§3.1), lines end in CRLF.

import { escapeText, foldLine, utcDateTime } from '../../views/icalendar-text.ts';

export type IcsMethod = 'PUBLISH' | 'REQUEST' | 'CANCEL';

export interface IcsPerson {
  name: string;
  address: string;
}

export interface IcsEntry {
  /** Stable for the event's whole life, so an update or a cancellation replaces the same entry. */
  uid: string;
  /** Grows each time the time or place moves, or the event is cancelled. */
  sequence: number;
  start: string;
  end: string;
  summary: string;
  description?: string;
  location?: string;
  url?: string;
  status: 'CONFIRMED' | 'CANCELLED';
  lastModified: string;
  organizer?: IcsPerson;
  attendee?: IcsPerson & { accepted: boolean };
}

export interface IcsCalendar {
  method: IcsMethod;
  name: string;
  now: Date;
  entries: IcsEntry[];
}

/** A parameter value: quoted, without the characters a quoted value may not hold (§3.2). */
const param = (value: string) => `"${value.replace(/["\r\n]/g, '')}"`;
const uri = (value: string) => value.replace(/[\r\n]/g, '');

function entryLines(entry: IcsEntry, stamp: string): string[] {
  const lines = [
    'BEGIN:VEVENT',
    `UID:${escapeText(entry.uid)}`,
    `SEQUENCE:${entry.sequence}`,
    `DTSTAMP:${stamp}`,
    `DTSTART:${utcDateTime(entry.start)}`,
    `DTEND:${utcDateTime(entry.end)}`,
    `SUMMARY:${escapeText(entry.summary)}`,
    `STATUS:${entry.status}`,
    `LAST-MODIFIED:${utcDateTime(entry.lastModified)}`,
  ];
  if (entry.description) lines.push(`DESCRIPTION:${escapeText(entry.description)}`);
  if (entry.location) lines.push(`LOCATION:${escapeText(entry.location)}`);
  if (entry.url) lines.push(`URL:${uri(entry.url)}`);
  if (entry.organizer) lines.push(`ORGANIZER;CN=${param(entry.organizer.name)}:mailto:${uri(entry.organizer.address)}`);
  if (entry.attendee) {
    const state = entry.attendee.accepted ? 'ACCEPTED' : 'NEEDS-ACTION';
    lines.push(`ATTENDEE;CN=${param(entry.attendee.name)};ROLE=REQ-PARTICIPANT;PARTSTAT=${state};RSVP=FALSE:mailto:${uri(entry.attendee.address)}`);
  }
  lines.push('END:VEVENT');
  return lines;
}

/** The whole calendar file, CRLF line ends, every line folded. */
export function calendarFile(calendar: IcsCalendar): string {
  const stamp = utcDateTime(calendar.now);
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Plenary//Events//EN',
    'CALSCALE:GREGORIAN',
    `METHOD:${calendar.method}`,
    `X-WR-CALNAME:${escapeText(calendar.name)}`,
    ...calendar.entries.flatMap((entry) => entryLines(entry, stamp)),
    'END:VCALENDAR',
  ];
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}
