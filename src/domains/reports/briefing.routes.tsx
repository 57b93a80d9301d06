import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../../app-deps.ts';
import { type AppError, appErrorStatus, isAppError } from '../../errors/app-error.ts';
import { parseBody } from '../../http/form.ts';
import { actorOf, pageContext } from '../../http/request-context.ts';
import { isLocale, pickLocalized, type Translator } from '../../i18n/i18n.ts';
import { requireNetwork } from '../site/site.service.ts';
import { staffBoardLink } from './board-briefing.routes.tsx';
import { BoardLinkPanel } from './board-briefing.views.tsx';
import * as service from './briefing.service.ts';
import { type BriefingSection, briefingSections } from './briefing.table.ts';
import { BriefingEditPage, BriefingListPage, BriefingPage, briefingTitle } from './briefing.views.tsx';
import { briefingFileName, briefingMediaTypes, renderBriefing } from './briefing-output.ts';
import { printPdf } from './briefing-pdf.ts';
import { briefingPptx } from './briefing-pptx.ts';
import { briefingPrintHtml } from './briefing-print.tsx';
import { releaseAwaitingRuns } from './briefing-schedule.jobs.ts';

const idParams = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) });

/** The translated message of an error a form shows itself, or null for one the error page shows. */
function formError(t: Translator, error: unknown, codes: readonly AppError['code'][]): { message: string; status: number } | null {
  const refused = codes.some((code) => isAppError(error, code)) ? (error as AppError) : null;
  if (!refused) return null;
  let details: Record<string, string | number> = refused.details;
  if (refused.code === 'invalid_input') details = { field: fieldName(t, String(refused.details.field ?? '')) };
  if (refused.code === 'briefing_narrative_markup') details = { section: t(`briefings.section.${String(refused.details.section)}`) };
  return { message: t(`error.${refused.code}`, details), status: appErrorStatus[refused.code] };
}

/** The label of a field an `invalid_input` names (`narrative.growth` → the growth section's narrative). */
function fieldName(t: Translator, field: string): string {
  const [name, section] = field.split('.');
  if (name === 'narrative' && (briefingSections as readonly string[]).includes(section ?? '')) {
    return t('briefings.field.narrative', { section: t(`briefings.section.${section}`) });
  }
  if (name === 'from' || name === 'to') return t(`reports.field.${name}`);
  if (name === 'periodKind' || name === 'title') return t(`briefings.field.${name}`);
  return field;
}

/** GET /admin/reports/briefings */
export function briefingListPage(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    return reply.page(<BriefingListPage ctx={pageContext(request, reply)} rows={await service.listBriefings(deps)} />);
  };
}

/** POST /admin/reports/briefings — a new draft for the period chosen, or the list again with what was wrong. */
export function createBriefingSubmit(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    try {
      const row = await service.createBriefing(deps, actorOf(request), request.body);
      return reply.redirect(`/${request.locale}/admin/reports/briefings/${row.id}`, 303);
    } catch (error) {
      const shown = formError(request.t, error, ['invalid_input', 'report_period_range', 'briefing_no_previous']);
      if (!shown) throw error;
      const rows = await service.listBriefings(deps);
      return reply.page(<BriefingListPage ctx={pageContext(request, reply)} rows={rows} error={shown.message} />, shown.status);
    }
  };
}

/** GET /admin/reports/briefings/:id — the briefing in the page's language (`?published=1` after publishing). */
export function briefingPage(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { id } = parseBody(idParams, request.params);
    const view = await service.getBriefing(deps, id);
    const notice = (request.query as Record<string, string>).published === '1' ? request.t('briefings.publishedNotice') : undefined;
    const ctx = pageContext(request, reply);
    const link = staffBoardLink(deps, view, request.locale);
    const boardLink = link && <BoardLinkPanel ctx={ctx} url={link.url} expiresAt={link.expiresAt} />;
    return reply.page(<BriefingPage ctx={ctx} view={view} notice={notice} boardLink={boardLink} />);
  };
}

/** The language being edited: `?locale=`, else the page's. */
function editLocaleOf(request: FastifyRequest, given: unknown) {
  return isLocale(given) ? given : request.locale;
}

/** GET /admin/reports/briefings/:id/edit?locale=fr */
export function briefingEditPage(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { id } = parseBody(idParams, request.params);
    const view = await service.getBriefing(deps, id);
    if (view.row.status !== 'draft') return reply.redirect(`/${request.locale}/admin/reports/briefings/${id}`, 303);
    const editLocale = editLocaleOf(request, (request.query as Record<string, unknown>).locale);
    return reply.page(<BriefingEditPage ctx={pageContext(request, reply)} view={view} editLocale={editLocale} />);
  };
}

/** POST /admin/reports/briefings/:id/edit — saves one language's title and narrative; nothing is saved if any is refused. */
export function briefingEditSubmit(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { id } = parseBody(idParams, request.params);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const narrative: Partial<Record<BriefingSection, string>> = {};
    for (const section of briefingSections) if (typeof body[`narrative.${section}`] === 'string') narrative[section] = body[`narrative.${section}`] as string;
    const input = { locale: body.locale, title: typeof body.title === 'string' ? body.title : '', narrative };
    try {
      await service.updateBriefing(deps, actorOf(request), id, input);
      return reply.redirect(`/${request.locale}/admin/reports/briefings/${id}`, 303);
    } catch (error) {
      const shown = formError(request.t, error, ['invalid_input', 'briefing_narrative_markup']);
      if (!shown) throw error;
      const view = await service.getBriefing(deps, id);
      return reply.page(
        <BriefingEditPage
          ctx={pageContext(request, reply)}
          view={view}
          editLocale={editLocaleOf(request, body.locale)}
          values={{ title: input.title, narrative }}
          error={shown.message}
        />,
        shown.status,
      );
    }
  };
}

/** POST /admin/reports/briefings/:id/publish — freezes the figures; a published briefing never changes. */
export function publishBriefingSubmit(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { id } = parseBody(idParams, request.params);
    await service.publishBriefing(deps, actorOf(request), id);
    // A scheduled draft that waited for this publication is sent to the Board now.
    await releaseAwaitingRuns(deps, id);
    return reply.redirect(`/${request.locale}/admin/reports/briefings/${id}?published=1`, 303);
  };
}

/** GET /admin/reports/briefings/:id/pdf — the briefing printed by headless Chromium, in the page's language. */
export function briefingPdf(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { id } = parseBody(idParams, request.params);
    const view = await service.getBriefing(deps, id);
    const ctx = pageContext(request, reply);
    const network = await requireNetwork(deps);
    const title = briefingTitle(ctx, view.title, view.row);
    const pdf = await printPdf(briefingPrintHtml(ctx, view, pickLocalized(network.name, request.locale)), title);
    return reply.type('application/pdf').header('content-disposition', `attachment; filename="briefing-${id}-${request.locale}.pdf"`).send(pdf);
  };
}

/** GET /admin/reports/briefings/:id/pptx — the briefing as PowerPoint slides, in the page's language. */
export function briefingSlides(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { id } = parseBody(idParams, request.params);
    const view = await service.getBriefing(deps, id);
    const ctx = pageContext(request, reply);
    const network = await requireNetwork(deps);
    const pptx = await briefingPptx(request.t, request.locale, view, briefingTitle(ctx, view.title, view.row), pickLocalized(network.name, request.locale));
    return reply
      .type('application/vnd.openxmlformats-officedocument.presentationml.presentation')
      .header('content-disposition', `attachment; filename="briefing-${id}-${request.locale}.pptx"`)
      .send(pptx);
  };
}

/** GET /admin/reports/briefings/:id/annex.csv and …/annex.xlsx — every figure of the briefing as rows, in the page's language. */
export function briefingAnnex(deps: AppDeps, format: 'csv' | 'xlsx') {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { id } = parseBody(idParams, request.params);
    const view = await service.getBriefing(deps, id);
    const file = await renderBriefing(deps, view, format, request.locale);
    return reply
      .type(briefingMediaTypes[format])
      .header('content-disposition', `attachment; filename="${briefingFileName(id, format, request.locale)}"`)
      .send(file);
  };
}
