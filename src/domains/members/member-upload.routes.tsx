import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../../app-deps.ts';
import { AppError, isAppError } from '../../errors/app-error.ts';
import { parseBody } from '../../http/form.ts';
import { actorOf, pageContext } from '../../http/request-context.ts';
import { csvHeaders, describeImportError, type ImportReport } from './member-import.ts';
import * as uploads from './member-upload.service.ts';
import { UploadPage, UploadPreviewPage, UploadStatusPage } from './member-upload.views.tsx';

const idParams = z.object({ id: z.coerce.number().int().positive() });

/** Reads the status, basis, overwrite and `map:<header>` fields of the forms into upload options. */
function optionsFrom(fields: Record<string, unknown>): uploads.UploadOptions {
  const columnMap: Record<string, string> = {};
  for (const [key, value] of Object.entries(fields)) if (key.startsWith('map:') && typeof value === 'string') columnMap[key.slice(4)] = value;
  return parseBody(uploads.uploadOptionsSchema, { status: fields.status, basis: fields.basis || undefined, overwrite: fields.overwrite === 'yes', columnMap });
}

/** GET /admin/members/import */
export function uploadPage(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) =>
    reply.page(<UploadPage ctx={pageContext(request, reply)} maxMegabytes={Math.floor(deps.config.uploadLimitBytes / 1_048_576)} />);
}

/** POST /admin/members/import (multipart) — stores the file and shows its preview's progress; a file that is not UTF-8 CSV text is explained and stored nowhere. */
export function uploadSubmit(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const fields: Record<string, unknown> = {};
    let file: { filename: string; bytes: Buffer } | null = null;
    for await (const part of request.parts()) {
      if (part.type === 'file') file = { filename: part.filename, bytes: await part.toBuffer() };
      else fields[part.fieldname] = part.value;
    }
    const ctx = pageContext(request, reply);
    const maxMegabytes = Math.floor(deps.config.uploadLimitBytes / 1_048_576);
    if (!file || file.bytes.length === 0) return reply.page(<UploadPage ctx={ctx} error={ctx.t('upload.noFile')} maxMegabytes={maxMegabytes} />, 400);
    try {
      const upload = await uploads.storeUpload(deps, actorOf(request), {
        filename: file.filename,
        bytes: file.bytes,
        options: optionsFrom(fields),
        locale: request.locale,
      });
      return reply.redirect(`/${request.locale}/admin/members/import/${upload.id}`, 303);
    } catch (error) {
      const message = describeImportError(error, ctx.t);
      if (!message) throw error;
      return reply.page(<UploadPage ctx={ctx} error={message} maxMegabytes={maxMegabytes} />, 400);
    }
  };
}

/** GET /admin/members/import/:id — the preview with its column mapping, or the import's progress and result. */
export function uploadStatusPage(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { id } = parseBody(idParams, request.params);
    const upload = await uploads.findUpload(deps, id);
    const ctx = pageContext(request, reply);
    if (upload.status !== 'previewed') return reply.page(<UploadStatusPage ctx={ctx} upload={upload} />);
    const options = uploads.uploadOptionsSchema.parse(JSON.parse(upload.options));
    const report = upload.report ? (JSON.parse(upload.report) as ImportReport) : null;
    return reply.page(<UploadPreviewPage ctx={ctx} upload={upload} headers={csvHeaders(upload.content)} options={options} report={report} />);
  };
}

/** POST /admin/members/import/:id — preview again with a new mapping, or import. */
export function uploadDecisionSubmit(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { id } = parseBody(idParams, request.params);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const options = optionsFrom(body);
    const actor = actorOf(request);
    try {
      if (body.intent === 'import') {
        if (options.status === 'subscribed' && !options.basis) throw new AppError('invalid_input', { field: 'basis' });
        await uploads.queueUpload(deps, actor, id, options, request.locale);
      } else await uploads.previewUpload(deps, actor, id, options, request.locale);
    } catch (error) {
      const message = describeImportError(error, request.t);
      if (!message || !isAppError(error)) throw error;
      const ctx = pageContext(request, reply);
      const upload = await uploads.findUpload(deps, id);
      return reply.page(
        <UploadPreviewPage
          ctx={ctx}
          upload={upload}
          headers={csvHeaders(upload.content)}
          options={options}
          report={upload.report ? (JSON.parse(upload.report) as ImportReport) : null}
          error={message}
        />,
        400,
      );
    }
    return reply.redirect(`/${request.locale}/admin/members/import/${id}`, 303);
  };
}
