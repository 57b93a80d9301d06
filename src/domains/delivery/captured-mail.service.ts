import { type ParsedMail, simpleParser } from 'mailparser';
import type { Db } from '../../db/database.ts';
import { AppError } from '../../errors/app-error.ts';
import type { StaffRole } from '../auth/auth.table.ts';
import { redactMemberCredentials } from './captured-mail.redaction.ts';
import { findCapturedMail } from './captured-mail.repository.ts';
import type { CapturedMailRow } from './captured-mail.table.ts';

/** One attachment of a captured message, as the page lists it (numbered from 1, in the message's order). */
export interface CapturedAttachment {
  index: number;
  filename: string;
  contentType: string;
  size: number;
}

/** One captured message as a staff role may read it. */
export interface CapturedMailView {
  row: Pick<CapturedMailRow, 'id' | 'created_at' | 'envelope_from' | 'envelope_to' | 'subject'>;
  /** The Subject header, decoded (RFC 2047). */
  subject: string;
  /** Header lines, unfolded, with their encoded words decoded. */
  headers: string;
  /** The plain-text part, decoded. */
  text: string;
  /** True when the message has an HTML part (shown in a sandboxed frame from its own route). */
  hasHtml: boolean;
  attachments: CapturedAttachment[];
  /** True when members' links were replaced by the marker for this reader. */
  redacted: boolean;
  /** The full source as composed, for owners only (it holds members' links). */
  source: string | null;
}

async function parsedMail(deps: { db: Db }, id: number): Promise<{ row: CapturedMailRow; mail: ParsedMail }> {
  const row = await findCapturedMail(deps.db, id);
  if (!row) throw new AppError('not_found');
  const mail = await simpleParser(row.raw, { skipHtmlToText: false, skipTextToHtml: true, skipImageLinks: true });
  return { row, mail };
}

/** What a reader of `role` may see of a text: everything for owners; members' links and mail tokens replaced for anyone else. */
function forRole(role: StaffRole, text: string): string {
  return role === 'owner' ? text : redactMemberCredentials(text);
}

const encodedWord = /=\?([^?\s]+)\?([BbQq])\?([^?\s]*)\?=/g;

function decoderFor(charset: string): TextDecoder {
  try {
    return new TextDecoder(charset.replace(/\*.*$/, ''));
  } catch {
    return new TextDecoder('utf-8');
  }
}

/** A header line with its RFC 2047 encoded words decoded (the space between two adjacent ones dropped, §6.2). */
export function decodeHeaderLine(line: string): string {
  return line.replace(/(\?=)[ \t]+(?==\?)/g, '$1').replace(encodedWord, (_word, charset: string, encoding: string, text: string) => {
    const bytes =
      encoding.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64')
        : Buffer.from(
            text.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (_m, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))),
            'latin1',
          );
    return decoderFor(charset).decode(bytes);
  });
}

/**
 * A captured message for a reader of `role` (editor or owner; the route table keeps viewers out), decoded: the
 * subject and headers, the plain text, whether there is HTML, and the attachments. Owners read everything that
 * was kept; anyone else reads it with members' links and mail tokens replaced, and without the raw source,
 * which cannot be redacted reliably once encoded.
 */
export async function readCapturedMail(deps: { db: Db }, id: number, role: StaffRole): Promise<CapturedMailView> {
  const { row, mail } = await parsedMail(deps, id);
  const headers = mail.headerLines.map((h) => decodeHeaderLine(h.line.replace(/\r?\n[ \t]+/g, ' '))).join('\n');
  const attachments = mail.attachments.map((a, i) => ({
    index: i + 1,
    filename: a.filename ?? '',
    contentType: a.contentType,
    size: a.size ?? a.content.length,
  }));
  const view = { subject: mail.subject ?? row.subject, headers, text: mail.text ?? '', hasHtml: typeof mail.html === 'string', attachments };
  if (role === 'owner') return { row, ...view, redacted: false, source: row.raw };
  return {
    row: { ...row, envelope_from: forRole(role, row.envelope_from) },
    ...view,
    subject: forRole(role, view.subject),
    headers: forRole(role, headers),
    text: forRole(role, view.text),
    attachments: attachments.map((a) => ({ ...a, filename: forRole(role, a.filename) })),
    redacted: true,
    source: null,
  };
}

/** The HTML part of a captured message, with the same redaction as the page; not_found when there is none. */
export async function capturedMailHtml(deps: { db: Db }, id: number, role: StaffRole): Promise<string> {
  const { mail } = await parsedMail(deps, id);
  if (typeof mail.html !== 'string') throw new AppError('not_found');
  return forRole(role, mail.html);
}

// Types whose bytes are text a member's link could be written in (calendar invitations, JSON, XML…).
const textual = /^(?:text\/|application\/(?:json|xml|ics|javascript|x-www-form-urlencoded)|[^;]*\+(?:xml|json))/i;

/**
 * Attachment `index` (from 1) of a captured message. Text attachments are redacted for readers below owner like
 * the page; other bytes are handed over as attached (Plenary attaches no credential in a binary file).
 */
export async function capturedMailAttachment(
  deps: { db: Db },
  id: number,
  index: number,
  role: StaffRole,
): Promise<{ filename: string; contentType: string; content: Buffer }> {
  const { mail } = await parsedMail(deps, id);
  const attachment = mail.attachments[index - 1];
  if (!attachment) throw new AppError('not_found');
  const content =
    role !== 'owner' && textual.test(attachment.contentType) ? Buffer.from(forRole(role, attachment.content.toString('utf8'))) : attachment.content;
  return { filename: forRole(role, attachment.filename || `attachment-${index}`), contentType: attachment.contentType, content };
}
