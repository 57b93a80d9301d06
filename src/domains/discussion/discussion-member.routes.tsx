import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../../app-deps.ts';
import { parseBody } from '../../http/form.ts';
import { type PageContext, pageContext } from '../../http/request-context.ts';
import { CsrfField, Layout } from '../../views/layout.tsx';
import { memberForLink } from '../members/member.service.ts';
import { FieldError } from '../members/member-fields.view.tsx';
import { currentNetwork } from '../site/site.service.ts';
import { availableDeliveries, type PostDelivery } from './discussion.table.ts';
import { memberDelivery, setMemberDelivery } from './discussion-preferences.ts';

const tokenParams = z.object({ token: z.string() });

function DeliveryPage({
  ctx,
  siteName,
  token,
  chosen,
  networkDefault,
  notice,
  error,
}: {
  ctx: PageContext;
  siteName: string;
  token: string;
  chosen: PostDelivery | null;
  networkDefault: PostDelivery;
  notice?: string;
  error?: string;
}) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('discussion.me.title')} siteName={siteName}>
      <section class="narrow-wide">
        <h1>{t('discussion.me.title')}</h1>
        {notice && (
          <p class="notice" role="status">
            {notice}
          </p>
        )}
        <form method="post" action={ctx.href(`/me/${token}/discussion`)} class="form">
          <CsrfField ctx={ctx} />
          <fieldset aria-describedby={error ? 'delivery-error' : 'delivery-hint'}>
            <legend>{t('discussion.me.legend')}</legend>
            <p id="delivery-hint" class="hint">
              {t('discussion.me.hint', { choice: t(`discussion.delivery.${networkDefault}`) })}
            </p>
            {availableDeliveries.map((d) => (
              <div key={d} class="consent">
                <input id={`delivery-${d}`} name="delivery" type="radio" value={d} checked={(chosen ?? networkDefault) === d} />
                <label for={`delivery-${d}`}>{t(`discussion.delivery.${d}`)}</label>
              </div>
            ))}
            <FieldError id="delivery-error" message={error} />
          </fieldset>
          <button type="submit" class="button">
            {t('discussion.me.save')}
          </button>
        </form>
        <p>
          <a href={ctx.href(`/archive?member=${encodeURIComponent(token)}`)}>{t('discussion.me.archive')}</a>
        </p>
        <p>
          <a href={ctx.href(`/me/${token}`)}>{t('discussion.me.back')}</a>
        </p>
      </section>
    </Layout>
  );
}

async function render(deps: AppDeps, request: FastifyRequest, reply: FastifyReply, token: string, extra: { notice?: string; error?: string } = {}) {
  const member = await memberForLink(deps, 'manage', token);
  const [network, delivery] = await Promise.all([currentNetwork(deps, request.locale), memberDelivery(deps, member)]);
  return reply.page(
    <DeliveryPage
      ctx={pageContext(request, reply)}
      siteName={network?.name ?? 'Plenary'}
      token={token}
      chosen={delivery.chosen}
      networkDefault={delivery.networkDefault}
      {...extra}
    />,
    extra.error ? 400 : 200,
  );
}

/** GET /me/:token/discussion — how the member receives the list's posts (their signed manage link is the authority). */
export function deliveryPage(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { token } = parseBody(tokenParams, request.params);
    const saved = (request.query as Record<string, unknown>).saved === '1';
    return render(deps, request, reply, token, saved ? { notice: request.t('discussion.me.saved') } : {});
  };
}

/** POST /me/:token/discussion */
export function deliverySubmit(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { token } = parseBody(tokenParams, request.params);
    const member = await memberForLink(deps, 'manage', token);
    const parsed = z.object({ delivery: z.enum(availableDeliveries) }).safeParse(request.body ?? {});
    if (!parsed.success) return render(deps, request, reply, token, { error: request.t('discussion.me.invalid') });
    await setMemberDelivery(deps, member, parsed.data.delivery);
    return reply.redirect(`/${request.locale}/me/${token}/discussion?saved=1`, 303);
  };
}
