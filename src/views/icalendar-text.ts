// The text rules every iCalendar (RFC 5545) file Plenary writes follows — the events' and the engagements'
// calendars alike: TEXT values escaped (§3.3.11), content lines folded at 75 octets without splitting a UTF-8
// character (§3.1), and times in UTC form (§3.3.5 form #2).

/** TEXT value escaping: backslash, semicolon, comma, and line breaks as `\n`. */
export function escapeText(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

/** Folds a content line into lines of at most 75 octets, continuation lines starting with a space. */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char, 'utf8');
    // The first line holds 75 octets; a continuation holds 74 after its leading space.
    const limit = parts.length === 0 ? 75 : 74;
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

/** An instant as a UTC DATE-TIME, e.g. `20261204T170600Z`. */
export const utcDateTime = (instant: string | Date) => `${new Date(instant).toISOString().replace(/[-:]/g, '').slice(0, 15)}Z`;
