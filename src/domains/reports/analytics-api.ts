import type { AppDeps } from '../../app-deps.ts';
import type { ApiRoute } from '../api/api.routes.ts';
import { requireNetwork } from '../site/site.service.ts';
import { announcementReach, type Breakdown, memberAnalytics, type SeriesPoint } from './analytics.service.ts';
import { briefingApiRoutes } from './briefings-api.ts';
import { periodOf } from './reports-admin.routes.tsx';

const breakdownField: Record<Breakdown, string> = {
  regional_group: 'byRegionalGroup',
  stakeholder_group: 'byStakeholderGroup',
  language: 'byLanguage',
  source: 'bySource',
};

/** A point as the API sends it: the breakdown under its own name, and only when asked for. */
function pointResource(point: SeriesPoint, by: Breakdown | null) {
  const { byRegionalGroup, breakdown, ...figures } = point;
  if (!by) return figures;
  return { ...figures, [breakdownField[by]]: by === 'regional_group' ? byRegionalGroup : (breakdown ?? {}) };
}

/** The reports operations of the API — analytics and briefings (the API's route table includes them; `analytics-openapi.ts` and `briefings-openapi.ts` document them). */
export function analyticsApiRoutes(deps: AppDeps): ApiRoute[] {
  return [
    {
      method: 'GET',
      path: '/analytics/members',
      role: 'viewer',
      handler: async (request) => {
        const period = periodOf(deps, request.query);
        const analytics = await memberAnalytics(deps, (await requireNetwork(deps)).id, period);
        return {
          interval: period.interval,
          from: period.from,
          to: period.to,
          by: period.by,
          evenness: analytics.evenness,
          series: analytics.series.map((p) => pointResource(p, period.by)),
        };
      },
    },
    {
      method: 'GET',
      path: '/analytics/announcements',
      role: 'viewer',
      handler: async (request) => {
        const period = periodOf(deps, request.query);
        const reach = await announcementReach(deps, (await requireNetwork(deps)).id, period.from, period.to);
        return { from: period.from, to: period.to, ...reach };
      },
    },
    // The rest of the reports area: briefings, their figures and their files.
    ...briefingApiRoutes(deps),
  ];
}
