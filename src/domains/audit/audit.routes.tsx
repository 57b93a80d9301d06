import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../../app-deps.ts';
import { parseBody } from '../../http/form.ts';
import { type PageContext, pageContext } from '../../http/request-context.ts';
import { AdminLayout } from '../../views/admin-layout.tsx';
import { formatTimestamp } from '../../views/format.ts';
import { listAuditEvents } from './audit.repository.ts';
import type { AuditRow } from './audit.table.ts';

const pageSize = 100;
const query = z.object({ before: z.coerce.number().int().positive().optional() });

function AuditPage({ ctx, events }: { ctx: PageContext; events: AuditRow[] }) {
  const { t } = ctx;
  const last = events.length === pageSize ? events[events.length - 1] : undefined;
  return (
    <AdminLayout ctx={ctx} title={t('audit.title')}>
      <p>{t('audit.intro')}</p>
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
            <tr key={e.id}>
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
      {events.length === 0 && <p>{t('audit.empty')}</p>}
      {last && (
        <p>
          <a href={ctx.href(`/admin/audit?before=${last.id}`)}>{t('common.older')}</a>
        </p>
      )}
    </AdminLayout>
  );
}

/** GET /admin/audit — owners read who did what, newest first. */
export function auditPage(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { before } = parseBody(query, request.query);
    const events = await listAuditEvents(deps.db, { limit: pageSize, beforeId: before });
    return reply.page(<AuditPage ctx={pageContext(request, reply)} events={events} />);
  };
}
