import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { parseEmailAddress } from '../../address/email-address.ts';
import type { Db } from '../../db/database.ts';
import { deleteJobsMentioning } from '../../jobs/job.repository.ts';
import { redactAuditDetails } from '../audit/audit.repository.ts';
import { deleteBounceReviewsAbout, forgetRepliesAbout } from '../bounces/bounce.repository.ts';
import { deleteCapturedMailMentioning } from '../delivery/captured-mail.repository.ts';
import { forgetPostsBy } from '../discussion/discussion-erasure.ts';
import { forgetRegistrationsOf } from '../events/event-erasure.ts';
import type { MemberRow } from './member.table.ts';
import { detectDelimiter, type ImportReport } from './member-import.ts';

// Erasure reaches every copy of a member's address Plenary made on the way: the member row is only one.
// What is left is counted, never named (see `erase` in member.service.ts for the row itself).

/** What an erased address becomes where a record of the event must stay (the audit log). */
export const erasedMarker = '[erased]';

/** Every spelling of the member's address stored text can hold: as typed, as shown, its ASCII form and its key. */
export function addressForms(member: Pick<MemberRow, 'email_input' | 'email_display' | 'email_ascii' | 'email_key'>): string[] {
  const forms = [member.email_input, member.email_display, member.email_ascii ?? '', member.email_key];
  return [...new Set(forms.flatMap((form) => [form, form.toLowerCase()]).filter(Boolean))];
}

/** Removes the member's address and name from uploads, captured mail, jobs, bounce reviews and replies, discussion posts, and the audit log. */
export async function eraseCopies(db: Db, member: MemberRow): Promise<void> {
  const forms = addressForms(member);
  await forgetUploadedRows(db, member);
  await deleteCapturedMailMentioning(db, forms);
  await deleteJobsMentioning(db, forms);
  await deleteBounceReviewsAbout(db, member.id, forms);
  await forgetRepliesAbout(db, member.id);
  await forgetPostsBy(db, member);
  await forgetRegistrationsOf(db, member);
  await redactAuditDetails(db, forms, erasedMarker);
}

/** True for a cell (or a report's address) that is this member's address, in any spelling the address module accepts. */
function isTheirs(member: Pick<MemberRow, 'email_key'>, text: string): boolean {
  if (!text.includes('@') && !text.includes('\uFF20')) return false;
  const parsed = parseEmailAddress(text, { specialUseDomains: 'allow' });
  return parsed.ok && parsed.address.dedupeKey === member.email_key;
}

/** Stored uploads keep their file until imported; erasure takes the member's rows out of each file and its report. */
async function forgetUploadedRows(db: Db, member: MemberRow): Promise<void> {
  // One file at a time: a waiting upload may hold tens of megabytes.
  const ids = await db.selectFrom('member_imports').select('id').where('network_id', '=', member.network_id).execute();
  for (const { id } of ids) {
    const upload = await db.selectFrom('member_imports').select(['id', 'content', 'report']).where('id', '=', id).executeTakeFirst();
    if (!upload) continue;
    const content = withoutMemberRows(upload.content, member);
    const report = upload.report === null ? null : JSON.stringify(reportWithoutMember(JSON.parse(upload.report) as ImportReport, member));
    if (content !== upload.content || report !== upload.report) {
      await db.updateTable('member_imports').set({ content, report }).where('id', '=', upload.id).execute();
    }
  }
}

/** The CSV without the records that hold the member's address (the header and every other record kept). */
export function withoutMemberRows(content: string, member: MemberRow): string {
  if (!/[@\uFF20]/u.test(content)) return content;
  const headerLine = content.split('\n', 1)[0] ?? '';
  const delimiter = detectDelimiter(headerLine);
  let records: string[][];
  try {
    records = parse(content, { delimiter, bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: true });
  } catch {
    // A file the import could not read either: drop every line that names the member.
    return content
      .split('\n')
      .filter((line) => !line.split(delimiter).some((cell) => isTheirs(member, cell.replace(/^"|"$/g, '').trim())))
      .join('\n');
  }
  const kept = records.filter((record, index) => index === 0 || !record.some((cell) => isTheirs(member, cell.trim())));
  return kept.length === records.length ? content : stringify(kept, { delimiter });
}

/** The report with the member's address blanked where a row is counted, and their changes left out (the counts stay). */
function reportWithoutMember(report: ImportReport, member: MemberRow): ImportReport {
  const blank = <T extends { email: string }>(entry: T): T => (isTheirs(member, entry.email) ? { ...entry, email: '' } : entry);
  return {
    ...report,
    duplicates: report.duplicates.map(blank),
    rejected: report.rejected.map(blank),
    changes: (report.changes ?? []).filter((change) => !isTheirs(member, change.email)),
  };
}
