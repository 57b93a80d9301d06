import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../../app-deps.ts';
import { type AppError, appErrorStatus, isAppError } from '../../errors/app-error.ts';
import { parseBody } from '../../http/form.ts';
import { pageContext } from '../../http/request-context.ts';
import { requireNetwork } from '../site/site.service.ts';
import { type AnalyticsPeriod, analyticsPeriod, announcementReach, breakdowns, intervals, memberAnalytics } from './analytics.service.ts';
import { AnalyticsPage } from './analytics.views.tsx';

/** An empty field (a select's "none", a cleared date) is no value. */
const blank = z.literal('').transform(() => undefined);

/** The analytics' query, for the page and the API: an interval, whole days, a breakdown. */
export const analyticsQuery = z.object({
  interval: z.enum(intervals).optional().or(blank),
  from: z.iso.date().optional().or(blank),
  to: z.iso.date().optional().or(blank),
  by: z.enum(breakdowns).optional().or(blank),
});

/** The period a request asks for, checked (`invalid_input`, `report_period_range`, `report_period_too_long`). */
export function periodOf(deps: AppDeps, query: unknown): AnalyticsPeriod {
  const input = parseBody(analyticsQuery, query);
  return analyticsPeriod({ ...input, by: input.by ?? null }, deps.clock.now());
}

const periodErrors = ['invalid_input', 'report_period_range', 'report_period_too_long'] as const;

/** GET /admin/reports — members and member states over time, the evenness index, the announcements' reach. */
export function analyticsPage(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const ctx = pageContext(request, reply);
    const network = await requireNetwork(deps);
    let period: AnalyticsPeriod;
    try {
      period = periodOf(deps, request.query);
    } catch (error) {
      if (!periodErrors.some((code) => isAppError(error, code))) throw error;
      const refused = error as AppError;
      const details = refused.code === 'invalid_input' ? { field: request.t(`reports.field.${String(refused.details.field)}`) } : refused.details;
      // The form comes back as it was sent, so what was wrong can be corrected.
      const raw = (request.query ?? {}) as Record<string, string>;
      const form = analyticsPeriod({}, deps.clock.now());
      const echoed = { ...form, from: String(raw.from ?? form.from).slice(0, 10), to: String(raw.to ?? form.to).slice(0, 10) };
      return reply.page(
        <AnalyticsPage ctx={ctx} form={echoed} analytics={null} reach={null} error={request.t(`error.${refused.code}`, details)} />,
        appErrorStatus[refused.code],
      );
    }
    const [analytics, reach] = await Promise.all([memberAnalytics(deps, network.id, period), announcementReach(deps, network.id, period.from, period.to)]);
    return reply.page(<AnalyticsPage ctx={ctx} form={period} analytics={analytics} reach={reach} />);
  };
}
