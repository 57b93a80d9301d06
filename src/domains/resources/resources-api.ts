import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../../app-deps.ts';
import { parseBody } from '../../http/form.ts';
import { isLocale, type Locale, locales } from '../../i18n/i18n.ts';
import type { ApiRoute } from '../api/api.routes.ts';
import type { Actor } from '../audit/audit.service.ts';
import { searchKinds, searchSite } from '../site/search.service.ts';
import * as service from './resource.service.ts';
import { resourceKinds, resourceStatuses } from './resource.table.ts';
import { publicResourcePath } from './resources-admin.views.tsx';

const idParams = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) });
const localeParam = z
  .string()
  .refine((l) => isLocale(l))
  .transform((l) => l as Locale)
  .optional();
const listQuery = z.object({
  query: z.string().max(200).optional(),
  type: z.enum(resourceKinds).optional(),
  status: z.enum(resourceStatuses).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});
const searchQuery = z.object({ q: z.string().min(1).max(200), type: z.enum(searchKinds).optional(), locale: localeParam });
const texts = z.record(z.string(), z.string()).optional();
/** The API's shape of a new resource: texts keyed by locale, as the OpenAPI document shows. */
const createBody = z.strictObject({
  type: z.enum(resourceKinds),
  status: z.enum(resourceStatuses).optional(),
  sourceLocale: z.string().optional(),
  title: z.record(z.string(), z.string()),
  summary: texts,
  body: texts,
  slug: texts,
  topics: z.array(z.string()).max(30).optional(),
  externalUrl: z.string().optional(),
  submittedTo: z.string().optional(),
  submittedOn: z.string().optional(),
});

function tokenActor(request: FastifyRequest): Actor {
  return { staffId: null, label: `api:${request.apiToken?.name ?? 'unknown'}`, ip: request.ip };
}

/** A resource as the API gives it: every version, by locale. */
function resourceJson(deps: AppDeps, view: service.ResourceView) {
  const { row } = view;
  return {
    id: row.id,
    type: row.kind,
    status: row.status,
    sourceLocale: row.source_locale,
    versions: Object.fromEntries(
      locales.flatMap((l) => {
        const v = view.versions[l];
        return v
          ? [[l, { title: v.title, slug: v.slug, summary: v.summary, body: v.body, url: `${deps.config.publicUrl}${publicResourcePath(l, v.slug)}` }]]
          : [];
      }),
    ),
    topics: view.topics.map((x) => x.name),
    externalUrl: row.external_url,
    file: row.file_name ? { name: row.file_name, type: row.file_type, size: row.file_size } : null,
    submittedTo: row.submitted_to,
    submittedOn: row.submitted_on,
    publishedAt: row.published_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The library's operations of the API (the API's route table includes them). */
export function resourceApiRoutes(deps: AppDeps): ApiRoute[] {
  return [
    {
      method: 'GET',
      path: '/resources',
      role: 'viewer',
      handler: async (request) => {
        const q = parseBody(listQuery, request.query);
        const list = await service.listResourcesForStaff(deps, { q: q.query, kind: q.type, status: q.status }, { limit: q.limit, offset: q.offset });
        return { data: list.views.map((v) => resourceJson(deps, v)), more: list.more };
      },
    },
    {
      method: 'POST',
      path: '/resources',
      role: 'editor',
      handler: async (request, reply) => {
        const body = parseBody(createBody, request.body);
        const versions = Object.fromEntries(
          Object.entries(body.title).map(([l, title]) => [l, { title, summary: body.summary?.[l] ?? '', body: body.body?.[l] ?? '', slug: body.slug?.[l] }]),
        );
        const input = {
          kind: body.type,
          status: body.status,
          sourceLocale: body.sourceLocale,
          versions,
          topics: body.topics,
          externalUrl: body.externalUrl,
          submittedTo: body.submittedTo,
          submittedOn: body.submittedOn,
        };
        const row = await service.createResource(deps, tokenActor(request), input);
        const view = await service.getResource(deps, row.id);
        const first = view.versions[view.row.source_locale as Locale];
        return reply.code(201).send({ id: row.id, url: first ? `${deps.config.publicUrl}${publicResourcePath(first.locale as Locale, first.slug)}` : null });
      },
    },
    {
      method: 'GET',
      path: '/resources/:id',
      role: 'viewer',
      handler: async (request) => resourceJson(deps, await service.getResource(deps, parseBody(idParams, request.params).id)),
    },
    {
      method: 'GET',
      path: '/search',
      role: 'viewer',
      handler: async (request) => {
        const q = parseBody(searchQuery, request.query);
        const results = await searchSite(deps, q.locale ?? 'en', q.q, q.type);
        return {
          total: results.length,
          results: results.map((r) => ({ kind: r.kind, id: r.id, title: r.title, snippet: r.snippet.join(''), url: `${deps.config.publicUrl}${r.url}` })),
        };
      },
    },
  ];
}
