import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../../app-deps.ts';
import { AppError, isAppError } from '../../errors/app-error.ts';
import { parseBody } from '../../http/form.ts';
import { actorOf, pageContext } from '../../http/request-context.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { requireNetwork } from '../site/site.service.ts';
import * as repo from './member.repository.ts';
import * as members from './member.service.ts';
import type { MemberRow } from './member.table.ts';
import { fieldErrors } from './member-errors.ts';
import { exportMembers } from './member-export.ts';
import { memberFieldValues } from './member-fields.view.tsx';
import { memberFiltersQuery } from './member-filters.ts';
import { filterQuery, MemberDetailPage, MemberFormPage, MemberListPage } from './members-admin.views.tsx';

const pageSize = 50;
const listQuery = memberFiltersQuery.extend({ before: z.coerce.number().int().positive().optional(), done: z.string().optional() });
const idParams = z.object({ id: z.coerce.number().int().positive() });
const statusForm = z.object({ action: z.enum(Object.keys(members.staffStatusActions) as [members.StaffStatusAction]) });
const bulkForm = statusForm.extend({ expected: z.coerce.number().int().min(0) });

async function memberOr404(deps: AppDeps, request: FastifyRequest): Promise<MemberRow> {
  const { id } = parseBody(idParams, request.params);
  const member = await repo.findMember(deps.db, id);
  if (!member) throw new AppError('not_found');
  return member;
}

/** GET /admin/members — search, filters and keyset paging. */
export function memberListPage(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { before, done, ...filters } = parseBody(listQuery, request.query);
    const networkId = (await requireNetwork(deps)).id;
    const [page, total, sources] = await Promise.all([
      repo.listMembers(deps.db, networkId, filters, { limit: pageSize + 1, beforeId: before }),
      repo.countMembers(deps.db, networkId, filters),
      repo.listSourceTags(deps.db, networkId),
    ]);
    const ctx = pageContext(request, reply);
    const shown = page.slice(0, pageSize);
    const nextBefore = page.length > pageSize ? shown[shown.length - 1]?.id : undefined;
    const notice = done ? ctx.t('members.bulk.done', { count: Number(done) || 0 }) : undefined;
    return reply.page(<MemberListPage ctx={ctx} filters={filters} members={shown} total={total} nextBefore={nextBefore} sources={sources} notice={notice} />);
  };
}

/** GET /admin/members/:id */
export function memberDetailPage(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const member = await memberOr404(deps, request);
    const events = await repo.listMemberEvents(deps.db, member.id);
    return reply.page(<MemberDetailPage ctx={pageContext(request, reply)} member={member} events={events} />);
  };
}

/** GET /admin/members/new */
export function newMemberPage() {
  return async (request: FastifyRequest, reply: FastifyReply) =>
    reply.page(<MemberFormPage ctx={pageContext(request, reply)} values={{ language: request.locale }} errors={{}} />);
}

/** POST /admin/members/new */
export function newMemberSubmit(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const body = (request.body ?? {}) as Record<string, string>;
    const status = body.status === 'subscribed' ? 'subscribed' : 'pending';
    try {
      const member = await members.addMember(deps, actorOf(request), body, { status, basis: body.basis });
      return reply.redirect(`/${request.locale}/admin/members/${member.id}`, 303);
    } catch (error) {
      const errors = isAppError(error, 'member_exists') ? { email: request.t('error.member_exists') } : fieldErrors(error, request.t);
      return reply.page(<MemberFormPage ctx={pageContext(request, reply)} values={body} errors={errors} />, 400);
    }
  };
}

/** GET /admin/members/:id/edit */
export function editMemberPage(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const member = await memberOr404(deps, request);
    if (member.erased_at) throw new AppError('not_found');
    return reply.page(<MemberFormPage ctx={pageContext(request, reply)} member={member} values={memberFieldValues(member)} errors={{}} />);
  };
}

/** POST /admin/members/:id/edit */
export function editMemberSubmit(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const member = await memberOr404(deps, request);
    if (member.erased_at) throw new AppError('not_found');
    const body = (request.body ?? {}) as Record<string, string>;
    try {
      await members.editMember(deps, actorOf(request), member, body);
      return reply.redirect(`/${request.locale}/admin/members/${member.id}`, 303);
    } catch (error) {
      const errors = isAppError(error, 'member_exists') ? { email: request.t('error.member_exists') } : fieldErrors(error, request.t);
      return reply.page(<MemberFormPage ctx={pageContext(request, reply)} member={member} values={body} errors={errors} />, 400);
    }
  };
}

/** POST /admin/members/:id/status — unsubscribe, remove or resubscribe one member. */
export function memberStatusSubmit(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const member = await memberOr404(deps, request);
    const { action } = parseBody(statusForm, request.body);
    await members.applyStatusAction(deps, actorOf(request), member, action);
    return reply.redirect(`/${request.locale}/admin/members/${member.id}`, 303);
  };
}

/** POST /admin/members/:id/erase — staff erase a member's personal data on request. */
export function memberEraseSubmit(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const member = await memberOr404(deps, request);
    if (!member.erased_at) await members.erase(deps, member, actorOf(request));
    return reply.redirect(`/${request.locale}/admin/members/${member.id}`, 303);
  };
}

/**
 * POST /admin/members/bulk?filters — applies an action to the whole filtered set. `expected` is the
 * count the staff member saw: if the set changed meanwhile, nothing happens and they see it again.
 */
export function bulkSubmit(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const filters = parseBody(memberFiltersQuery, request.query);
    const { action, expected } = parseBody(bulkForm, request.body);
    const total = await repo.countMembers(deps.db, (await requireNetwork(deps)).id, filters);
    if (total !== expected) return reply.redirect(`/${request.locale}/admin/members${filterQuery(filters)}`, 303);
    const changed = await members.bulkStatusAction(deps, actorOf(request), filters, action);
    return reply.redirect(`/${request.locale}/admin/members${filterQuery(filters, { done: changed })}`, 303);
  };
}

/** GET /admin/members/export.csv|json?filters — streamed, so any size downloads in flat memory; `bom=1` for spreadsheets. */
export function exportDownload(deps: AppDeps, format: 'csv' | 'json') {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const filters = parseBody(memberFiltersQuery, request.query);
    const bom = (request.query as Record<string, unknown>).bom === '1';
    const networkId = (await requireNetwork(deps)).id;
    await recordAudit(deps, actorOf(request), 'member.export', null, { format, filters });
    const stamp = deps.clock.now().toISOString().slice(0, 10);
    return reply
      .type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8')
      .header('content-disposition', `attachment; filename="members-${stamp}.${format}"`)
      .header('cache-control', 'no-store')
      .send(exportMembers(deps.db, networkId, filters, format, { bom }));
  };
}
