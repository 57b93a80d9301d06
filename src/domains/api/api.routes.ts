import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../../app-deps.ts';
import { AppError } from '../../errors/app-error.ts';
import { sendError } from '../../http/error-handler.tsx';
import { parseBody } from '../../http/form.ts';
import * as announcements from '../announcements/announcement.service.ts';
import { type AnnouncementRow, announcementStatuses } from '../announcements/announcement.table.ts';
import type { Actor } from '../audit/audit.service.ts';
import { discussionApiRoutes } from '../discussion/discussion-api.ts';
import { engagementApiRoutes } from '../engagements/engagements-api.ts';
import { registerApiRoutes } from '../engagements/register-api.ts';
import { eventApiRoutes } from '../events/events-api.ts';
import * as memberRepo from '../members/member.repository.ts';
import * as members from '../members/member.service.ts';
import type { MemberRow } from '../members/member.table.ts';
import { exportRecord } from '../members/member-export.ts';
import { memberFiltersQuery } from '../members/member-filters.ts';
import { networkStats } from '../members/member-stats.ts';
import { analyticsApiRoutes } from '../reports/analytics-api.ts';
import { evennessIndexOfStates } from '../reports/evenness-index.ts';
import { resourceApiRoutes } from '../resources/resources-api.ts';
import { requireNetwork } from '../site/site.service.ts';
import { listAnnouncementPage } from './api.repository.ts';
import { ApiDocsPage } from './api-docs.view.tsx';
import { apiRoleAllows, authenticate } from './api-token.service.ts';
import type { ApiTokenGrant, ApiTokenRole } from './api-token.table.ts';
import { apiBasePath, openApiDocument } from './openapi.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The API token that authenticated this request, with the role it acts with now (API routes only). */
    apiToken: ApiTokenGrant | null;
  }
}

type Handler = (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;

export interface ApiRoute {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Path under /api/v1, in Fastify's syntax (`:id`); the OpenAPI document writes it `{id}`. */
  path: string;
  /** The least token role that may call it: viewer reads, editor also writes. */
  role: ApiTokenRole;
  handler: Handler;
}

// Postgres `integer` ids: a larger number is no id at all (and would fail in SQL rather than validate).
const maxId = 2_147_483_647;
const idParams = z.object({ id: z.coerce.number().int().positive().max(maxId) });
/** A keyset cursor: opaque to clients; today the last id of the previous page. */
const cursor = z
  .string()
  .regex(/^[1-9][0-9]{0,9}$/)
  .transform(Number)
  .pipe(z.number().max(maxId));

const announcementListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  before: cursor.optional(),
  status: z.enum(announcementStatuses).optional(),
});
const memberListQuery = memberFiltersQuery.extend({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  before: cursor.optional(),
});
const sendBody = z.object({ at: z.iso.datetime({ offset: true }).optional() });

// Member bodies are checked here for their shape only (strings, known keys); the member service validates
// the values exactly as it does for the admin forms, so the API cannot accept what a form would refuse.
const memberFieldShape = {
  email: z.string(),
  name: z.string(),
  memberState: z.string(),
  stakeholderGroup: z.string(),
  organisation: z.string(),
  jobTitle: z.string(),
  language: z.string(),
  source: z.string(),
};
const createMemberBody = z.strictObject({
  ...memberFieldShape,
  status: z.enum(['pending', 'subscribed']).optional(),
  basis: z.string().optional(),
});
const updateMemberBody = z
  .strictObject({
    ...memberFieldShape,
    status: z.enum(['subscribed', 'unsubscribed', 'removed']).optional(),
    basis: z.string().optional(),
    reconfirm: z.boolean().optional(),
  })
  .partial();
/** The staff action that leads to each status a PATCH may ask for. */
const statusActions = { subscribed: 'resubscribe', unsubscribed: 'unsubscribe', removed: 'remove' } as const satisfies Record<
  string,
  members.StaffStatusAction
>;

/** Like parseBody, but an unknown key is named too (`invalid_input` with that field), so a typo is not silently dropped. */
function parseStrict<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const result = schema.safeParse(body ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.code === 'unrecognized_keys' ? issue.keys[0] : issue?.path[0];
  throw new AppError('invalid_input', { field: String(field ?? 'body') });
}

/** A member's current fields in the form's shape, so a PATCH changes only what it names. */
function currentFields(member: MemberRow): Record<keyof typeof memberFieldShape, string> {
  return {
    email: member.email_input,
    name: member.name,
    memberState: member.member_state ?? '',
    stakeholderGroup: member.stakeholder_group ?? '',
    organisation: member.organisation,
    jobTitle: member.job_title,
    language: member.language,
    source: member.source ?? '',
  };
}

/** The actor for the audit log: the token, by name (a token is not a staff account). */
function apiActor(request: FastifyRequest): Actor {
  return { staffId: null, label: `api:${request.apiToken?.name ?? 'unknown'}`, ip: request.ip };
}

/** The announcement of the current network with the id in the URL, or `not_found`. */
async function announcementOf(deps: AppDeps, request: FastifyRequest): Promise<AnnouncementRow> {
  const params = parseBody(idParams, request.params);
  const [row, networkId] = await Promise.all([announcements.getAnnouncement(deps, params.id), requireNetwork(deps).then((n) => n.id)]);
  if (row.network_id !== networkId) throw new AppError('not_found');
  return row;
}

/** The member of the current network with the id in the URL, or `not_found` (also once erased, when `live`). */
async function memberOf(deps: AppDeps, request: FastifyRequest, options: { live?: boolean } = {}): Promise<MemberRow> {
  const params = parseBody(idParams, request.params);
  const [member, networkId] = await Promise.all([memberRepo.findMember(deps.db, params.id), requireNetwork(deps).then((n) => n.id)]);
  if (!member || member.network_id !== networkId || (options.live && member.erased_at)) throw new AppError('not_found');
  return member;
}

/**
 * PATCH /members/{id}: the fields given replace the member's (the rest stay), then a status change, both
 * through the member service as the edit and status forms do. The consent rule of re-subscribing (a basis
 * or a re-confirmation) is checked before anything is written, so a refused request changes nothing.
 */
async function updateMember(deps: AppDeps, request: FastifyRequest): Promise<MemberRow> {
  const member = await memberOf(deps, request, { live: true });
  const { status, basis, reconfirm, ...fields } = parseStrict(updateMemberBody, request.body);
  if (Object.keys(fields).length === 0 && status === undefined) throw new AppError('invalid_input', { field: 'body' });
  if (status === 'subscribed' && member.status !== 'subscribed' && !basis?.trim() && !reconfirm) throw new AppError('invalid_input', { field: 'basis' });
  const actor = apiActor(request);
  if (Object.keys(fields).length > 0) await members.editMember(deps, actor, member, { ...currentFields(member), ...fields });
  if (status !== undefined) {
    const edited = (await memberRepo.findMember(deps.db, member.id)) ?? member;
    await members.applyStatusAction(deps, actor, edited, statusActions[status], { basis, reconfirm });
  }
  return (await memberRepo.findMember(deps.db, member.id)) ?? member;
}

/** An announcement as the API shows it: what was written, and where its sending stands. */
async function announcementResource(deps: AppDeps, row: AnnouncementRow) {
  const progress = await announcements.announcementProgress(deps, row.id);
  return {
    ...progress,
    markdown: row.markdown,
    defaultLocale: row.default_locale,
    variants: JSON.parse(row.variants) as Record<string, { subject: string; markdown: string }>,
    audience: row.audience ? (JSON.parse(row.audience) as Record<string, string>) : null,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function announcementSummary(row: AnnouncementRow) {
  return {
    id: row.id,
    status: row.status,
    subject: row.subject,
    scheduledAt: row.scheduled_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    total: row.total,
    createdAt: row.created_at,
  };
}

/**
 * A member as the API shows it: the export's fields, with the id (an erased member is an empty tombstone).
 * Addresses are for editor tokens only, as the export is for editors: a viewer token pages through
 * members without `email`, which would otherwise be the whole export under another name.
 */
function memberResource(member: MemberRow, role: ApiTokenRole) {
  const { email, ...record } = exportRecord(member);
  return { id: member.id, ...(apiRoleAllows(role, 'editor') ? { email } : {}), ...record, erased: member.erased_at !== null };
}

/** The role the request's token acts with now (authorize has set it before any handler runs). */
function roleOf(request: FastifyRequest): ApiTokenRole {
  return request.apiToken?.grantedRole ?? 'viewer';
}

/** Runs a state change (pause, resume, cancel) and answers 202 with the progress it leads to. */
function transition(deps: AppDeps, change: (deps: AppDeps, actor: Actor, id: number) => Promise<void>): Handler {
  return async (request, reply) => {
    const row = await announcementOf(deps, request);
    await change(deps, apiActor(request), row.id);
    return reply.code(202).send(await announcements.announcementProgress(deps, row.id));
  };
}

/**
 * Every operation of the API with the token role it needs. Read this table to know what a token can
 * do; `openapi.ts` documents the same operations with the same roles (a test compares the two).
 */
export function apiRoutes(deps: AppDeps): ApiRoute[] {
  return [
    {
      method: 'GET',
      path: '/announcements',
      role: 'viewer',
      handler: async (request) => {
        const query = parseBody(announcementListQuery, request.query);
        const rows = await listAnnouncementPage(deps.db, (await requireNetwork(deps)).id, {
          limit: query.limit + 1,
          beforeId: query.before,
          status: query.status,
        });
        const page = rows.slice(0, query.limit);
        return { data: page.map(announcementSummary), next: rows.length > query.limit ? String(page[page.length - 1]!.id) : null };
      },
    },
    {
      method: 'POST',
      path: '/announcements',
      role: 'editor',
      handler: async (request, reply) => {
        const row = await announcements.createAnnouncement(deps, apiActor(request), request.body);
        return reply
          .code(201)
          .header('location', `${apiBasePath}/announcements/${row.id}`)
          .send(await announcementResource(deps, row));
      },
    },
    {
      method: 'GET',
      path: '/announcements/:id',
      role: 'viewer',
      handler: async (request) => announcementResource(deps, await announcementOf(deps, request)),
    },
    {
      method: 'POST',
      path: '/announcements/:id/send',
      role: 'editor',
      handler: async (request, reply) => {
        const row = await announcementOf(deps, request);
        const { at } = parseBody(sendBody, request.body);
        await announcements.sendAnnouncement(deps, apiActor(request), row.id, at ? new Date(at) : undefined);
        return reply.code(202).send(await announcements.announcementProgress(deps, row.id));
      },
    },
    { method: 'POST', path: '/announcements/:id/pause', role: 'editor', handler: transition(deps, announcements.pauseAnnouncement) },
    { method: 'POST', path: '/announcements/:id/resume', role: 'editor', handler: transition(deps, announcements.resumeAnnouncement) },
    { method: 'POST', path: '/announcements/:id/cancel', role: 'editor', handler: transition(deps, announcements.cancelAnnouncement) },
    {
      method: 'GET',
      path: '/members',
      role: 'viewer',
      handler: async (request) => {
        const { limit, before, ...filters } = parseBody(memberListQuery, request.query);
        // `q` matches addresses too: answering it would tell a viewer token whether an address is a member.
        if (filters.q !== undefined && !apiRoleAllows(roleOf(request), 'editor')) throw new AppError('forbidden');
        const networkId = (await requireNetwork(deps)).id;
        const [rows, total] = await Promise.all([
          memberRepo.listMembers(deps.db, networkId, filters, { limit: limit + 1, beforeId: before }),
          memberRepo.countMembers(deps.db, networkId, filters),
        ]);
        const page = rows.slice(0, limit);
        return { data: page.map((m) => memberResource(m, roleOf(request))), next: rows.length > limit ? String(page[page.length - 1]!.id) : null, total };
      },
    },
    {
      method: 'POST',
      path: '/members',
      role: 'editor',
      handler: async (request, reply) => {
        const { status, basis, ...fields } = parseStrict(createMemberBody.partial(), request.body);
        const member = await members.addMember(deps, apiActor(request), fields, { status: status ?? 'pending', basis });
        return reply
          .code(201)
          .header('location', `${apiBasePath}/members/${member.id}`)
          .send(memberResource(member, roleOf(request)));
      },
    },
    {
      method: 'GET',
      path: '/members/:id',
      role: 'viewer',
      handler: async (request) => memberResource(await memberOf(deps, request), roleOf(request)),
    },
    {
      method: 'PATCH',
      path: '/members/:id',
      role: 'editor',
      handler: async (request) => memberResource(await updateMember(deps, request), roleOf(request)),
    },
    {
      method: 'GET',
      path: '/stats',
      role: 'viewer',
      handler: async () => {
        const stats = await networkStats(deps.db, (await requireNetwork(deps)).id, deps.clock.now());
        return { ...stats, evennessIndex: evennessIndexOfStates(Object.keys(stats.byMemberState)).index };
      },
    },
    ...engagementApiRoutes(deps),
    ...eventApiRoutes(deps),
    ...registerApiRoutes(deps),
    ...analyticsApiRoutes(deps),
    ...discussionApiRoutes(deps),
    ...resourceApiRoutes(deps),
  ];
}

/** `Authorization: Bearer <token>` → the token; anything else → undefined (which authenticates as nobody). */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header ?? '');
  return match?.[1];
}

/**
 * Authenticates the bearer token and checks its role, before the body is read: a caller without a
 * valid token gets 401 whatever it sends. No cookie and no CSRF token here, on purpose: a browser
 * never adds an Authorization header by itself (and no CORS is offered), so another site cannot
 * make a visitor's browser call the API with their authority — the reason CSRF tokens exist.
 */
function authorize(deps: AppDeps, role: ApiTokenRole) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    try {
      request.apiToken = await authenticate(deps, bearerToken(request.headers.authorization));
    } catch (error) {
      reply.header('www-authenticate', 'Bearer realm="plenary"');
      throw error;
    }
    if (!apiRoleAllows(request.apiToken.grantedRole, role)) throw new AppError('forbidden');
  };
}

/**
 * Registers the API (under /api/v1, bearer tokens), its OpenAPI document at /api/openapi.json and its
 * documentation page at /api/docs (both public). Call before the app is ready.
 */
export async function registerApi(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const document = openApiDocument(deps.config.publicUrl);
  app.get('/api/openapi.json', async (_request, reply) => reply.type('application/json; charset=utf-8').send(document));
  app.get('/api/docs', async (_request, reply) => reply.page(ApiDocsPage({ document })));

  await app.register(
    async (api) => {
      api.decorateRequest('apiToken', null);

      // An empty body is no body (POST …/send without a schedule), even when a client labels it JSON;
      // anything else is parsed by Fastify's own parser (prototype-poisoning checks, the app's body limit).
      const defaultJson = api.getDefaultJsonParser('error', 'error');
      api.removeContentTypeParser('application/json');
      api.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
        if (String(body).trim() === '') return done(null, undefined);
        return defaultJson(request, body as string, done);
      });

      // Fastify's own 4xx (malformed JSON, unsupported media type) become `invalid_input` naming the body,
      // answered as JSON like every other API error; everything else goes to the app's error handler.
      api.setErrorHandler((error: FastifyError, request, reply) => {
        const status = error.statusCode ?? 500;
        if (!(error instanceof AppError) && status >= 400 && status < 500 && ![404, 413, 429].includes(status)) {
          return sendError(request, reply, new AppError('invalid_input', { field: 'body' }));
        }
        throw error;
      });

      // Responses carry member data: no shared cache may keep them.
      api.addHook('onSend', async (_request, reply) => {
        reply.header('cache-control', 'no-store');
      });

      for (const route of apiRoutes(deps)) {
        api.route({ method: route.method, url: route.path, onRequest: authorize(deps, route.role), handler: route.handler });
      }
    },
    { prefix: apiBasePath },
  );
}
