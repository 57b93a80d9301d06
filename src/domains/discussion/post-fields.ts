import { createHash } from 'node:crypto';
import type { ParsedMail } from 'mailparser';
import { parseEmailAddress } from '../../address/email-address.ts';
import { cleanLine } from '../../security/human-text.ts';
import { searchable } from '../members/member-record.ts';
import { sniffResourceFileType } from '../resources/resource-file-type.ts';
import { obfuscateText } from './archive-text.ts';
import type { PostAttachment } from './discussion.table.ts';

/** Message-IDs named in a header (In-Reply-To, References), without angle brackets, in order. */
export function messageIds(value: string | string[] | undefined): string[] {
  const text = Array.isArray(value) ? value.join(' ') : (value ?? '');
  const ids = [...text.matchAll(/<([^<>\s]{1,900})>/g)].map((m) => m[1]!);
  if (ids.length > 0) return ids;
  // Some mail systems write a bare id without brackets.
  return text.split(/\s+/).filter((id) => /^[^<>\s@]+@[^<>\s@]+$/.test(id));
}

function stripNul(text: string): string {
  return text.replaceAll('\0', '');
}

/** A valid date from the Date header, else `fallback`; never later than `now` (a wrong clock cannot pin a post on top). */
function sentAt(mail: ParsedMail, now: Date, fallback: Date): string {
  const date = mail.date;
  if (!date || Number.isNaN(date.getTime()) || date.getTime() > now.getTime()) return (fallback.getTime() > now.getTime() ? now : fallback).toISOString();
  return date.toISOString();
}

/** The attachments the archive lists, each with the type read from its bytes (PDF, office documents, pictures) or null. */
export function attachmentsOf(mail: ParsedMail): PostAttachment[] {
  return (mail.attachments ?? [])
    .filter((a) => a.contentDisposition === 'attachment' || Boolean(a.filename))
    .map((a) => ({
      name: cleanLine(a.filename ?? '').slice(0, 200) || 'attachment',
      declaredType: cleanLine(a.contentType ?? 'application/octet-stream').slice(0, 100),
      size: a.size ?? a.content.length,
      type: sniffResourceFileType(a.content)?.mime ?? null,
    }));
}

/** The stored columns a parsed message gives a post, wherever it came from (`plenary mx` or an imported mbox). */
export function postFields(mail: ParsedMail, raw: Buffer, times: { now: Date; fallbackDate?: Date }) {
  const first = mail.from?.value[0];
  const author = { address: cleanLine(first?.address ?? '').trim(), name: cleanLine(first?.name ?? '').trim() };
  const parsed = parseEmailAddress(author.address, { specialUseDomains: 'allow' });
  const messageId = messageIds(mail.messageId)[0] ?? `${createHash('sha256').update(raw).digest('hex').slice(0, 32)}@plenary.invalid`;
  const subject = stripNul(cleanLine(mail.subject ?? '')).slice(0, 998);
  const fromName = stripNul(author.name).slice(0, 200);
  const bodyText = stripNul(mail.text ?? '');
  return {
    author,
    address: parsed.ok ? parsed.address : null,
    row: {
      message_id: messageId,
      in_reply_to: messageIds(mail.inReplyTo).at(-1) ?? null,
      reference_ids: messageIds(mail.references).join(' '),
      from_address: parsed.ok ? parsed.address.display : stripNul(author.address).slice(0, 320),
      from_key: parsed.ok ? parsed.address.dedupeKey : null,
      from_name: fromName,
      subject,
      sent_at: sentAt(mail, times.now, times.fallbackDate ?? times.now),
      body_text: bodyText,
      has_html: mail.html ? 1 : 0,
      size_bytes: raw.length,
      raw: raw.toString('base64'),
      // Addresses are shortened as the archive shows them: a search by address finds no one's posts.
      search_text: searchable(subject, fromName, obfuscateText(bodyText)),
      attachments: JSON.stringify(attachmentsOf(mail)),
    },
  };
}
