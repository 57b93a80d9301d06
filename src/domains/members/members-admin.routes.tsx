import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../../app-deps.ts';
import { AppError, isAppError } from '../../errors/app-error.ts';
import { parseBody } from '../../http/form.ts';
import { actorOf, pageContext } from '../../http/request-context.ts';
import { locales } from '../../i18n/i18n.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { requireNetwork } from '../site/site.service.ts';
import * as repo from './member.repository.ts';
import * as members from './member.service.ts';
import type { MemberRow } from './member.table.ts';
import { fieldErrors } from './member-errors.ts';
import { exportMembers } from './member-export.ts';
import { memberFieldValues } from './member-fields.view.tsx';
import { memberFiltersQuery } from './member-filters.ts';
import { ConfirmBulkActionPage, ConfirmMemberActionPage, filterQuery, MemberDetailPage, MemberFormPage, MemberListPage } from './members-admin.views.tsx';

const pageSize = 50;
// How many names a bulk confirmation step shows of the set it acts on.
const bulkSampleSize = 10;
const listQuery = memberFiltersQuery.extend({ before: z.coerce.number().int().positive().optional(), done: z.string().optional() });
const idParams = z.object({ id: z.coerce.number().int().positive() });
const statusActions = Object.keys(members.staffStatusActions) as [members.StaffStatusAction];
// `confirm=yes` comes only from a confirmation step; without it a destructive action shows that step instead.
const confirmed = z.literal('yes').optional().catch(undefined);
// Re-subscribing also carries how consent is had: a lawful basis staff state, or `reconfirm=yes` (an email to the member).
const statusForm = z.object({
  action: z.enum(statusActions),
  basis: z.string().max(1000).optional(),
  reconfirm: z.literal('yes').optional().catch(undefined),
  confirm: confirmed,
});
// The bulk form's placeholder sends an empty action, which does nothing.
const bulkForm = statusForm.extend({
  action: z.enum(statusActions).or(z.literal('').transform(() => undefined)),
  expected: z.coerce.number().int().min(0),
});
const eraseForm = z.object({ confirm: confirmed });

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
    const [events, waiting] = await Promise.all([repo.listMemberEvents(deps.db, member.id), members.waitingConfirmation(deps, member.id)]);
    return reply.page(<MemberDetailPage ctx={pageContext(request, reply)} member={member} events={events} waiting={waiting} />);
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

/** POST /admin/members/:id/status — unsubscribe, remove or resubscribe one member; removing first shows its confirmation step. */
export function memberStatusSubmit(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const member = await memberOr404(deps, request);
    const { action, basis, reconfirm, confirm } = parseBody(statusForm, request.body);
    const removes = action === 'remove' && !member.erased_at && member.status !== 'removed';
    if (removes && confirm !== 'yes') return reply.page(<ConfirmMemberActionPage ctx={pageContext(request, reply)} member={member} action="remove" />);
    await members.applyStatusAction(deps, actorOf(request), member, action, { basis, reconfirm: reconfirm === 'yes' });
    return reply.redirect(`/${request.locale}/admin/members/${member.id}`, 303);
  };
}

/** POST /admin/members/:id/erase — staff erase a member's personal data on request, once confirmed (`confirm=yes`); otherwise the confirmation step. */
export function memberEraseSubmit(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const member = await memberOr404(deps, request);
    const { confirm } = parseBody(eraseForm, request.body);
    if (!member.erased_at && confirm !== 'yes') return reply.page(<ConfirmMemberActionPage ctx={pageContext(request, reply)} member={member} action="erase" />);
    if (!member.erased_at) await members.erase(deps, member, actorOf(request));
    return reply.redirect(`/${request.locale}/admin/members/${member.id}`, 303);
  };
}

/**
 * POST /admin/members/bulk?filters — applies an action to the whole filtered set, in two steps: without
 * `confirm=yes` it shows the confirmation step (action, count, a sample of names); `expected` is the count
 * confirmed: if the set changed meanwhile, nothing happens and the step is shown again. No action, nothing.
 */
export function bulkSubmit(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const filters = parseBody(memberFiltersQuery, request.query);
    const { action, expected, basis, reconfirm, confirm } = parseBody(bulkForm, request.body);
    if (!action) return reply.redirect(`/${request.locale}/admin/members${filterQuery(filters)}`, 303);
    const networkId = (await requireNetwork(deps)).id;
    const total = await repo.countMembers(deps.db, networkId, filters);
    if (confirm !== 'yes' || total !== expected) {
      const sample = await repo.listMembers(deps.db, networkId, filters, { limit: bulkSampleSize });
      return reply.page(
        <ConfirmBulkActionPage
          ctx={pageContext(request, reply)}
          filters={filters}
          action={action}
          total={total}
          sample={sample}
          basis={basis}
          reconfirm={reconfirm === 'yes'}
          changed={confirm === 'yes'}
        />,
      );
    }
    const changed = await members.bulkStatusAction(deps, actorOf(request), filters, action, { basis, reconfirm: reconfirm === 'yes' });
    return reply.redirect(`/${request.locale}/admin/members${filterQuery(filters, { done: changed })}`, 303);
  };
}

// Besides the filters: a BOM for Excel, and the language of a labelled CSV ('' or absent: the codes). An unknown
// language is refused (invalid_input) rather than quietly exported as codes.
const exportOptionsQuery = z.object({
  bom: z.preprocess((v) => v === '1', z.boolean()),
  labels: z.preprocess((v) => (v === '' ? undefined : v), z.enum(locales).optional()),
});

/**
 * GET /admin/members/export.csv|json?filters — streamed, so any size downloads in flat memory; `bom=1` for
 * spreadsheets, `labels=<locale>` for column names and values in that language (CSV); codes by default.
 */
export function exportDownload(deps: AppDeps, format: 'csv' | 'json') {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const filters = parseBody(memberFiltersQuery, request.query);
    const { bom, labels } = parseBody(exportOptionsQuery, request.query);
    const networkId = (await requireNetwork(deps)).id;
    await recordAudit(deps, actorOf(request), 'member.export', null, { format, filters, ...(labels ? { labels } : {}) });
    const stamp = deps.clock.now().toISOString().slice(0, 10);
    return reply
      .type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8')
      .header('content-disposition', `attachment; filename="members-${stamp}.${format}"`)
      .header('cache-control', 'no-store')
      .send(exportMembers(deps.db, networkId, filters, format, { bom, labels }));
  };
}
