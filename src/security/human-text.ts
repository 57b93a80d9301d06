// One sanitiser for every piece of text a person types (names, organisations, consent bases, subjects,
// reasons) and every value that ends up in a mail header. Escaping on output handles markup; this removes
// what escaping cannot: control characters (NUL, VT, FF, ESC, BS, DEL… break headers and DKIM) and bidi
// embeddings, overrides and isolates (U+202A–202E, U+2066–2069), which reverse text in lists and logs.

const controlOrBidi = /[\p{Cc}\u202A-\u202E\u2066-\u2069]/gu;
// The lookahead keeps line feeds and tabs, which a body legitimately holds.
const controlOrBidiExceptNewline = /(?![\n\t])[\p{Cc}\u202A-\u202E\u2066-\u2069]/gu;

/** Text for one line (a name, a subject, a header value): unsafe characters become spaces, runs of white space collapse, ends are trimmed. */
export function cleanLine(text: string): string {
  return text.replace(controlOrBidi, ' ').replace(/\s+/g, ' ').trim();
}

/** Text of several lines (a message body, a note): unsafe characters are removed, newlines and tabs kept, CRLF becomes LF. */
export function cleanMultiline(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(controlOrBidiExceptNewline, '');
}

/** True when the text holds a character cleanLine would remove: for inputs that must be refused rather than repaired (filters, tokens). */
export function hasControlCharacters(text: string): boolean {
  return /[\p{Cc}\u202A-\u202E\u2066-\u2069]/u.test(text);
}
