import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../../app-deps.ts';
import { AppError } from '../../errors/app-error.ts';
import { parseBody } from '../../http/form.ts';
import { isLocale, type Locale, translator } from '../../i18n/i18n.ts';
import type { ApiRoute } from '../api/api.routes.ts';
import { apiBasePath } from '../api/openapi.ts';
import * as service from './briefing.service.ts';
import type { BriefingRow } from './briefing.table.ts';
import { briefingTitle } from './briefing.views.tsx';
import { briefingFileName, briefingFormats, briefingMediaTypes, renderBriefing } from './briefing-output.ts';

const maxId = 2_147_483_647;
const idParams = z.object({ id: z.coerce.number().int().positive().max(maxId) });
const fileParams = idParams.extend({ format: z.enum(briefingFormats) });
const listQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  before: z
    .string()
    .regex(/^[1-9][0-9]{0,9}$/)
    .transform(Number)
    .pipe(z.number().max(maxId))
    .optional(),
});
const localeQuery = z.object({ locale: z.string().optional() });

/** The language asked for with `?locale=`, else the request's (Accept-Language, then English); an unknown one is `invalid_input`. */
function localeOf(request: FastifyRequest): Locale {
  const { locale } = parseBody(localeQuery, request.query);
  if (locale === undefined) return request.locale;
  if (!isLocale(locale)) throw new AppError('invalid_input', { field: 'locale' });
  return locale;
}

/** A briefing's metadata as the API shows it, with the links to its page and its files. */
export function briefingSummary(row: BriefingRow, locale: Locale) {
  const base = `${apiBasePath}/briefings/${row.id}`;
  return {
    id: row.id,
    title: JSON.parse(row.title) as Record<string, string>,
    displayTitle: briefingTitle({ t: translator(locale), locale }, JSON.parse(row.title), row),
    period: { kind: row.period_kind, from: row.period_from, to: row.period_to },
    status: row.status,
    createdAt: row.created_at,
    publishedAt: row.published_at,
    publishedBy: row.published_by,
    links: {
      self: base,
      page: `/${locale}/admin/reports/briefings/${row.id}`,
      files: Object.fromEntries(briefingFormats.map((format) => [format, `${base}/files/${format}`])) as Record<(typeof briefingFormats)[number], string>,
    },
  };
}

/** The briefing operations of the API (`analyticsApiRoutes` includes them; `briefings-openapi.ts` documents them). */
export function briefingApiRoutes(deps: AppDeps): ApiRoute[] {
  return [
    {
      method: 'GET',
      path: '/briefings',
      role: 'viewer',
      handler: async (request) => {
        const query = parseBody(listQuery, request.query);
        const rows = await service.briefingPage(deps, { limit: query.limit + 1, beforeId: query.before });
        const page = rows.slice(0, query.limit);
        return { data: page.map((row) => briefingSummary(row, request.locale)), next: rows.length > query.limit ? String(page.at(-1)?.id) : null };
      },
    },
    {
      method: 'GET',
      path: '/briefings/:id',
      role: 'viewer',
      handler: async (request) => {
        const { id } = parseBody(idParams, request.params);
        const view = await service.getBriefing(deps, id);
        return {
          ...briefingSummary(view.row, request.locale),
          sections: service.sectionsOf(view.figures),
          narrative: view.narrative,
          figures: view.figures,
        };
      },
    },
    {
      method: 'GET',
      path: '/briefings/:id/files/:format',
      role: 'viewer',
      handler: async (request, reply) => {
        const { id, format } = parseBody(fileParams, request.params);
        const locale = localeOf(request);
        const view = await service.getBriefing(deps, id);
        const file = await renderBriefing(deps, view, format, locale);
        return reply
          .type(briefingMediaTypes[format])
          .header('content-disposition', `attachment; filename="${briefingFileName(id, format, locale)}"`)
          .send(file);
      },
    },
  ];
}
