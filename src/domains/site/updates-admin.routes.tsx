import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../../app-deps.ts';
import { type AppError, appErrorStatus, isAppError } from '../../errors/app-error.ts';
import { parseBody } from '../../http/form.ts';
import { actorOf, pageContext } from '../../http/request-context.ts';
import { type Locale, locales } from '../../i18n/i18n.ts';
import type { VersionFormValues } from '../resources/resource-form.ts';
import { type FormError, resourceFieldLabel } from '../resources/resources-admin.views.tsx';
import * as updates from './update.service.ts';
import { UpdateDeletePage, UpdateDetailPage, UpdateFormPage, type UpdateFormValues, UpdateListPage } from './updates-admin.views.tsx';

const idParams = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) });
const revisionParams = idParams.extend({ revisionId: z.coerce.number().int().positive().max(2_147_483_647) });
const pageQuery = z.object({ page: z.coerce.number().int().min(1).max(10_000).optional().catch(undefined) });
const pageSize = 50;

function valuesFromBody(body: Record<string, unknown>): UpdateFormValues {
  const text = (key: string) => (typeof body[key] === 'string' ? (body[key] as string) : '');
  const versions = Object.fromEntries(
    locales.map((l) => [l, { title: text(`title.${l}`), slug: text(`slug.${l}`), summary: text(`summary.${l}`), body: text(`body.${l}`) }]),
  ) as Record<Locale, VersionFormValues>;
  return { status: text('status'), publishAt: text('publishAt'), pinned: text('pinned') === 'yes', sourceLocale: text('sourceLocale'), versions };
}

function valuesFromView(view: updates.UpdateView): UpdateFormValues {
  const versions = Object.fromEntries(
    locales.map((l) => {
      const v = view.versions[l];
      return [l, { title: v?.title ?? '', slug: v?.slug ?? '', summary: v?.summary ?? '', body: v?.body ?? '' }];
    }),
  ) as Record<Locale, VersionFormValues>;
  const { row } = view;
  return {
    status: row.status,
    publishAt: row.publish_at ? row.publish_at.slice(0, 16) : '',
    pinned: row.pinned === 1,
    sourceLocale: row.source_locale,
    versions,
  };
}

function inputOf(values: UpdateFormValues) {
  return {
    status: values.status,
    publishAt: values.publishAt || null,
    pinned: values.pinned,
    sourceLocale: values.sourceLocale || undefined,
    versions: values.versions,
  };
}

const formCodes = ['invalid_input', 'update_slug_taken', 'update_title_required'] as const;

function formError(request: FastifyRequest, error: unknown): (FormError & { status: number }) | null {
  const refused = formCodes.some((c) => isAppError(error, c)) ? (error as AppError) : null;
  if (!refused) return null;
  const status = appErrorStatus[refused.code];
  if (refused.code === 'invalid_input') {
    const field = String(refused.details.field ?? '');
    const label = field === 'publishAt' ? request.t('updates.field.publishAt') : resourceFieldLabel(request.t, request.locale, field);
    return { message: request.t('error.invalid_input', { field: label }), field, status };
  }
  const field = refused.code === 'update_slug_taken' ? `versions.${refused.details.locale}.slug` : `versions.${request.locale}.title`;
  return { message: request.t(`error.${refused.code}`, refused.details), field, status };
}

/** GET /admin/updates */
export function updateListPage(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const page = parseBody(pageQuery, request.query).page ?? 1;
    const views = await updates.updatesForStaff(deps, { limit: pageSize + 1, offset: (page - 1) * pageSize });
    const ctx = pageContext(request, reply);
    return reply.page(
      <UpdateListPage ctx={ctx} views={views.slice(0, pageSize)} page={page} more={views.length > pageSize} now={deps.clock.now().toISOString()} />,
    );
  };
}

/** GET /admin/updates/new */
export function newUpdatePage() {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const empty = Object.fromEntries(locales.map((l) => [l, { title: '', slug: '', summary: '', body: '' }])) as Record<Locale, VersionFormValues>;
    const values: UpdateFormValues = { status: 'draft', publishAt: '', pinned: false, sourceLocale: request.locale, versions: empty };
    return reply.page(<UpdateFormPage ctx={pageContext(request, reply)} values={values} />);
  };
}

function formSubmit(idOf: (request: FastifyRequest) => number | undefined, save: (request: FastifyRequest, input: unknown) => Promise<number>) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const values = valuesFromBody((request.body ?? {}) as Record<string, unknown>);
    try {
      const id = await save(request, inputOf(values));
      return reply.redirect(`/${request.locale}/admin/updates/${id}?saved=1`, 303);
    } catch (error) {
      const refused = formError(request, error);
      if (!refused) throw error;
      return reply.page(<UpdateFormPage ctx={pageContext(request, reply)} updateId={idOf(request)} values={values} error={refused} />, refused.status);
    }
  };
}

/** POST /admin/updates/new */
export function newUpdateSubmit(deps: AppDeps) {
  return formSubmit(
    () => undefined,
    async (request, input) => (await updates.createUpdate(deps, actorOf(request), input)).id,
  );
}

/** GET /admin/updates/:id — the update, its state and its revisions (who, when) with restore. */
export function updateDetailPage(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { id } = parseBody(idParams, request.params);
    const [view, revisions] = await Promise.all([updates.getUpdate(deps, id), updates.revisionsOf(deps, id)]);
    const saved = (request.query as Record<string, unknown>).saved === '1';
    const ctx = pageContext(request, reply);
    return reply.page(<UpdateDetailPage ctx={ctx} view={view} revisions={revisions} saved={saved} now={deps.clock.now().toISOString()} />);
  };
}

/** GET /admin/updates/:id/edit */
export function editUpdatePage(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { id } = parseBody(idParams, request.params);
    return reply.page(<UpdateFormPage ctx={pageContext(request, reply)} updateId={id} values={valuesFromView(await updates.getUpdate(deps, id))} />);
  };
}

/** POST /admin/updates/:id/edit */
export function editUpdateSubmit(deps: AppDeps) {
  return formSubmit(
    (request) => parseBody(idParams, request.params).id,
    async (request, input) => {
      const { id } = parseBody(idParams, request.params);
      await updates.editUpdate(deps, actorOf(request), id, input);
      return id;
    },
  );
}

/** POST /admin/updates/:id/revisions/:revisionId/restore */
export function restoreRevisionSubmit(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { id, revisionId } = parseBody(revisionParams, request.params);
    await updates.restoreRevision(deps, actorOf(request), id, revisionId);
    return reply.redirect(`/${request.locale}/admin/updates/${id}?saved=1`, 303);
  };
}

/** GET /admin/updates/:id/delete */
export function deleteUpdatePage(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { id } = parseBody(idParams, request.params);
    return reply.page(<UpdateDeletePage ctx={pageContext(request, reply)} view={await updates.getUpdate(deps, id)} />);
  };
}

/** POST /admin/updates/:id/delete */
export function deleteUpdateSubmit(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { id } = parseBody(idParams, request.params);
    await updates.deleteUpdate(deps, actorOf(request), id);
    return reply.redirect(`/${request.locale}/admin/updates`, 303);
  };
}
