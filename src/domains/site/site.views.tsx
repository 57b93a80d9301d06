import type { PageContext } from '../../http/request-context.ts';
import { formatDateRange } from '../../views/format.ts';
import { Layout } from '../../views/layout.tsx';
import type { LocalizedMilestone, LocalizedNetwork } from './site.service.ts';

/** The network's public home: who it is, a call to join, and the process timeline. */
export function HomePage({ ctx, network, milestones }: { ctx: PageContext; network: LocalizedNetwork; milestones: LocalizedMilestone[] }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={network.name} siteName={network.name}>
      <section class="hero" aria-labelledby="network-name">
        <h1 id="network-name">{network.name}</h1>
        {network.purpose && <p class="lead">{network.purpose}</p>}
        <div class="call-to-join">
          <p>{network.joinCall || t('home.joinCallDefault')}</p>
          <a class="button" href={ctx.href('/join')}>
            {t('home.join')}
          </a>
        </div>
      </section>
      <section aria-labelledby="timeline-heading">
        <h2 id="timeline-heading">{t('home.timeline')}</h2>
        {milestones.length === 0 ? (
          <p>{t('home.timelineEmpty')}</p>
        ) : (
          <ol class="timeline">
            {milestones.map((m) => (
              <li key={m.id} class="timeline__item">
                <time class="timeline__date" dateTime={m.date}>
                  {formatDateRange(ctx.locale, m.date, m.endDate, m.precision)}
                </time>
                <h3 class="timeline__title">{m.title}</h3>
                <p class="timeline__body">{m.body}</p>
              </li>
            ))}
          </ol>
        )}
      </section>
    </Layout>
  );
}
