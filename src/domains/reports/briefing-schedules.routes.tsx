import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../../app-deps.ts';
import { AppError, appErrorStatus, isAppError } from '../../errors/app-error.ts';
import { parseBody } from '../../http/form.ts';
import { actorOf, pageContext } from '../../http/request-context.ts';
import type { Translator } from '../../i18n/i18n.ts';
import { listBoardRecipients } from './board-recipient.service.ts';
import * as service from './briefing-schedule.service.ts';
import { ConfirmDeleteSchedulePage, type ScheduleFormValues, SchedulesPage } from './briefing-schedules.views.tsx';

const idParams = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) });
const formCodes = ['invalid_input', 'schedule_pattern_invalid', 'schedule_unknown_time_zone', 'schedule_never_fires', 'schedule_too_frequent'] as const;

/** The translated reason a schedule was refused, or null for an error the error page shows. */
function refusal(t: Translator, error: unknown): { message: string; status: number } | null {
  const refused = formCodes.some((code) => isAppError(error, code)) ? (error as AppError) : null;
  if (!refused) return null;
  const fields = ['pattern', 'timeZone', 'periodKind', 'autoPublish', 'ownerStaffId'];
  const field = fields.includes(String(refused.details.field)) ? String(refused.details.field) : 'body';
  const details = refused.code === 'invalid_input' ? { field: t(`schedules.field.${field}`) } : refused.details;
  return { message: t(`error.${refused.code}`, details), status: appErrorStatus[refused.code] };
}

async function renderPage(
  deps: AppDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  extra: { error?: string; notice?: string; values?: ScheduleFormValues } = {},
  status = 200,
) {
  const [listings, owners, recipients] = await Promise.all([service.listSchedules(deps), service.scheduleOwners(deps), listBoardRecipients(deps)]);
  return reply.page(<SchedulesPage ctx={pageContext(request, reply)} listings={listings} owners={owners} recipients={recipients.length} {...extra} />, status);
}

const notices = {
  created: 'schedules.createdNotice',
  paused: 'schedules.pausedNotice',
  resumed: 'schedules.resumedNotice',
  deleted: 'schedules.deletedNotice',
} as const;

/** GET /admin/reports/schedules */
export function schedulesPage(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const done = (request.query as Record<string, string>).done as keyof typeof notices | undefined;
    // Reading the page also mends a broken chain of ticks (one that gave up during an outage): idempotent.
    await service.ensureTick(deps);
    return renderPage(deps, request, reply, { notice: done && notices[done] ? request.t(notices[done]) : undefined });
  };
}

/** POST /admin/reports/schedules — a new schedule, or the form again with what was wrong (nothing stored). */
export function createScheduleSubmit(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    try {
      await service.createSchedule(deps, actorOf(request), request.body);
      return reply.redirect(`/${request.locale}/admin/reports/schedules?done=created`, 303);
    } catch (error) {
      const shown = refusal(request.t, error);
      if (!shown) throw error;
      const body = (request.body ?? {}) as Record<string, unknown>;
      const values: ScheduleFormValues = {
        pattern: String(body.pattern ?? ''),
        timeZone: String(body.timeZone ?? ''),
        periodKind: String(body.periodKind ?? ''),
        autoPublish: body.autoPublish === '1',
        ownerStaffId: String(body.ownerStaffId ?? ''),
      };
      return renderPage(deps, request, reply, { error: shown.message, values }, shown.status);
    }
  };
}

// Only the confirmation step's button sends `confirm=yes`; the list's Delete button asks first.
const confirmForm = z.object({ confirm: z.literal('yes').optional().catch(undefined) });

/** POST /admin/reports/schedules/:id/{pause,resume,delete} — a delete asks first. */
export function scheduleActionSubmit(deps: AppDeps, action: 'pause' | 'resume' | 'delete') {
  const act = { pause: service.pauseSchedule, resume: service.resumeSchedule, delete: service.deleteSchedule }[action];
  const done = { pause: 'paused', resume: 'resumed', delete: 'deleted' }[action];
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { id } = parseBody(idParams, request.params);
    if (action === 'delete' && parseBody(confirmForm, request.body ?? {}).confirm !== 'yes') {
      const listing = (await service.listSchedules(deps)).find((l) => l.schedule.id === id);
      if (!listing) throw new AppError('not_found');
      return reply.page(<ConfirmDeleteSchedulePage ctx={pageContext(request, reply)} listing={listing} />);
    }
    await act(deps, actorOf(request), id);
    return reply.redirect(`/${request.locale}/admin/reports/schedules?done=${done}`, 303);
  };
}
