import MarkdownIt from 'markdown-it';
import { renderToString } from 'preact-render-to-string';
import type { AppDeps } from '../../app-deps.ts';
import { directionOf, isLocale, type Locale, pickLocalized, translator } from '../../i18n/i18n.ts';
import { bounceAddress, unsubscribeAddress } from '../delivery/mail-token.ts';
import type { OutgoingMessage } from '../delivery/mail-transport.ts';
import type { MemberRow } from '../members/member.table.ts';
import { memberLinks } from '../members/member-links.ts';
import type { NetworkRow } from '../site/site.table.ts';
import type { AnnouncementRow } from './announcement.table.ts';

// Raw HTML in Markdown is escaped, not passed through: an announcement cannot carry script into mail or the archive.
const markdown = new MarkdownIt({ html: false, linkify: true, breaks: false });

/** Where the recipient's name goes; `{{name}}` in the Markdown becomes this before rendering. */
const namePlaceholder = 'PLENARYNAMEPLACEHOLDER7F3A';

/** One language version of an announcement, rendered once and personalised per recipient. */
export interface PreparedVariant {
  locale: Locale;
  subject: string;
  html: string;
  text: string;
}

export type Variants = Partial<Record<Locale, { subject: string; markdown: string }>>;

/** Renders Markdown to safe HTML (for the email, the preview and the public archive). */
export function renderMarkdown(source: string): string {
  return markdown.render(source);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The subject and Markdown a member of `locale` receives: their variant, or the announcement's default. */
export function variantFor(announcement: Pick<AnnouncementRow, 'subject' | 'markdown' | 'default_locale' | 'variants'>, locale: string) {
  const variants = JSON.parse(announcement.variants) as Variants;
  const chosen = isLocale(locale) ? variants[locale] : undefined;
  if (chosen) return { locale: locale as Locale, ...chosen };
  return {
    locale: (isLocale(announcement.default_locale) ? announcement.default_locale : 'en') as Locale,
    subject: announcement.subject,
    markdown: announcement.markdown,
  };
}

/** Renders each variant once; personalising a message is then string substitution, cheap at 100,000 recipients. */
export function prepareVariants(announcement: AnnouncementRow): Map<string, PreparedVariant> {
  const prepared = new Map<string, PreparedVariant>();
  const variants = JSON.parse(announcement.variants) as Variants;
  for (const locale of [announcement.default_locale, ...Object.keys(variants)]) {
    const v = variantFor(announcement, locale);
    const source = v.markdown.replaceAll('{{name}}', namePlaceholder);
    prepared.set(v.locale, { locale: v.locale, subject: v.subject, html: renderMarkdown(source), text: source });
  }
  return prepared;
}

function EmailLayout({ locale, bodyHtml, footer, links }: { locale: Locale; bodyHtml: string; footer: string; links: { label: string; url: string }[] }) {
  return (
    <html lang={locale} dir={directionOf(locale)}>
      <head>
        <meta charSet="utf-8" />
      </head>
      <body style="margin: 0; padding: 24px; font-family: system-ui, sans-serif; line-height: 1.55; color: #1b2430; background: #fbfaf7;">
        {/* The body is Markdown rendered with raw HTML disabled. */}
        <div style="max-width: 640px; margin: 0 auto;" dangerouslySetInnerHTML={{ __html: bodyHtml }} />
        <p style="max-width: 640px; margin: 32px auto 0; font-size: 13px; color: #4a5566;">
          {footer}{' '}
          {links.map((l) => (
            <>
              <a href={l.url} style="color: #0b5a8c;">
                {l.label}
              </a>{' '}
            </>
          ))}
        </p>
      </body>
    </html>
  );
}

export type ComposerDeps = Pick<AppDeps, 'secretKey' | 'clock' | 'config'>;

// Stand-ins for the per-recipient links while a variant's layout is rendered once: letters and digits
// only, so escaping leaves them as they are, and no Markdown or catalog text contains them.
const manageSlot = 'PLENARYMANAGESLOT7F3A';
const unsubscribeSlot = 'PLENARYUNSUBSCRIBESLOT7F3A';

/** What every recipient of one variant shares, rendered once: the HTML and text with slots, and the headers. */
interface VariantTemplate {
  key: readonly unknown[];
  html: string;
  text: string;
  base: string;
  host: string;
}

const templates = new WeakMap<PreparedVariant, VariantTemplate>();

function templateFor(deps: ComposerDeps, network: NetworkRow, announcement: AnnouncementRow, variant: PreparedVariant): VariantTemplate {
  // Keyed by the prepared variant (one per sender run); the rest must be the same objects, or it is rendered again.
  const key = [deps.config, network, announcement.id];
  const cached = templates.get(variant);
  if (cached?.key.every((k, i) => k === key[i])) return cached;
  const { locale } = variant;
  const t = translator(locale);
  const base = `${deps.config.publicUrl}/${locale}`;
  const footer = t('announcementEmail.footer', { network: pickLocalized(network.name, locale) });
  const labels = [
    { label: t('announcementEmail.viewOnline'), url: `${base}/announcements/${announcement.id}` },
    { label: t('announcementEmail.manage'), url: `${base}/me/${manageSlot}` },
    { label: t('announcementEmail.unsubscribe'), url: `${base}/unsubscribe/${unsubscribeSlot}` },
  ];
  const template: VariantTemplate = {
    key,
    html: `<!doctype html>${renderToString(<EmailLayout locale={locale} bodyHtml={variant.html} footer={footer} links={labels} />)}`,
    text: [variant.text, '--', footer, ...labels.map((l) => `${l.label}: ${l.url}`)].join('\n\n'),
    base,
    host: new URL(deps.config.publicUrl).hostname,
  };
  templates.set(variant, template);
  return template;
}

/** Replaces every occurrence of each slot; a function replacement, so `$` in a name is taken literally. */
function fill(template: string, slots: [string, string][]): string {
  let out = template;
  for (const [slot, value] of slots) out = out.replaceAll(slot, () => value);
  return out;
}

/**
 * The email one member receives: their language's variant with their name, their signed links, the
 * List-* headers (RFC 2369, RFC 8058 one-click) and a VERP envelope sender that names the delivery.
 * The layout is rendered once per variant; a message is the template with the member's name and links.
 */
export function composeAnnouncement(
  deps: ComposerDeps,
  network: NetworkRow,
  announcement: AnnouncementRow,
  variant: PreparedVariant,
  member: Pick<MemberRow, 'id' | 'name' | 'email_display'>,
  deliveryId: number,
): OutgoingMessage {
  const { locale } = variant;
  const template = templateFor(deps, network, announcement, variant);
  const links = memberLinks(deps, member.id);
  const unsubscribeUrl = `${template.base}/unsubscribe/${links.unsubscribe}`;
  const mailto = unsubscribeAddress(deps.secretKey, deps.config.bounceDomain, member.id);
  return {
    from: deps.config.mailFrom,
    to: member.email_display,
    subject: variant.subject,
    // The name last, so nothing in it is taken for a slot.
    text: fill(template.text, [
      [manageSlot, links.manage],
      [unsubscribeSlot, links.unsubscribe],
      [namePlaceholder, member.name],
    ]),
    html: fill(template.html, [
      [manageSlot, links.manage],
      [unsubscribeSlot, links.unsubscribe],
      [namePlaceholder, escapeHtml(member.name)],
    ]),
    envelopeFrom: bounceAddress(deps.secretKey, deps.config.bounceDomain, deliveryId),
    headers: {
      'List-Id': `${network.slug}.${template.host}`,
      'List-Unsubscribe': `<${unsubscribeUrl}>, <mailto:${mailto}?subject=unsubscribe>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      'List-Archive': `<${deps.config.publicUrl}/${locale}/announcements>`,
      'Content-Language': locale,
      Precedence: 'bulk',
    },
  };
}
