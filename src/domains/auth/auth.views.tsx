import type { PageContext } from '../../http/request-context.ts';
import { CsrfField, Layout } from '../../views/layout.tsx';
import type { StaffAccountRow } from './auth.table.ts';

/** An error message announced to screen readers, or nothing. */
export function ErrorSummary({ message }: { message?: string }) {
  return message ? (
    <p class="notice notice--error" role="alert">
      {message}
    </p>
  ) : null;
}

/** The staff sign-in form. */
export function SignInPage({ ctx, error, notice, email, next }: { ctx: PageContext; error?: string; notice?: string; email?: string; next?: string }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('signIn.title')} siteName={t('admin.brand')}>
      <section class="narrow">
        <h1>{t('signIn.title')}</h1>
        {notice && (
          <p class="notice" role="status">
            {notice}
          </p>
        )}
        <ErrorSummary message={error} />
        <form method="post" action={ctx.href('/admin/login')} class="form">
          <CsrfField ctx={ctx} />
          {next && <input type="hidden" name="next" value={next} />}
          <label for="email">{t('signIn.email')}</label>
          <input id="email" name="email" type="text" inputMode="email" autoComplete="username" required value={email ?? ''} dir="auto" spellcheck={false} />
          <label for="password">{t('signIn.password')}</label>
          <input id="password" name="password" type="password" autoComplete="current-password" required />
          <button type="submit" class="button">
            {t('signIn.submit')}
          </button>
        </form>
        <p>
          <a href={ctx.href('/admin/forgot-password')}>{t('signIn.forgotPassword')}</a>
        </p>
      </section>
    </Layout>
  );
}

/** The second step of sign-in: a code from the authenticator app, or a recovery code. */
export function TwoFactorSignInPage({ ctx, account, next, error }: { ctx: PageContext; account: StaffAccountRow; next?: string; error?: string }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('twoFactor.signIn.title')} siteName={t('admin.brand')}>
      <section class="narrow">
        <h1>{t('twoFactor.signIn.title')}</h1>
        <p>{t('twoFactor.signIn.intro', { email: account.email })}</p>
        <ErrorSummary message={error} />
        <form method="post" action={ctx.href('/admin/login/two-factor')} class="form">
          <CsrfField ctx={ctx} />
          {next && <input type="hidden" name="next" value={next} />}
          <label for="code">{t('twoFactor.code')}</label>
          <input
            id="code"
            name="code"
            type="text"
            inputMode="text"
            autoComplete="one-time-code"
            required
            maxLength={40}
            spellcheck={false}
            dir="ltr"
            aria-describedby="code-hint"
          />
          <p id="code-hint" class="hint">
            {t('twoFactor.signIn.hint')}
          </p>
          <button type="submit" class="button">
            {t('twoFactor.signIn.submit')}
          </button>
        </form>
        <p>
          <a href={ctx.href('/admin/login')}>{t('twoFactor.signIn.startAgain')}</a>
        </p>
      </section>
    </Layout>
  );
}

/** "Forgot password": asks for the address; the answer never says whether it has an account. */
export function ForgotPasswordPage({ ctx, sent, error }: { ctx: PageContext; sent?: boolean; error?: string }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('forgotPassword.title')} siteName={t('admin.brand')}>
      <section class="narrow">
        <h1>{t('forgotPassword.title')}</h1>
        {sent ? (
          <p class="notice" role="status">
            {t('forgotPassword.sent', { minutes: 60 })}
          </p>
        ) : (
          <>
            <p>{t('forgotPassword.intro')}</p>
            <ErrorSummary message={error} />
            <form method="post" action={ctx.href('/admin/forgot-password')} class="form">
              <CsrfField ctx={ctx} />
              <label for="email">{t('signIn.email')}</label>
              <input id="email" name="email" type="text" inputMode="email" autoComplete="username" required maxLength={400} dir="auto" spellcheck={false} />
              <button type="submit" class="button">
                {t('forgotPassword.submit')}
              </button>
            </form>
          </>
        )}
        <p>
          <a href={ctx.href('/admin/login')}>{t('forgotPassword.backToSignIn')}</a>
        </p>
      </section>
    </Layout>
  );
}

/** Choose a password through a one-time link: after an invitation, or to reset a forgotten one. */
export function SetPasswordPage({
  ctx,
  account,
  token,
  error,
  reset,
}: {
  ctx: PageContext;
  account: StaffAccountRow;
  token: string;
  error?: string;
  reset?: boolean;
}) {
  const { t } = ctx;
  const title = reset ? t('resetPassword.title') : t('setPassword.title');
  const action = reset ? `/admin/reset-password/${encodeURIComponent(token)}` : `/admin/set-password/${encodeURIComponent(token)}`;
  return (
    <Layout ctx={ctx} title={title} siteName={t('admin.brand')}>
      <section class="narrow">
        <h1>{title}</h1>
        <p>
          {reset
            ? t('resetPassword.intro', { name: account.name, email: account.email })
            : t('setPassword.intro', { name: account.name, email: account.email })}
        </p>
        <ErrorSummary message={error} />
        <form method="post" action={ctx.href(action)} class="form">
          <CsrfField ctx={ctx} />
          <label for="password">{t('setPassword.password')}</label>
          <input id="password" name="password" type="password" autoComplete="new-password" required minLength={12} aria-describedby="password-hint" />
          <p id="password-hint" class="hint">
            {t('setPassword.hint', { min: 12 })}
          </p>
          <button type="submit" class="button">
            {t('setPassword.submit')}
          </button>
        </form>
      </section>
    </Layout>
  );
}
