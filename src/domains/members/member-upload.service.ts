import { z } from 'zod';
import type { AppDeps } from '../../app-deps.ts';
import { AppError } from '../../errors/app-error.ts';
import { type Locale, locales, translator } from '../../i18n/i18n.ts';
import { defineJob } from '../../jobs/job-queue.ts';
import { cleanLine } from '../../security/human-text.ts';
import { type Actor, recordAudit } from '../audit/audit.service.ts';
import { requireNetwork } from '../site/site.service.ts';
import type { MemberImportRow } from './member-import.table.ts';
import { csvHeaders, decodeImportFile, describeImportError, type ImportReport, importFields, importMembers } from './member-import.ts';

export type UploadDeps = Pick<AppDeps, 'db' | 'clock' | 'queue'>;
export const memberImportJobName = 'members.import';
export const memberPreviewJobName = 'members.preview';

/** What staff chose for an upload: the status of new members, the lawful basis, overwriting, and the column mapping. */
export const uploadOptionsSchema = z.object({
  status: z.enum(['pending', 'subscribed']),
  basis: z.string().trim().max(500).optional(),
  /** Replace existing members' fields with the file's; by default only empty fields are filled. */
  overwrite: z.boolean().default(false),
  columnMap: z.record(z.string(), z.enum(['', ...importFields])).default({}),
});
export type UploadOptions = z.infer<typeof uploadOptionsSchema>;

/**
 * Progress for the upload page, written at most every `progressEveryMs`: the row also holds the file, and SQLite
 * rewrites a whole row (4 MB, each time) to change one column, so one write per batch of 500 rows took longer
 * than reading the rows and held the instance up for as long.
 */
const progressEveryMs = 500;

function throttled(write: (rows: number) => void): (rows: number) => void {
  let last = Number.NEGATIVE_INFINITY;
  return (rows) => {
    const now = performance.now();
    if (now - last < progressEveryMs) return;
    last = now;
    write(rows);
  };
}

/** Subscribing members needs the lawful basis staff state; checked before a file is kept or a job queued. */
function requireBasis(options: UploadOptions): void {
  if (options.status === 'subscribed' && !options.basis?.trim()) throw new AppError('invalid_input', { field: 'basis' });
}

/**
 * Keeps an uploaded CSV and queues its preview (a dry run, as a job: parsing a large file takes seconds the
 * request must not hold). The bytes are checked first (size, UTF-8, not a workbook), so such a file is kept
 * nowhere; problems only a parse finds (broken quoting on line 90,000, no email column) are the preview's.
 */
export async function storeUpload(
  deps: UploadDeps,
  actor: Actor,
  upload: { filename: string; bytes: Uint8Array; options: UploadOptions; locale: Locale },
): Promise<MemberImportRow> {
  const network = await requireNetwork(deps);
  // The basis is shown on the import page and becomes each member's consent basis: one clean line.
  const options = upload.options.basis === undefined ? upload.options : { ...upload.options, basis: cleanLine(upload.options.basis) };
  requireBasis(options);
  const content = await decodeImportFile(upload.bytes);
  const now = deps.clock.now().toISOString();
  const row = await deps.db
    .insertInto('member_imports')
    .values({
      network_id: network.id,
      created_at: now,
      created_by: actor.label,
      // The file name is the browser's, shown on the import page and in the audit log: one clean line.
      filename: cleanLine(upload.filename).slice(0, 200),
      content,
      status: 'previewing',
      options: JSON.stringify(options),
      report: null,
      rows_done: 0,
      error: null,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordAudit(deps, actor, 'member.import_upload', `import:${row.id}`, { filename: row.filename });
  await deps.queue.enqueue(memberPreviewJobName, { importId: row.id, actorLabel: actor.label, locale: upload.locale });
  return row;
}

export async function findUpload(deps: Pick<AppDeps, 'db'>, id: number): Promise<MemberImportRow> {
  const row = await deps.db.selectFrom('member_imports').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('not_found');
  return row;
}

/** Queues a new preview of an upload with new options (a changed column mapping); the page shows its progress. */
export async function previewUpload(deps: UploadDeps, actor: Actor, id: number, options: UploadOptions, locale: Locale): Promise<void> {
  const upload = await findUpload(deps, id);
  if (upload.status !== 'previewed' && upload.status !== 'previewing') throw new AppError('invalid_input', { field: 'status' });
  requireBasis(options);
  await deps.db
    .updateTable('member_imports')
    .set({ status: 'previewing', options: JSON.stringify(options), report: null, error: null, rows_done: 0, updated_at: deps.clock.now().toISOString() })
    .where('id', '=', id)
    .execute();
  await deps.queue.enqueue(memberPreviewJobName, { importId: id, actorLabel: actor.label, locale });
}

/** What a preview depends on: the field each column goes to, and whether existing members' fields are replaced. */
function previewKey(content: string, options: UploadOptions): string {
  const fields = csvHeaders(content).map(({ header, field }) => (header in options.columnMap ? options.columnMap[header] : field) ?? '');
  return JSON.stringify({ fields, overwrite: options.overwrite });
}

/**
 * Queues the real import of a previewed upload; it runs as a job so the page can show progress. Only what
 * was previewed may be imported: a preview that found a problem imports nothing, and a changed mapping is
 * previewed first (staff then decide on what they see).
 */
export async function queueUpload(deps: UploadDeps, actor: Actor, id: number, options: UploadOptions, locale: Locale): Promise<void> {
  const upload = await findUpload(deps, id);
  if (upload.status !== 'previewed') return;
  const previewed = uploadOptionsSchema.parse(JSON.parse(upload.options));
  if (previewKey(upload.content, previewed) !== previewKey(upload.content, options)) return previewUpload(deps, actor, id, options, locale);
  if (upload.error || !upload.report) return;
  await deps.db
    .updateTable('member_imports')
    .set({ status: 'queued', options: JSON.stringify(options), updated_at: deps.clock.now().toISOString() })
    .where('id', '=', id)
    .where('status', '=', 'previewed')
    .execute();
  await deps.queue.enqueue(memberImportJobName, { importId: id, actorLabel: actor.label, actorStaffId: actor.staffId });
}

/**
 * The job that previews an upload (a dry run with its stored options), reporting the rows read as it goes.
 * A file or mapping problem becomes the upload's error, in the uploader's language, for the preview page.
 */
export function memberPreviewJob(deps: Pick<AppDeps, 'db' | 'clock'>) {
  return defineJob({
    name: memberPreviewJobName,
    lane: 'bulk',
    maxAttempts: 3,
    payload: z.object({ importId: z.number().int().positive(), actorLabel: z.string(), locale: z.enum(locales) }),
    async run({ importId, actorLabel, locale }) {
      const upload = await findUpload(deps, importId);
      if (upload.status !== 'previewing') return;
      const options = uploadOptionsSchema.parse(JSON.parse(upload.options));
      // Only the preview of the options still stored may land (staff may have changed the mapping meanwhile).
      const current = () =>
        deps.db.updateTable('member_imports').where('id', '=', importId).where('status', '=', 'previewing').where('options', '=', upload.options);
      let report: ImportReport | null = null;
      let problem: string | null = null;
      try {
        report = await importMembers(deps, upload.content, {
          networkId: upload.network_id,
          dryRun: true,
          actorLabel,
          locale,
          ...options,
          onProgress: throttled(
            (rows) =>
              void current()
                .set({ rows_done: rows })
                .execute()
                .catch(() => {}),
          ),
        });
      } catch (error) {
        problem = describeImportError(error, translator(locale));
        if (problem === null) throw error;
      }
      await current()
        .set({ status: 'previewed', report: report && JSON.stringify(report), error: problem, updated_at: deps.clock.now().toISOString() })
        .execute();
    },
  });
}

/** The job that imports a queued upload in one transaction, reporting progress as it goes. */
export function memberImportJob(deps: Pick<AppDeps, 'db' | 'clock'>) {
  return defineJob({
    name: memberImportJobName,
    lane: 'bulk',
    maxAttempts: 3,
    payload: z.object({ importId: z.number().int().positive(), actorLabel: z.string(), actorStaffId: z.number().int().nullable() }),
    async run({ importId, actorLabel, actorStaffId }) {
      const upload = await findUpload(deps, importId);
      if (upload.status === 'done') return;
      const options = uploadOptionsSchema.parse(JSON.parse(upload.options));
      const touch = (values: Partial<MemberImportRow>) =>
        deps.db
          .updateTable('member_imports')
          .set({ ...values, updated_at: deps.clock.now().toISOString() })
          .where('id', '=', importId)
          .execute();
      await touch({ status: 'running', rows_done: 0 });
      try {
        const report = await importMembers(deps, upload.content, {
          networkId: upload.network_id,
          dryRun: false,
          actorLabel,
          actor: { staffId: actorStaffId, label: actorLabel },
          ...options,
          onProgress: throttled((rows) => void touch({ rows_done: rows })),
        });
        // The file has served its purpose: its rows (addresses, names) go, the report stays.
        await touch({ status: 'done', report: JSON.stringify(report), content: '' });
      } catch (error) {
        await touch({ status: 'failed', error: (error as Error).message.slice(0, 1000) });
        throw error;
      }
    },
  });
}
