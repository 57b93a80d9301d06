import type { Readable } from 'node:stream';
import { type ParsedMail, simpleParser } from 'mailparser';
import type { AppDeps } from '../../app-deps.ts';
import { requireNetwork } from '../site/site.service.ts';
import * as repo from './discussion.repository.ts';
import type { AuthSummary } from './mail-authentication.ts';
import { readMbox } from './mbox-reader.ts';
import { postFields } from './post-fields.ts';
import { publishPost } from './post-publishing.ts';

/** What an import did (or, with dryRun, would do). */
export interface MboxImportReport {
  imported: number;
  /** Messages whose Message-ID the network already holds (an earlier run, or twice in the file). */
  duplicates: number;
  /** Messages that are no post: unreadable, or without a From address. */
  invalid: number;
  /** The first few invalid messages, by their place in the file, and why. */
  invalidMessages: { index: number; reason: string }[];
}

/** Nobody checked an imported post's DKIM, SPF or DMARC: it was received by another list, years ago. */
const importedAuth: AuthSummary = { dkim: [], spf: 'none', dmarc: 'none', dmarcPolicy: null, header: 'imported from an mbox archive' };
const shownInvalid = 20;

// Pipermail's text archives write the From address "name at domain" so harvesters do not read it.
const pipermailFrom = /^(From:[ \t]*)([^\s@<>()"]+) at ([^\s@<>()"]+\.[^\s@<>()"]+)/im;

/** The message with a Pipermail "name at domain" From address written back as an address; other messages unchanged. */
function withPipermailFrom(raw: Buffer): Buffer {
  const end = raw.indexOf('\n\n') >= 0 ? raw.indexOf('\n\n') : raw.indexOf('\r\n\r\n');
  const head = raw.subarray(0, end < 0 ? raw.length : end).toString('latin1');
  if (!pipermailFrom.test(head)) return raw;
  return Buffer.concat([Buffer.from(head.replace(pipermailFrom, '$1$2@$3'), 'latin1'), raw.subarray(head.length)]);
}

/**
 * Imports a Mailman 2/3 archive (Pipermail's or HyperKitty's mbox) into the network's archive, one message at a
 * time from the stream: each becomes a published post, threaded by its reply headers like a live post, decoded
 * from its own charsets by mailparser (windows-1256, koi8-r, gb2312, iso-2022-jp…). Imported posts are archive
 * only: never redistributed, never in a digest. A Message-ID the network holds is a duplicate, so running the
 * import again adds nothing. `dryRun` reads and counts without writing.
 */
export async function importMbox(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  input: Readable | AsyncIterable<Buffer>,
  options: { dryRun?: boolean; onProgress?: (report: MboxImportReport, messages: number) => void } = {},
): Promise<MboxImportReport> {
  const network = await requireNetwork(deps);
  const report: MboxImportReport = { imported: 0, duplicates: 0, invalid: 0, invalidMessages: [] };
  // A dry run writes nothing, so a message twice in the file is found here.
  const seen = new Set<string>();
  const invalid = (index: number, reason: string) => {
    report.invalid++;
    if (report.invalidMessages.length < shownInvalid) report.invalidMessages.push({ index, reason });
  };
  let messages = 0;
  for await (const message of readMbox(input)) {
    messages++;
    options.onProgress?.(report, messages);
    const raw = withPipermailFrom(message.raw);
    let mail: ParsedMail;
    try {
      mail = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true } as Parameters<typeof simpleParser>[1]);
    } catch (error) {
      invalid(message.index, `not a readable message: ${(error as Error).message}`);
      continue;
    }
    const now = deps.clock.now();
    const fields = postFields(mail, raw, { now, fallbackDate: message.date ?? now });
    if (!fields.address) {
      invalid(message.index, fields.author.address ? `no valid From address (${fields.author.address})` : 'no From address');
      continue;
    }
    const messageId = fields.row.message_id;
    if (seen.has(messageId) || (await repo.hasPost(deps.db, network.id, messageId))) {
      report.duplicates++;
      continue;
    }
    seen.add(messageId);
    if (options.dryRun) {
      report.imported++;
      continue;
    }
    const member = await repo.findMemberByKey(deps.db, network.id, fields.address.dedupeKey);
    const inserted = await deps.db.transaction().execute(async (trx) => {
      const id = await repo.insertPost(trx, {
        network_id: network.id,
        thread_id: null,
        ...fields.row,
        member_id: member?.id ?? null,
        mail_from: /^[^\s@]+@[^\s@]+$/.test(message.envelope) ? message.envelope : fields.address!.display,
        received_at: now.toISOString(),
        status: 'published',
        hold_reason: null,
        auth: JSON.stringify(importedAuth),
        dmarc_policy: null,
        expires_at: null,
        decided_at: now.toISOString(),
        decided_by: 'import',
        decision_note: null,
        origin: 'import',
      });
      if (id !== null) await publishPost(trx, id);
      return id;
    });
    if (inserted === null) report.duplicates++;
    else report.imported++;
  }
  options.onProgress?.(report, messages);
  return report;
}
