import type { ComponentChildren } from 'preact';
import type { PageContext } from '../../http/request-context.ts';
import { CsrfField, Layout } from '../../views/layout.tsx';
import type { JoinFieldRules } from '../site/network-settings.service.ts';
import type { MemberConfirmationRow, MemberRow } from './member.table.ts';
import { confirmationChanges } from './member-confirmation.ts';
import { FieldError, MemberFieldInputs, type MemberFieldValues } from './member-fields.view.tsx';
import { fieldLabel, fieldValue } from './member-history.view.tsx';

export interface JoinFormState {
  values: MemberFieldValues & { consent?: string };
  errors: Record<string, string>;
  source?: string;
  stamp: string;
  /** From the network's settings: the optional fields shown or required, and the consent sentence (null: the catalog's). */
  settings: { rules: JoinFieldRules; consentText: string | null };
}

/** The join form: any valid address in any script, the person's language, and explicit consent. */
export function JoinPage({ ctx, networkName, form }: { ctx: PageContext; networkName: string; form: JoinFormState }) {
  const { t } = ctx;
  const hasErrors = Object.keys(form.errors).length > 0;
  return (
    <Layout ctx={ctx} title={t('join.title', { network: networkName })} siteName={networkName}>
      <section class="narrow-wide">
        <h1>{t('join.title', { network: networkName })}</h1>
        <p class="lead">{t('join.intro')}</p>
        {hasErrors && (
          <p class="notice notice--error" role="alert">
            {form.errors.form ?? t('join.fixErrors')}
          </p>
        )}
        <form method="post" action={ctx.href('/join')} class="form" noValidate>
          <CsrfField ctx={ctx} />
          <input type="hidden" name="stamp" value={form.stamp} />
          {form.source && <input type="hidden" name="source" value={form.source} />}
          {/* A field people never see: only bots fill it. */}
          <div class="honeypot" aria-hidden="true">
            <label for="website">Website</label>
            <input id="website" name="website" type="text" tabIndex={-1} autoComplete="off" />
          </div>
          <MemberFieldInputs ctx={ctx} values={form.values} errors={form.errors} withEmail rules={form.settings.rules} />
          <div class="consent">
            <input
              id="consent"
              name="consent"
              type="checkbox"
              value="yes"
              required
              checked={form.values.consent === 'yes'}
              aria-describedby={form.errors.consent ? 'consent-error' : undefined}
            />
            <label for="consent">{form.settings.consentText ?? t('join.consent', { network: networkName })}</label>
          </div>
          <FieldError id="consent-error" message={form.errors.consent} />
          <button type="submit" class="button">
            {t('join.submit')}
          </button>
        </form>
      </section>
    </Layout>
  );
}

/** A short page with one message and an optional action (check your email, confirmed, unsubscribed…). */
export function MessagePage({
  ctx,
  title,
  message,
  siteName,
  action,
}: {
  ctx: PageContext;
  title: string;
  message: string;
  siteName?: string;
  action?: { href: string; label: string };
}) {
  return (
    <Layout ctx={ctx} title={title} siteName={siteName}>
      <section class="narrow-wide">
        <h1>{title}</h1>
        <p class="lead">{message}</p>
        {action && (
          <p>
            <a class="button" href={action.href}>
              {action.label}
            </a>
          </p>
        )}
      </section>
    </Layout>
  );
}

/** A page whose only job is a button that posts: link scanners follow links but do not press buttons. */
export function ButtonPage({
  ctx,
  title,
  message,
  siteName,
  action,
  button,
  csrf,
  fields = {},
  children,
}: {
  ctx: PageContext;
  title: string;
  message: string;
  siteName?: string;
  action: string;
  button: string;
  csrf: boolean;
  /** Hidden fields the button sends, such as `confirm=yes` on a confirmation step. */
  fields?: Record<string, string>;
  children?: ComponentChildren;
}) {
  return (
    <Layout ctx={ctx} title={title} siteName={siteName}>
      <section class="narrow-wide">
        <h1>{title}</h1>
        <p class="lead">{message}</p>
        {children}
        <form method="post" action={action}>
          {csrf && <CsrfField ctx={ctx} />}
          {Object.entries(fields).map(([name, value]) => (
            <input key={name} type="hidden" name={name} value={value} />
          ))}
          <button type="submit" class="button">
            {button}
          </button>
        </form>
      </section>
    </Layout>
  );
}

/** On the confirm page: what confirming a waiting request will do, so the person sees what they agree to. */
export function ConfirmationDetails({ ctx, member, request }: { ctx: PageContext; member: MemberRow; request: MemberConfirmationRow }) {
  const { t, locale } = ctx;
  const changes = confirmationChanges(request);
  const shown = (['name', 'member_state', 'stakeholder_group', 'organisation', 'job_title', 'language'] as const).filter((f) => changes[f] !== undefined);
  return (
    <div class="confirmation-details">
      <p>{t(`join.confirmReason.${request.reason}`, { email: member.email_display })}</p>
      {shown.length > 0 && (
        <dl class="facts">
          {shown.map((f) => (
            <>
              <dt>{fieldLabel(t, f)}</dt>
              <dd>
                <bdi>{fieldValue(t, locale, f, changes[f] as string | null)}</bdi>
              </dd>
            </>
          ))}
        </dl>
      )}
    </div>
  );
}

/** Full screen for a projector: the QR code, the short address and one line, readable from the back of a room. */
export function SlidePage({ ctx, qrSvg, shortUrl, line }: { ctx: PageContext; qrSvg: string; shortUrl: string; line: string }) {
  return (
    <html lang={ctx.locale} dir={ctx.locale === 'ar' ? 'rtl' : 'ltr'}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{line}</title>
        <link rel="stylesheet" href="/assets/plenary.css" />
      </head>
      <body class="slide">
        <main class="slide__main">
          <p class="slide__line">{line}</p>
          {/* The SVG comes from the qrcode library, generated from our own URL: there is nothing of the visitor's in it. */}
          <div class="slide__qr" role="img" aria-label={shortUrl} dangerouslySetInnerHTML={{ __html: qrSvg }} />
          <p class="slide__url" dir="ltr">
            {shortUrl}
          </p>
        </main>
      </body>
    </html>
  );
}
