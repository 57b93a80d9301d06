import type { ComponentChildren } from 'preact';
import type { PageContext } from '../../http/request-context.ts';
import { formatDate, formatNumber, formatTimestamp } from '../../views/format.ts';
import { Layout } from '../../views/layout.tsx';
import { obfuscateAddress, obfuscateText } from './archive-text.ts';
import type { ArchiveVisibility, PostAttachment } from './discussion.table.ts';
import type { ArchivedPost, ArchivedThread } from './discussion-archive.repository.ts';

/** A post as a thread page shows it, its attachments read from their JSON. */
export type ShownPost = Omit<ArchivedPost, 'attachments'> & { attachments: PostAttachment[] };

const rtlLetter = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]/gu;
const anyLetter = /\p{L}/gu;

/** The direction of a text by its letters: right to left when most are Arabic or Hebrew (a quote in English does not flip it). */
export function textDirection(text: string): 'rtl' | 'ltr' {
  const sample = text.slice(0, 4000);
  const rtl = sample.match(rtlLetter)?.length ?? 0;
  const all = sample.match(anyLetter)?.length ?? 0;
  return rtl > 0 && rtl * 2 >= all ? 'rtl' : 'ltr';
}

/** A post's text in blocks: what the author wrote, and what they quoted (lines starting with ">"). */
export function textBlocks(text: string): { quoted: boolean; lines: string[] }[] {
  const blocks: { quoted: boolean; lines: string[] }[] = [];
  for (const line of text.replace(/\r\n/g, '\n').split('\n')) {
    const quoted = /^\s*>/.test(line);
    const last = blocks.at(-1);
    if (last && last.quoted === quoted) last.lines.push(line);
    else blocks.push({ quoted, lines: [line] });
  }
  return blocks.filter((b) => b.lines.some((l) => l.trim() !== ''));
}

function Paragraphs({ lines, id }: { lines: string[]; id: string }) {
  const paragraphs = lines
    .join('\n')
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
  return (
    <>
      {paragraphs.map((p, i) => (
        <p key={`${id}-${i}`} dir="auto" class="archive-post__paragraph">
          {p}
        </p>
      ))}
    </>
  );
}

/** A post's text: quotes folded away in <details>, addresses obfuscated, in the post's own direction. */
export function PostText({ ctx, post }: { ctx: PageContext; post: Pick<ArchivedPost, 'id' | 'body_text'> }) {
  const blocks = textBlocks(obfuscateText(post.body_text));
  return (
    <div class="archive-post__text">
      {blocks.map((block, i) =>
        block.quoted ? (
          <details key={`${post.id}-q${i}`} class="archive-post__quote">
            <summary>{ctx.t('discussionArchive.quoted', { count: block.lines.length })}</summary>
            <blockquote dir="auto">
              <Paragraphs lines={block.lines.map((l) => l.replace(/^\s*>\s?/, ''))} id={`${post.id}-q${i}`} />
            </blockquote>
          </details>
        ) : (
          <Paragraphs key={`${post.id}-t${i}`} lines={block.lines} id={`${post.id}-t${i}`} />
        ),
      )}
    </div>
  );
}

function authorOf(post: Pick<ArchivedPost, 'from_name' | 'from_address'>): string {
  return post.from_name || obfuscateAddress(post.from_address);
}

function ArchiveLayout({ ctx, title, siteName, children }: { ctx: PageContext; title: string; siteName: string; children: ComponentChildren }) {
  return (
    <Layout ctx={ctx} title={title} siteName={siteName}>
      <div class="archive-page">{children}</div>
    </Layout>
  );
}

/** The archive's search form (GET: it works without JavaScript). */
function ArchiveSearchForm({ ctx, q = '' }: { ctx: PageContext; q?: string }) {
  const { t } = ctx;
  return (
    // biome-ignore lint/a11y/useSemanticElements: <search> is not yet in Preact's JSX types; the role says the same
    <form method="get" action={ctx.href('/archive/search')} class="filters" role="search">
      <div class="filter filter--search">
        <label for="archive-q">{t('discussionArchive.search.label')}</label>
        <input id="archive-q" name="q" type="search" value={q} dir="auto" maxLength={200} />
      </div>
      <button type="submit" class="button">
        {t('discussionArchive.search.submit')}
      </button>
    </form>
  );
}

function ThreadList({ ctx, threads, caption }: { ctx: PageContext; threads: ArchivedThread[]; caption: string }) {
  const { t, locale } = ctx;
  return (
    <ol class="archive archive-threads" aria-label={caption}>
      {threads.map((thread) => (
        <li key={thread.id}>
          <a href={ctx.href(`/archive/threads/${thread.id}`)} dir="auto">
            {thread.subject || t('discussion.noSubject')}
          </a>{' '}
          <span class="muted">
            {t('discussionArchive.threadPosts', { count: thread.posts })} ·{' '}
            <time dateTime={thread.last_at}>{formatDate(locale, thread.last_at.slice(0, 10))}</time>
          </span>
        </li>
      ))}
    </ol>
  );
}

function monthHref(month: string): string {
  const [year, m] = month.split('-');
  return `/archive/${year}/${m}`;
}

/** GET /{locale}/archive — months with their posts, the latest threads, search and the feed. */
export function ArchiveIndexPage({
  ctx,
  siteName,
  visibility,
  months,
  latest,
}: {
  ctx: PageContext;
  siteName: string;
  visibility: ArchiveVisibility;
  months: { month: string; posts: number }[];
  latest: ArchivedThread[];
}) {
  const { t, locale } = ctx;
  return (
    <ArchiveLayout ctx={ctx} title={t('discussionArchive.title')} siteName={siteName}>
      <h1>{t('discussionArchive.title')}</h1>
      <p>{t(`discussionArchive.intro.${visibility}`)}</p>
      <ArchiveSearchForm ctx={ctx} />
      {visibility === 'public' && (
        <p>
          <a href={ctx.href('/archive/feed.atom')} type="application/atom+xml">
            {t('discussionArchive.feed')}
          </a>
        </p>
      )}
      {months.length === 0 ? (
        <p>{t('discussionArchive.empty')}</p>
      ) : (
        <div class="archive-columns">
          <section aria-labelledby="archive-latest-heading">
            <h2 id="archive-latest-heading">{t('discussionArchive.latest')}</h2>
            <ThreadList ctx={ctx} threads={latest} caption={t('discussionArchive.latest')} />
          </section>
          <section aria-labelledby="archive-months-heading">
            <h2 id="archive-months-heading">{t('discussionArchive.months')}</h2>
            <ul class="archive archive-months">
              {months.map((m) => (
                <li key={m.month}>
                  <a href={ctx.href(monthHref(m.month))}>{formatDate(locale, `${m.month}-01`, 'month')}</a>{' '}
                  <span class="muted">{t('discussionArchive.monthPosts', { count: m.posts })}</span>
                </li>
              ))}
            </ul>
          </section>
        </div>
      )}
    </ArchiveLayout>
  );
}

/** GET /{locale}/archive/{yyyy}/{mm} — the threads with posts in a month. */
export function ArchiveMonthPage({
  ctx,
  siteName,
  month,
  threads,
  mbox,
}: {
  ctx: PageContext;
  siteName: string;
  month: string;
  threads: ArchivedThread[];
  mbox: boolean;
}) {
  const { t, locale } = ctx;
  const name = formatDate(locale, `${month}-01`, 'month');
  return (
    <ArchiveLayout ctx={ctx} title={t('discussionArchive.monthTitle', { month: name })} siteName={siteName}>
      <p>
        <a href={ctx.href('/archive')}>{t('discussionArchive.back')}</a>
      </p>
      <h1>{t('discussionArchive.monthTitle', { month: name })}</h1>
      {threads.length === 0 ? (
        <p>{t('discussionArchive.monthEmpty')}</p>
      ) : (
        <ThreadList ctx={ctx} threads={threads} caption={t('discussionArchive.monthTitle', { month: name })} />
      )}
      {mbox && threads.length > 0 && (
        <p>
          <a href={`/archive/${month}.mbox`} download>
            {t('discussionArchive.mbox')}
          </a>{' '}
          <span class="muted">{t('discussionArchive.mboxHint')}</span>
        </p>
      )}
    </ArchiveLayout>
  );
}

function Attachments({ ctx, post }: { ctx: PageContext; post: { id: number; attachments: PostAttachment[] } }) {
  const { t, locale } = ctx;
  if (post.attachments.length === 0) return null;
  return (
    <div class="archive-post__attachments">
      <h3>{t('discussionArchive.attachments')}</h3>
      <ul>
        {post.attachments.map((a, i) => (
          <li key={`${post.id}-a${i}`}>
            {a.type ? (
              <a href={ctx.href(`/archive/posts/${post.id}/attachments/${i}`)} dir="auto">
                {a.name}
              </a>
            ) : (
              <span dir="auto">{t('discussionArchive.attachmentWithheld', { name: a.name })}</span>
            )}{' '}
            <span class="muted">{t('discussionArchive.attachmentSize', { size: formatNumber(locale, Math.max(1, Math.round(a.size / 1024))) })}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** One post of a thread: author (address obfuscated), date, the text in its own direction, attachments. */
export function ArchivedPostView({ ctx, post, removable }: { ctx: PageContext; post: ShownPost; removable?: ComponentChildren }) {
  const { locale } = ctx;
  const dir = textDirection(post.body_text.replace(/^\s*>.*$/gm, ''));
  return (
    <article class="archive-post" id={`post-${post.id}`} aria-labelledby={`post-${post.id}-author`} dir={dir}>
      <header class="archive-post__head">
        <h2 id={`post-${post.id}-author`} class="archive-post__author">
          <bdi>{authorOf(post)}</bdi>
        </h2>
        <p class="muted">
          <time dateTime={post.sent_at}>{formatTimestamp(locale, post.sent_at)}</time>
        </p>
      </header>
      <PostText ctx={ctx} post={post} />
      <Attachments ctx={ctx} post={post} />
      {removable}
    </article>
  );
}

/** GET /{locale}/archive/threads/{id} — a thread's posts in the order they were written. */
export function ArchiveThreadPage({
  ctx,
  siteName,
  thread,
  posts,
}: {
  ctx: PageContext;
  siteName: string;
  thread: { id: number; subject: string };
  posts: ShownPost[];
}) {
  const { t } = ctx;
  const subject = thread.subject || t('discussion.noSubject');
  const first = posts[0]?.sent_at;
  return (
    <ArchiveLayout ctx={ctx} title={subject} siteName={siteName}>
      <p class="archive-crumbs">
        <a href={ctx.href('/archive')}>{t('discussionArchive.back')}</a>
        {first && (
          <>
            {' · '}
            <a href={ctx.href(monthHref(first.slice(0, 7)))}>{formatDate(ctx.locale, `${first.slice(0, 7)}-01`, 'month')}</a>
          </>
        )}
      </p>
      <h1 dir="auto">{subject}</h1>
      <p class="muted">{t('discussionArchive.threadPosts', { count: posts.length })}</p>
      {posts.map((post) => (
        <ArchivedPostView key={post.id} ctx={ctx} post={post} />
      ))}
    </ArchiveLayout>
  );
}

/** GET /{locale}/archive/search?q= — posts whose subject, author or text holds the query. */
export function ArchiveSearchPage({ ctx, siteName, q, posts }: { ctx: PageContext; siteName: string; q: string; posts: ArchivedPost[] }) {
  const { t, locale } = ctx;
  return (
    <ArchiveLayout ctx={ctx} title={q ? t('discussionArchive.search.titleFor', { q }) : t('discussionArchive.search.title')} siteName={siteName}>
      <p>
        <a href={ctx.href('/archive')}>{t('discussionArchive.back')}</a>
      </p>
      <h1>{t('discussionArchive.search.title')}</h1>
      <ArchiveSearchForm ctx={ctx} q={q} />
      {q && <p role="status">{t('discussionArchive.search.count', { count: posts.length, q: `\u2068${q}\u2069` })}</p>}
      {posts.length > 0 && (
        <ol class="resource-list">
          {posts.map((post) => (
            <li key={post.id} class="resource-card">
              <h2 class="resource-card__title" dir="auto">
                <a href={ctx.href(`/archive/threads/${post.thread_id}#post-${post.id}`)}>{post.subject || t('discussion.noSubject')}</a>
              </h2>
              <p class="resource-card__meta muted">
                <bdi>{authorOf(post)}</bdi> · <time dateTime={post.sent_at}>{formatTimestamp(locale, post.sent_at)}</time>
              </p>
              <p class="resource-card__summary" dir="auto">
                {excerptOf(post.body_text)}
              </p>
            </li>
          ))}
        </ol>
      )}
    </ArchiveLayout>
  );
}

/** The first words a post wrote (quotes left out), addresses obfuscated. */
export function excerptOf(text: string, max = 240): string {
  const own = obfuscateText(text.replace(/^\s*>.*$/gm, ''))
    .replace(/\s+/g, ' ')
    .trim();
  return own.length > max ? `${own.slice(0, max)}…` : own;
}

/** The page a visitor without a member's pass sees for a members-only archive. */
export function ArchiveMembersOnlyPage({ ctx, siteName, days }: { ctx: PageContext; siteName: string; days: number }) {
  const { t } = ctx;
  return (
    <ArchiveLayout ctx={ctx} title={t('discussionArchive.membersOnly.title')} siteName={siteName}>
      <h1>{t('discussionArchive.membersOnly.title')}</h1>
      <p>{t('discussionArchive.membersOnly.body', { days })}</p>
      <p>
        <a href={ctx.href('/join')}>{t('discussionArchive.membersOnly.join')}</a>
      </p>
    </ArchiveLayout>
  );
}
