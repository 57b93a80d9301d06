import { renderToString } from 'preact-render-to-string';
import type { AppDeps } from '../../app-deps.ts';
import { directionOf, isLocale, type Locale, pickLocalized, translator } from '../../i18n/i18n.ts';
import { signLink } from '../../security/signed-links.ts';
import type { OutgoingMessage } from '../delivery/mail-transport.ts';
import { networkSender } from '../delivery/network-sender.ts';
import type { NetworkRow } from '../site/site.table.ts';
import { localizedText } from './event.service.ts';
import type { EventRegistrationRow, EventRow } from './event.table.ts';
import type { Material } from './event-follow-up.ts';
import { eventTimes, timeOfDay } from './event-time.ts';

/**
 * What a registrant is told: their place, their place on the waitlist, a promotion, their cancellation, a change of
 * the event's time or place (`updated`), the event's cancellation (`event_cancelled`); on an event with approval,
 * that their registration waits for staff (`pending`) and that staff declined it (`declined`; an approval is told as
 * `confirmed` or `waitlisted`).
 */
export const registrationEmailKinds = ['confirmed', 'waitlisted', 'promoted', 'cancelled', 'updated', 'event_cancelled', 'pending', 'declined'] as const;
export type RegistrationEmailKind = (typeof registrationEmailKinds)[number];

/** Links in mail about an event work until a day after it ends. */
export function eventLinkExpiry(event: EventRow): Date {
  return new Date(new Date(event.ends_at).getTime() + 24 * 3600 * 1000);
}

/** The signed link a registrant cancels their registration with. */
export function cancelLinkPath(deps: Pick<AppDeps, 'secretKey'>, event: EventRow, registrationId: number): string {
  return `/events/registration/${signLink(deps.secretKey, 'registration', registrationId, eventLinkExpiry(event))}`;
}

/** The signed link that registers a member in one click (after a confirm page), for invitations and announcements. */
export function memberRegistrationPath(deps: Pick<AppDeps, 'secretKey'>, event: EventRow, memberId: number): string {
  return `/events/${event.id}/register/${signLink(deps.secretKey, 'event', memberId, eventLinkExpiry(event))}`;
}

interface EmailContent {
  subject: string;
  paragraphs: string[];
  action: { label: string; url: string } | null;
  footer: string;
  /** The check-in QR code, for a place at a venue (a remote image: mail clients do not show SVG). */
  image?: { src: string; alt: string };
}

function EmailHtml({ locale, content }: { locale: Locale; content: EmailContent }) {
  return (
    <html lang={locale} dir={directionOf(locale)}>
      <body style="font-family: system-ui, sans-serif; line-height: 1.5; color: #1b2430;">
        {content.paragraphs.map((p) => (
          <p key={p} style="white-space: pre-line;">
            {p}
          </p>
        ))}
        {content.image && (
          <p>
            <img src={content.image.src} alt={content.image.alt} width={240} height={240} />
          </p>
        )}
        {content.action && (
          <p>
            <a
              href={content.action.url}
              style="display: inline-block; background: #0b5a8c; color: #fff; padding: 10px 18px; border-radius: 6px; text-decoration: none;"
            >
              {content.action.label}
            </a>
          </p>
        )}
        <p style="font-size: 13px; color: #4a5566;">{content.footer}</p>
      </body>
    </html>
  );
}

/** When and where, in the reader's language: the event's zone, then theirs when it differs. */
function whenAndWhere(locale: Locale, event: EventRow, readerZone: string | null, withJoinLink: boolean): string {
  const t = translator(locale);
  const times = eventTimes(locale, event.starts_at, event.time_zone, readerZone);
  const lines = [t('events.email.when', { when: times.event, until: timeOfDay(event.ends_at, event.time_zone) })];
  if (times.reader) lines.push(t('events.email.yourTime', { when: times.reader }));
  if (event.venue) lines.push(t('events.email.venue', { venue: event.venue }));
  if (event.online_url && withJoinLink) lines.push(t('events.email.online', { url: event.online_url }));
  return lines.join('\n');
}

function compose(deps: Pick<AppDeps, 'config'>, network: NetworkRow, to: string, locale: Locale, content: EmailContent): OutgoingMessage {
  const action = content.action;
  return {
    from: networkSender(deps.config.mailFrom, network),
    to,
    subject: content.subject,
    text: [...content.paragraphs, ...(action ? [`${action.label}: ${action.url}`] : []), '--', content.footer].join('\n\n'),
    html: `<!doctype html>${renderToString(<EmailHtml locale={locale} content={content} />)}`,
    // Transactional: about one registration, so no List-Unsubscribe; the cancel link is in the message.
    headers: { 'Content-Language': locale, 'Auto-Submitted': 'auto-generated' },
  };
}

/** The email a registrant gets about their registration, in their language, with times in their zone too. */
export function registrationEmail(
  deps: Pick<AppDeps, 'secretKey' | 'config'>,
  network: NetworkRow,
  event: EventRow,
  registration: EventRegistrationRow,
  kind: RegistrationEmailKind,
): OutgoingMessage {
  const locale: Locale = isLocale(registration.locale) ? registration.locale : 'en';
  const t = translator(locale);
  const fallback = isLocale(network.default_locale) ? network.default_locale : 'en';
  const title = localizedText(event.title, locale, fallback).text;
  const networkName = pickLocalized(network.name, locale, fallback);
  const cancelUrl = `${deps.config.publicUrl}/${locale}${cancelLinkPath(deps, event, registration.id)}`;
  const values = { name: registration.name, title, network: networkName };
  const placed = registration.status === 'confirmed' && event.status !== 'cancelled';
  const ended = kind === 'cancelled' || kind === 'event_cancelled' || kind === 'declined';
  const calendarUrl = `${cancelUrl}/calendar.ics`;
  const paragraphs = [t('events.email.greeting', values), t(`events.email.${kind}.body`, values)];
  if (!ended) paragraphs.push(whenAndWhere(locale, event, registration.time_zone, placed));
  // The calendar file behind the link is the registrant's own: REQUEST with a place, CANCEL once it ended (same UID).
  if (placed || (ended && kind !== 'declined')) paragraphs.push(t(ended ? 'events.email.calendarRemove' : 'events.email.calendar', { url: calendarUrl }));
  // At a venue, the place comes with a QR code to show at the door; its page (the cancel link's) shows it too.
  const qr = placed && !ended && event.venue.trim() !== '';
  if (qr) paragraphs.push(t('events.email.checkIn', { url: cancelUrl }));
  const content: EmailContent = {
    subject: t(`events.email.${kind}.subject`, values),
    paragraphs,
    action: ended ? null : { label: t('events.email.cancelAction'), url: cancelUrl },
    footer: t('events.email.footer', { network: networkName }),
    ...(qr ? { image: { src: `${cancelUrl}/check-in.png`, alt: t('events.page.checkInCode') } } : {}),
  };
  return compose(deps, network, registration.email_display, locale, content);
}

/** The invitation a member gets to an invite-only event: one click (and a confirm page) registers them. */
export function invitationEmail(
  deps: Pick<AppDeps, 'secretKey' | 'config'>,
  network: NetworkRow,
  event: EventRow,
  member: { id: number; name: string; email_display: string; language: string },
): OutgoingMessage {
  const locale: Locale = isLocale(member.language) ? member.language : 'en';
  const t = translator(locale);
  const fallback = isLocale(network.default_locale) ? network.default_locale : 'en';
  const title = localizedText(event.title, locale, fallback).text;
  const networkName = pickLocalized(network.name, locale, fallback);
  const values = { name: member.name, title, network: networkName };
  const content: EmailContent = {
    subject: t('events.email.invitation.subject', values),
    paragraphs: [t('events.email.greeting', values), t('events.email.invitation.body', values), whenAndWhere(locale, event, null, false)],
    action: { label: t('events.email.invitation.action'), url: `${deps.config.publicUrl}/${locale}${memberRegistrationPath(deps, event, member.id)}` },
    footer: t('events.email.footer', { network: networkName }),
  };
  return compose(deps, network, member.email_display, locale, content);
}

/** A reminder before the event, in the registrant's language, with the time in their zone and the join link. */
export function reminderEmail(
  deps: Pick<AppDeps, 'secretKey' | 'config'>,
  network: NetworkRow,
  event: EventRow,
  registration: EventRegistrationRow,
  offsetMinutes: number,
): OutgoingMessage {
  const locale: Locale = isLocale(registration.locale) ? registration.locale : 'en';
  const t = translator(locale);
  const fallback = isLocale(network.default_locale) ? network.default_locale : 'en';
  const title = localizedText(event.title, locale, fallback).text;
  const networkName = pickLocalized(network.name, locale, fallback);
  const cancelUrl = `${deps.config.publicUrl}/${locale}${cancelLinkPath(deps, event, registration.id)}`;
  const values = { name: registration.name, title, network: networkName };
  // Whole hours and days read better than minutes: 1440 is "1 day", 60 is "1 hour".
  const unit = offsetMinutes % 1440 === 0 ? 'day' : offsetMinutes % 60 === 0 ? 'hour' : 'minute';
  const count = unit === 'day' ? offsetMinutes / 1440 : unit === 'hour' ? offsetMinutes / 60 : offsetMinutes;
  const content: EmailContent = {
    subject: t('events.email.reminder.subject', values),
    paragraphs: [
      t('events.email.greeting', values),
      t('events.email.reminder.body', { ...values, unit, count }),
      whenAndWhere(locale, event, registration.time_zone, true),
    ],
    action: { label: t('events.email.cancelAction'), url: cancelUrl },
    footer: t('events.email.footer', { network: networkName }),
  };
  return compose(deps, network, registration.email_display, locale, content);
}

/**
 * The follow-up after the event, in the registrant's language: thanks to those who came, a "we missed you" to those
 * who did not, each with the materials (the recording, the slides) and the note staff wrote for them, if any.
 */
export function followUpEmail(
  deps: Pick<AppDeps, 'secretKey' | 'config'>,
  network: NetworkRow,
  event: EventRow,
  registration: EventRegistrationRow,
  kind: 'attended' | 'no_show',
  materials: Material[],
  notes: Partial<Record<Locale, string>>,
): OutgoingMessage {
  const locale: Locale = isLocale(registration.locale) ? registration.locale : 'en';
  const t = translator(locale);
  const fallback = isLocale(network.default_locale) ? network.default_locale : 'en';
  const title = localizedText(event.title, locale, fallback).text;
  const networkName = pickLocalized(network.name, locale, fallback);
  const values = { name: registration.name, title, network: networkName };
  // A note is the reader's language or the network's default, never another one (it is a personal word, not a title).
  const note = notes[locale] ?? notes[fallback] ?? '';
  const paragraphs = [
    t('events.email.greeting', values),
    kind === 'attended' ? t('events.email.followUp.attended.body', values) : t('events.email.followUp.noShow.body', values),
  ];
  if (note) paragraphs.push(note);
  if (materials.length > 0) paragraphs.push([t('events.email.followUp.materials'), ...materials.map((m) => `${m.label}: ${m.url}`)].join('\n'));
  const content: EmailContent = {
    subject: kind === 'attended' ? t('events.email.followUp.attended.subject', values) : t('events.email.followUp.noShow.subject', values),
    paragraphs,
    action: materials[0] ? { label: materials[0].label, url: materials[0].url } : null,
    footer: t('events.email.footer', { network: networkName }),
  };
  return compose(deps, network, registration.email_display, locale, content);
}
