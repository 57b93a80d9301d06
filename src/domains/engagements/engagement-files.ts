import path from 'node:path';
import type { AppDeps } from '../../app-deps.ts';
import { AppError } from '../../errors/app-error.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { diskFileStorage, type FileStorage } from '../resources/file-storage.ts';
import { checkUpload, type UploadedFile } from '../resources/resource.service.ts';
import { type ResourceFileType, resourceFileTypes } from '../resources/resource-file-type.ts';
import * as repo from './engagement.repository.ts';
import { type EngagementReader, notesWithheldFrom } from './engagement.service.ts';
import type { EngagementFileRow } from './engagement.table.ts';

export type EngagementFileDeps = Pick<AppDeps, 'db' | 'clock' | 'config'>;

/** The storage of engagements' files: DATA_DIR/engagements, the resources' kind of storage. */
export function engagementFileStorage(deps: Pick<AppDeps, 'config'>): FileStorage {
  return diskFileStorage(path.join(deps.config.dataDir, 'engagements'));
}

/**
 * An engagement's files as the reader may see them: a restricted engagement's files are kept like its notes, so
 * a reader without the right to the notes gets none (`withheld`). Lists names only: reads nothing restricted.
 */
export async function filesOfEngagement(
  deps: EngagementFileDeps,
  reader: EngagementReader,
  id: number,
): Promise<{ files: EngagementFileRow[]; withheld: boolean }> {
  if (await notesWithheldFrom(deps, reader, id)) return { files: [], withheld: true };
  return { files: await repo.listEngagementFiles(deps.db, id), withheld: false };
}

/** Refuses a reader kept from a restricted engagement's notes (`forbidden`); `not_found` for another network's. */
async function requireFileRight(deps: EngagementFileDeps, reader: EngagementReader, id: number): Promise<void> {
  if (await notesWithheldFrom(deps, reader, id)) throw new AppError('forbidden');
}

/**
 * Attaches an uploaded file to an engagement, checked as a resource's file is (size limit, type read from its bytes:
 * `resource_file_too_large`, `resource_file_type`) before anything is stored; a failed save leaves no bytes behind.
 */
export async function attachEngagementFile(
  deps: EngagementFileDeps,
  reader: EngagementReader,
  id: number,
  upload: UploadedFile | null,
): Promise<EngagementFileRow> {
  await requireFileRight(deps, reader, id);
  if (!upload) throw new AppError('invalid_input', { field: 'file' });
  const { type, name } = checkUpload(deps, upload);
  const storage = engagementFileStorage(deps);
  const key = await storage.put(upload.bytes);
  try {
    const row = await repo.insertEngagementFile(deps.db, {
      engagement_id: id,
      file_key: key,
      file_name: name,
      file_type: type.mime,
      file_size: upload.bytes.length,
      uploaded_by: reader.actor.label,
      uploaded_at: deps.clock.now().toISOString(),
    });
    await recordAudit(deps, reader.actor, 'engagement.file_added', `engagement:${id}`, { fileId: row.id, name, type: type.mime, size: row.file_size });
    return row;
  } catch (error) {
    await storage.remove(key);
    throw error;
  }
}

/** One file of an engagement with its bytes and stored type, for a reader with the right; a restricted one's read is audited. */
export async function engagementFile(
  deps: EngagementFileDeps,
  reader: EngagementReader,
  id: number,
  fileId: number,
): Promise<{ bytes: Buffer; type: ResourceFileType; name: string }> {
  await requireFileRight(deps, reader, id);
  const row = await repo.findEngagementFile(deps.db, id, fileId);
  const type = row ? resourceFileTypes.get(row.file_type) : undefined;
  if (!row || !type) throw new AppError('not_found');
  const bytes = await engagementFileStorage(deps).get(row.file_key);
  if (!bytes) throw new AppError('not_found');
  const engagement = await repo.findEngagement(deps.db, id);
  if (engagement?.restricted === 1) await recordAudit(deps, reader.actor, 'engagement.read_restricted', `engagement:${id}`, { fileId });
  return { bytes, type, name: row.file_name };
}

/** Removes a file from an engagement (its bytes go once the row is gone); audited. */
export async function removeEngagementFile(deps: EngagementFileDeps, reader: EngagementReader, id: number, fileId: number): Promise<void> {
  await requireFileRight(deps, reader, id);
  const row = await repo.findEngagementFile(deps.db, id, fileId);
  if (!row) throw new AppError('not_found');
  await repo.deleteEngagementFile(deps.db, fileId);
  await engagementFileStorage(deps).remove(row.file_key);
  await recordAudit(deps, reader.actor, 'engagement.file_removed', `engagement:${id}`, { fileId, name: row.file_name });
}
