import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../../app-deps.ts';
import { AppError, isAppError } from '../../errors/app-error.ts';
import { parseBody } from '../../http/form.ts';
import { pageContext } from '../../http/request-context.ts';
import { isLocale, type Locale, pickLocalized } from '../../i18n/i18n.ts';
import { ButtonPage } from '../members/join.views.tsx';
import { renderSafeMarkdown } from '../site/safe-markdown.ts';
import { requireNetwork } from '../site/site.service.ts';
import * as service from './event.service.ts';
import type { EventRow } from './event.table.ts';
import { publicCalendar, registrantCalendar } from './event-calendar.ts';
import { checkInQrPng, checkInQrSvg, hasVenue } from './event-check-in.service.ts';
import { canonicalTimeZone } from './event-input.ts';
import * as registrations from './event-registration.service.ts';
import { eventTitle, eventWhen } from './events-admin.views.tsx';
import { PublicEventListPage, PublicEventPage, RegisteredPage, type RegistrationFormState, RegistrationLinkPage } from './events-public.views.tsx';

const idParams = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) });
const zoneQuery = z.object({ tz: z.string().max(64).optional().catch(undefined) });
// Any string: verifyLink judges the token, so every malformed one is link_invalid.
const tokenParams = z.object({ token: z.string() });
const memberLinkParams = idParams.extend({ token: z.string() });

async function site(deps: AppDeps, locale: Locale): Promise<{ siteName: string; fallback: Locale }> {
  const network = await requireNetwork(deps);
  const fallback = isLocale(network.default_locale) ? network.default_locale : 'en';
  return { siteName: pickLocalized(network.name, locale, fallback), fallback };
}

/** A draft is nobody's to see, nor an invite-only event: whether a closed briefing exists is not public either. */
function shownToPublic(row: EventRow): boolean {
  return row.status !== 'draft' && row.visibility !== 'invite_only';
}

/** GET /{locale}/events — upcoming and past public events. */
export function eventListPage(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const [upcoming, past, names] = await Promise.all([
      service.listEvents(deps, 'upcoming', { publicOnly: true, limit: 100 }),
      service.listEvents(deps, 'past', { publicOnly: true, limit: 100 }),
      site(deps, request.locale),
    ]);
    return reply.page(<PublicEventListPage ctx={pageContext(request, reply)} upcoming={upcoming} past={past} publicUrl={deps.config.publicUrl} {...names} />);
  };
}

async function eventPage(deps: AppDeps, request: FastifyRequest, reply: FastifyReply, id: number, form: RegistrationFormState, status = 200) {
  const summary = await service.getEvent(deps, id);
  if (!shownToPublic(summary.row)) throw new AppError('not_found');
  const names = await site(deps, request.locale);
  const description = service.localizedText(summary.row.description, request.locale, names.fallback);
  const { tz } = zoneQuery.parse(request.query);
  const readerZone = (tz && canonicalTimeZone(tz)) || form.values.timeZone || null;
  return reply.page(
    <PublicEventPage
      ctx={pageContext(request, reply)}
      summary={summary}
      descriptionHtml={description.text ? { html: renderSafeMarkdown(description.text), locale: description.locale } : null}
      readerZone={readerZone ? canonicalTimeZone(readerZone) : null}
      form={form}
      now={deps.clock.now().toISOString()}
      publicUrl={deps.config.publicUrl}
      {...names}
    />,
    status,
  );
}

/** GET /{locale}/events/:id — the event's page, with the form while registration is open (`?tz=` shows another zone). */
export function publicEventPage(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) =>
    eventPage(deps, request, reply, parseBody(idParams, request.params).id, { values: {}, errors: {} });
}

/** The message by each field of a refused registration; null for refusals that are no field's (an error page says them). */
function registrationErrors(request: FastifyRequest, error: unknown): Record<string, string> | null {
  const t = request.t;
  if (isAppError(error, 'invalid_email')) return { email: t(`address.error.${error.details.addressError}`, error.details) };
  if (isAppError(error, 'invalid_input')) {
    const field = String(error.details.field ?? '');
    if (['name', 'email', 'memberState', 'organisation'].includes(field)) return { [field]: t(`member.invalid.${field}`) };
    return { form: t('error.invalid_input', { field }) };
  }
  return null;
}

/** POST /{locale}/events/:id — registers (or finds the registration of) the person; the same page with what was wrong otherwise. */
export function registerSubmit(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { id } = parseBody(idParams, request.params);
    const body = (request.body ?? {}) as Record<string, string>;
    const input = {
      email: body.email ?? '',
      name: body.name ?? '',
      memberState: body.memberState ?? '',
      organisation: body.organisation ?? '',
      locale: isLocale(body.language) ? body.language : request.locale,
      timeZone: body.timeZone || undefined,
      join: body.join === 'yes',
    };
    try {
      const { registration, created, event } = await registrations.registerFromForm(deps, id, input, request.ip);
      const ctx = pageContext(request, reply);
      return reply.page(<RegisteredPage ctx={ctx} row={event} registration={registration} {...(await site(deps, request.locale))} />, created ? 201 : 200);
    } catch (error) {
      const errors = registrationErrors(request, error);
      if (!errors) throw error;
      const values = { ...body, timeZone: canonicalTimeZone(body.timeZone ?? '') ?? '' };
      return eventPage(deps, request, reply, id, { values, errors }, 400);
    }
  };
}

/** GET /{locale}/events/:id/register/:token — a member's one-click link: a page with a button (link scanners do not press it). */
export function memberLinkPage(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { id, token } = parseBody(memberLinkParams, request.params);
    const event = await service.eventOf(deps, id);
    const member = await registrations.memberOfLink(deps, token);
    await registrations.checkMayRegister(deps, event, member);
    registrations.checkOpen(event, deps.clock.now());
    const names = await site(deps, request.locale);
    const ctx = pageContext(request, reply);
    const title = eventTitle(ctx, event, names.fallback).text;
    return reply.page(
      <ButtonPage
        ctx={ctx}
        siteName={names.siteName}
        title={ctx.t('events.page.register')}
        message={ctx.t('events.page.memberConfirm', { name: member.name, title, when: eventWhen(ctx, event).event })}
        action={ctx.href(`/events/${id}/register/${token}`)}
        button={ctx.t('events.page.registerButton')}
        csrf
        fields={{ timeZone: '' }}
      />,
    );
  };
}

/** POST /{locale}/events/:id/register/:token — registers the member the link stands for. */
export function memberLinkSubmit(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { id, token } = parseBody(memberLinkParams, request.params);
    const { timeZone } = parseBody(z.object({ timeZone: z.string().max(64).optional() }), request.body);
    const { registration, created, event } = await registrations.registerMember(deps, id, token, timeZone);
    return reply.page(
      <RegisteredPage ctx={pageContext(request, reply)} row={event} registration={registration} {...(await site(deps, request.locale))} />,
      created ? 201 : 200,
    );
  };
}

/** GET /{locale}/events/registration/:token — the registrant's status and the cancel button. */
export function registrationLinkPage(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { token } = parseBody(tokenParams, request.params);
    const { registration, event } = await registrations.registrationOfLink(deps, token);
    const ctx = pageContext(request, reply);
    const names = await site(deps, request.locale);
    const qrSvg = registration.status === 'confirmed' && hasVenue(event) ? await checkInQrSvg(deps, event, registration.id, names.fallback) : null;
    return reply.page(
      <RegistrationLinkPage ctx={ctx} row={event} registration={registration} action={ctx.href(`/events/registration/${token}`)} qrSvg={qrSvg} {...names} />,
    );
  };
}

/** POST /{locale}/events/registration/:token — cancels; the place goes to the first on the waitlist. */
export function registrationCancelSubmit(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { token } = parseBody(tokenParams, request.params);
    const { registration } = await registrations.registrationOfLink(deps, token);
    const cancelled = await registrations.cancelRegistration(deps, registration.id, null);
    const event = await service.eventOf(deps, cancelled.event_id);
    const ctx = pageContext(request, reply);
    return reply.page(
      <RegistrationLinkPage
        ctx={ctx}
        row={event}
        registration={cancelled}
        action={ctx.href(`/events/registration/${token}`)}
        {...(await site(deps, request.locale))}
      />,
    );
  };
}

function sendCalendar(reply: FastifyReply, text: string, filename: string) {
  return reply
    .type('text/calendar; charset=utf-8')
    .header('content-disposition', `inline; filename="${filename}"`)
    .header('cache-control', 'no-cache')
    .send(text);
}

/** GET /events.ics — a feed of the public events (upcoming and recent), for calendars to subscribe to. */
export function calendarFeed(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const [upcoming, past, network] = await Promise.all([
      service.listEvents(deps, 'upcoming', { publicOnly: true, limit: 200 }),
      service.listEvents(deps, 'past', { publicOnly: true, limit: 50 }),
      requireNetwork(deps),
    ]);
    const events = [...upcoming, ...past].map((e) => e.row);
    return sendCalendar(reply, publicCalendar(deps, network, events, request.locale, deps.clock.now()), 'events.ics');
  };
}

/** GET /events/:id.ics — one public event's calendar file ("add to calendar"). */
export function eventCalendarFile(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { id } = parseBody(idParams, request.params);
    const event = await service.eventOf(deps, id);
    if (!shownToPublic(event)) throw new AppError('not_found');
    const network = await requireNetwork(deps);
    return sendCalendar(reply, publicCalendar(deps, network, [event], request.locale, deps.clock.now()), `event-${id}.ics`);
  };
}

/** GET /events/registration/:token/calendar.ics — the registrant's own entry: REQUEST with their place, CANCEL once cancelled. */
export function registrantCalendarFile(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { token } = parseBody(tokenParams, request.params);
    const { registration, event } = await registrations.registrationOfLink(deps, token);
    const network = await requireNetwork(deps);
    return sendCalendar(reply, registrantCalendar(deps, network, event, registration, deps.clock.now()), `event-${event.id}.ics`);
  };
}

/** GET /events/registration/:token/check-in.png — the registrant's QR code for the door (confirmed places at a venue only). */
export function checkInQrImage(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { token } = parseBody(tokenParams, request.params);
    const { registration, event } = await registrations.registrationOfLink(deps, token);
    if (registration.status !== 'confirmed' || !hasVenue(event)) throw new AppError('not_found');
    const fallback = (await site(deps, request.locale)).fallback;
    const png = await checkInQrPng(deps, event, registration.id, fallback);
    return reply.type('image/png').header('cache-control', 'private, no-store').send(png);
  };
}
