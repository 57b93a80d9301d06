import type { PageContext } from '../../http/request-context.ts';
import { formatDateRange } from '../../views/format.ts';
import { Layout } from '../../views/layout.tsx';
import type { NetworkStats } from '../members/member-stats.ts';
import { NetworkPicture } from '../members/network-picture.tsx';
import type { PublicResource } from '../resources/resource.service.ts';
import { publicResourcePath } from '../resources/resources-admin.views.tsx';
import type { LocalizedMilestone, LocalizedNetwork } from './site.service.ts';
import type { PublicUpdate } from './update.service.ts';
import { UpdateList } from './updates-public.routes.tsx';

/** Where the network's logo is served; the digest in the query changes with the image, so it may be cached long. */
export function logoUrl(sha256: string): string {
  return `/network-logo?v=${sha256.slice(0, 16)}`;
}

/** The ways into the network from its home page: the archive, the slide, the privacy notice, the team's address. */
function HomeLinks({ ctx, network }: { ctx: PageContext; network: LocalizedNetwork }) {
  const { t } = ctx;
  return (
    <nav class="home-links" aria-labelledby="home-links-heading">
      <h2 id="home-links-heading" class="visually-hidden">
        {t('home.links')}
      </h2>
      <ul>
        <li>
          <a href={ctx.href('/updates')}>{t('home.link.updates')}</a>
        </li>
        <li>
          <a href={ctx.href('/resources')}>{t('home.link.resources')}</a>
        </li>
        <li>
          <a href={ctx.href('/announcements')}>{t('home.link.announcements')}</a>
        </li>
        <li>
          <a href={ctx.href('/join/slide')}>{t('home.link.slide')}</a>
        </li>
        <li>
          <a href={ctx.href('/privacy')}>{t('home.link.privacy')}</a>
        </li>
        {network.contactEmail && (
          <li>
            {t('home.link.contact')}{' '}
            <a href={`mailto:${network.contactEmail}`} dir="ltr">
              <bdi>{network.contactEmail}</bdi>
            </a>
          </li>
        )}
      </ul>
    </nav>
  );
}

/** The published resources a milestone links to, each in the reader's language or the one shown instead. */
function MilestoneResources({ ctx, ids, resources }: { ctx: PageContext; ids: number[]; resources: Map<number, PublicResource> }) {
  const shown = ids.map((id) => resources.get(id)).filter((r) => r !== undefined);
  if (shown.length === 0) return null;
  return (
    <ul class="timeline__resources">
      {shown.map((r) => (
        <li key={r.view.row.id}>
          <a href={publicResourcePath(ctx.locale, r.shown.slug)} lang={r.shown.locale}>
            {r.shown.title}
          </a>{' '}
          <span class="muted">({ctx.t(`resourceKind.${r.view.row.kind}`)})</span>
        </li>
      ))}
    </ul>
  );
}

/** The network's public home: who it is, a call to join, the process timeline, and (if staff chose) its picture. */
export function HomePage({
  ctx,
  network,
  milestones,
  resources,
  pinned = [],
  logo,
  stats,
}: {
  ctx: PageContext;
  network: LocalizedNetwork;
  milestones: LocalizedMilestone[];
  /** The published resources milestones link to, by id. */
  resources: Map<number, PublicResource>;
  /** The updates staff pinned to the home page, the newest first. */
  pinned?: PublicUpdate[];
  /** The logo's digest, when there is one. */
  logo: string | null;
  stats: NetworkStats | null;
}) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={network.name} siteName={network.name}>
      <section class="hero" aria-labelledby="network-name">
        {logo && <img class="hero__logo" src={logoUrl(logo)} alt={t('home.logoAlt', { network: network.name })} />}
        <h1 id="network-name">{network.name}</h1>
        {network.purpose && <p class="lead">{network.purpose}</p>}
        <div class="call-to-join">
          <p>{network.joinCall || t('home.joinCallDefault')}</p>
          <a class="button" href={ctx.href('/join')}>
            {t('home.join')}
          </a>
        </div>
        <HomeLinks ctx={ctx} network={network} />
      </section>
      {pinned.length > 0 && (
        <section aria-labelledby="updates-heading">
          <h2 id="updates-heading">{t('home.updates')}</h2>
          <UpdateList ctx={ctx} items={pinned} />
          <p>
            <a href={ctx.href('/updates')}>{t('home.allUpdates')}</a>
          </p>
        </section>
      )}
      <section aria-labelledby="timeline-heading">
        <h2 id="timeline-heading">{t('home.timeline')}</h2>
        {milestones.length === 0 ? (
          <p>{t('home.timelineEmpty')}</p>
        ) : (
          <ol class="timeline">
            {milestones.map((m) => (
              <li key={m.id} id={`milestone-${m.id}`} class="timeline__item">
                <time class="timeline__date" dateTime={m.date}>
                  {formatDateRange(ctx.locale, m.date, m.endDate, m.precision)}
                </time>
                <h3 class="timeline__title">{m.title}</h3>
                <p class="timeline__body">{m.body}</p>
                <MilestoneResources ctx={ctx} ids={m.resourceIds} resources={resources} />
              </li>
            ))}
          </ol>
        )}
      </section>
      {stats && stats.members > 0 && <NetworkPicture ctx={ctx} stats={stats} audience="public" />}
    </Layout>
  );
}

/** The public privacy notice staff wrote (Markdown rendered safely), and where to ask about one's data. */
export function PrivacyPage({ ctx, network, noticeHtml }: { ctx: PageContext; network: LocalizedNetwork; noticeHtml: string | null }) {
  const { t } = ctx;
  // First-strong isolate (FSI…PDI): a name that mixes scripts ("… WSIS+20") keeps its quotes in place in any direction.
  const name = `\u2068${network.name}\u2069`;
  return (
    <Layout ctx={ctx} title={t('privacy.title')} siteName={network.name}>
      <article class="prose" aria-labelledby="privacy-heading">
        <h1 id="privacy-heading">{t('privacy.title')}</h1>
        {/* Rendered by renderSafeMarkdown: raw HTML escaped, unsafe link targets refused. */}
        {noticeHtml ? <div dangerouslySetInnerHTML={{ __html: noticeHtml }} /> : <p class="lead">{t('privacy.none', { network: name })}</p>}
        {network.contactEmail && (
          <p class="privacy-contact">
            {t('privacy.contact')}{' '}
            <a href={`mailto:${network.contactEmail}`} dir="ltr">
              <bdi>{network.contactEmail}</bdi>
            </a>
          </p>
        )}
        <p>
          <a href={ctx.href('/')}>{t('privacy.back', { network: name })}</a>
        </p>
      </article>
    </Layout>
  );
}
