import type { FastifyRequest } from 'fastify';
import type { UploadedFile } from './resource.service.ts';

/**
 * Reads a multipart form: its text fields and at most one file, stopping at `limit` bytes (the rest of a 200 MB
 * upload is discarded as it arrives, never held). The file input comes last in a form, so every field has arrived
 * when a file is found too large. A form sent without multipart gives its fields and no file.
 */
export async function readUploadForm(
  request: FastifyRequest,
  limit: number,
): Promise<{ fields: Record<string, string>; file: UploadedFile | null; tooLarge: boolean }> {
  const fields: Record<string, string> = {};
  let file: UploadedFile | null = null;
  if (!request.isMultipart()) {
    for (const [k, v] of Object.entries((request.body ?? {}) as Record<string, unknown>)) if (typeof v === 'string') fields[k] = v;
    return { fields, file, tooLarge: false };
  }
  for await (const part of request.parts({ limits: { fileSize: limit, files: 1, fields: 60, fieldSize: 400_000 } })) {
    if (part.type === 'field') {
      if (typeof part.value === 'string') fields[part.fieldname] = part.value;
      continue;
    }
    try {
      const bytes = await part.toBuffer();
      // A browser sends an empty, unnamed part for a file input left empty.
      if (bytes.length > 0 || part.filename) file = { name: part.filename, bytes };
    } catch (error) {
      if ((error as { code?: string }).code !== 'FST_REQ_FILE_TOO_LARGE') throw error;
      return { fields, file: null, tooLarge: true };
    }
  }
  return { fields, file, tooLarge: false };
}
