import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../../app-deps.ts';
import { AppError } from '../../errors/app-error.ts';
import { parseBody } from '../../http/form.ts';
import type { ApiRoute } from '../api/api.routes.ts';
import { apiRoleAllows } from '../api/api-token.service.ts';
import { apiBasePath } from '../api/openapi.ts';
import type { Actor } from '../audit/audit.service.ts';
import type { RegistrationCounts } from './event.repository.ts';
import * as service from './event.service.ts';
import { type EventRegistrationRow, type EventRow, registrationStatuses } from './event.table.ts';
import * as registrations from './event-registration.service.ts';

const maxId = 2_147_483_647;
const id = z.coerce.number().int().positive().max(maxId);
const idParams = z.object({ id });
const registrationParams = z.object({ id, registrationId: id });
const listQuery = z.object({ when: z.enum(['upcoming', 'past']).default('upcoming'), limit: z.coerce.number().int().min(1).max(200).default(50) });
const registrationQuery = z.object({
  status: z.enum(registrationStatuses).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  before: z
    .string()
    .regex(/^[1-9][0-9]{0,9}$/)
    .transform(Number)
    .pipe(z.number().max(maxId))
    .optional(),
});

/** The actor an API token stands for in the audit log. */
function tokenActor(request: FastifyRequest): Actor {
  return { staffId: null, label: `api:${request.apiToken?.name ?? 'unknown'}`, ip: request.ip };
}

function countsResource(c: RegistrationCounts) {
  return {
    confirmed: c.confirmed,
    waitlisted: c.waitlisted,
    pendingApproval: c.pending_approval,
    cancelled: c.cancelled,
    attended: c.attended,
    noShow: c.no_show,
  };
}

/** An event as the API shows it: its fields in the input's JSON names, its SEQUENCE and its counts. */
function eventResource(row: EventRow, counts: RegistrationCounts) {
  return {
    id: row.id,
    ...service.fieldsOf(row),
    sequence: row.sequence,
    counts: countsResource(counts),
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** A registration; the address only for a token that may read addresses (editor), as for members. */
function registrationResource(r: EventRegistrationRow, withAddress: boolean) {
  return {
    id: r.id,
    status: r.status,
    name: r.name,
    ...(withAddress ? { email: r.email_display } : {}),
    memberId: r.member_id,
    memberState: r.member_state,
    regionalGroup: r.regional_group,
    organisation: r.organisation,
    locale: r.locale,
    attended: r.attended === null ? null : r.attended === 1,
    attendedMinutes: r.attended_minutes,
    placedAt: r.placed_at,
  };
}

const mayReadAddresses = (request: FastifyRequest) => apiRoleAllows(request.apiToken?.grantedRole ?? 'viewer', 'editor');

async function eventAnswer(deps: AppDeps, eventId: number) {
  const { row, counts } = await service.getEvent(deps, eventId);
  return eventResource(row, counts);
}

/** The event operations of the API, with the token role each needs (the API's route table includes them). */
export function eventApiRoutes(deps: AppDeps): ApiRoute[] {
  return [
    {
      method: 'GET',
      path: '/events',
      role: 'viewer',
      handler: async (request) => {
        const { when, limit } = parseBody(listQuery, request.query);
        return { data: (await service.listEvents(deps, when, { limit })).map((e) => eventResource(e.row, e.counts)) };
      },
    },
    {
      method: 'POST',
      path: '/events',
      role: 'editor',
      handler: async (request, reply) => {
        const row = await registrations.planEvent(deps, tokenActor(request), request.body);
        return reply.code(201).header('location', `${apiBasePath}/events/${row.id}`).send({ id: row.id });
      },
    },
    {
      method: 'GET',
      path: '/events/:id',
      role: 'viewer',
      handler: async (request) => eventAnswer(deps, parseBody(idParams, request.params).id),
    },
    {
      method: 'PATCH',
      path: '/events/:id',
      role: 'editor',
      handler: async (request) => {
        const { id: eventId } = parseBody(idParams, request.params);
        if (request.body === undefined || request.body === null || typeof request.body !== 'object') throw new AppError('invalid_input', { field: 'body' });
        await registrations.changeEvent(deps, tokenActor(request), eventId, request.body);
        return eventAnswer(deps, eventId);
      },
    },
    {
      method: 'GET',
      path: '/events/:id/registrations',
      role: 'viewer',
      handler: async (request) => {
        const { id: eventId } = parseBody(idParams, request.params);
        const { status, limit, before } = parseBody(registrationQuery, request.query);
        const page = await registrations.registrationPage(deps, eventId, { status, limit, after: before });
        return { data: page.data.map((r) => registrationResource(r, mayReadAddresses(request))), next: page.next === null ? null : String(page.next) };
      },
    },
    {
      method: 'POST',
      path: '/events/:id/registrations',
      role: 'editor',
      handler: async (request, reply) => {
        const { id: eventId } = parseBody(idParams, request.params);
        const { registration, created } = await registrations.registerByStaff(deps, tokenActor(request), eventId, request.body);
        return reply
          .code(created ? 201 : 200)
          .header('location', `${apiBasePath}/events/${eventId}/registrations/${registration.id}`)
          .send(registrationResource(registration, true));
      },
    },
    {
      method: 'POST',
      path: '/events/:id/registrations/:registrationId/decision',
      role: 'editor',
      handler: async (request) => {
        const { id: eventId, registrationId } = parseBody(registrationParams, request.params);
        const { decision } = parseBody(z.strictObject({ decision: z.enum(['approve', 'decline']) }), request.body ?? {});
        return registrationResource(await registrations.decideRegistration(deps, tokenActor(request), eventId, registrationId, decision), true);
      },
    },
    {
      method: 'DELETE',
      path: '/events/:id/registrations/:registrationId',
      role: 'editor',
      handler: async (request, reply) => {
        const { id: eventId, registrationId } = parseBody(registrationParams, request.params);
        const found = await registrations.registrationPage(deps, eventId, { limit: 1, after: registrationId - 1 });
        if (found.data[0]?.id !== registrationId) throw new AppError('not_found');
        await registrations.cancelRegistration(deps, registrationId, tokenActor(request));
        return reply.code(204).send();
      },
    },
  ];
}
