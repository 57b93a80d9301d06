import { renderToString } from 'preact-render-to-string';
import type { AppDeps } from '../../app-deps.ts';
import { directionOf, isLocale, type Locale, pickLocalized, translator } from '../../i18n/i18n.ts';
import { listIdHeader } from '../delivery/list-id.ts';
import type { OutgoingMessage } from '../delivery/mail-transport.ts';
import { networkSender } from '../delivery/network-sender.ts';
import type { NetworkRow } from '../site/site.table.ts';
import type { MemberRow } from './member.table.ts';
import { memberLinks } from './member-links.ts';

/** The transactional emails a member gets; the job that sends one names its kind. */
export const memberEmailKinds = ['confirmation', 'welcome', 'already_member'] as const;
export type MemberEmailKind = (typeof memberEmailKinds)[number];

interface EmailContent {
  subject: string;
  paragraphs: string[];
  action: { label: string; url: string };
  footer: string;
}

function EmailHtml({ locale, content }: { locale: Locale; content: EmailContent }) {
  return (
    <html lang={locale} dir={directionOf(locale)}>
      <body style="font-family: system-ui, sans-serif; line-height: 1.5; color: #1b2430;">
        {content.paragraphs.map((p) => (
          <p key={p}>{p}</p>
        ))}
        <p>
          <a
            href={content.action.url}
            style="display: inline-block; background: #0b5a8c; color: #fff; padding: 10px 18px; border-radius: 6px; text-decoration: none;"
          >
            {content.action.label}
          </a>
        </p>
        <p style="font-size: 13px; color: #4a5566;">{content.footer}</p>
      </body>
    </html>
  );
}

/**
 * Composes an email to a member in their language, with their signed links and the List-* headers
 * (RFC 2369, RFC 8058 one-click unsubscribe) that every email to a member carries.
 */
export function memberEmail(
  deps: Pick<AppDeps, 'secretKey' | 'clock' | 'config'>,
  member: MemberRow,
  network: NetworkRow,
  kind: MemberEmailKind,
  /** The code of the request a confirmation is for, when one waits (see member-confirmation.ts). */
  confirmationCode?: string,
): OutgoingMessage {
  const locale: Locale = isLocale(member.language) ? member.language : 'en';
  const t = translator(locale);
  const base = `${deps.config.publicUrl}/${locale}`;
  const links = memberLinks(deps, member.id);
  const urls = {
    confirm: `${base}/join/confirm/${links.confirm}${confirmationCode ? `?r=${confirmationCode}` : ''}`,
    manage: `${base}/me/${links.manage}`,
    unsubscribe: `${base}/unsubscribe/${links.unsubscribe}`,
  };
  const networkName = pickLocalized(network.name, locale);
  const values = { name: member.name, network: networkName, days: 7 };
  const footer = t('memberEmail.footer', { network: networkName, manageUrl: urls.manage, unsubscribeUrl: urls.unsubscribe });
  const action =
    kind === 'confirmation' ? { label: t('memberEmail.confirmation.action'), url: urls.confirm } : { label: t(`memberEmail.${kind}.action`), url: urls.manage };
  const content: EmailContent = {
    subject: t(`memberEmail.${kind}.subject`, values),
    paragraphs: [t('memberEmail.greeting', values), t(`memberEmail.${kind}.body`, values)],
    action,
    footer,
  };
  return {
    from: networkSender(deps.config.mailFrom, network),
    to: member.email_display,
    subject: content.subject,
    text: [...content.paragraphs, `${action.label}: ${action.url}`, '--', footer].join('\n\n'),
    html: `<!doctype html>${renderToString(<EmailHtml locale={locale} content={content} />)}`,
    headers: {
      'List-Id': listIdHeader(networkName, network.slug, new URL(deps.config.publicUrl).hostname),
      'List-Unsubscribe': `<${urls.unsubscribe}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      'Content-Language': locale,
    },
  };
}
