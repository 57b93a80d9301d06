import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../../app-deps.ts';
import { parseBody } from '../../http/form.ts';
import { pageContext } from '../../http/request-context.ts';
import { verifyLink } from '../../security/signed-links.ts';
import { currentNetwork } from '../site/site.service.ts';
import { ButtonPage, MessagePage } from './join.views.tsx';
import * as members from './member.service.ts';
import type { MemberRow } from './member.table.ts';
import { fieldErrors } from './member-errors.ts';
import { type MemberFieldValues, memberFieldValues } from './member-fields.view.tsx';
import { memberLinks } from './member-links.ts';
import { PreferencesPage } from './self-service.views.tsx';

// Any string: verifyLink judges the token, so every malformed one is link_invalid (the router caps it at 400 characters).
const tokenParams = z.object({ token: z.string() });

async function siteName(deps: AppDeps, request: FastifyRequest) {
  return (await currentNetwork(deps, request.locale))?.name ?? 'Plenary';
}

async function renderPreferences(
  deps: AppDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  member: MemberRow,
  token: string,
  extra: { values?: MemberFieldValues; errors?: Record<string, string>; notice?: string; status?: number } = {},
) {
  const ctx = pageContext(request, reply);
  return reply.page(
    <PreferencesPage
      ctx={ctx}
      member={member}
      token={token}
      unsubscribeToken={memberLinks(deps, member.id).unsubscribe}
      values={extra.values ?? memberFieldValues(member)}
      errors={extra.errors ?? {}}
      notice={extra.notice}
      siteName={await siteName(deps, request)}
    />,
    extra.status ?? 200,
  );
}

/** GET /me/:token — the member's preferences. */
export function preferencesPage(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { token } = parseBody(tokenParams, request.params);
    const member = await members.memberForLink(deps, 'manage', token);
    const saved = (request.query as Record<string, unknown>).saved === '1';
    return renderPreferences(deps, request, reply, member, token, { notice: saved ? request.t('me.saved') : undefined });
  };
}

/** POST /me/:token */
export function preferencesSubmit(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { token } = parseBody(tokenParams, request.params);
    const member = await members.memberForLink(deps, 'manage', token);
    const body = (request.body ?? {}) as Record<string, string>;
    try {
      await members.updatePreferences(deps, member, body);
    } catch (error) {
      return renderPreferences(deps, request, reply, member, token, { values: body, errors: fieldErrors(error, request.t), status: 400 });
    }
    // Show the page in the language just chosen.
    const language = typeof body.language === 'string' && body.language ? body.language : request.locale;
    return reply.redirect(`/${language}/me/${token}?saved=1`, 303);
  };
}

/** GET /me/:token/data.json — "download my data". */
export function dataDownload(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { token } = parseBody(tokenParams, request.params);
    const member = await members.memberForLink(deps, 'manage', token);
    return reply
      .type('application/json; charset=utf-8')
      .header('content-disposition', 'attachment; filename="my-data.json"')
      .header('cache-control', 'no-store')
      .send(JSON.stringify(await members.memberData(deps, member), null, 2));
  };
}

// Only the button of the erase page sends `confirm=yes`; any other POST gets the question again.
const eraseForm = z.object({ confirm: z.literal('yes').optional().catch(undefined) });

/** The erase question: what erasing does, and the button that confirms it. */
async function eraseQuestion(deps: AppDeps, request: FastifyRequest, reply: FastifyReply, token: string) {
  const ctx = pageContext(request, reply);
  return reply.page(
    <ButtonPage
      ctx={ctx}
      siteName={await siteName(deps, request)}
      title={ctx.t('me.eraseTitle')}
      message={ctx.t('me.eraseMessage')}
      action={ctx.href(`/me/${token}/erase`)}
      button={ctx.t('me.eraseButton')}
      fields={{ confirm: 'yes' }}
      csrf
    />,
  );
}

/** GET /me/:token/erase — asks before erasing. */
export function erasePage(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { token } = parseBody(tokenParams, request.params);
    await members.memberForLink(deps, 'manage', token);
    return eraseQuestion(deps, request, reply, token);
  };
}

/** POST /me/:token/erase — erases once confirmed (`confirm=yes` from the erase page); otherwise asks. */
export function eraseSubmit(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { token } = parseBody(tokenParams, request.params);
    const member = await members.memberForLink(deps, 'manage', token);
    if (parseBody(eraseForm, request.body).confirm !== 'yes') return eraseQuestion(deps, request, reply, token);
    await members.erase(deps, member, { staffId: null, label: 'member', ip: request.ip });
    const ctx = pageContext(request, reply);
    return reply.page(<MessagePage ctx={ctx} siteName={await siteName(deps, request)} title={ctx.t('me.erasedTitle')} message={ctx.t('me.erasedMessage')} />);
  };
}

/** GET /unsubscribe/:token — a page with a button (a scanner following the link unsubscribes no one). */
export function unsubscribePage(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { token } = parseBody(tokenParams, request.params);
    const member = await members.memberForLink(deps, 'unsubscribe', token);
    const ctx = pageContext(request, reply);
    const name = await siteName(deps, request);
    if (member.status === 'unsubscribed') {
      return reply.page(
        <MessagePage ctx={ctx} siteName={name} title={ctx.t('unsubscribe.doneTitle')} message={ctx.t('unsubscribe.doneMessage', { network: name })} />,
      );
    }
    return reply.page(
      <ButtonPage
        ctx={ctx}
        siteName={name}
        title={ctx.t('unsubscribe.title')}
        message={ctx.t('unsubscribe.message', { network: name })}
        action={ctx.href(`/unsubscribe/${token}`)}
        button={ctx.t('unsubscribe.button')}
        csrf={false}
      />,
    );
  };
}

/**
 * POST /unsubscribe/:token — the page's button and RFC 8058 one-click (`List-Unsubscribe=One-Click`) alike.
 * The signed token is the authority, so this route needs no CSRF token: mail providers post without one.
 */
export function unsubscribeSubmit(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { token } = parseBody(tokenParams, request.params);
    const memberId = verifyLink(deps.secretKey, 'unsubscribe', token, deps.clock.now());
    const body = request.body as Record<string, unknown> | undefined;
    const oneClick = body?.['List-Unsubscribe'] === 'One-Click';
    await members.unsubscribe(deps, memberId, oneClick ? 'one_click' : 'page');
    if (oneClick) return reply.code(200).type('text/plain; charset=utf-8').send('unsubscribed\n');
    const ctx = pageContext(request, reply);
    const name = await siteName(deps, request);
    return reply.page(
      <MessagePage ctx={ctx} siteName={name} title={ctx.t('unsubscribe.doneTitle')} message={ctx.t('unsubscribe.doneMessage', { network: name })} />,
    );
  };
}
