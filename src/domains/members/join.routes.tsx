import type { FastifyReply, FastifyRequest } from 'fastify';
import QRCode from 'qrcode';
import { z } from 'zod';
import type { AppDeps } from '../../app-deps.ts';
import { parseBody } from '../../http/form.ts';
import { pageContext } from '../../http/request-context.ts';
import { formAge, stampForm } from '../../security/form-timestamp.ts';
import { currentNetwork } from '../site/site.service.ts';
import { ButtonPage, type JoinFormState, JoinPage, MessagePage, SlidePage } from './join.views.tsx';
import * as members from './member.service.ts';
import { fieldErrors } from './member-errors.ts';
import { sourceTag } from './member-record.ts';

/** People type faster than this only with autofill; bots nearly always do. At most 2 s, as the issue asks. */
export const minimumFillMs = 1500;

const sourceQuery = z.object({ src: sourceTag.optional().catch(undefined) });
const tokenParams = z.object({ token: z.string().min(10).max(400) });

async function networkName(deps: AppDeps, request: FastifyRequest): Promise<string> {
  return (await currentNetwork(deps, request.locale))?.name ?? 'Plenary';
}

/** The absolute join URL for a source tag, as a QR code encodes it. */
function joinUrl(deps: AppDeps, locale: string, source: string | undefined): string {
  return `${deps.config.publicUrl}/${locale}/join${source ? `?src=${encodeURIComponent(source)}` : ''}`;
}

/** GET /join?src=TAG */
export function joinPage(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { src } = sourceQuery.parse(request.query);
    const form: JoinFormState = { values: {}, errors: {}, source: src, stamp: stampForm(deps.secretKey, deps.clock.now()) };
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
    let errors: Record<string, string> = {};
    if (age === null || age < minimumFillMs) errors = { form: t('join.tooFast') };
    else if (body.consent !== 'yes') errors = { consent: t('member.invalid.consent') };
    else {
      try {
        await members.join(deps, { ...body, language: body.language || request.locale }, request.ip);
        return reply.redirect(done, 303);
      } catch (error) {
        errors = fieldErrors(error, t);
      }
    }
    const form: JoinFormState = { values: body, errors, source: sourceTag.safeParse(body.source).data, stamp: stampForm(deps.secretKey, deps.clock.now()) };
    return reply.page(<JoinPage ctx={pageContext(request, reply)} networkName={await networkName(deps, request)} form={form} />, 400);
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
    const member = await members.memberForLink(deps, 'confirm', token);
    const ctx = pageContext(request, reply);
    const name = await networkName(deps, request);
    if (member.status !== 'pending') {
      return reply.page(<MessagePage ctx={ctx} siteName={name} title={ctx.t('join.confirmedTitle')} message={ctx.t('join.alreadyConfirmed')} />);
    }
    return reply.page(
      <ButtonPage
        ctx={ctx}
        siteName={name}
        title={ctx.t('join.confirmTitle')}
        message={ctx.t('join.confirmMessage', { name: member.name, network: name })}
        action={ctx.href(`/join/confirm/${token}`)}
        button={ctx.t('join.confirmButton')}
        csrf
      />,
    );
  };
}

/** POST /join/confirm/:token */
export function confirmSubmit(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { token } = parseBody(tokenParams, request.params);
    await members.confirm(deps, token, request.locale);
    const ctx = pageContext(request, reply);
    const name = await networkName(deps, request);
    return reply.page(
      <MessagePage ctx={ctx} siteName={name} title={ctx.t('join.confirmedTitle')} message={ctx.t('join.confirmedMessage', { network: name })} />,
    );
  };
}

/** GET /join/qr.svg?src=TAG */
export function qrSvg(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { src } = sourceQuery.parse(request.query);
    const svg = await QRCode.toString(joinUrl(deps, request.locale, src), { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
    return reply.type('image/svg+xml; charset=utf-8').header('cache-control', 'public, max-age=3600').send(svg);
  };
}

/** GET /join/qr.png?src=TAG */
export function qrPng(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { src } = sourceQuery.parse(request.query);
    const png = await QRCode.toBuffer(joinUrl(deps, request.locale, src), { type: 'png', errorCorrectionLevel: 'M', margin: 2, width: 1024 });
    return reply.type('image/png').header('cache-control', 'public, max-age=3600').send(png);
  };
}

/** GET /join/slide?src=TAG — the full-screen slide with the QR code. */
export function slidePage(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { src } = sourceQuery.parse(request.query);
    const url = joinUrl(deps, request.locale, src);
    const svg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
    const ctx = pageContext(request, reply);
    const shortUrl = url.replace(/^https?:\/\//, '');
    return reply.page(<SlidePage ctx={ctx} qrSvg={svg} shortUrl={shortUrl} line={ctx.t('join.slideLine', { network: await networkName(deps, request) })} />);
  };
}
