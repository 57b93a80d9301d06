import type { Readable } from 'node:stream';

/** One message of an mbox file: its bytes (the From_ line removed, `>From ` unquoted), the From_ line's sender and date. */
export interface MboxMessage {
  raw: Buffer;
  envelope: string;
  /** The date of the From_ line, when it reads as one. */
  date: Date | null;
  /** The message's place in the file, from 1. */
  index: number;
}

// A From_ line (RFC 4155): "From " sender, then an asctime date. Pipermail writes the sender "name at domain"
// in its text archives, and some writers add a time zone after the year; requiring the date keeps a body line
// that happens to start with "From " (unquoted, as mboxo writers leave some) inside its message.
const fromLine =
  /^From (.+?) +((?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) +\d{1,2} \d{1,2}:\d\d(?::\d\d)? (?:[A-Z]{2,5} )?\d{4})\b/;

/** The date of an asctime string (UTC unless it names a zone). */
function asctimeDate(text: string): Date | null {
  const m = /^(\w{3}) (\w{3}) +(\d{1,2}) (\d{1,2}):(\d\d)(?::(\d\d))? (?:[A-Z]{2,5} )?(\d{4})$/.exec(text);
  if (!m) return null;
  const month = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'].indexOf(m[2]!);
  const date = new Date(Date.UTC(Number(m[7]), month, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0)));
  return Number.isNaN(date.getTime()) ? null : date;
}

/** A line that quotes "From " (mboxrd: one or more ">" before it): one ">" less gives the line as written. */
const quotedFrom = /^>+From /;

/**
 * The messages of an mbox file, one at a time, read from a stream (a file of gigabytes holds one message in
 * memory at a time). A message starts at a From_ line at the start of the file or after an empty line; each line
 * `>From `, `>>From `… loses one ">" (mboxrd; mboxo's `>From ` too). Line ends are kept as they are.
 */
export async function* readMbox(input: Readable | AsyncIterable<Buffer | string>): AsyncGenerator<MboxMessage> {
  let carry = Buffer.alloc(0);
  let lines: Buffer[] = [];
  let current: { envelope: string; date: Date | null } | null = null;
  let previousBlank = true;
  let index = 0;

  const finish = (): MboxMessage | null => {
    if (!current) return null;
    // The empty line before the next From_ line belongs to the file, not to the message.
    while (lines.length > 0 && /^\r?\n$/.test(lines.at(-1)!.toString('latin1'))) lines.pop();
    const message = { raw: Buffer.concat(lines), envelope: current.envelope, date: current.date, index: ++index };
    lines = [];
    current = null;
    return message;
  };

  function* take(line: Buffer): Generator<MboxMessage> {
    // Latin-1 maps each byte to one character: the test reads the bytes, whatever charset the message is in.
    const text = line.toString('latin1');
    const separator = previousBlank ? fromLine.exec(text) : null;
    previousBlank = text === '\n' || text === '\r\n';
    if (separator) {
      const done = finish();
      if (done) yield done;
      current = { envelope: separator[1]!.trim(), date: asctimeDate(separator[2]!) };
      return;
    }
    if (!current) return; // Bytes before the first From_ line are no message.
    lines.push(quotedFrom.test(text) ? line.subarray(1) : line);
  }

  for await (const chunk of input) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : chunk;
    let data = carry.length > 0 ? Buffer.concat([carry, bytes]) : bytes;
    let at = data.indexOf(0x0a);
    while (at >= 0) {
      yield* take(data.subarray(0, at + 1));
      data = data.subarray(at + 1);
      at = data.indexOf(0x0a);
    }
    carry = Buffer.from(data);
  }
  if (carry.length > 0) yield* take(Buffer.concat([carry, Buffer.from('\n')]));
  const last = finish();
  if (last) yield last;
}
