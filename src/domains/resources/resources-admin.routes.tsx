import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../../app-deps.ts';
import { type AppError, appErrorStatus, isAppError } from '../../errors/app-error.ts';
import { parseBody } from '../../http/form.ts';
import { actorOf, pageContext } from '../../http/request-context.ts';
import * as service from './resource.service.ts';
import { resourceKinds, resourceStatuses } from './resource.table.ts';
import { sendResourceFile } from './resource-file-response.ts';
import { blankValues, inputFromValues, type ResourceFormValues, valuesFromFields, valuesFromView } from './resource-form.ts';
import { type FormError, ResourceDeletePage, ResourceDetailPage, ResourceFormPage, ResourceListPage, resourceFieldLabel } from './resources-admin.views.tsx';
import { readUploadForm } from './upload-form.ts';

const pageSize = 50;
const idParams = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) });
const anyOr = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .enum(values)
    .optional()
    .or(z.literal('').transform(() => undefined));
const listQuery = z.object({
  q: z.string().max(200).optional(),
  kind: anyOr(resourceKinds),
  status: anyOr(resourceStatuses),
  topic: z.coerce.number().int().positive().max(2_147_483_647).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).optional().catch(undefined),
});

/** Codes the form shows itself again for, with the message; anything else is an error page. */
const formErrorCodes = ['invalid_input', 'resource_slug_taken', 'resource_file_too_large', 'resource_file_type', 'resource_title_required'] as const;

function formError(request: FastifyRequest, error: unknown): (FormError & { status: number }) | null {
  const refused = formErrorCodes.some((code) => isAppError(error, code)) ? (error as AppError) : null;
  if (!refused) return null;
  const status = appErrorStatus[refused.code];
  if (refused.code === 'invalid_input') {
    const field = String(refused.details.field ?? '');
    return { message: request.t('error.invalid_input', { field: resourceFieldLabel(request.t, request.locale, field) }), field, status };
  }
  if (refused.code === 'resource_slug_taken') {
    const locale = String(refused.details.locale);
    return { message: request.t('error.resource_slug_taken', refused.details), field: `versions.${locale}.slug`, status };
  }
  const field = refused.code === 'resource_title_required' ? `versions.${request.locale}.title` : 'file';
  return { message: request.t(`error.${refused.code}`, refused.details), field, status };
}

/** GET /admin/resources — the library for staff: filters, every status, the latest change first. */
export function resourceListPage(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const query = parseBody(listQuery, request.query);
    const filters = { q: query.q?.trim() || undefined, kind: query.kind, status: query.status, topicId: query.topic };
    const page = query.page ?? 1;
    const [list, topics] = await Promise.all([
      service.listResourcesForStaff(deps, filters, { limit: pageSize, offset: (page - 1) * pageSize }),
      service.topicChoices(deps),
    ]);
    return reply.page(<ResourceListPage ctx={pageContext(request, reply)} filters={filters} views={list.views} page={page} more={list.more} topics={topics} />);
  };
}

/** GET /admin/resources/new */
export function newResourcePage(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) =>
    reply.page(<ResourceFormPage ctx={pageContext(request, reply)} values={blankValues(request.locale)} limitBytes={deps.config.resourceFileLimitBytes} />);
}

function tooLargeError(deps: AppDeps, request: FastifyRequest): FormError & { status: number } {
  const megabytes = Math.floor(deps.config.resourceFileLimitBytes / 1_048_576) || 1;
  return { message: request.t('error.resource_file_too_large', { megabytes }), field: 'file', status: 413 };
}

/** Saves a submitted form with `save`, or shows it again with what was typed and what was wrong (nothing stored). */
function formSubmit(
  deps: AppDeps,
  editing: boolean,
  save: (request: FastifyRequest, values: ResourceFormValues, file: service.UploadedFile | null) => Promise<number>,
) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { fields, file, tooLarge } = await readUploadForm(request, deps.config.resourceFileLimitBytes);
    const values = valuesFromFields(fields);
    const resourceId = editing ? parseBody(idParams, request.params).id : undefined;
    let refused: (FormError & { status: number }) | null = tooLarge ? tooLargeError(deps, request) : null;
    if (!refused) {
      try {
        const id = await save(request, values, file);
        return reply.redirect(`/${request.locale}/admin/resources/${id}?saved=1`, 303);
      } catch (error) {
        refused = formError(request, error);
        if (!refused) throw error;
      }
    }
    const existing = resourceId ? await service.getResource(deps, resourceId) : undefined;
    const page = (
      <ResourceFormPage ctx={pageContext(request, reply)} values={values} view={existing} limitBytes={deps.config.resourceFileLimitBytes} error={refused} />
    );
    return reply.page(page, refused.status);
  };
}

/** POST /admin/resources/new (multipart; the CSRF token in the query) */
export function newResourceSubmit(deps: AppDeps) {
  return formSubmit(deps, false, async (request, values, file) => (await service.createResource(deps, actorOf(request), inputFromValues(values), file)).id);
}

/** GET /admin/resources/:id — a resource as staff see it: its versions, file, status and the actions. */
export function resourceDetailPage(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { id } = parseBody(idParams, request.params);
    const saved = (request.query as Record<string, unknown>).saved === '1';
    return reply.page(<ResourceDetailPage ctx={pageContext(request, reply)} view={await service.getResource(deps, id)} saved={saved} />);
  };
}

/** GET /admin/resources/:id/edit */
export function editResourcePage(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { id } = parseBody(idParams, request.params);
    const view = await service.getResource(deps, id);
    return reply.page(
      <ResourceFormPage ctx={pageContext(request, reply)} values={valuesFromView(view)} view={view} limitBytes={deps.config.resourceFileLimitBytes} />,
    );
  };
}

/** POST /admin/resources/:id/edit (multipart) */
export function editResourceSubmit(deps: AppDeps) {
  return formSubmit(deps, true, async (request, values, file) => {
    const { id } = parseBody(idParams, request.params);
    await service.updateResource(deps, actorOf(request), id, inputFromValues(values), { upload: file, removeFile: values.removeFile });
    return id;
  });
}

/** POST /admin/resources/:id/status — publish or unpublish. */
export function resourceStatusSubmit(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { id } = parseBody(idParams, request.params);
    const { status } = parseBody(z.object({ status: z.enum(resourceStatuses) }), request.body);
    await service.setResourceStatus(deps, actorOf(request), id, status);
    return reply.redirect(`/${request.locale}/admin/resources/${id}`, 303);
  };
}

/** GET /admin/resources/:id/delete — asks before deleting. */
export function deleteResourcePage(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { id } = parseBody(idParams, request.params);
    return reply.page(<ResourceDeletePage ctx={pageContext(request, reply)} view={await service.getResource(deps, id)} />);
  };
}

/** POST /admin/resources/:id/delete */
export function deleteResourceSubmit(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { id } = parseBody(idParams, request.params);
    await service.deleteResource(deps, actorOf(request), id);
    return reply.redirect(`/${request.locale}/admin/resources?deleted=1`, 303);
  };
}

/** GET /admin/resources/:id/file — the file of any resource, drafts included, for staff. */
export function resourceFileDownload(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { id } = parseBody(idParams, request.params);
    const view = await service.getResource(deps, id);
    return sendResourceFile(reply, await service.resourceFile(deps, view.row), 'private, no-store');
  };
}
