import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../../app-deps.ts';
import { AppError, appErrorStatus, isAppError } from '../../errors/app-error.ts';
import { parseBody } from '../../http/form.ts';
import { actorOf, pageContext } from '../../http/request-context.ts';
import { isLocale, locales } from '../../i18n/i18n.ts';
import { zonedTimeToUtc } from '../../views/time-zone.ts';
import type { MemberFilters } from '../members/member.repository.ts';
import { findCurrentNetwork } from '../site/site.repository.ts';
import * as repo from './announcement.repository.ts';
import * as service from './announcement.service.ts';
import type { AnnouncementRow } from './announcement.table.ts';
import { renderMarkdown, type Variants } from './announcement-composer.tsx';
import {
  AnnouncementListPage,
  ComposePage,
  type ComposeValues,
  ConfirmCancelPage,
  ConfirmSendPage,
  ProgressPage,
  type ReportView,
} from './announcements-admin.views.tsx';

const idParams = z.object({ id: z.coerce.number().int().positive() });
const audienceKeys = ['regionalGroup', 'memberState', 'stakeholderGroup', 'language', 'source'] as const;

/** What the composer answers with its own page and the message above the fields, rather than an error page. */
const composeErrorCodes = [
  'invalid_input',
  'announcement_unknown_merge_field',
  'announcement_merge_field_in_link',
  'announcement_merge_field_in_subject',
] as const;

function composeError(error: unknown): AppError | null {
  return composeErrorCodes.some((code) => isAppError(error, code)) ? (error as AppError) : null;
}

/** Reads the compose form (flat fields such as `variants.fr.subject`, `audience.language`) into the service's input. */
function composeInput(body: Record<string, string>): ComposeValues {
  const variants: Variants = {};
  for (const locale of locales) {
    const subject = body[`variants.${locale}.subject`]?.trim() ?? '';
    const markdown = body[`variants.${locale}.markdown`] ?? '';
    if (subject && markdown.trim() && locale !== body.defaultLocale) variants[locale] = { subject, markdown };
  }
  const audience: MemberFilters = {};
  for (const key of audienceKeys) if (body[`audience.${key}`]) audience[key] = body[`audience.${key}`];
  const kind = Object.keys(audience).length ? 'segment' : 'network';
  return {
    subject: body.subject ?? '',
    markdown: body.markdown ?? '',
    defaultLocale: isLocale(body.defaultLocale) ? body.defaultLocale : 'en',
    variants,
    audience: kind === 'segment' ? audience : null,
    // The tick counts only for the kind of audience it was shown for (see ArchiveField); otherwise that kind's default.
    inArchive: body.archiveFor === kind ? body.inArchive === 'yes' : kind === 'network',
  };
}

function valuesOf(a: AnnouncementRow): ComposeValues {
  return {
    subject: a.subject,
    markdown: a.markdown,
    defaultLocale: a.default_locale,
    variants: JSON.parse(a.variants) as Variants,
    audience: a.audience ? JSON.parse(a.audience) : null,
    inArchive: a.in_archive === 1,
  };
}

async function audienceCount(deps: AppDeps, a: AnnouncementRow): Promise<number> {
  return repo.audienceSize(deps.db, a.network_id, service.audienceOf(a));
}

/** GET /admin/announcements */
export function announcementListPage(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const network = await findCurrentNetwork(deps.db);
    const rows = network ? await repo.listAnnouncements(deps.db, network.id, { limit: 200 }) : [];
    return reply.page(<AnnouncementListPage ctx={pageContext(request, reply)} rows={rows} />);
  };
}

/** GET /admin/announcements/new */
export function newAnnouncementPage() {
  return async (request: FastifyRequest, reply: FastifyReply) =>
    reply.page(
      <ComposePage
        ctx={pageContext(request, reply)}
        values={{ subject: '', markdown: '', defaultLocale: request.locale, variants: {}, audience: null, inArchive: true }}
        previewHtml=""
      />,
    );
}

/** POST /admin/announcements/new — preview (re-render) or save a new draft. */
export function newAnnouncementSubmit(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const body = (request.body ?? {}) as Record<string, string>;
    const values = composeInput(body);
    if (body.intent !== 'preview') {
      try {
        const created = await service.createAnnouncement(deps, actorOf(request), values);
        return reply.redirect(`/${request.locale}/admin/announcements/${created.id}`, 303);
      } catch (error) {
        const refused = composeError(error);
        if (!refused) throw error;
        const ctx = pageContext(request, reply);
        return reply.page(
          <ComposePage ctx={ctx} values={values} previewHtml={renderMarkdown(values.markdown)} error={ctx.t(`error.${refused.code}`, refused.details)} />,
          appErrorStatus[refused.code],
        );
      }
    }
    return reply.page(<ComposePage ctx={pageContext(request, reply)} values={values} previewHtml={renderMarkdown(values.markdown)} />);
  };
}

/** GET /admin/announcements/:id — the editor for a draft, the progress and report afterwards. */
export function announcementPage(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { id } = parseBody(idParams, request.params);
    const a = await service.getAnnouncement(deps, id);
    const ctx = pageContext(request, reply);
    if (a.status === 'draft' || a.status === 'scheduled') {
      const notice = (request.query as Record<string, string>).done;
      return reply.page(
        <ComposePage
          ctx={ctx}
          announcement={a}
          values={valuesOf(a)}
          previewHtml={renderMarkdown(a.markdown)}
          audienceCount={await audienceCount(deps, a)}
          notice={notice ? ctx.t(`announcements.done.${notice === 'test' ? 'test' : 'saved'}`) : undefined}
        />,
      );
    }
    const progress = await service.announcementProgress(deps, id);
    const report = a.status === 'sent' || a.status === 'cancelled' ? await reportOf(deps, a) : undefined;
    return reply.page(<ProgressPage ctx={ctx} announcement={a} progress={progress} report={report} />);
  };
}

async function reportOf(deps: AppDeps, a: AnnouncementRow): Promise<ReportView> {
  const [rows, complaints] = await Promise.all([repo.deliveryCountsByRegionalGroup(deps.db, a.id), repo.complaintCountsByRegionalGroup(deps.db, a.id)]);
  const groups = new Map<string | null, ReportView['byRegionalGroup'][number]>();
  const group = (regionalGroup: string | null) => groups.get(regionalGroup) ?? { regionalGroup, sent: 0, failed: 0, bounced: 0, complaints: 0 };
  for (const r of rows) {
    const g = group(r.regionalGroup);
    if (r.state === 'sent' || r.state === 'failed' || r.state === 'bounced') g[r.state] += r.n;
    groups.set(r.regionalGroup, g);
  }
  for (const c of complaints) groups.set(c.regionalGroup, { ...group(c.regionalGroup), complaints: c.n });
  return {
    unsubscribedAfter: a.started_at ? await repo.unsubscribedSince(deps.db, a.id, a.started_at) : 0,
    complaints: complaints.reduce((sum, c) => sum + c.n, 0),
    byRegionalGroup: [...groups.values()],
  };
}

/** POST /admin/announcements/:id — preview or save an edited draft. */
export function editAnnouncementSubmit(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { id } = parseBody(idParams, request.params);
    const a = await service.getAnnouncement(deps, id);
    const body = (request.body ?? {}) as Record<string, string>;
    const values = composeInput(body);
    const ctx = pageContext(request, reply);
    if (body.intent === 'preview') {
      return reply.page(
        <ComposePage ctx={ctx} announcement={a} values={values} previewHtml={renderMarkdown(values.markdown)} audienceCount={await audienceCount(deps, a)} />,
      );
    }
    try {
      await service.updateAnnouncement(deps, actorOf(request), id, values);
    } catch (error) {
      const refused = composeError(error);
      if (!refused) throw error;
      return reply.page(
        <ComposePage
          ctx={ctx}
          announcement={a}
          values={values}
          previewHtml={renderMarkdown(values.markdown)}
          audienceCount={await audienceCount(deps, a)}
          error={ctx.t(`error.${refused.code}`, refused.details)}
        />,
        appErrorStatus[refused.code],
      );
    }
    return reply.redirect(`/${request.locale}/admin/announcements/${id}?done=saved`, 303);
  };
}

/** POST /admin/announcements/preview — the live preview's rendering (Markdown in, safe HTML out). */
export function previewSubmit() {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { markdown } = parseBody(z.object({ markdown: z.string().max(100_000) }), request.body);
    return reply.type('text/html; charset=utf-8').send(renderMarkdown(markdown));
  };
}

/** The saved announcement's composer with the reason a test or a send was refused (an unknown merge field…). */
async function refusedPage(deps: AppDeps, request: FastifyRequest, reply: FastifyReply, a: AnnouncementRow, refused: AppError) {
  const ctx = pageContext(request, reply);
  return reply.page(
    <ComposePage
      ctx={ctx}
      announcement={a}
      values={valuesOf(a)}
      previewHtml={renderMarkdown(a.markdown)}
      audienceCount={await audienceCount(deps, a)}
      error={ctx.t(`error.${refused.code}`, refused.details)}
    />,
    appErrorStatus[refused.code],
  );
}

/** POST /admin/announcements/:id/test — sends the announcement to the signed-in staff member. */
export function testSubmit(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { id } = parseBody(idParams, request.params);
    const staff = request.staff;
    if (!staff) throw new AppError('sign_in_required');
    try {
      await service.sendTest(deps, actorOf(request), id, { email: staff.email, name: staff.name, locale: request.locale });
    } catch (error) {
      const refused = composeError(error);
      if (!refused) throw error;
      return refusedPage(deps, request, reply, await service.getAnnouncement(deps, id), refused);
    }
    return reply.redirect(`/${request.locale}/admin/announcements/${id}?done=test`, 303);
  };
}

const sendForm = z.object({ at: z.string().optional(), timeZone: z.string().optional(), confirm: z.string().optional() });

/**
 * POST /admin/announcements/:id/send — now, or at a wall-clock time in the chosen time zone. Without
 * `confirm` (the version of the announcement the staff member confirmed) it sends nothing and shows
 * the confirmation step; a `confirm` for an older version shows it again.
 */
export function sendSubmit(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { id } = parseBody(idParams, request.params);
    const { at, timeZone, confirm } = parseBody(sendForm, request.body);
    let when: Date | undefined;
    if (at) {
      try {
        when = zonedTimeToUtc(at, timeZone || 'UTC');
      } catch {
        throw new AppError('invalid_input', { field: 'at' });
      }
    }
    let summary: Awaited<ReturnType<typeof service.sendSummary>>;
    try {
      summary = await service.sendSummary(deps, id);
      if (confirm === summary.announcement.updated_at) {
        await service.sendAnnouncement(deps, actorOf(request), id, when);
        return reply.redirect(`/${request.locale}/admin/announcements/${id}`, 303);
      }
    } catch (error) {
      const refused = composeError(error);
      if (!refused) throw error;
      return refusedPage(deps, request, reply, await service.getAnnouncement(deps, id), refused);
    }
    const later = when && when.getTime() > deps.clock.now().getTime() ? when : undefined;
    return reply.page(
      <ConfirmSendPage
        ctx={pageContext(request, reply)}
        summary={summary}
        at={at ?? ''}
        timeZone={timeZone || 'UTC'}
        scheduledAt={later}
        changed={confirm !== undefined}
      />,
    );
  };
}

const cancelForm = z.object({ confirm: z.string().optional() });

/** POST /admin/announcements/:id/pause|resume|cancel — a cancel first shows its confirmation step (see sendSubmit). */
export function stateSubmit(deps: AppDeps, action: 'pause' | 'resume' | 'cancel') {
  const run = { pause: service.pauseAnnouncement, resume: service.resumeAnnouncement, cancel: service.cancelAnnouncement }[action];
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { id } = parseBody(idParams, request.params);
    if (action === 'cancel') {
      const { confirm } = parseBody(cancelForm, request.body ?? {});
      const summary = await service.cancelSummary(deps, id);
      if (confirm !== summary.announcement.updated_at) {
        return reply.page(<ConfirmCancelPage ctx={pageContext(request, reply)} {...summary} changed={confirm !== undefined} />);
      }
    }
    await run(deps, actorOf(request), id);
    return reply.redirect(`/${request.locale}/admin/announcements/${id}`, 303);
  };
}

/** GET /admin/announcements/:id/progress.json — what the progress bar polls. */
export function progressJson(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { id } = parseBody(idParams, request.params);
    const progress = await service.announcementProgress(deps, id);
    return reply
      .header('cache-control', 'no-store')
      .send({ ...progress, now: deps.clock.now().toISOString(), statusText: request.t(`announcementStatus.${progress.status}`) });
  };
}
