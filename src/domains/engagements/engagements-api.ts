import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../../app-deps.ts';
import { AppError } from '../../errors/app-error.ts';
import { parseBody } from '../../http/form.ts';
import type { ApiRoute } from '../api/api.routes.ts';
import { apiBasePath } from '../api/openapi.ts';
import { textsOf } from '../events/event.service.ts';
import type { TimelineCursor } from './engagement.repository.ts';
import * as service from './engagement.service.ts';
import { confidentialities, engagementKinds, engagementStatuses } from './engagement.table.ts';
import { ensureReminderSchedule } from './engagement-calendar.ts';
import { counterpartMemberState } from './engagement-input.ts';
import { type MemberStateDossier, memberStateDossier } from './member-state-dossier.ts';

// Postgres `integer` ids: a larger number is no id at all (and would fail in SQL rather than validate).
const maxId = 2_147_483_647;
const idParams = z.object({ id: z.coerce.number().int().positive().max(maxId) });

/** The timeline cursor as clients see it: `<start date>_<id>` of the last engagement of the page. */
const cursor = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}_[1-9][0-9]{0,9}$/)
  .transform((s): TimelineCursor => ({ startDate: s.slice(0, 10), id: Number(s.slice(11)) }))
  .refine((c) => c.id <= maxId);
const cursorText = (c: TimelineCursor | null) => (c ? `${c.startDate}_${c.id}` : null);

const listQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  before: cursor.optional(),
  memberState: z.string().max(100).optional(),
  kind: z.enum(engagementKinds).optional(),
  status: z.enum(engagementStatuses).optional(),
  confidentiality: z.enum(confidentialities).optional(),
});

/**
 * The reader behind an API token: its creator's staff account (null for a token made on the command line),
 * with the role the token acts with now, so a token never reads more than its creator could as an editor.
 */
function tokenReader(request: FastifyRequest): service.EngagementReader {
  const token = request.apiToken;
  return {
    actor: { staffId: null, label: `api:${token?.name ?? 'unknown'}`, ip: request.ip },
    staffId: token?.created_by_staff_id ?? null,
    role: token?.grantedRole ?? 'viewer',
  };
}

function summaryResource(e: service.EngagementSummary) {
  const { row } = e;
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    startDate: row.start_date,
    endDate: row.end_date,
    ongoing: row.ongoing === 1,
    place: row.place,
    online: row.online === 1,
    status: row.status,
    confidentiality: row.confidentiality,
    restricted: row.restricted === 1,
    memberStates: e.memberStates,
    organisations: e.organisations.map((o) => o.name),
    owner: e.owner,
    topics: e.topics.map((t) => t.name),
    submission:
      row.kind === 'submission'
        ? {
            externalBody: row.external_body,
            consultation: row.consultation,
            deadline: row.deadline,
            status: row.submission_status,
            resourceUrl: row.resource_url,
          }
        : null,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** An engagement as the API shows it; `notes` is absent when they are restricted and the token may not read them. */
function engagementResource(e: service.EngagementView) {
  return {
    ...summaryResource(e),
    ...(e.notes !== null ? { notes: e.notes } : {}),
    members: e.members.map((m) => ({ id: m.id, name: m.erased ? '' : m.name, memberState: m.memberState, erased: m.erased })),
    participants: e.participants,
    followUps: e.followUps.map((f) => ({
      id: f.id,
      action: f.action,
      owner: f.owner_staff_id !== null ? { id: f.owner_staff_id, name: f.owner_name ?? '' } : null,
      dueDate: f.due_date,
      done: f.done_at !== null,
      doneAt: f.done_at,
    })),
    links: e.links,
  };
}

function dossierResource(d: MemberStateDossier) {
  return {
    memberState: d.memberState,
    regionalGroup: d.regionalGroup,
    members: d.members,
    engagements: d.engagements.map(engagementResource),
    openFollowUps: d.openFollowUps.map((f) => ({
      id: f.id,
      engagementId: f.engagement_id,
      engagementTitle: f.engagement_title,
      action: f.action,
      owner: f.owner_staff_id !== null ? { id: f.owner_staff_id, name: f.owner_name ?? '' } : null,
      dueDate: f.due_date,
    })),
    lastContact: d.lastContact,
    events: d.events.map((e) => ({
      id: e.id,
      title: textsOf(e.title),
      startsAt: e.startsAt,
      status: e.status,
      registered: e.registered,
      attended: e.attended,
    })),
    announcements: d.announcements.map((a) => ({ id: a.id, subject: a.subject, sentAt: a.sentAt, deliveredToRegionalGroup: a.delivered })),
  };
}

const engagementId = (request: FastifyRequest) => parseBody(idParams, request.params).id;

/** The engagement operations of the API, with the token role each needs (the API's route table includes them). */
export function engagementApiRoutes(deps: AppDeps): ApiRoute[] {
  return [
    {
      method: 'GET',
      path: '/engagements',
      role: 'viewer',
      handler: async (request) => {
        const { limit, before, memberState, ...filters } = parseBody(listQuery, request.query);
        const page = await service.listEngagementPage(
          deps,
          { ...filters, memberState: memberState ? counterpartMemberState(memberState) : undefined },
          { limit, after: before },
        );
        return { data: page.data.map(summaryResource), next: cursorText(page.next) };
      },
    },
    {
      method: 'POST',
      path: '/engagements',
      role: 'editor',
      handler: async (request, reply) => {
        const row = await service.createEngagement(deps, tokenReader(request), request.body);
        await ensureReminderSchedule(deps);
        return reply.code(201).header('location', `${apiBasePath}/engagements/${row.id}`).send({ id: row.id });
      },
    },
    {
      method: 'GET',
      path: '/engagements/:id',
      role: 'viewer',
      handler: async (request) => engagementResource(await service.getEngagement(deps, tokenReader(request), engagementId(request))),
    },
    {
      method: 'PATCH',
      path: '/engagements/:id',
      role: 'editor',
      handler: async (request) => {
        const id = engagementId(request);
        if (request.body === undefined || request.body === null || typeof request.body !== 'object') throw new AppError('invalid_input', { field: 'body' });
        await service.updateEngagement(deps, tokenReader(request), id, request.body);
        await ensureReminderSchedule(deps);
        return engagementResource(await service.getEngagement(deps, tokenReader(request), id));
      },
    },
    {
      method: 'GET',
      path: '/member-states/:code/dossier',
      role: 'viewer',
      handler: async (request) => {
        const { code } = parseBody(z.object({ code: z.string().max(10) }), request.params);
        return dossierResource(await memberStateDossier(deps, tokenReader(request), code));
      },
    },
  ];
}
