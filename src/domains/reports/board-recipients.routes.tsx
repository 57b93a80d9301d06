import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../../app-deps.ts';
import { appErrorStatus, isAppError } from '../../errors/app-error.ts';
import { parseBody } from '../../http/form.ts';
import { actorOf, pageContext } from '../../http/request-context.ts';
import type { Translator } from '../../i18n/i18n.ts';
import * as service from './board-recipient.service.ts';
import { BoardRecipientsPage, type RecipientFormValues } from './board-recipients.views.tsx';

const idParams = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) });

/** The translated reason a recipient was refused, or null for an error the error page shows. */
function refusal(t: Translator, error: unknown): { message: string; status: number } | null {
  if (isAppError(error, 'invalid_email')) {
    return { message: t('boardRecipients.invalidEmail', { reason: t(`address.error.${error.details.addressError}`, error.details) }), status: 400 };
  }
  if (isAppError(error, 'invalid_input')) {
    const field = ['name', 'email', 'locale'].includes(String(error.details.field)) ? String(error.details.field) : 'body';
    return { message: t('boardRecipients.invalidField', { field: t(`boardRecipients.field.${field}`) }), status: 400 };
  }
  if (isAppError(error, 'board_recipient_exists')) return { message: t('error.board_recipient_exists', error.details), status: appErrorStatus[error.code] };
  return null;
}

/** GET /admin/reports/board-recipients */
export function boardRecipientsPage(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const ctx = pageContext(request, reply);
    const done = (request.query as Record<string, string>).done;
    const notice = done === 'added' || done === 'removed' ? ctx.t(`boardRecipients.${done}Notice`) : undefined;
    return reply.page(<BoardRecipientsPage ctx={ctx} rows={await service.listBoardRecipients(deps)} notice={notice} />);
  };
}

/** POST /admin/reports/board-recipients — adds one, or shows the form again with what was wrong (nothing stored). */
export function addBoardRecipientSubmit(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    try {
      await service.addBoardRecipient(deps, actorOf(request), request.body);
      return reply.redirect(`/${request.locale}/admin/reports/board-recipients?done=added`, 303);
    } catch (error) {
      const shown = refusal(request.t, error);
      if (!shown) throw error;
      const body = (request.body ?? {}) as Record<string, unknown>;
      const values: RecipientFormValues = { name: String(body.name ?? ''), email: String(body.email ?? ''), locale: String(body.locale ?? '') };
      const rows = await service.listBoardRecipients(deps);
      return reply.page(<BoardRecipientsPage ctx={pageContext(request, reply)} rows={rows} error={shown.message} values={values} />, shown.status);
    }
  };
}

/** POST /admin/reports/board-recipients/:id/remove */
export function removeBoardRecipientSubmit(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { id } = parseBody(idParams, request.params);
    await service.removeBoardRecipient(deps, actorOf(request), id);
    return reply.redirect(`/${request.locale}/admin/reports/board-recipients?done=removed`, 303);
  };
}
