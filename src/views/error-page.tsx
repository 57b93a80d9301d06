import type { PageContext } from '../http/request-context.ts';
import { Layout } from './layout.tsx';

/** A translated error page; never shows a stack trace. */
export function ErrorPage({ ctx, status, message }: { ctx: PageContext; status: number; message: string }) {
  const title = ctx.t('error.title', { status });
  return (
    <Layout ctx={ctx} title={title}>
      <section class="error-page">
        <h1>{title}</h1>
        <p>{message}</p>
        <p>
          <a href={ctx.href('/')}>{ctx.t('error.backHome')}</a>
        </p>
      </section>
    </Layout>
  );
}
