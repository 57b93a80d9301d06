import type { PageContext } from '../../http/request-context.ts';
import { AdminLayout } from '../../views/admin-layout.tsx';
import { formatTimestamp } from '../../views/format.ts';
import { CsrfField } from '../../views/layout.tsx';
import type { StaffAccountRow } from './auth.table.ts';
import { ErrorSummary } from './auth.views.tsx';
import { StaffFacts } from './staff-admin.views.tsx';

function CodeField({ ctx, id, describedBy }: { ctx: PageContext; id: string; describedBy?: string }) {
  return (
    <>
      <label for={id}>{ctx.t('twoFactor.code')}</label>
      <input
        id={id}
        name="code"
        type="text"
        inputMode="numeric"
        autoComplete="one-time-code"
        required
        maxLength={40}
        spellcheck={false}
        dir="ltr"
        aria-describedby={describedBy}
      />
    </>
  );
}

/** One's own account: two-factor sign-in on or off, recovery codes left, and the forms to change them. */
export function AccountPage({
  ctx,
  account,
  recoveryCodesLeft,
  required,
  notice,
  error,
}: {
  ctx: PageContext;
  account: StaffAccountRow;
  recoveryCodesLeft: number;
  required: boolean;
  notice?: string;
  error?: string;
}) {
  const { t } = ctx;
  return (
    <AdminLayout ctx={ctx} title={t('account.title')}>
      {notice && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      <ErrorSummary message={error} />
      <StaffFacts ctx={ctx} account={account} />
      <section class="panel" aria-labelledby="two-factor-heading">
        <h2 id="two-factor-heading">{t('account.twoFactor.heading')}</h2>
        {account.totp_enabled_at ? (
          <>
            <p>{t('account.twoFactor.on', { date: formatTimestamp(ctx.locale, account.totp_enabled_at) })}</p>
            <p class={recoveryCodesLeft <= 2 ? 'notice notice--error' : 'hint'}>{t('account.recoveryCodesLeft', { count: recoveryCodesLeft })}</p>
            <h3>{t('account.regenerate.heading')}</h3>
            <p>{t('account.regenerate.intro')}</p>
            <form method="post" action={ctx.href('/admin/account/recovery-codes')} class="form">
              <CsrfField ctx={ctx} />
              <CodeField ctx={ctx} id="regenerate-code" />
              <button type="submit" class="button">
                {t('account.regenerate.submit')}
              </button>
            </form>
            <h3>{t('account.disable.heading')}</h3>
            {required ? (
              <p class="hint">{t('account.disable.required')}</p>
            ) : (
              <form method="post" action={ctx.href('/admin/account/two-factor/disable')} class="form">
                <CsrfField ctx={ctx} />
                <p>{t('account.disable.intro')}</p>
                <CodeField ctx={ctx} id="disable-code" />
                <button type="submit" class="button button--danger">
                  {t('account.disable.submit')}
                </button>
              </form>
            )}
          </>
        ) : (
          <>
            <p>{required ? t('account.twoFactor.offRequired') : t('account.twoFactor.off')}</p>
            <p>
              <a class="button" href={ctx.href('/admin/two-factor/setup')}>
                {t('account.twoFactor.setUp')}
              </a>
            </p>
          </>
        )}
      </section>
    </AdminLayout>
  );
}

/** Groups a base32 secret in fours, as authenticator apps show it, for typing it in by hand. */
function groupSecret(secret: string): string {
  return secret.match(/.{1,4}/g)?.join(' ') ?? secret;
}

/**
 * Enrolment: scan the QR code (or type the secret), then prove it with a code. During sign-in (an owner
 * requires it) the page says so and shows no admin navigation.
 */
export function TwoFactorSetupPage({
  ctx,
  qrDataUrl,
  secret,
  enforced,
  next,
  error,
}: {
  ctx: PageContext;
  qrDataUrl: string;
  secret: string;
  enforced: boolean;
  next?: string;
  error?: string;
}) {
  const { t } = ctx;
  return (
    <AdminLayout ctx={ctx} title={t('twoFactor.setup.title')}>
      {enforced && (
        <p class="notice" role="status">
          {t('twoFactor.setup.enforced')}
        </p>
      )}
      <ErrorSummary message={error} />
      <ol class="steps">
        <li>
          <p>{t('twoFactor.setup.step1')}</p>
          <img class="qr-code" src={qrDataUrl} width={220} height={220} alt={t('twoFactor.setup.qrAlt')} />
        </li>
        <li>
          <p>{t('twoFactor.setup.step2')}</p>
          <p>
            <code class="secret-text" dir="ltr">
              {groupSecret(secret)}
            </code>
          </p>
          <p class="hint">{t('twoFactor.setup.secretHint')}</p>
        </li>
        <li>
          <form method="post" action={ctx.href('/admin/two-factor/setup')} class="form">
            <CsrfField ctx={ctx} />
            {next && <input type="hidden" name="next" value={next} />}
            <p id="setup-code-hint">{t('twoFactor.setup.step3')}</p>
            <CodeField ctx={ctx} id="setup-code" describedBy="setup-code-hint" />
            <button type="submit" class="button">
              {t('twoFactor.setup.submit')}
            </button>
          </form>
        </li>
      </ol>
    </AdminLayout>
  );
}

/** Recovery codes, shown this once: each signs in once when the phone is not at hand. */
export function RecoveryCodesPage({ ctx, codes, continueHref, first }: { ctx: PageContext; codes: string[]; continueHref: string; first: boolean }) {
  const { t } = ctx;
  return (
    <AdminLayout ctx={ctx} title={t('recoveryCodes.title')}>
      <p class="notice" role="status">
        {first ? t('recoveryCodes.enabled') : t('recoveryCodes.replaced')}
      </p>
      <p>{t('recoveryCodes.intro', { count: codes.length })}</p>
      <ol class="recovery-codes" dir="ltr">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ol>
      <p class="hint">{t('recoveryCodes.once')}</p>
      <p>
        <a class="button" href={continueHref}>
          {t('recoveryCodes.continue')}
        </a>
      </p>
    </AdminLayout>
  );
}
