import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../../app-deps.ts';
import { isAppError } from '../../errors/app-error.ts';
import { parseBody } from '../../http/form.ts';
import { actorOf, pageContext } from '../../http/request-context.ts';
import { locales } from '../../i18n/i18n.ts';
import { listResourcesForStaff } from '../resources/resource.service.ts';
import * as milestones from './milestone.service.ts';
import { MilestoneDeletePage, MilestoneFormPage, type MilestoneFormValues, milestoneFieldLabel, TimelineAdminPage } from './timeline-admin.views.tsx';

const idParams = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) });
type FormBody = Record<string, string | string[] | undefined>;

const text = (body: FormBody, key: string): string => {
  const value = body[key];
  return (Array.isArray(value) ? value[0] : value) ?? '';
};

/** The form's values from a submitted body (`title.fr`, `resource.12`…). */
function valuesFromBody(body: FormBody): MilestoneFormValues {
  return {
    date: text(body, 'date'),
    endDate: text(body, 'endDate'),
    precision: text(body, 'precision'),
    title: Object.fromEntries(locales.map((l) => [l, text(body, `title.${l}`)])),
    body: Object.fromEntries(locales.map((l) => [l, text(body, `body.${l}`)])),
    resourceIds: Object.keys(body)
      .filter((k) => k.startsWith('resource.') && text(body, k) === 'yes')
      .map((k) => Number(k.slice('resource.'.length)))
      .filter((n) => Number.isInteger(n) && n > 0),
  };
}

function inputOf(values: MilestoneFormValues) {
  return {
    date: values.date,
    endDate: values.endDate || null,
    precision: values.precision,
    title: values.title,
    body: values.body,
    resourceIds: values.resourceIds,
  };
}

function valuesOf(view: milestones.MilestoneView): MilestoneFormValues {
  const { row } = view;
  return {
    date: row.date,
    endDate: row.end_date ?? '',
    precision: row.precision,
    title: JSON.parse(row.title),
    body: JSON.parse(row.body),
    resourceIds: view.resourceIds,
  };
}

/** Every resource staff may link a milestone to, by title in the reader's language. */
async function resourceChoices(deps: AppDeps) {
  return (await listResourcesForStaff(deps, {}, { limit: 500, offset: 0 })).views;
}

/** GET /admin/timeline */
export function timelinePage(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const saved = (request.query as Record<string, unknown>).saved === '1';
    return reply.page(<TimelineAdminPage ctx={pageContext(request, reply)} views={await milestones.timelineForStaff(deps)} saved={saved} />);
  };
}

/** GET /admin/timeline/new */
export function newMilestonePage(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const values: MilestoneFormValues = { date: '', endDate: '', precision: 'day', title: {}, body: {}, resourceIds: [] };
    return reply.page(<MilestoneFormPage ctx={pageContext(request, reply)} values={values} resources={await resourceChoices(deps)} />);
  };
}

/** Saves the form with `save`, or shows it again as typed with the translated reason (nothing stored). */
function formSubmit(
  deps: AppDeps,
  milestoneId: (request: FastifyRequest) => number | undefined,
  save: (request: FastifyRequest, input: unknown) => Promise<void>,
) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const values = valuesFromBody((request.body ?? {}) as FormBody);
    try {
      await save(request, inputOf(values));
      return reply.redirect(`/${request.locale}/admin/timeline?saved=1`, 303);
    } catch (error) {
      if (!isAppError(error, 'invalid_input')) throw error;
      const field = String(error.details.field ?? '');
      const message = request.t('error.invalid_input', { field: milestoneFieldLabel(request.t, request.locale, field) });
      const page = (
        <MilestoneFormPage
          ctx={pageContext(request, reply)}
          milestoneId={milestoneId(request)}
          values={values}
          resources={await resourceChoices(deps)}
          error={{ message, field }}
        />
      );
      return reply.page(page, 400);
    }
  };
}

/** POST /admin/timeline/new */
export function newMilestoneSubmit(deps: AppDeps) {
  return formSubmit(
    deps,
    () => undefined,
    async (request, input) => {
      await milestones.createMilestone(deps, actorOf(request), input);
    },
  );
}

/** GET /admin/timeline/:id/edit */
export function editMilestonePage(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { id } = parseBody(idParams, request.params);
    const view = await milestones.getMilestone(deps, id);
    return reply.page(<MilestoneFormPage ctx={pageContext(request, reply)} milestoneId={id} values={valuesOf(view)} resources={await resourceChoices(deps)} />);
  };
}

/** POST /admin/timeline/:id/edit */
export function editMilestoneSubmit(deps: AppDeps) {
  return formSubmit(
    deps,
    (request) => parseBody(idParams, request.params).id,
    (request, input) => milestones.updateMilestone(deps, actorOf(request), parseBody(idParams, request.params).id, input),
  );
}

/** POST /admin/timeline/:id/move — one place earlier (`direction=up`) or later. */
export function moveMilestoneSubmit(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { id } = parseBody(idParams, request.params);
    const { direction } = parseBody(z.object({ direction: z.enum(['up', 'down']) }), request.body);
    await milestones.moveMilestone(deps, actorOf(request), id, direction);
    return reply.redirect(`/${request.locale}/admin/timeline#milestone-${id}`, 303);
  };
}

/** GET /admin/timeline/:id/delete — asks first. */
export function deleteMilestonePage(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { id } = parseBody(idParams, request.params);
    return reply.page(<MilestoneDeletePage ctx={pageContext(request, reply)} view={await milestones.getMilestone(deps, id)} />);
  };
}

/** POST /admin/timeline/:id/delete */
export function deleteMilestoneSubmit(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { id } = parseBody(idParams, request.params);
    await milestones.deleteMilestone(deps, actorOf(request), id);
    return reply.redirect(`/${request.locale}/admin/timeline`, 303);
  };
}
