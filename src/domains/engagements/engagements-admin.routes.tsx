import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../../app-deps.ts';
import { AppError, appErrorStatus, isAppError } from '../../errors/app-error.ts';
import { parseBody } from '../../http/form.ts';
import { actorOf, pageContext } from '../../http/request-context.ts';
import { locales } from '../../i18n/i18n.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { regionalGroups } from '../members/member-states.data.ts';
import { sendResourceFile } from '../resources/resource-file-response.ts';
import { readUploadForm } from '../resources/upload-form.ts';
import { renderSafeMarkdown } from '../site/safe-markdown.ts';
import * as organisations from './counterpart-organisations.service.ts';
import { OrganisationsPage } from './counterpart-organisations.views.tsx';
import type { EngagementFilters } from './engagement.repository.ts';
import * as service from './engagement.service.ts';
import { confidentialities, engagementKinds, engagementStatuses } from './engagement.table.ts';
import { calendarFeed, calendarSettings, ensureReminderSchedule, feedToken, saveCalendarSettings, upcoming } from './engagement-calendar.ts';
import { CalendarPage } from './engagement-calendar.view.tsx';
import { defaultGapMonths, engagementCoverage, gapPeriods } from './engagement-coverage.ts';
import { CoverageMapPage, coverageSorts } from './engagement-coverage.view.tsx';
import { attachEngagementFile, engagementFile, filesOfEngagement, removeEngagementFile } from './engagement-files.ts';
import { blankValues, type EngagementFormValues, type FormBody, inputFromValues, memberEmailsOf, valuesFromBody, valuesFromView } from './engagement-form.ts';
import { counterpartMemberState } from './engagement-input.ts';
import { exportEngagements, importEngagements } from './engagement-transfer.ts';
import { DeleteOrganisationPage, RegionalGroupDossierPage, TransferPage } from './engagement-transfer.view.tsx';
import { draftUpdateFromEngagement } from './engagement-update.ts';
import { EngagementDetailPage, EngagementFormPage, EngagementListPage, fieldLabel } from './engagements-admin.views.tsx';
import { dossierCode, memberStateDossier } from './member-state-dossier.ts';
import { DossierChooserPage, MemberStateDossierPage } from './member-state-dossier.view.tsx';
import { regionalGroupDossier } from './regional-group-dossier.ts';

const pageSize = 50;
const idParams = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) });
const optionalId = z.coerce.number().int().positive().max(2_147_483_647).optional().catch(undefined);
/** An empty select ("Any") is no filter. */
const anyOr = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .enum(values)
    .optional()
    .or(z.literal('').transform(() => undefined));
const listQuery = z.object({
  q: z.string().max(200).optional(),
  kind: anyOr(engagementKinds),
  status: anyOr(engagementStatuses),
  confidentiality: anyOr(confidentialities),
  memberState: z.string().max(100).optional(),
  topic: optionalId,
  organisation: optionalId,
  before: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}_[1-9][0-9]{0,9}$/)
    .optional()
    .catch(undefined),
});

/** The staff account behind a page, as the engagement service's reader. */
function readerOf(request: FastifyRequest): service.EngagementReader {
  const staff = request.staff;
  return { actor: actorOf(request), staffId: staff?.id ?? null, role: staff?.role ?? 'viewer' };
}

/** Codes the form shows its own page for, with the message above the fields; anything else is an error page. */
const formErrorCodes = [
  'invalid_input',
  'unknown_member_state',
  'engagement_date_range',
  'engagement_follow_up_without_owner',
  'engagement_notes_too_long',
  'engagement_unknown_organisation',
  'engagement_unknown_member',
] as const;

function formError(request: FastifyRequest, error: unknown): { message: string; status: number } | null {
  const refused = formErrorCodes.some((code) => isAppError(error, code)) ? (error as AppError) : null;
  if (!refused) return null;
  const details = refused.code === 'invalid_input' ? { field: fieldLabel(request.t, String(refused.details.field ?? '')) } : refused.details;
  return { message: request.t(`error.${refused.code}`, details), status: appErrorStatus[refused.code] };
}

/** GET /admin/engagements — filters, the timeline newest first, keyset paging by start date. */
export function engagementListPage(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const query = parseBody(listQuery, request.query);
    const filters: EngagementFilters = {
      q: query.q?.trim() || undefined,
      kind: query.kind,
      status: query.status,
      confidentiality: query.confidentiality,
      memberState: query.memberState ? counterpartMemberState(query.memberState) : undefined,
      topicId: query.topic,
      organisationId: query.organisation,
    };
    const after = query.before ? { startDate: query.before.slice(0, 10), id: Number(query.before.slice(11)) } : undefined;
    const [page, lists] = await Promise.all([service.listEngagementPage(deps, filters, { limit: pageSize, after }), service.choices(deps)]);
    const next = page.next ? `${page.next.startDate}_${page.next.id}` : null;
    return reply.page(<EngagementListPage ctx={pageContext(request, reply)} filters={filters} rows={page.data} next={next} topics={lists.topics} />);
  };
}

/** GET /admin/engagements/new — a blank form (`?memberState=BR` from a dossier names the counterpart). */
export function newEngagementPage(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { memberState } = parseBody(z.object({ memberState: z.string().max(10).optional() }), request.query);
    const ctx = pageContext(request, reply);
    const named = memberState ? dossierCodeOrEmpty(memberState) : '';
    const values = blankValues(deps.clock.now().toISOString().slice(0, 10), request.staff?.id ?? null, named);
    return reply.page(<EngagementFormPage ctx={ctx} values={values} choices={await service.choices(deps)} />);
  };
}

function dossierCodeOrEmpty(code: string): string {
  try {
    return dossierCode(code);
  } catch {
    return '';
  }
}

/** The service's input from a submitted form; the members it names by address are looked up first. */
async function formInput(deps: AppDeps, values: EngagementFormValues, guarded: boolean) {
  const lists = await service.choices(deps);
  const memberIds = await service.memberIdsForAddresses(deps, memberEmailsOf(values));
  return inputFromValues(values, lists, memberIds, guarded);
}

/** POST /admin/engagements/new — records it, or shows the form again with what was wrong. */
export function newEngagementSubmit(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const values = valuesFromBody((request.body ?? {}) as FormBody);
    try {
      const row = await service.createEngagement(deps, readerOf(request), await formInput(deps, values, false));
      await scheduleReminders(deps);
      return reply.redirect(`/${request.locale}/admin/engagements/${row.id}`, 303);
    } catch (error) {
      const refused = formError(request, error);
      if (!refused) throw error;
      const page = <EngagementFormPage ctx={pageContext(request, reply)} values={values} choices={await service.choices(deps)} error={refused.message} />;
      return reply.page(page, refused.status);
    }
  };
}

/** GET /admin/engagements/:id — the notes only for a reader with the right (restricted reads are audited by the service). */
export function engagementDetailPage(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { id } = parseBody(idParams, request.params);
    const reader = readerOf(request);
    const view = await service.getEngagement(deps, reader, id);
    const files = await filesOfEngagement(deps, reader, id);
    const notesHtml = view.notes ? renderSafeMarkdown(view.notes) : null;
    return reply.page(
      <EngagementDetailPage
        ctx={pageContext(request, reply)}
        view={view}
        notesHtml={notesHtml}
        files={files}
        fileLimitBytes={deps.config.resourceFileLimitBytes}
      />,
    );
  };
}

const fileParams = z.object({ id: z.coerce.number().int().positive(), fileId: z.coerce.number().int().positive() });

/** POST /admin/engagements/:id/files (multipart; the CSRF token in the query) — attaches one file; on to the engagement's files. */
export function attachFileSubmit(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { id } = parseBody(idParams, request.params);
    const limit = deps.config.resourceFileLimitBytes;
    const { file, tooLarge } = await readUploadForm(request, limit);
    if (tooLarge) throw new AppError('resource_file_too_large', { megabytes: Math.floor(limit / 1_048_576) || 1 });
    await attachEngagementFile(deps, readerOf(request), id, file);
    return reply.redirect(pageContext(request, reply).href(`/admin/engagements/${id}?fileAdded=1#files`), 303);
  };
}

/** GET /admin/engagements/:id/files/:fileId — the file with its stored type, nosniff and a sandbox, as a resource's. */
export function fileDownload(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { id, fileId } = parseBody(fileParams, request.params);
    return sendResourceFile(reply, await engagementFile(deps, readerOf(request), id, fileId), 'private, no-store');
  };
}

/** POST /admin/engagements/:id/files/:fileId/delete — removes a file. */
export function removeFileSubmit(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { id, fileId } = parseBody(fileParams, request.params);
    await removeEngagementFile(deps, readerOf(request), id, fileId);
    return reply.redirect(pageContext(request, reply).href(`/admin/engagements/${id}?fileRemoved=1#files`), 303);
  };
}

/** POST /admin/engagements/:id/update — a draft update of the site from a public engagement; on to its form. */
export function draftUpdateSubmit(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { id } = parseBody(idParams, request.params);
    const update = await draftUpdateFromEngagement(deps, actorOf(request), id, request.locale);
    return reply.redirect(pageContext(request, reply).href(`/admin/updates/${update.id}/edit`), 303);
  };
}

/** GET /admin/engagements/:id/edit — the form; the guarded fields are left out for a reader without the right to the notes. */
export function editEngagementPage(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { id } = parseBody(idParams, request.params);
    const view = await service.getEngagement(deps, readerOf(request), id);
    const emails = await service.memberAddresses(
      deps,
      view.members.map((m) => m.id),
    );
    const values = valuesFromView(view, request.locale, emails);
    return reply.page(
      <EngagementFormPage
        ctx={pageContext(request, reply)}
        engagementId={view.row.id}
        values={values}
        choices={await service.choices(deps)}
        guarded={view.notes === null}
      />,
    );
  };
}

/** POST /admin/engagements/:id/edit */
export function editEngagementSubmit(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { id } = parseBody(idParams, request.params);
    const reader = readerOf(request);
    const guarded = await service.notesWithheldFrom(deps, reader, id);
    const values = valuesFromBody((request.body ?? {}) as FormBody);
    try {
      await service.updateEngagement(deps, reader, id, await formInput(deps, values, guarded));
      await scheduleReminders(deps);
      return reply.redirect(`/${request.locale}/admin/engagements/${id}`, 303);
    } catch (error) {
      const refused = formError(request, error);
      if (!refused) throw error;
      const ctx = pageContext(request, reply);
      const page = (
        <EngagementFormPage ctx={ctx} engagementId={id} values={values} choices={await service.choices(deps)} guarded={guarded} error={refused.message} />
      );
      return reply.page(page, refused.status);
    }
  };
}

/** GET /admin/engagements/organisations */
export function organisationsPage(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) =>
    reply.page(<OrganisationsPage ctx={pageContext(request, reply)} organisations={await organisations.listOrganisations(deps)} />);
}

const nameForm = z.object({ name: z.string().max(1000) });

/** Runs a change to the organisation list; a refusal shows the list again with the reason. */
function organisationChange(deps: AppDeps, change: (request: FastifyRequest) => Promise<unknown>) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    try {
      await change(request);
      return reply.redirect(`/${request.locale}/admin/engagements/organisations`, 303);
    } catch (error) {
      if (!isAppError(error, 'engagement_organisation_in_use') && !isAppError(error, 'invalid_input')) throw error;
      const message =
        error.code === 'invalid_input'
          ? request.t('error.invalid_input', { field: request.t('engagements.organisations.name') })
          : request.t(`error.${error.code}`, error.details);
      const page = <OrganisationsPage ctx={pageContext(request, reply)} organisations={await organisations.listOrganisations(deps)} error={message} />;
      return reply.page(page, appErrorStatus[error.code]);
    }
  };
}

/** POST /admin/engagements/organisations — adds one. */
export function addOrganisationSubmit(deps: AppDeps) {
  return organisationChange(deps, (request) => organisations.addOrganisation(deps, actorOf(request), parseBody(nameForm, request.body).name));
}

/** POST /admin/engagements/organisations/:id — renames one. */
export function renameOrganisationSubmit(deps: AppDeps) {
  return organisationChange(deps, (request) =>
    organisations.renameOrganisation(deps, actorOf(request), parseBody(idParams, request.params).id, parseBody(nameForm, request.body).name),
  );
}

/** POST /admin/engagements/organisations/:id/delete — deletes one no engagement names. */
export function deleteOrganisationSubmit(deps: AppDeps) {
  return organisationChange(deps, (request) => organisations.deleteOrganisation(deps, actorOf(request), parseBody(idParams, request.params).id));
}

/** GET /admin/member-states — the dossier chooser; `?code=BR` goes to that dossier. */
export function dossierChooserPage() {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { code } = parseBody(z.object({ code: z.string().max(10).optional() }), request.query);
    const chosen = code ? dossierCodeOrEmpty(code) : '';
    if (chosen) return reply.redirect(`/${request.locale}/admin/member-states/${chosen}`, 303);
    return reply.page(<DossierChooserPage ctx={pageContext(request, reply)} />);
  };
}

/** GET /admin/member-states/:code — the dossier (its timeline without notes: each engagement's page has them). */
export function dossierPage(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { code } = parseBody(z.object({ code: z.string().max(10) }), request.params);
    const dossier = await memberStateDossier(deps, readerOf(request), code, { notes: false });
    return reply.page(<MemberStateDossierPage ctx={pageContext(request, reply)} dossier={dossier} />);
  };
}

const coverageQuery = z.object({
  regionalGroup: anyOr(regionalGroups).catch(undefined),
  months: z.coerce
    .number()
    .refine((m) => (gapPeriods as readonly number[]).includes(m))
    .catch(defaultGapMonths),
  sort: z.enum(coverageSorts).catch('name'),
});

/** GET /admin/engagements/map — the coverage map, the gaps and the same as tables (`?regionalGroup=&months=&sort=`). */
export function coverageMapPage(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const query = coverageQuery.parse(request.query ?? {});
    const coverage = await engagementCoverage(deps, { months: query.months, regionalGroup: query.regionalGroup ?? null });
    return reply.page(<CoverageMapPage ctx={pageContext(request, reply)} coverage={coverage} sort={query.sort} />);
  };
}

/** The feed address of a staff member's calendar at its current version. */
function feedUrl(deps: AppDeps, staffId: number, version: number): string {
  return `${deps.config.publicUrl}/calendar/${feedToken(deps.secretKey, staffId, version)}/engagements.ics`;
}

/** GET /admin/engagements/calendar — what is ahead (`?mine=1`: only the reader's), their feed and reminders. */
export function calendarPage(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { mine, saved } = parseBody(z.object({ mine: z.string().max(5).optional(), saved: z.string().max(20).optional() }), request.query);
    const staffId = request.staff?.id as number;
    const [calendar, settings] = await Promise.all([upcoming(deps, { staffId: mine ? staffId : undefined }), calendarSettings(deps, staffId)]);
    const feed = {
      url: settings.feed ? feedUrl(deps, staffId, settings.feed.feed_version) : null,
      locale: settings.locale,
      reminders: settings.reminders,
      notice: saved === 'address' ? request.t('engagements.calendar.addressMade') : saved === 'settings' ? request.t('engagements.calendar.saved') : undefined,
    };
    return reply.page(<CalendarPage ctx={pageContext(request, reply)} calendar={calendar} mine={Boolean(mine)} feed={feed} />);
  };
}

const calendarSettingsForm = z.object({
  locale: z.enum(locales),
  reminders: z.literal('yes').optional(),
  action: z.enum(['save', 'new-address']).default('save'),
});

/** POST /admin/engagements/calendar/settings — the reminders' language and whether they are sent; or a new feed address. */
export function calendarSettingsSubmit(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const form = parseBody(calendarSettingsForm, request.body);
    const newAddress = form.action === 'new-address';
    await saveCalendarSettings(deps, actorOf(request), request.staff?.id as number, { locale: form.locale, reminders: form.reminders === 'yes', newAddress });
    return reply.redirect(`/${request.locale}/admin/engagements/calendar?saved=${newAddress ? 'address' : 'settings'}`, 303);
  };
}

/** GET /calendar/:token/engagements.ics — a staff member's feed; the signed address is the authority (calendar apps send no cookie). */
export function calendarFeedDownload(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { token } = parseBody(z.object({ token: z.string().max(100) }), request.params);
    try {
      const body = await calendarFeed(deps, token);
      return reply
        .header('content-type', 'text/calendar; charset=utf-8')
        .header('cache-control', 'private, max-age=300')
        .header('content-disposition', 'inline; filename="engagements.ics"')
        .send(body);
    } catch (error) {
      if (!isAppError(error, 'link_invalid')) throw error;
      // A calendar app shows no page: a plain 404 says the address is not (or no longer) a feed.
      return reply.code(404).header('content-type', 'text/plain; charset=utf-8').send('Not found\n');
    }
  };
}

/** Queues the daily reminders once an engagement may carry follow-ups or deadlines (no-op when queued already). */
export const scheduleReminders = (deps: AppDeps) => ensureReminderSchedule(deps);

/** GET /admin/engagements/export.csv|json — every engagement, streamed newest first (`?bom=1`: for Excel); never restricted notes. */
export function exportDownload(deps: AppDeps, format: 'csv' | 'json') {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { bom } = parseBody(z.object({ bom: z.string().max(5).optional() }), request.query);
    await recordAudit(deps, actorOf(request), 'engagement.export', null, { format });
    const stamp = deps.clock.now().toISOString().slice(0, 10);
    return reply
      .type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8')
      .header('content-disposition', `attachment; filename="engagements-${stamp}.${format}"`)
      .header('cache-control', 'no-store')
      .send(exportEngagements(deps, format, { bom: bom === '1' }));
  };
}

/** GET /admin/engagements/transfer — export links and the import form. */
export function transferPage() {
  return async (request: FastifyRequest, reply: FastifyReply) => reply.page(<TransferPage ctx={pageContext(request, reply)} />);
}

/** POST /admin/engagements/import (multipart) — checks every row (a dry run stops there) and records them only if none is refused. */
export function importSubmit(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const fields: Record<string, unknown> = {};
    let bytes: Buffer | null = null;
    for await (const part of request.parts()) {
      if (part.type === 'file') bytes = await part.toBuffer();
      else fields[part.fieldname] = part.value;
    }
    const ctx = pageContext(request, reply);
    const dryRun = fields.dryRun === 'yes';
    if (!bytes || bytes.length === 0) return reply.page(<TransferPage ctx={ctx} dryRun={dryRun} error={ctx.t('upload.noFile')} />, 400);
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      return reply.page(<TransferPage ctx={ctx} dryRun={dryRun} error={ctx.t('error.engagement_import_unreadable')} />, 400);
    }
    const report = await importEngagements(deps, readerOf(request), text, { dryRun });
    if (report.recorded > 0) await scheduleReminders(deps);
    return reply.page(<TransferPage ctx={ctx} report={report} dryRun={dryRun} />, report.refused.length > 0 ? 400 : 200);
  };
}

/** GET /admin/engagements/organisations/:id/delete — the confirmation step (or why the organisation cannot be deleted). */
export function deleteOrganisationPage(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { id } = parseBody(idParams, request.params);
    const { organisation, uses } = await organisations.organisationForDeletion(deps, id);
    return reply.page(<DeleteOrganisationPage ctx={pageContext(request, reply)} organisation={organisation} uses={uses} />);
  };
}

/** GET /admin/regional-groups/:group — the regional group's dossier. */
export function regionalGroupDossierPage(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { group } = parseBody(z.object({ group: z.string().max(40) }), request.params);
    const dossier = await regionalGroupDossier(deps, group);
    const ctx = pageContext(request, reply);
    return reply.page(<RegionalGroupDossierPage ctx={ctx} dossier={dossier} groupName={ctx.t(`regionalGroup.${dossier.regionalGroup}`)} />);
  };
}
