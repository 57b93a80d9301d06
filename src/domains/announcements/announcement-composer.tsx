import MarkdownIt from 'markdown-it';
import { renderToString } from 'preact-render-to-string';
import type { AppDeps } from '../../app-deps.ts';
import { directionOf, isLocale, type Locale, pickLocalized, translator } from '../../i18n/i18n.ts';
import { cleanLine, cleanMultiline } from '../../security/human-text.ts';
import { listIdHeader } from '../delivery/list-id.ts';
import { bounceAddress, unsubscribeAddress } from '../delivery/mail-token.ts';
import type { OutgoingMessage } from '../delivery/mail-transport.ts';
import { markdownToPlainText } from '../delivery/markdown-plain-text.ts';
import { networkSender } from '../delivery/network-sender.ts';
import type { MemberRow } from '../members/member.table.ts';
import { memberLink } from '../members/member-links.ts';
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

/**
 * True when `{{name}}` would end up in a link's address or an image's source once rendered: markdown-it
 * validates a link before the name is filled in, so a name there would become an unchecked href.
 */
export function nameInLinkAddress(source: string): boolean {
  const stack = markdown.parse(source.replaceAll('{{name}}', namePlaceholder), {});
  while (stack.length) {
    const token = stack.pop()!;
    if (token.children) stack.push(...token.children);
    const address = token.type === 'link_open' ? token.attrGet('href') : token.type === 'image' ? token.attrGet('src') : null;
    if (address != null && String(address).includes(namePlaceholder)) return true;
  }
  return false;
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
    // Cleaned again here (once per variant) for rows saved before input was cleaned.
    const source = cleanMultiline(v.markdown).replaceAll('{{name}}', namePlaceholder);
    prepared.set(v.locale, { locale: v.locale, subject: cleanLine(v.subject), html: renderMarkdown(source), text: markdownToPlainText(markdown, source) });
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

/** A template cut at its slots: `parts` around them, `slots` naming which value goes between parts i and i + 1. */
interface Segments {
  parts: string[];
  slots: number[];
}

/** The slots a variant's text and HTML have, in the order of the values `fillSegments` takes. */
const slotMarkers = [manageSlot, unsubscribeSlot, namePlaceholder];
const slotPattern = new RegExp(slotMarkers.join('|'), 'g');

function segments(template: string): Segments {
  const parts: string[] = [];
  const slots: number[] = [];
  let last = 0;
  for (const match of template.matchAll(slotPattern)) {
    parts.push(template.slice(last, match.index));
    slots.push(slotMarkers.indexOf(match[0]));
    last = match.index + match[0].length;
  }
  parts.push(template.slice(last));
  return { parts, slots };
}

/** The template with each slot's value; a value is never searched for slots, so `$` or a marker in a name stays as it is. */
function fillSegments({ parts, slots }: Segments, values: readonly string[]): string {
  let out = parts[0]!;
  for (let i = 0; i < slots.length; i++) out += values[slots[i]!]! + parts[i + 1]!;
  return out;
}

/** What every recipient of one variant shares, rendered once: the HTML and text cut at their slots, and the headers. */
interface VariantTemplate {
  key: readonly unknown[];
  html: Segments;
  text: Segments;
  from: string;
  unsubscribeBase: string;
  headers: { listId: string; archive: string; feedbackId: string };
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
  // "View online" only when there is a public page to view.
  const labels = [
    ...(announcement.in_archive ? [{ label: t('announcementEmail.viewOnline'), url: `${base}/announcements/${announcement.id}` }] : []),
    { label: t('announcementEmail.manage'), url: `${base}/me/${manageSlot}` },
    { label: t('announcementEmail.unsubscribe'), url: `${base}/unsubscribe/${unsubscribeSlot}` },
  ];
  const template: VariantTemplate = {
    key,
    html: segments(`<!doctype html>${renderToString(<EmailLayout locale={locale} bodyHtml={variant.html} footer={footer} links={labels} />)}`),
    text: segments([variant.text, '--', footer, ...labels.map((l) => `${l.label}: ${l.url}`)].join('\n\n')),
    from: networkSender(deps.config.mailFrom, network),
    unsubscribeBase: `${base}/unsubscribe/`,
    headers: {
      listId: listIdHeader(pickLocalized(network.name, locale), network.slug, new URL(deps.config.publicUrl).hostname),
      archive: `<${deps.config.publicUrl}/${locale}/announcements>`,
      feedbackId: feedbackId(announcement.id, network.id),
    },
  };
  templates.set(variant, template);
  return template;
}

/** What Feedback-ID's last field says (Google's sender identifier): the same for every message Plenary sends. */
export const feedbackSenderId = 'plenary';

/**
 * The Feedback-ID of an announcement, in Google's format `a:b:c:SenderId` (no colon inside a field): the
 * announcement, the network and the kind of mail, so a mailbox provider's complaint figures name the announcement.
 */
export function feedbackId(announcementId: number, networkId: number): string {
  return `${announcementId}:${networkId}:announcement:${feedbackSenderId}`;
}

/** The links of a test message: shaped like a member's, but they open the "link not valid" page. */
export const testLinks = { manage: 'test', unsubscribe: 'test' } as const;

/**
 * The email one member receives: their language's variant with their name, their signed links, the
 * List-* headers (RFC 2369, RFC 2919 List-Id, RFC 8058 one-click), a Feedback-ID and a VERP envelope sender that names the delivery.
 * The layout is rendered once per variant; a message is the template with the member's name and links.
 */
export function composeAnnouncement(
  deps: ComposerDeps,
  network: NetworkRow,
  announcement: AnnouncementRow,
  variant: PreparedVariant,
  member: Pick<MemberRow, 'id' | 'name' | 'email_display'>,
  deliveryId: number,
  links: { manage: string; unsubscribe: string } = { manage: memberLink(deps, member.id, 'manage'), unsubscribe: memberLink(deps, member.id, 'unsubscribe') },
): OutgoingMessage {
  const template = templateFor(deps, network, announcement, variant);
  const mailto = unsubscribeAddress(deps.secretKey, deps.config.bounceDomain, deliveryId);
  const name = cleanLine(member.name);
  return {
    from: template.from,
    to: member.email_display,
    subject: variant.subject,
    text: fillSegments(template.text, [links.manage, links.unsubscribe, name]),
    html: fillSegments(template.html, [links.manage, links.unsubscribe, escapeHtml(name)]),
    envelopeFrom: bounceAddress(deps.secretKey, deps.config.bounceDomain, deliveryId),
    headers: {
      'List-Id': template.headers.listId,
      'List-Unsubscribe': `<${template.unsubscribeBase}${links.unsubscribe}>, <mailto:${mailto}?subject=unsubscribe>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      'List-Archive': template.headers.archive,
      'Content-Language': variant.locale,
      Precedence: 'bulk',
      'Feedback-ID': template.headers.feedbackId,
    },
  };
}
