import { renderToString } from 'preact-render-to-string';
import type { AppDeps } from '../../app-deps.ts';
import { directionOf, type Locale, pickLocalized, translator } from '../../i18n/i18n.ts';
import { formatDate, formatDateRange } from '../../views/format.ts';
import type { OutgoingMessage } from '../delivery/mail-transport.ts';
import { networkSender } from '../delivery/network-sender.ts';
import type { NetworkRow } from '../site/site.table.ts';
import type { BoardRecipientRow } from './board-recipient.table.ts';
import type { BriefingView } from './briefing.service.ts';
import { briefingTitle } from './briefing.views.tsx';
import { boardBriefingPath, briefingLinkExpiry, signBriefingLink } from './briefing-link.ts';
import { describeFailure } from './briefing-schedule.service.ts';

type EmailDeps = Pick<AppDeps, 'config' | 'secretKey' | 'clock'>;

/** The Board member's own link to the briefing, in their language, valid for BRIEFING_LINK_DAYS. */
export function recipientLink(deps: EmailDeps, briefingId: number, recipient: Pick<BoardRecipientRow, 'id'>, locale: Locale) {
  const expiresAt = briefingLinkExpiry(deps.clock.now(), deps.config.briefingLinkDays);
  const token = signBriefingLink(deps.secretKey, briefingId, recipient.id, expiresAt);
  return { url: `${deps.config.publicUrl}${boardBriefingPath(locale, briefingId, token)}`, expiresAt };
}

function EmailHtml(props: { locale: Locale; paragraphs: string[]; action: { label: string; url: string }; footer: string }) {
  return (
    <html lang={props.locale} dir={directionOf(props.locale)}>
      <body style="font-family: system-ui, sans-serif; line-height: 1.5; color: #1b2430;">
        {props.paragraphs.map((p) => (
          <p key={p}>{p}</p>
        ))}
        <p>
          <a
            href={props.action.url}
            style="display: inline-block; background: #0b5a8c; color: #fff; padding: 10px 18px; border-radius: 6px; text-decoration: none;"
          >
            {props.action.label}
          </a>
        </p>
        <p style="font-size: 13px; color: #4a5566;">{props.footer}</p>
      </body>
    </html>
  );
}

/**
 * A published briefing to one Board recipient, in `locale`: the PDF attached and their private link. Transactional
 * (one person, one document): no List-Unsubscribe; staff remove a recipient from the list.
 */
export function boardBriefingEmail(
  deps: EmailDeps,
  network: NetworkRow,
  view: BriefingView,
  recipient: BoardRecipientRow,
  locale: Locale,
  pdf: { filename: string; content: Buffer },
): OutgoingMessage {
  const t = translator(locale);
  const networkName = pickLocalized(network.name, locale);
  const title = briefingTitle({ t, locale }, view.title, view.row);
  const link = recipientLink(deps, view.row.id, recipient, locale);
  const values = { name: recipient.name, network: networkName, title, period: formatDateRange(locale, view.row.period_from, view.row.period_to, 'day') };
  const paragraphs = [
    t('boardEmail.greeting', values),
    t('boardEmail.body', values),
    t('boardEmail.link', { date: formatDate(locale, link.expiresAt.toISOString().slice(0, 10)) }),
  ];
  const action = { label: t('boardEmail.action'), url: link.url };
  const footer = t('boardEmail.footer', values);
  return {
    from: networkSender(deps.config.mailFrom, network),
    to: recipient.email,
    subject: t('boardEmail.subject', values),
    text: [...paragraphs, `${action.label}: ${action.url}`, '--', footer].join('\n\n'),
    html: `<!doctype html>${renderToString(<EmailHtml locale={locale} paragraphs={paragraphs} action={action} footer={footer} />)}`,
    headers: { 'Content-Language': locale, 'Auto-Submitted': 'auto-generated' },
    attachments: [{ filename: pdf.filename, contentType: 'application/pdf', content: pdf.content }],
  };
}

/** What the schedule's owner is told when a run failed for good, in `locale`. */
export function scheduleFailureEmail(
  deps: Pick<AppDeps, 'config'>,
  locale: Locale,
  values: { name: string; scheduleId: number; dueAt: string; error: string },
) {
  const t = translator(locale);
  return {
    subject: t('scheduleEmail.failed.subject', { id: values.scheduleId }),
    text: t('scheduleEmail.failed.body', {
      name: values.name,
      id: values.scheduleId,
      due: formatDate(locale, values.dueAt.slice(0, 10)),
      error: describeFailure(t, values.error),
      page: `${deps.config.publicUrl}/${locale}/admin/reports/schedules`,
    }),
  };
}

/** What the owner is told when a scheduled draft waits for them to publish it. */
export function scheduleDraftEmail(deps: Pick<AppDeps, 'config'>, locale: Locale, values: { name: string; scheduleId: number; briefingId: number }) {
  const t = translator(locale);
  return {
    subject: t('scheduleEmail.draft.subject', { id: values.scheduleId }),
    text: t('scheduleEmail.draft.body', {
      name: values.name,
      id: values.scheduleId,
      page: `${deps.config.publicUrl}/${locale}/admin/reports/briefings/${values.briefingId}`,
    }),
  };
}

/** What the owner is told when a Board recipient's email could not be delivered after its retries. */
export function deliveryFailureEmail(deps: Pick<AppDeps, 'config'>, locale: Locale, values: { name: string; email: string; error: string }) {
  const t = translator(locale);
  return {
    subject: t('scheduleEmail.undelivered.subject', { email: values.email }),
    text: t('scheduleEmail.undelivered.body', {
      ...values,
      error: describeFailure(t, values.error),
      page: `${deps.config.publicUrl}/${locale}/admin/reports/schedules`,
    }),
  };
}
