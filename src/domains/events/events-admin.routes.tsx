import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../../app-deps.ts';
import { AppError, appErrorStatus, isAppError } from '../../errors/app-error.ts';
import { parseBody } from '../../http/form.ts';
import { actorOf, pageContext } from '../../http/request-context.ts';
import { isLocale, type Locale, locales } from '../../i18n/i18n.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { regionalGroups } from '../members/member-states.data.ts';
import { renderSafeMarkdown } from '../site/safe-markdown.ts';
import { requireNetwork } from '../site/site.service.ts';
import * as repo from './event.repository.ts';
import * as service from './event.service.ts';
import { registrationStatuses } from './event.table.ts';
import * as attendanceService from './event-attendance.service.ts';
import { maxAttendanceBytes } from './event-attendance-report.ts';
import * as checkIns from './event-check-in.service.ts';
import * as followUps from './event-follow-up.ts';
import { blankValues, type EventFormValues, type FormBody, inputFromValues, valuesFromBody, valuesFromRow } from './event-form.ts';
import * as registrations from './event-registration.service.ts';
import { exportRegistrations } from './event-registration-export.ts';
import { EventDetailPage, EventFormPage, EventListPage, fieldLabel, fieldOfError } from './events-admin.views.tsx';
import { AttendanceSection, type AttendanceSectionData } from './events-attendance.views.tsx';
import { CheckInPage, type CheckInPageData } from './events-check-in.views.tsx';
import { type AfterEventData, AfterEventSection } from './events-follow-up.views.tsx';

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

const statusQuery = z.object({ status: z.enum(registrationStatuses).optional().catch(undefined) });

/** The event page for staff, with a notice or an error above it (and the attendance import's result or error). */
async function detail(
  deps: AppDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  id: number,
  message: {
    notice?: string;
    error?: string;
    attendance?: Pick<AttendanceSectionData, 'result' | 'error'>;
    after?: Pick<AfterEventData, 'notice' | 'error'>;
  } = {},
  status = 200,
) {
  const { status: statusFilter } = statusQuery.parse(request.query ?? {});
  const [summary, fallback, invited, registrants, attendance, imports, unmatched] = await Promise.all([
    service.getEvent(deps, id),
    fallbackLocale(deps),
    repo.countInvitations(deps.db, id),
    repo.listRegistrations(deps.db, id, statusFilter),
    registrations.attendanceSummary(deps, id),
    attendanceService.attendanceImports(deps, id),
    attendanceService.openUnmatched(deps, id),
  ]);
  const candidates =
    unmatched.length > 0 ? (await repo.listRegistrations(deps.db, id)).filter((r) => r.attended !== 1 && r.status !== 'cancelled').slice(0, 2000) : [];
  const attendanceData: AttendanceSectionData = { imports, unmatched, candidates, ...message.attendance };
  const afterData: AfterEventData = {
    materials: followUps.materialsOf(summary.row),
    notes: followUps.notesOf(summary.row),
    audience: await followUps.followUpAudience(deps, id),
    now: deps.clock.now().toISOString(),
    ...message.after,
  };
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
      notice={message.notice}
      error={message.error}
      statusFilter={statusFilter}
    >
      <AttendanceSection ctx={pageContext(request, reply)} eventId={id} data={attendanceData} />
      <AfterEventSection ctx={pageContext(request, reply)} event={summary.row} data={afterData} />
    </EventDetailPage>,
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

const decisionForm = z.object({ decision: z.enum(['approve', 'decline']) });

/** POST /admin/events/:id/registrations/:registrationId/decision — approve (a place or the waitlist) or decline; the registrant is told. */
export function decisionSubmit(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { id, registrationId } = parseBody(registrationParams, request.params);
    const { decision } = parseBody(decisionForm, request.body);
    try {
      await registrations.decideRegistration(deps, actorOf(request), id, registrationId, decision);
    } catch (error) {
      if (!isAppError(error, 'event_registration_decided')) throw error;
      return detail(deps, request, reply, id, { error: request.t('error.event_registration_decided') }, 409);
    }
    return reply.redirect(`/${request.locale}/admin/events/${id}#registrants`, 303);
  };
}

/** GET /admin/events/:id/registrations.csv — the registrants (`?status=` one status), streamed. */
export function registrationsCsv(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { id } = parseBody(idParams, request.params);
    const { status } = statusQuery.parse(request.query ?? {});
    await service.eventOf(deps, id);
    await recordAudit(deps, actorOf(request), 'event.registrations_export', `event:${id}`, { status: status ?? null });
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="event-${id}-registrations${status ? `-${status}` : ''}.csv"`)
      .header('cache-control', 'no-store')
      .send(exportRegistrations(deps.db, id, status));
  };
}

/** The attendance errors the page explains (the file's fault); anything else is a fault of ours. */
const attendanceErrorCodes = ['event_attendance_columns', 'event_attendance_encoding', 'event_attendance_too_large', 'event_attendance_empty'] as const;

/** POST /admin/events/:id/attendance-import (multipart) — a Zoom, Webex or Teams report; a file that cannot be read changes nothing. */
export function attendanceImportSubmit(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { id } = parseBody(idParams, request.params);
    await service.eventOf(deps, id);
    let file: { name: string; bytes: Buffer } | null = null;
    let refused: AppError | null = null;
    try {
      // One more byte than allowed is enough to know a file is too large; the rest is discarded as it arrives.
      for await (const part of request.parts({ limits: { fileSize: maxAttendanceBytes, files: 1, fields: 5 } })) {
        if (part.type !== 'file') continue;
        const bytes = await part.toBuffer();
        if (bytes.length > 0 || part.filename) file = { name: part.filename, bytes };
      }
    } catch (error) {
      if ((error as { code?: string }).code !== 'FST_REQ_FILE_TOO_LARGE') throw error;
      refused = new AppError('event_attendance_too_large', { megabytes: maxAttendanceBytes / 1_048_576 });
    }
    if (!refused && (!file || file.bytes.length === 0)) refused = new AppError('event_attendance_empty');
    if (!refused && file) {
      try {
        const result = await attendanceService.importAttendance(deps, actorOf(request), id, file);
        return detail(deps, request, reply, id, { attendance: { result } });
      } catch (error) {
        if (!attendanceErrorCodes.some((code) => isAppError(error, code))) throw error;
        refused = error as AppError;
      }
    }
    const error = refused as AppError;
    return detail(deps, request, reply, id, { attendance: { error: request.t(`error.${error.code}`, error.details) } }, appErrorStatus[error.code]);
  };
}

const unmatchedParams = idParams.extend({ unmatchedId: z.coerce.number().int().positive().max(2_147_483_647) });
const unmatchedForm = z.object({ action: z.enum(['match', 'dismiss']), registrationId: z.string().max(12).optional() });

/** POST /admin/events/:id/attendance-unmatched/:unmatchedId — match a report's participant to a registrant, or dismiss it. */
export function unmatchedSubmit(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { id, unmatchedId } = parseBody(unmatchedParams, request.params);
    const form = parseBody(unmatchedForm, request.body);
    const registrationId = Number(form.registrationId);
    if (form.action === 'match' && !(Number.isInteger(registrationId) && registrationId > 0)) throw new AppError('invalid_input', { field: 'registrationId' });
    try {
      await attendanceService.resolveUnmatched(deps, actorOf(request), id, unmatchedId, form.action === 'dismiss' ? 'dismiss' : { registrationId });
    } catch (error) {
      if (!isAppError(error, 'event_registration_decided')) throw error;
    }
    return reply.redirect(`/${request.locale}/admin/events/${id}#attendance-import-heading`, 303);
  };
}

const checkInQuery = z.object({
  code: z.string().max(100).optional().catch(undefined),
  q: z.string().max(200).optional().catch(undefined),
  done: z.coerce.number().int().positive().max(2_147_483_647).optional().catch(undefined),
  already: z.literal('1').optional().catch(undefined),
});

/** The check-in page's data: arrivals so far, the registrant a code names, the names found. */
async function checkInPage(
  deps: AppDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  id: number,
  message: { notice?: string; error?: string } = {},
  status = 200,
) {
  const query = checkInQuery.parse(request.query ?? {});
  const event = await service.eventOf(deps, id);
  let scanned: CheckInPageData['scanned'] = null;
  let error = message.error;
  if (query.code && !error) {
    try {
      scanned = await checkIns.registrantToCheckIn(deps, id, { code: query.code });
    } catch (caught) {
      if (!isAppError(caught, 'event_check_in_code')) throw caught;
      error = request.t('error.event_check_in_code');
      status = 400;
    }
  }
  let notice = message.notice;
  if (query.done && !notice) {
    const done = await repo.findRegistration(deps.db, query.done);
    if (done && done.event_id === id) notice = request.t(query.already ? 'events.checkIn.already' : 'events.checkIn.done', { name: done.name });
  }
  const [counts, found, fallback] = await Promise.all([
    checkIns.arrivals(deps, id),
    query.q ? checkIns.findRegistrants(deps, id, query.q) : Promise.resolve(null),
    fallbackLocale(deps),
  ]);
  const data: CheckInPageData = { event, fallback, counts, scanned, query: query.q ?? '', found, notice, error };
  return reply.page(<CheckInPage ctx={pageContext(request, reply)} data={data} code={query.code} />, status);
}

/** GET /admin/events/:id/check-in — the door: scan (camera or a phone's camera app opening the code's address) or type a name. */
export function checkInView(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => checkInPage(deps, request, reply, parseBody(idParams, request.params).id);
}

const checkInForm = z.object({ code: z.string().max(100).optional(), registrationId: z.coerce.number().int().positive().max(2_147_483_647).optional() });

/** POST /admin/events/:id/check-in — marks the arrival of the registrant a code or an id names. */
export function checkInSubmit(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { id } = parseBody(idParams, request.params);
    const form = parseBody(checkInForm, request.body);
    const by = form.code ? { code: form.code } : form.registrationId ? { registrationId: form.registrationId } : null;
    if (!by) throw new AppError('invalid_input', { field: 'code' });
    try {
      const { registration, already } = await checkIns.checkIn(deps, actorOf(request), id, by);
      return reply.redirect(`/${request.locale}/admin/events/${id}/check-in?done=${registration.id}${already ? '&already=1' : ''}`, 303);
    } catch (error) {
      if (isAppError(error, 'event_check_in_code')) return checkInPage(deps, request, reply, id, { error: request.t('error.event_check_in_code') }, 400);
      if (isAppError(error, 'event_check_in_refused'))
        return checkInPage(deps, request, reply, id, { error: request.t('error.event_check_in_refused', error.details) }, 409);
      throw error;
    }
  };
}

/** The materials form's rows and notes as the service takes them (empty rows dropped). */
function afterEventInput(body: Record<string, unknown>) {
  const text = (key: string) => (typeof body[key] === 'string' ? (body[key] as string) : '');
  const materials = Array.from({ length: 10 }, (_, i) => ({ label: text(`materials.${i}.label`).trim(), url: text(`materials.${i}.url`).trim() })).filter(
    (m) => m.label !== '' || m.url !== '',
  );
  const notes = (audience: string) => Object.fromEntries(locales.map((l) => [l, text(`notes.${audience}.${l}`)]));
  return { materials, notes: { attended: notes('attended'), noShow: notes('noShow') } };
}

/** POST /admin/events/:id/materials — the recording and slides links, and the follow-ups' notes. */
export function materialsSubmit(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { id } = parseBody(idParams, request.params);
    try {
      await followUps.saveAfterEvent(deps, actorOf(request), id, afterEventInput((request.body ?? {}) as Record<string, unknown>));
    } catch (error) {
      if (!isAppError(error, 'invalid_input')) throw error;
      return detail(deps, request, reply, id, { after: { error: request.t('events.after.invalid') } }, 400);
    }
    return detail(deps, request, reply, id, { after: { notice: request.t('events.after.saved') } });
  };
}

/** POST /admin/events/:id/follow-up — sends the follow-ups once, after the event. */
export function followUpSubmit(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { id } = parseBody(idParams, request.params);
    try {
      const audience = await followUps.startFollowUp(deps, actorOf(request), id);
      return detail(deps, request, reply, id, {
        after: { notice: request.t('events.after.started', { attended: audience.attended, noShow: audience.noShow }) },
      });
    } catch (error) {
      if (!isAppError(error, 'event_follow_up_sent') && !isAppError(error, 'event_follow_up_too_early') && !isAppError(error, 'event_not_open')) throw error;
      return detail(deps, request, reply, id, { after: { error: request.t(`error.${error.code}`, error.details) } }, appErrorStatus[error.code]);
    }
  };
}

/** POST /admin/events/:id/duplicate — a draft copy, opened in the form to set its new time. */
export function duplicateSubmit(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { id } = parseBody(idParams, request.params);
    const copy = await registrations.duplicateEvent(deps, actorOf(request), id);
    return reply.redirect(`/${request.locale}/admin/events/${copy.id}/edit`, 303);
  };
}
