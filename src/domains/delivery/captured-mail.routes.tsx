import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../../app-deps.ts';
import { AppError } from '../../errors/app-error.ts';
import { parseBody } from '../../http/form.ts';
import { type PageContext, pageContext } from '../../http/request-context.ts';
import { AdminLayout } from '../../views/admin-layout.tsx';
import { formatTimestamp } from '../../views/format.ts';
import { findCapturedMail, listCapturedMail } from './captured-mail.repository.ts';
import type { CapturedMailRow } from './captured-mail.table.ts';

const pageSize = 50;
const listQuery = z.object({ before: z.coerce.number().int().positive().optional() });
const idParams = z.object({ id: z.coerce.number().int().positive() });

type MailSummary = Pick<CapturedMailRow, 'id' | 'created_at' | 'envelope_to' | 'subject'>;

function CapturedMailList({ ctx, messages }: { ctx: PageContext; messages: MailSummary[] }) {
  const { t } = ctx;
  const last = messages.length === pageSize ? messages[messages.length - 1] : undefined;
  return (
    <AdminLayout ctx={ctx} title={t('mail.title')}>
      <p>{t('mail.intro')}</p>
      {messages.length === 0 ? (
        <p>{t('mail.empty')}</p>
      ) : (
        <table class="table">
          <thead>
            <tr>
              <th scope="col">{t('mail.when')}</th>
              <th scope="col">{t('mail.to')}</th>
              <th scope="col">{t('mail.subject')}</th>
            </tr>
          </thead>
          <tbody>
            {messages.map((m) => (
              <tr key={m.id}>
                <td>{formatTimestamp(ctx.locale, m.created_at)}</td>
                <td>
                  <bdi>{m.envelope_to}</bdi>
                </td>
                <td>
                  <a href={ctx.href(`/admin/mail/${m.id}`)}>
                    <bdi>{m.subject}</bdi>
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {last && (
        <p>
          <a href={ctx.href(`/admin/mail?before=${last.id}`)}>{t('common.older')}</a>
        </p>
      )}
    </AdminLayout>
  );
}

function CapturedMailDetail({ ctx, message }: { ctx: PageContext; message: CapturedMailRow }) {
  const { t } = ctx;
  return (
    <AdminLayout ctx={ctx} title={message.subject}>
      <dl class="facts">
        <dt>{t('mail.when')}</dt>
        <dd>{formatTimestamp(ctx.locale, message.created_at)}</dd>
        <dt>{t('mail.from')}</dt>
        <dd>
          <bdi>{message.envelope_from}</bdi>
        </dd>
        <dt>{t('mail.to')}</dt>
        <dd>
          <bdi>{message.envelope_to}</bdi>
        </dd>
      </dl>
      <h2>{t('mail.source')}</h2>
      <pre class="mail-source" dir="ltr">
        {message.raw}
      </pre>
      <p>
        <a href={ctx.href('/admin/mail')}>{t('mail.back')}</a>
      </p>
    </AdminLayout>
  );
}

/** GET /admin/mail — what the capture transport kept, newest first. */
export function capturedMailPage(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { before } = parseBody(listQuery, request.query);
    const messages = await listCapturedMail(deps.db, { limit: pageSize, beforeId: before });
    return reply.page(<CapturedMailList ctx={pageContext(request, reply)} messages={messages} />);
  };
}

/** GET /admin/mail/:id — one message with its full source. */
export function capturedMailDetailPage(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { id } = parseBody(idParams, request.params);
    const message = await findCapturedMail(deps.db, id);
    if (!message) throw new AppError('not_found');
    return reply.page(<CapturedMailDetail ctx={pageContext(request, reply)} message={message} />);
  };
}
