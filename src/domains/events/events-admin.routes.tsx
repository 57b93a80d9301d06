import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../../app-deps.ts';
import { AppError, appErrorStatus, isAppError } from '../../errors/app-error.ts';
import { parseBody } from '../../http/form.ts';
import { actorOf, pageContext } from '../../http/request-context.ts';
import { isLocale, type Locale } from '../../i18n/i18n.ts';
import { regionalGroups } from '../members/member-states.data.ts';
import { renderSafeMarkdown } from '../site/safe-markdown.ts';
import { requireNetwork } from '../site/site.service.ts';
import * as repo from './event.repository.ts';
import * as service from './event.service.ts';
import { blankValues, type EventFormValues, type FormBody, inputFromValues, valuesFromBody, valuesFromRow } from './event-form.ts';
import * as registrations from './event-registration.service.ts';
import { EventDetailPage, EventFormPage, EventListPage, fieldLabel, fieldOfError } from './events-admin.views.tsx';

const idParams = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) });
const registrationParams = idParams.extend({ registrationId: z.coerce.number().int().positive().max(2_147_483_647) });

/** Codes the form shows its own page for, with the message above the fields and by the field. */
const formErrorCodes = [
  'invalid_input',
  'event_time_range',
  'event_unknown_time_zone',
  'event_capacity_negative',
  'event_registration_window',
  'event_title_required',
] as const;

function formError(request: FastifyRequest, error: unknown): { message: string; field: string; status: number } | null {
  const refused = formErrorCodes.some((code) => isAppError(error, code)) ? (error as AppError) : null;
  if (!refused) return null;
  const details = refused.code === 'invalid_input' ? { field: fieldLabel(request.t, String(refused.details.field ?? '')) } : refused.details;
  return { message: request.t(`error.${refused.code}`, details), field: fieldOfError(refused.code, refused.details), status: appErrorStatus[refused.code] };
}

async function fallbackLocale(deps: AppDeps): Promise<Locale> {
  const network = await requireNetwork(deps);
  return isLocale(network.default_locale) ? network.default_locale : 'en';
}

/** GET /admin/events — upcoming events (soonest first) and past ones. */
export function eventListPage(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const [upcoming, past, fallback] = await Promise.all([service.listEvents(deps, 'upcoming'), service.listEvents(deps, 'past'), fallbackLocale(deps)]);
    return reply.page(<EventListPage ctx={pageContext(request, reply)} upcoming={upcoming} past={past} fallback={fallback} />);
  };
}

/** GET /admin/events/new */
export function newEventPage() {
  return async (request: FastifyRequest, reply: FastifyReply) => reply.page(<EventFormPage ctx={pageContext(request, reply)} values={blankValues('UTC')} />);
}

/** Runs a create or a change from the form; a refusal shows the form again with what was typed and what was wrong. */
function formSubmit(save: (request: FastifyRequest, values: EventFormValues) => Promise<number>, eventId?: (request: FastifyRequest) => number) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const values = valuesFromBody((request.body ?? {}) as FormBody);
    const id = eventId?.(request);
    try {
      const saved = await save(request, values);
      return reply.redirect(`/${request.locale}/admin/events/${saved}`, 303);
    } catch (error) {
      const refused = formError(request, error);
      if (!refused) throw error;
      return reply.page(<EventFormPage ctx={pageContext(request, reply)} eventId={id} values={values} error={refused} />, refused.status);
    }
  };
}

/** POST /admin/events/new */
export function newEventSubmit(deps: AppDeps) {
  return formSubmit(async (request, values) => (await registrations.planEvent(deps, actorOf(request), inputFromValues(values))).id);
}

/** GET /admin/events/:id/edit */
export function editEventPage(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { id } = parseBody(idParams, request.params);
    const row = await service.eventOf(deps, id);
    return reply.page(<EventFormPage ctx={pageContext(request, reply)} eventId={id} values={valuesFromRow(row)} />);
  };
}

/** POST /admin/events/:id/edit — more places promote the first on the waitlist. */
export function editEventSubmit(deps: AppDeps) {
  const idOf = (request: FastifyRequest) => parseBody(idParams, request.params).id;
  return formSubmit(async (request, values) => {
    const id = idOf(request);
    await service.eventOf(deps, id);
    return (await registrations.changeEvent(deps, actorOf(request), id, inputFromValues(values))).id;
  }, idOf);
}

/** The event page for staff, with a notice or an error above it. */
async function detail(
  deps: AppDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  id: number,
  message: { notice?: string; error?: string } = {},
  status = 200,
) {
  const [summary, fallback, invited, registrants, attendance] = await Promise.all([
    service.getEvent(deps, id),
    fallbackLocale(deps),
    repo.countInvitations(deps.db, id),
    repo.listRegistrations(deps.db, id),
    registrations.attendanceSummary(deps, id),
  ]);
  const description = service.localizedText(summary.row.description, request.locale, fallback);
  const descriptionHtml = description.text ? { html: renderSafeMarkdown(description.text), locale: description.locale } : null;
  return reply.page(
    <EventDetailPage
      ctx={pageContext(request, reply)}
      summary={summary}
      fallback={fallback}
      descriptionHtml={descriptionHtml}
      registrations={registrants}
      invited={invited}
      groups={regionalGroups}
      attendance={attendance}
      publicUrl={`${deps.config.publicUrl}/${request.locale}/events/${id}`}
      {...message}
    />,
    status,
  );
}

/** GET /admin/events/:id */
export function eventDetailPage(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => detail(deps, request, reply, parseBody(idParams, request.params).id);
}

const inviteForm = z.object({ addresses: z.string().max(100_000).optional(), regionalGroup: z.string().max(40).optional() });

/** POST /admin/events/:id/invitations — chosen members by address, and/or a regional group's subscribed members. */
export function inviteSubmit(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { id } = parseBody(idParams, request.params);
    const form = parseBody(inviteForm, request.body);
    const addresses = (form.addresses ?? '')
      .split(/[\n,;]/)
      .map((s) => s.trim())
      .filter(Boolean);
    try {
      const added = await registrations.inviteMembers(deps, actorOf(request), id, { addresses, regionalGroup: form.regionalGroup || undefined });
      return detail(deps, request, reply, id, { notice: request.t('events.invitedNotice', { count: added }) });
    } catch (error) {
      if (!isAppError(error, 'event_unknown_member') && !isAppError(error, 'invalid_input')) throw error;
      const message = error.code === 'invalid_input' ? request.t('events.inviteNobody') : request.t(`error.${error.code}`, error.details);
      return detail(deps, request, reply, id, { error: message }, appErrorStatus[error.code]);
    }
  };
}

/** POST /admin/events/:id/registrations/:registrationId/cancel — the place goes to the first on the waitlist. */
export function cancelRegistrationSubmit(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { id, registrationId } = parseBody(registrationParams, request.params);
    const found = await repo.findRegistration(deps.db, registrationId);
    if (!found || found.event_id !== id) throw new AppError('not_found');
    await registrations.cancelRegistration(deps, registrationId, actorOf(request));
    return reply.redirect(`/${request.locale}/admin/events/${id}`, 303);
  };
}

const attendanceForm = z.object({ attended: z.enum(['yes', 'no']) });

/** POST /admin/events/:id/registrations/:registrationId/attendance — came (yes) or not (no). */
export function attendanceSubmit(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { id, registrationId } = parseBody(registrationParams, request.params);
    const { attended } = parseBody(attendanceForm, request.body);
    await registrations.markAttendance(deps, actorOf(request), id, registrationId, attended === 'yes');
    return reply.redirect(`/${request.locale}/admin/events/${id}#registrants`, 303);
  };
}
