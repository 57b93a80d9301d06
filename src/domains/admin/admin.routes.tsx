import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../app-deps.ts';
import { type PageContext, pageContext } from '../../http/request-context.ts';
import { countJobsByStatus, listJobs } from '../../jobs/job.repository.ts';
import type { JobRow } from '../../jobs/job.table.ts';
import { AdminLayout } from '../../views/admin-layout.tsx';
import { formatNumber, formatTimestamp } from '../../views/format.ts';
import { listStaff } from '../auth/auth.repository.ts';
import { dashboardAhead } from '../engagements/engagement-calendar.ts';
import { DashboardAhead } from '../engagements/engagement-calendar.view.tsx';
import { type NetworkStats, networkStats } from '../members/member-stats.ts';
import { NetworkPicture } from '../members/network-picture.tsx';
import { countMilestones, findCurrentNetwork } from '../site/site.repository.ts';

interface DashboardFigures {
  staff: number;
  milestones: number;
  jobs: Record<string, number>;
}

function DashboardPage({
  ctx,
  figures,
  stats,
  ahead,
}: {
  ctx: PageContext;
  figures: DashboardFigures;
  stats: NetworkStats | null;
  ahead: Awaited<ReturnType<typeof dashboardAhead>> | null;
}) {
  const { t, locale } = ctx;
  const tiles: [string, number][] = [
    ['dashboard.staff', figures.staff],
    ['dashboard.milestones', figures.milestones],
    ['dashboard.jobsQueued', (figures.jobs.queued ?? 0) + (figures.jobs.running ?? 0)],
    ['dashboard.jobsFailed', figures.jobs.failed ?? 0],
  ];
  return (
    <AdminLayout ctx={ctx} title={t('dashboard.title')}>
      <p>{t('dashboard.welcome', { name: ctx.staff?.name ?? '' })}</p>
      {ahead && <DashboardAhead ctx={ctx} ahead={ahead} />}
      {stats && <NetworkPicture ctx={ctx} stats={stats} />}
      <h2>{t('dashboard.system')}</h2>
      <ul class="tiles">
        {tiles.map(([key, value]) => (
          <li key={key} class="tile">
            <span class="tile__value">{formatNumber(locale, value)}</span>
            <span class="tile__label">{t(key, { count: value })}</span>
          </li>
        ))}
      </ul>
      <p>
        <a href={ctx.href('/')}>{t('dashboard.viewPublicPage')}</a>
      </p>
    </AdminLayout>
  );
}

/** GET /admin — the dashboard. */
export function dashboardPage(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const network = await findCurrentNetwork(deps.db);
    const [staff, milestones, jobs, stats, ahead] = await Promise.all([
      listStaff(deps.db),
      countMilestones(deps.db),
      countJobsByStatus(deps.db),
      network ? networkStats(deps.db, network.id, deps.clock.now()) : null,
      network ? dashboardAhead(deps) : null,
    ]);
    return reply.page(<DashboardPage ctx={pageContext(request, reply)} figures={{ staff: staff.length, milestones, jobs }} stats={stats} ahead={ahead} />);
  };
}

/** An admin area whose tools arrive with a later capability: it says so plainly. */
export function upcomingAreaPage(titleKey: string) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const ctx = pageContext(request, reply);
    return reply.page(
      <AdminLayout ctx={ctx} title={ctx.t(titleKey)}>
        <p>{ctx.t('admin.areaNotYetAvailable')}</p>
      </AdminLayout>,
    );
  };
}

function JobsPage({ ctx, counts, failed }: { ctx: PageContext; counts: Record<string, number>; failed: JobRow[] }) {
  const { t, locale } = ctx;
  return (
    <AdminLayout ctx={ctx} title={t('jobs.title')}>
      <ul class="tiles">
        {(['queued', 'running', 'done', 'failed'] as const).map((s) => (
          <li key={s} class="tile">
            <span class="tile__value">{formatNumber(locale, counts[s] ?? 0)}</span>
            <span class="tile__label">{t(`jobs.status.${s}`)}</span>
          </li>
        ))}
      </ul>
      <h2>{t('jobs.failedHeading')}</h2>
      {failed.length === 0 ? (
        <p>{t('jobs.noneFailed')}</p>
      ) : (
        <table class="table">
          <thead>
            <tr>
              <th scope="col">{t('jobs.when')}</th>
              <th scope="col">{t('jobs.name')}</th>
              <th scope="col">{t('jobs.attempts')}</th>
              <th scope="col">{t('jobs.lastError')}</th>
            </tr>
          </thead>
          <tbody>
            {failed.map((j) => (
              <tr key={j.id}>
                <td>{formatTimestamp(locale, j.updated_at)}</td>
                <td>
                  <code>{j.name}</code>
                </td>
                <td>{formatNumber(locale, j.attempts)}</td>
                <td class="wrap">{j.last_error}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </AdminLayout>
  );
}

/** GET /admin/jobs — the queue's state and the jobs that gave up. */
export function jobsPage(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const [counts, failed] = await Promise.all([countJobsByStatus(deps.db), listJobs(deps.db, 'failed', 50)]);
    return reply.page(<JobsPage ctx={pageContext(request, reply)} counts={counts} failed={failed} />);
  };
}
