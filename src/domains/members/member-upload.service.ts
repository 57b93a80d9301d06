import { z } from 'zod';
import type { AppDeps } from '../../app-deps.ts';
import { AppError, isAppError } from '../../errors/app-error.ts';
import { type Locale, translator } from '../../i18n/i18n.ts';
import { defineJob } from '../../jobs/job-queue.ts';
import { type Actor, recordAudit } from '../audit/audit.service.ts';
import { requireNetwork } from '../site/site.service.ts';
import type { MemberImportRow } from './member-import.table.ts';
import { type ImportReport, importFields, importMembers } from './member-import.ts';

export type UploadDeps = Pick<AppDeps, 'db' | 'clock' | 'queue'>;
export const memberImportJobName = 'members.import';

/** What staff chose for an upload: the status of new members, the lawful basis, and the column mapping. */
export const uploadOptionsSchema = z.object({
  status: z.enum(['pending', 'subscribed']),
  basis: z.string().trim().max(500).optional(),
  columnMap: z.record(z.string(), z.enum(['', ...importFields])).default({}),
});
export type UploadOptions = z.infer<typeof uploadOptionsSchema>;

function dryRun(deps: UploadDeps, networkId: number, input: string | Uint8Array, options: UploadOptions, actor: Actor, locale: Locale): Promise<ImportReport> {
  return importMembers(deps, input, { networkId, dryRun: true, actorLabel: actor.label, locale, ...options });
}

/**
 * A dry run, except that columns the import cannot place (no email column yet, two columns for one field)
 * are not fatal here: that is what the column mapping on the preview page is for.
 */
async function dryRunOrMappingProblem(
  deps: UploadDeps,
  networkId: number,
  input: string | Uint8Array,
  options: UploadOptions,
  actor: Actor,
  locale: Locale,
): Promise<ImportReport | { problem: string }> {
  try {
    return await dryRun(deps, networkId, input, options, actor, locale);
  } catch (error) {
    if (!isAppError(error, 'invalid_input')) throw error;
    const problem = error.details.problem;
    if (problem !== 'missing_column' && problem !== 'duplicate_column') throw error;
    return { problem: translator(locale)(`import.file.${problem}`, error.details) };
  }
}

/**
 * Keeps an uploaded CSV and previews it (a dry run). The bytes are checked (UTF-8, well-formed CSV, the
 * required columns) before anything is stored, so a bad file changes nothing.
 */
export async function storeUpload(
  deps: UploadDeps,
  actor: Actor,
  upload: { filename: string; bytes: Uint8Array; options: UploadOptions; locale: Locale },
): Promise<MemberImportRow> {
  const network = await requireNetwork(deps);
  const report = await dryRunOrMappingProblem(deps, network.id, upload.bytes, upload.options, actor, upload.locale);
  const now = deps.clock.now().toISOString();
  const row = await deps.db
    .insertInto('member_imports')
    .values({
      network_id: network.id,
      created_at: now,
      created_by: actor.label,
      filename: upload.filename.slice(0, 200),
      content: new TextDecoder('utf-8').decode(upload.bytes).replace(/^\uFEFF/, ''),
      status: 'previewed',
      options: JSON.stringify(upload.options),
      report: 'problem' in report ? null : JSON.stringify(report),
      rows_done: 0,
      error: 'problem' in report ? report.problem : null,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordAudit(deps, actor, 'member.import_upload', `import:${row.id}`, { filename: row.filename });
  return row;
}

export async function findUpload(deps: Pick<AppDeps, 'db'>, id: number): Promise<MemberImportRow> {
  const row = await deps.db.selectFrom('member_imports').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('not_found');
  return row;
}

/** Previews an upload again with new options (a changed column mapping). */
export async function previewUpload(deps: UploadDeps, actor: Actor, id: number, options: UploadOptions, locale: Locale): Promise<void> {
  const upload = await findUpload(deps, id);
  if (upload.status !== 'previewed') throw new AppError('invalid_input', { field: 'status' });
  const report = await dryRunOrMappingProblem(deps, upload.network_id, upload.content, options, actor, locale);
  const problem = 'problem' in report ? report.problem : null;
  await deps.db
    .updateTable('member_imports')
    .set({ options: JSON.stringify(options), report: problem ? null : JSON.stringify(report), error: problem, updated_at: deps.clock.now().toISOString() })
    .where('id', '=', id)
    .execute();
}

/** Queues the real import of a previewed upload; it runs as a job so the page can show progress. */
export async function queueUpload(deps: UploadDeps, actor: Actor, id: number, options: UploadOptions, locale: Locale): Promise<void> {
  const upload = await findUpload(deps, id);
  if (upload.status !== 'previewed') return;
  // Only a mapping whose preview worked may be imported.
  await previewUpload(deps, actor, id, options, locale);
  if ((await findUpload(deps, id)).error) return;
  await deps.db
    .updateTable('member_imports')
    .set({ status: 'queued', options: JSON.stringify(options), updated_at: deps.clock.now().toISOString() })
    .where('id', '=', id)
    .where('status', '=', 'previewed')
    .execute();
  await deps.queue.enqueue(memberImportJobName, { importId: id, actorLabel: actor.label, actorStaffId: actor.staffId });
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
          onProgress: (rows) => void touch({ rows_done: rows }),
        });
        await touch({ status: 'done', report: JSON.stringify(report) });
      } catch (error) {
        await touch({ status: 'failed', error: (error as Error).message.slice(0, 1000) });
        throw error;
      }
    },
  });
}
