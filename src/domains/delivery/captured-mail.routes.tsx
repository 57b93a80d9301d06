import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../../app-deps.ts';
import { AppError } from '../../errors/app-error.ts';
import { parseBody } from '../../http/form.ts';
import { type PageContext, pageContext } from '../../http/request-context.ts';
import { AdminLayout } from '../../views/admin-layout.tsx';
import { formatNumber, formatTimestamp } from '../../views/format.ts';
import { redactionMarker } from './captured-mail.redaction.ts';
import { listCapturedMail } from './captured-mail.repository.ts';
import { type CapturedMailView, capturedMailAttachment, capturedMailHtml, readCapturedMail } from './captured-mail.service.ts';
import type { CapturedMailRow } from './captured-mail.table.ts';

const pageSize = 50;
const listQuery = z.object({ before: z.coerce.number().int().positive().optional() });
const idParams = z.object({ id: z.coerce.number().int().positive() });
const attachmentParams = z.object({ id: z.coerce.number().int().positive(), index: z.coerce.number().int().positive().max(10_000) });

/**
 * The policy of a message's HTML: nothing may run or load (no script, no remote image that tells the sender it was
 * read), only its inline styles and data: images apply, and only our own pages may frame it. `sandbox` repeats the
 * frame's sandbox="" for whoever opens the address directly.
 */
const messageHtmlPolicy =
  "default-src 'none'; img-src data:; style-src 'unsafe-inline'; font-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'; sandbox";

/** A Content-Disposition that names the file in ASCII for old clients and in UTF-8 (RFC 6266, RFC 8187) for the rest. */
function attachmentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

type MailSummary = Pick<CapturedMailRow, 'id' | 'created_at' | 'envelope_to' | 'subject'>;

function CapturedMailList({ ctx, messages }: { ctx: PageContext; messages: MailSummary[] }) {
  const { t } = ctx;
  const last = messages.length === pageSize ? messages[messages.length - 1] : undefined;
  return (
    <AdminLayout ctx={ctx} title={t('mail.title')}>
      <p>{t('mail.intro')}</p>
      <p>{t('mail.staffLinksRemoved')}</p>
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

function CapturedMailDetail({ ctx, message }: { ctx: PageContext; message: CapturedMailView }) {
  const { t, locale } = ctx;
  const { row } = message;
  const base = `/admin/mail/${row.id}`;
  return (
    <AdminLayout ctx={ctx} title={message.subject || row.subject}>
      <p>{t('mail.staffLinksRemoved')}</p>
      {message.redacted && <p class="notice">{t('mail.memberLinksRedacted', { marker: redactionMarker })}</p>}
      <dl class="facts">
        <dt>{t('mail.when')}</dt>
        <dd>{formatTimestamp(ctx.locale, row.created_at)}</dd>
        <dt>{t('mail.from')}</dt>
        <dd>
          <bdi>{row.envelope_from}</bdi>
        </dd>
        <dt>{t('mail.to')}</dt>
        <dd>
          <bdi>{row.envelope_to}</bdi>
        </dd>
        <dt>{t('mail.subject')}</dt>
        <dd>
          <bdi>{message.subject}</bdi>
        </dd>
      </dl>
      <h2>{t('mail.text')}</h2>
      <pre class="mail-source" dir="auto">
        {message.text}
      </pre>
      {message.hasHtml && (
        <>
          <h2>{t('mail.html')}</h2>
          {/* sandbox="" grants nothing: no script, no form, no same-origin access, no navigation of this page. */}
          <iframe
            sandbox=""
            src={ctx.href(`${base}/html`)}
            title={t('mail.htmlFrameTitle')}
            referrerpolicy="no-referrer"
            loading="lazy"
            style="width: 100%; min-height: 32rem; border: 1px solid #c9ced6; background: #fff;"
          />
        </>
      )}
      {message.attachments.length > 0 && (
        <table class="table">
          <caption>{t('mail.attachments')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('mail.attachmentName')}</th>
              <th scope="col">{t('mail.attachmentType')}</th>
              <th scope="col">{t('mail.attachmentSize')}</th>
            </tr>
          </thead>
          <tbody>
            {message.attachments.map((a) => (
              <tr key={a.index}>
                <td>
                  <a href={ctx.href(`${base}/attachments/${a.index}`)} download>
                    <bdi>{a.filename || t('mail.attachmentUnnamed', { index: a.index })}</bdi>
                  </a>
                </td>
                <td>
                  <bdi dir="ltr">{a.contentType}</bdi>
                </td>
                <td>{t('mail.bytes', { count: a.size, size: formatNumber(locale, a.size) })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>{t('mail.headers')}</h2>
      <pre class="mail-source" dir="ltr">
        {message.headers}
      </pre>
      {message.source !== null && (
        <details>
          <summary>{t('mail.source')}</summary>
          <pre class="mail-source mail-source-full" dir="ltr">
            {message.source}
          </pre>
        </details>
      )}
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

/** GET /admin/mail/:id — one message, decoded; members' links and the full source for owners only. */
export function capturedMailDetailPage(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { id } = parseBody(idParams, request.params);
    if (!request.staff) throw new AppError('sign_in_required');
    const message = await readCapturedMail(deps, id, request.staff.role);
    return reply.page(<CapturedMailDetail ctx={pageContext(request, reply)} message={message} />);
  };
}

/** GET /admin/mail/:id/html — the message's HTML part, for the page's sandboxed frame, redacted like the page. */
export function capturedMailHtmlPage(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { id } = parseBody(idParams, request.params);
    if (!request.staff) throw new AppError('sign_in_required');
    const html = await capturedMailHtml(deps, id, request.staff.role);
    return reply
      .header('content-security-policy', messageHtmlPolicy)
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'no-referrer')
      .header('cache-control', 'no-store')
      .type('text/html; charset=utf-8')
      .send(html);
  };
}

/** GET /admin/mail/:id/attachments/:index — one attachment, as a download; text ones redacted like the page. */
export function capturedMailAttachmentDownload(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { id, index } = parseBody(attachmentParams, request.params);
    if (!request.staff) throw new AppError('sign_in_required');
    const file = await capturedMailAttachment(deps, id, index, request.staff.role);
    return (
      reply
        .header('content-disposition', attachmentDisposition(file.filename))
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'no-store')
        // The type as the message declared it, when it is one; a header must never carry what a sender wrote.
        .type(/^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/i.test(file.contentType) ? file.contentType : 'application/octet-stream')
        .send(file.content)
    );
  };
}
