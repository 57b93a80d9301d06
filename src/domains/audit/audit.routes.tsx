import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../../app-deps.ts';
import { parseBody } from '../../http/form.ts';
import { type PageContext, pageContext } from '../../http/request-context.ts';
import { AdminLayout } from '../../views/admin-layout.tsx';
import { formatTimestamp } from '../../views/format.ts';
import { type AuditFilters, hasAuditEventBeyond, listAuditEvents } from './audit.repository.ts';
import type { AuditRow } from './audit.table.ts';

const pageSize = 100;
const maxId = 2_147_483_647;
const id = z.coerce.number().int().positive().max(maxId);
/** A calendar date the way `<input type=date>` sends it; an empty field is no filter. */
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d))
  .optional()
  .or(z.literal('').transform(() => undefined));
const text = z
  .string()
  .trim()
  .max(200)
  .optional()
  .transform((v) => v || undefined);
const query = z.object({ before: id.optional(), after: id.optional(), actor: text, action: text, from: day, to: day });

/** The filters as a query string, for links that keep them. */
function auditQuery(filters: AuditFilters, extra: Record<string, number> = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...filters, ...extra })) if (v !== undefined && v !== '') params.set(k, String(v));
  const s = params.toString();
  return s ? `?${s}` : '';
}

function FilterForm({ ctx, filters }: { ctx: PageContext; filters: AuditFilters }) {
  const { t } = ctx;
  return (
    // biome-ignore lint/a11y/useSemanticElements: <search> is not yet in Preact's JSX types; the role says the same
    <form method="get" action={ctx.href('/admin/audit')} class="filters" role="search">
      <div class="filter">
        <label for="audit-actor">{t('audit.filter.actor')}</label>
        <input id="audit-actor" name="actor" type="search" value={filters.actor ?? ''} dir="auto" />
      </div>
      <div class="filter">
        <label for="audit-action">{t('audit.filter.action')}</label>
        <input id="audit-action" name="action" type="search" value={filters.action ?? ''} dir="ltr" aria-describedby="audit-action-hint" />
        <small id="audit-action-hint" class="muted">
          {t('audit.filter.actionHint')}
        </small>
      </div>
      <div class="filter">
        <label for="audit-from">{t('audit.filter.from')}</label>
        <input id="audit-from" name="from" type="date" value={filters.from ?? ''} />
      </div>
      <div class="filter">
        <label for="audit-to">{t('audit.filter.to')}</label>
        <input id="audit-to" name="to" type="date" value={filters.to ?? ''} />
      </div>
      <button type="submit" class="button">
        {t('audit.filter.apply')}
      </button>
    </form>
  );
}

interface AuditPageData {
  events: AuditRow[];
  filters: AuditFilters;
  newerThan: number | undefined;
  olderThan: number | undefined;
}

function AuditPage({ ctx, data }: { ctx: PageContext; data: AuditPageData }) {
  const { t } = ctx;
  const { events, filters } = data;
  const filtering = Object.values(filters).some((v) => v !== undefined);
  return (
    <AdminLayout ctx={ctx} title={t('audit.title')}>
      <p>{t('audit.intro')}</p>
      <FilterForm ctx={ctx} filters={filters} />
      {filtering && (
        <p>
          <a href={ctx.href('/admin/audit')}>{t('audit.filter.clear')}</a>
        </p>
      )}
      <div class="table-scroll">
        <table class="table">
          <thead>
            <tr>
              <th scope="col">{t('audit.when')}</th>
              <th scope="col">{t('audit.who')}</th>
              <th scope="col">{t('audit.what')}</th>
              <th scope="col">{t('audit.subject')}</th>
              <th scope="col">{t('audit.details')}</th>
            </tr>
          </thead>
          <tbody>
            {events.map((e) => (
              <tr key={e.id} data-id={e.id}>
                <td>
                  <time dateTime={e.at}>{formatTimestamp(ctx.locale, e.at)}</time>
                </td>
                <td>
                  <bdi>{e.actor_label}</bdi>
                  {e.ip && <span class="muted"> · {e.ip}</span>}
                </td>
                <td>
                  <code>{e.action}</code>
                </td>
                <td>{e.subject}</td>
                <td>
                  <code class="wrap">{e.details}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {events.length === 0 && <p>{filtering ? t('audit.noMatch') : t('audit.empty')}</p>}
      <nav class="pager" aria-label={t('audit.paging')}>
        {data.newerThan !== undefined && <a href={ctx.href(`/admin/audit${auditQuery(filters, { after: data.newerThan })}`)}>{t('audit.newer')}</a>}
        {data.olderThan !== undefined && <a href={ctx.href(`/admin/audit${auditQuery(filters, { before: data.olderThan })}`)}>{t('common.older')}</a>}
      </nav>
    </AdminLayout>
  );
}

/** GET /admin/audit — owners read who did what, newest first, a keyset page at a time, filtered by actor, action and date. */
export function auditPage(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { before, after, ...filters } = parseBody(query, request.query);
    // One more than a page tells whether the page's far side has more, without counting the table.
    const rows = await listAuditEvents(deps.db, { limit: pageSize + 1, beforeId: before, afterId: after, filters });
    const more = rows.length > pageSize;
    // Rows are newest first: paging newer, the extra row is the newest (farthest from the cursor); paging older, the oldest.
    const events = after && more ? rows.slice(1) : rows.slice(0, pageSize);
    const first = events[0];
    const last = events[events.length - 1];
    const newer = after ? more : first !== undefined && (before !== undefined ? await hasAuditEventBeyond(deps.db, filters, 'newer', first.id) : false);
    const older = after ? last !== undefined && (await hasAuditEventBeyond(deps.db, filters, 'older', last.id)) : more;
    const data: AuditPageData = { events, filters, newerThan: newer ? first?.id : undefined, olderThan: older ? last?.id : undefined };
    return reply.page(<AuditPage ctx={pageContext(request, reply)} data={data} />);
  };
}
