import type { FastifyReply, FastifyRequest } from 'fastify';
import QRCode from 'qrcode';
import { z } from 'zod';
import type { AppDeps } from '../../app-deps.ts';
import { parseBody } from '../../http/form.ts';
import { pageContext } from '../../http/request-context.ts';
import { formAge, stampForm } from '../../security/form-timestamp.ts';
import { joinFormSettings, missingJoinFields, shownJoinInput } from '../site/network-settings.service.ts';
import { currentNetwork } from '../site/site.service.ts';
import { ButtonPage, ConfirmationDetails, type JoinFormState, JoinPage, MessagePage, SlidePage } from './join.views.tsx';
import * as members from './member.service.ts';
import { fieldErrors, joinRefusal } from './member-errors.ts';
import { sourceTag } from './member-record.ts';

/** People type faster than this only with autofill; bots nearly always do. At most 2 s, as the issue asks. */
export const minimumFillMs = 1500;

const sourceQuery = z.object({ src: sourceTag.optional().catch(undefined) });
// Any string: verifyLink judges the token, so every malformed one is link_invalid (the router caps it at 400 characters).
const tokenParams = z.object({ token: z.string() });
/** The request code a confirm link carries when a change waits for the member (see member-confirmation.ts). */
const requestCode = z.object({ r: z.string().max(100).optional().catch(undefined) });

async function networkName(deps: AppDeps, request: FastifyRequest): Promise<string> {
  return (await currentNetwork(deps, request.locale))?.name ?? 'Plenary';
}

/** The absolute join URL for a source tag, as a QR code encodes it. */
export function joinUrl(deps: Pick<AppDeps, 'config'>, locale: string, source: string | undefined): string {
  return `${deps.config.publicUrl}/${locale}/join${source ? `?src=${encodeURIComponent(source)}` : ''}`;
}

/** GET /join?src=TAG */
export function joinPage(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { src } = sourceQuery.parse(request.query);
    const settings = await joinFormSettings(deps, request.locale);
    const form: JoinFormState = { values: {}, errors: {}, source: src, stamp: stampForm(deps.secretKey, deps.clock.now()), settings };
    return reply.page(<JoinPage ctx={pageContext(request, reply)} networkName={await networkName(deps, request)} form={form} />);
  };
}

/** POST /join — validates, then answers the same "check your email" page whatever the address's state. */
export function joinSubmit(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const body = (request.body ?? {}) as Record<string, string>;
    const done = `/${request.locale}/join/check-email`;
    // A filled honeypot is a bot: answer as if it worked, and do nothing.
    if (body.website) return reply.redirect(done, 303);
    const age = formAge(deps.secretKey, body.stamp, deps.clock.now());
    const t = request.t;
    const settings = await joinFormSettings(deps, request.locale);
    const missing = missingJoinFields(settings.rules, body);
    let errors: Record<string, string> = {};
    let status = 400;
    if (age === null || age < minimumFillMs) errors = { form: t('join.tooFast') };
    else if (missing.length > 0 || body.consent !== 'yes') {
      errors = Object.fromEntries(missing.map((f) => [f, t(`member.missing.${f}`)]));
      if (body.consent !== 'yes') errors.consent = t('member.invalid.consent');
    } else {
      try {
        await members.join(deps, shownJoinInput(settings.rules, { ...body, language: body.language || request.locale }), request.ip);
        return reply.redirect(done, 303);
      } catch (error) {
        const refusal = joinRefusal(error, t);
        if (refusal) {
          // What was typed stays in the form, with the wait, so the person can send it again then.
          reply.header('retry-after', String(refusal.seconds));
          status = 429;
          errors = { form: refusal.message };
        } else errors = fieldErrors(error, t);
      }
    }
    const form: JoinFormState = {
      values: body,
      errors,
      source: sourceTag.safeParse(body.source).data,
      stamp: stampForm(deps.secretKey, deps.clock.now()),
      settings,
    };
    return reply.page(<JoinPage ctx={pageContext(request, reply)} networkName={await networkName(deps, request)} form={form} />, status);
  };
}

/** GET /join/check-email */
export function checkEmailPage(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const ctx = pageContext(request, reply);
    return reply.page(
      <MessagePage ctx={ctx} siteName={await networkName(deps, request)} title={ctx.t('join.checkTitle')} message={ctx.t('join.checkMessage')} />,
    );
  };
}

/** GET /join/confirm/:token — a page with a button, so a link scanner cannot confirm. */
export function confirmPage(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { token } = parseBody(tokenParams, request.params);
    const { r } = requestCode.parse(request.query);
    const { member, request: waiting, awaiting } = await members.confirmationState(deps, token, r);
    const ctx = pageContext(request, reply);
    const name = await networkName(deps, request);
    if (!awaiting) {
      return reply.page(<MessagePage ctx={ctx} siteName={name} title={ctx.t('join.confirmedTitle')} message={ctx.t('join.alreadyConfirmed')} />);
    }
    return reply.page(
      <ButtonPage
        ctx={ctx}
        siteName={name}
        title={ctx.t('join.confirmTitle')}
        message={ctx.t('join.confirmMessage', { name: member.name, network: name })}
        action={ctx.href(`/join/confirm/${token}${r ? `?r=${encodeURIComponent(r)}` : ''}`)}
        button={ctx.t('join.confirmButton')}
        csrf
      >
        {waiting && <ConfirmationDetails ctx={ctx} member={member} request={waiting} />}
      </ButtonPage>,
    );
  };
}

/** POST /join/confirm/:token */
export function confirmSubmit(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { token } = parseBody(tokenParams, request.params);
    await members.confirm(deps, token, request.locale, requestCode.parse(request.query).r);
    const ctx = pageContext(request, reply);
    const name = await networkName(deps, request);
    return reply.page(
      <MessagePage ctx={ctx} siteName={name} title={ctx.t('join.confirmedTitle')} message={ctx.t('join.confirmedMessage', { network: name })} />,
    );
  };
}

/** Modules of white around the code: the QR standard's quiet zone, which scanners need to find the code on a busy slide. */
const quietZone = 4;

/** GET /join/qr.svg?src=TAG */
export function qrSvg(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { src } = sourceQuery.parse(request.query);
    const svg = await QRCode.toString(joinUrl(deps, request.locale, src), { type: 'svg', errorCorrectionLevel: 'M', margin: quietZone });
    return reply.type('image/svg+xml; charset=utf-8').header('cache-control', 'public, max-age=3600').send(svg);
  };
}

/** GET /join/qr.png?src=TAG */
export function qrPng(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { src } = sourceQuery.parse(request.query);
    const png = await QRCode.toBuffer(joinUrl(deps, request.locale, src), { type: 'png', errorCorrectionLevel: 'M', margin: quietZone, width: 1024 });
    return reply.type('image/png').header('cache-control', 'public, max-age=3600').send(png);
  };
}

/** GET /join/slide?src=TAG — the full-screen slide with the QR code. */
export function slidePage(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { src } = sourceQuery.parse(request.query);
    const url = joinUrl(deps, request.locale, src);
    const svg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: quietZone });
    const ctx = pageContext(request, reply);
    const shortUrl = url.replace(/^https?:\/\//, '');
    return reply.page(<SlidePage ctx={ctx} qrSvg={svg} shortUrl={shortUrl} line={ctx.t('join.slideLine', { network: await networkName(deps, request) })} />);
  };
}
