import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../../app-deps.ts';
import { parseBody } from '../../http/form.ts';
import type { ApiRoute } from '../api/api.routes.ts';
import type { Actor } from '../audit/audit.service.ts';
import * as register from './register.service.ts';

const idParams = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) });
const registerQuery = z.object({
  at: z.iso
    .date()
    .or(z.iso.datetime({ offset: true }))
    .optional(),
});

/** The actor for the audit log and the item's history: the token, by name. */
function tokenActor(request: FastifyRequest): Actor {
  return { staffId: null, label: `api:${request.apiToken?.name ?? 'unknown'}`, ip: request.ip };
}

function itemResource(item: register.RegisterItemView) {
  return {
    id: item.id,
    topic: item.topic,
    kind: item.kind,
    statement: item.statement,
    likelihood: item.likelihood,
    impact: item.impact,
    trend: item.trend,
    owner: item.ownerStaffId !== null ? { id: item.ownerStaffId, name: item.ownerName ?? '' } : null,
    actions: item.actions,
    engagementIds: item.engagementIds,
    createdAt: item.createdAt,
    updatedAt: item.updatedAt,
  };
}

/** The register operations of the API, with the token role each needs (the API's route table includes them). */
export function registerApiRoutes(deps: AppDeps): ApiRoute[] {
  return [
    {
      method: 'GET',
      path: '/register',
      role: 'viewer',
      handler: async (request) => {
        const { at } = parseBody(registerQuery, request.query);
        const topics = await register.listRegister(deps, { at });
        return {
          at: at ?? null,
          topics: topics.map((t) => ({ name: t.name, risks: t.risks.map(itemResource), opportunities: t.opportunities.map(itemResource) })),
        };
      },
    },
    {
      method: 'POST',
      path: '/register/items',
      role: 'editor',
      handler: async (request, reply) => {
        const item = await register.createItem(deps, tokenActor(request), request.body);
        return reply.code(201).send(itemResource(item));
      },
    },
    {
      method: 'PATCH',
      path: '/register/items/:id',
      role: 'editor',
      handler: async (request) => itemResource(await register.updateItem(deps, tokenActor(request), parseBody(idParams, request.params).id, request.body)),
    },
    {
      method: 'GET',
      path: '/register/items/:id/history',
      role: 'viewer',
      handler: async (request) => register.itemHistory(deps, parseBody(idParams, request.params).id),
    },
  ];
}
