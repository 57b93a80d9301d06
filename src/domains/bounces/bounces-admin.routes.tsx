import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../../app-deps.ts';
import { parseBody } from '../../http/form.ts';
import { type PageContext, pageContext } from '../../http/request-context.ts';
import { AdminLayout } from '../../views/admin-layout.tsx';
import { formatTimestamp } from '../../views/format.ts';
import type { BounceReviewListing } from './bounce.repository.ts';
import { listKeptBounces } from './bounce.service.ts';

const pageSize = 50;
const listQuery = z.object({ before: z.coerce.number().int().positive().optional() });

function KeptBounce({ ctx, kept }: { ctx: PageContext; kept: BounceReviewListing }) {
  const { t } = ctx;
  return (
    <article class="card" id={`kept-${kept.id}`}>
      <h2>{formatTimestamp(ctx.locale, kept.received_at)}</h2>
      <dl class="facts">
        <dt>{t('bounces.review.reason')}</dt>
        <dd>{t(`bounces.review.reason.${kept.reason}`)}</dd>
        <dt>{t('bounces.review.member')}</dt>
        <dd>
          {kept.member_id !== null && kept.member_email !== null ? (
            <a href={ctx.href(`/admin/members/${kept.member_id}`)}>
              <bdi>{kept.member_name || kept.member_email}</bdi>
            </a>
          ) : (
            t('bounces.review.noMember')
          )}
        </dd>
        <dt>{t('bounces.review.from')}</dt>
        <dd>{kept.mail_from === '' ? t('bounces.review.nullSender') : <bdi dir="ltr">{kept.mail_from}</bdi>}</dd>
        <dt>{t('bounces.review.says')}</dt>
        <dd>
          {t(`bounces.review.kind.${kept.kind}`)} {kept.status_code && <bdi dir="ltr">{kept.status_code}</bdi>}
          {kept.diagnostic && (
            <>
              <br />
              <bdi dir="ltr">{kept.diagnostic}</bdi>
            </>
          )}
        </dd>
      </dl>
      <details>
        <summary>{t('bounces.review.source')}</summary>
        <pre class="mail-source" dir="ltr">
          {kept.excerpt}
        </pre>
      </details>
    </article>
  );
}

function KeptBounceList({ ctx, kept }: { ctx: PageContext; kept: BounceReviewListing[] }) {
  const { t } = ctx;
  const last = kept.length === pageSize ? kept[kept.length - 1] : undefined;
  return (
    <AdminLayout ctx={ctx} title={t('bounces.review.title')}>
      <p>{t('bounces.review.intro')}</p>
      {kept.length === 0 ? <p>{t('bounces.review.empty')}</p> : kept.map((k) => <KeptBounce key={k.id} ctx={ctx} kept={k} />)}
      {last && (
        <p>
          <a href={ctx.href(`/admin/bounces?before=${last.id}`)}>{t('common.older')}</a>
        </p>
      )}
    </AdminLayout>
  );
}

/** GET /admin/bounces — messages at bounce addresses that did not count as bounces, newest first. */
export function keptBouncesPage(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { before } = parseBody(listQuery, request.query);
    const kept = await listKeptBounces(deps, { limit: pageSize, beforeId: before });
    return reply.page(<KeptBounceList ctx={pageContext(request, reply)} kept={kept} />);
  };
}
