import type { PageContext } from '../../http/request-context.ts';
import { CsrfField, Layout } from '../../views/layout.tsx';
import type { MemberRow } from './member.table.ts';
import { MemberFieldInputs, type MemberFieldValues } from './member-fields.view.tsx';

/** The member's own page: change preferences, download data, unsubscribe or erase. */
export function PreferencesPage({
  ctx,
  member,
  token,
  unsubscribeToken,
  values,
  errors,
  notice,
  siteName,
}: {
  ctx: PageContext;
  member: MemberRow;
  token: string;
  unsubscribeToken: string;
  values: MemberFieldValues;
  errors: Record<string, string>;
  notice?: string;
  siteName: string;
}) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('me.title')} siteName={siteName}>
      <section class="narrow-wide">
        <h1>{t('me.title')}</h1>
        <p>
          {t('me.intro', { status: t(`memberStatus.${member.status}`) })} <bdi>{member.email_display}</bdi>
        </p>
        {notice && (
          <p class="notice" role="status">
            {notice}
          </p>
        )}
        <form method="post" action={ctx.href(`/me/${token}`)} class="form">
          <CsrfField ctx={ctx} />
          <MemberFieldInputs ctx={ctx} values={values} errors={errors} withEmail={false} />
          <button type="submit" class="button">
            {t('me.save')}
          </button>
        </form>
        <h2>{t('me.yourData')}</h2>
        <ul class="plain-list">
          <li>
            <a href={ctx.href(`/me/${token}/data.json`)} download>
              {t('me.download')}
            </a>
          </li>
          {member.status !== 'unsubscribed' && (
            <li>
              <a href={ctx.href(`/unsubscribe/${unsubscribeToken}`)}>{t('me.unsubscribe')}</a>
            </li>
          )}
          <li>
            <a href={ctx.href(`/me/${token}/erase`)}>{t('me.erase')}</a>
          </li>
        </ul>
      </section>
    </Layout>
  );
}
