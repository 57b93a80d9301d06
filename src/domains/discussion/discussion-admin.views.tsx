import type { PageContext } from '../../http/request-context.ts';
import { AdminLayout } from '../../views/admin-layout.tsx';
import { formatNumber, formatTimestamp } from '../../views/format.ts';
import { CsrfField } from '../../views/layout.tsx';
import { ErrorSummary } from '../auth/auth.views.tsx';
import { FieldError } from '../members/member-fields.view.tsx';
import type { PostListing } from './discussion.repository.ts';
import {
  archiveVisibilities,
  availableDeliveries,
  type DiscussionThreadRow,
  fromRewrites,
  type HoldReason,
  nonMemberActions,
  type PostingPolicy,
  type PostStatus,
  postingPolicies,
} from './discussion.table.ts';
import { type DiscussionSettings, maxHoldDays, maxSubjectPrefixLength } from './discussion-settings.ts';
import type { AuthSummary } from './mail-authentication.ts';
import { maxReasonLength } from './moderation.service.ts';

/** What the overview page shows. */
export interface DiscussionOverview {
  listAddress: string;
  settings: DiscussionSettings;
  counts: Partial<Record<PostStatus, number>>;
  threads: DiscussionThreadRow[];
  /** The form as sent, and what was wrong with it, when the settings were refused. */
  form?: { values: Record<string, string>; errors: Record<string, string> };
  notice?: string;
}

export function policyLabel(ctx: PageContext, policy: PostingPolicy): string {
  return ctx.t(`discussion.policy.${policy}`);
}

export function holdReasonLabel(ctx: PageContext, reason: HoldReason): string {
  return ctx.t(`discussion.holdReason.${reason}`);
}

function Notice({ message }: { message?: string }) {
  return message ? (
    <p class="notice" role="status">
      {message}
    </p>
  ) : null;
}

function SettingsForm({ ctx, page }: { ctx: PageContext; page: DiscussionOverview }) {
  const { t } = ctx;
  const values = page.form?.values ?? {
    policy: page.settings.policy,
    nonMembers: page.settings.nonMembers,
    holdDays: String(page.settings.holdDays),
    defaultDelivery: page.settings.defaultDelivery,
    subjectPrefix: page.settings.subjectPrefix,
    rewriteFrom: page.settings.rewriteFrom,
    archiveVisibility: page.settings.archiveVisibility,
  };
  const errors = page.form?.errors ?? {};
  return (
    <section class="panel" aria-labelledby="discussion-settings-heading">
      <h2 id="discussion-settings-heading">{t('discussion.settings.heading')}</h2>
      <ErrorSummary message={Object.keys(errors).length > 0 ? t('discussion.settings.invalid') : undefined} />
      <form method="post" action={ctx.href('/admin/discussion/settings')} class="form form--wide" noValidate>
        <CsrfField ctx={ctx} />
        <fieldset aria-describedby={errors.policy ? 'policy-error' : undefined}>
          <legend>{t('discussion.settings.policy')}</legend>
          {postingPolicies.map((p) => (
            <div key={p} class="consent">
              <input id={`policy-${p}`} name="policy" type="radio" value={p} checked={values.policy === p} />
              <label for={`policy-${p}`}>
                {policyLabel(ctx, p)} <span class="hint">{t(`discussion.policyHint.${p}`)}</span>
              </label>
            </div>
          ))}
          <FieldError id="policy-error" message={errors.policy} />
        </fieldset>
        <label for="nonMembers">{t('discussion.settings.nonMembers')}</label>
        <select id="nonMembers" name="nonMembers" aria-describedby={errors.nonMembers ? 'nonMembers-error' : undefined}>
          {nonMemberActions.map((a) => (
            <option key={a} value={a} selected={values.nonMembers === a}>
              {t(`discussion.nonMembers.${a}`)}
            </option>
          ))}
        </select>
        <FieldError id="nonMembers-error" message={errors.nonMembers} />
        <label for="holdDays">{t('discussion.settings.holdDays')}</label>
        <p id="holdDays-hint" class="hint">
          {t('discussion.settings.holdDaysHint', { max: maxHoldDays })}
        </p>
        <input
          id="holdDays"
          name="holdDays"
          type="number"
          inputMode="numeric"
          min={1}
          max={maxHoldDays}
          value={values.holdDays ?? ''}
          aria-describedby={errors.holdDays ? 'holdDays-hint holdDays-error' : 'holdDays-hint'}
          aria-invalid={errors.holdDays ? 'true' : undefined}
        />
        <FieldError id="holdDays-error" message={errors.holdDays} />
        <label for="defaultDelivery">{t('discussion.settings.defaultDelivery')}</label>
        <select id="defaultDelivery" name="defaultDelivery" aria-describedby={errors.defaultDelivery ? 'defaultDelivery-error' : undefined}>
          {availableDeliveries.map((d) => (
            <option key={d} value={d} selected={values.defaultDelivery === d}>
              {t(`discussion.delivery.${d}`)}
            </option>
          ))}
        </select>
        <FieldError id="defaultDelivery-error" message={errors.defaultDelivery} />
        <label for="subjectPrefix">{t('discussion.settings.subjectPrefix')}</label>
        <p id="subjectPrefix-hint" class="hint">
          {t('discussion.settings.subjectPrefixHint')}
        </p>
        <input
          id="subjectPrefix"
          name="subjectPrefix"
          type="text"
          maxLength={maxSubjectPrefixLength}
          value={values.subjectPrefix ?? ''}
          dir="auto"
          aria-describedby={errors.subjectPrefix ? 'subjectPrefix-hint subjectPrefix-error' : 'subjectPrefix-hint'}
          aria-invalid={errors.subjectPrefix ? 'true' : undefined}
        />
        <FieldError id="subjectPrefix-error" message={errors.subjectPrefix} />
        <fieldset aria-describedby={errors.rewriteFrom ? 'rewriteFrom-error' : undefined}>
          <legend>{t('discussion.settings.rewriteFrom')}</legend>
          {fromRewrites.map((r) => (
            <div key={r} class="consent">
              <input id={`rewriteFrom-${r}`} name="rewriteFrom" type="radio" value={r} checked={values.rewriteFrom === r} />
              <label for={`rewriteFrom-${r}`}>{t(`discussion.rewriteFrom.${r}`)}</label>
            </div>
          ))}
          <FieldError id="rewriteFrom-error" message={errors.rewriteFrom} />
        </fieldset>
        <fieldset aria-describedby={errors.archiveVisibility ? 'archiveVisibility-error' : undefined}>
          <legend>{t('discussion.settings.archiveVisibility')}</legend>
          {archiveVisibilities.map((v) => (
            <div key={v} class="consent">
              <input id={`archiveVisibility-${v}`} name="archiveVisibility" type="radio" value={v} checked={values.archiveVisibility === v} />
              <label for={`archiveVisibility-${v}`}>{t(`discussionArchive.visibility.${v}`)}</label>
            </div>
          ))}
          <FieldError id="archiveVisibility-error" message={errors.archiveVisibility} />
        </fieldset>
        <button type="submit" class="button">
          {t('discussion.settings.save')}
        </button>
      </form>
    </section>
  );
}

/** GET /admin/discussion — the list address, what is waiting, the threads, and (for editors) the posting settings. */
export function DiscussionOverviewPage({ ctx, page }: { ctx: PageContext; page: DiscussionOverview }) {
  const { t } = ctx;
  const canEdit = ctx.staff?.role !== 'viewer';
  const held = page.counts.held ?? 0;
  return (
    <AdminLayout ctx={ctx} title={t('admin.nav.discussion')}>
      <Notice message={page.notice} />
      <dl class="facts">
        <dt>{t('discussion.listAddress')}</dt>
        <dd>
          <bdi dir="ltr">{page.listAddress}</bdi>
        </dd>
        <dt>{t('discussion.settings.policy')}</dt>
        <dd>{policyLabel(ctx, page.settings.policy)}</dd>
        <dt>{t('discussion.counts.published')}</dt>
        <dd>{formatNumber(ctx.locale, page.counts.published ?? 0)}</dd>
      </dl>
      <p class="actions">
        <a class="button" href={ctx.href('/admin/discussion/moderation')}>
          {t('discussion.moderation.open', { count: held })}
        </a>{' '}
        <a class="button button--quiet" href={ctx.href('/archive')}>
          {t('discussion.archiveLink')}
        </a>
      </p>
      <section aria-labelledby="discussion-threads-heading">
        <h2 id="discussion-threads-heading">{t('discussion.threads.heading')}</h2>
        {page.threads.length === 0 ? (
          <p>{t('discussion.threads.none')}</p>
        ) : (
          <div class="table-scroll">
            <table class="table">
              <caption>{t('discussion.threads.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('discussion.column.subject')}</th>
                  <th scope="col">{t('discussion.column.posts')}</th>
                  <th scope="col">{t('discussion.column.lastPost')}</th>
                </tr>
              </thead>
              <tbody>
                {page.threads.map((thread) => (
                  <tr key={thread.id}>
                    <td>
                      <a href={ctx.href(`/admin/discussion/threads/${thread.id}`)}>
                        <bdi>{thread.subject || t('discussion.noSubject')}</bdi>
                      </a>
                    </td>
                    <td>{formatNumber(ctx.locale, thread.post_count)}</td>
                    <td>{formatTimestamp(ctx.locale, thread.last_post_at)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      {canEdit && <SettingsForm ctx={ctx} page={page} />}
    </AdminLayout>
  );
}

/** The first lines of a post, for a list. */
export function excerpt(text: string, max = 400): string {
  const flat = text.replace(/\n{3,}/g, '\n\n').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

function authResults(ctx: PageContext, post: PostListing) {
  const { t } = ctx;
  const auth = JSON.parse(post.auth) as AuthSummary;
  const dkim = auth.dkim.length === 0 ? 'none' : auth.dkim.map((d) => `${d.result} (${d.domain})`).join(', ');
  return (
    <ul class="auth-results" dir="ltr">
      <li>
        {t('discussion.auth.dkim')}: <code>{dkim}</code>
      </li>
      <li>
        {t('discussion.auth.spf')}: <code>{auth.spf}</code>
      </li>
      <li>
        {t('discussion.auth.dmarc')}: <code>{auth.dmarc}</code>
        {auth.dmarcPolicy && <code> p={auth.dmarcPolicy}</code>}
      </li>
    </ul>
  );
}

function HeldPost({ ctx, post, error }: { ctx: PageContext; post: PostListing; error?: string }) {
  const { t } = ctx;
  const canEdit = ctx.staff?.role !== 'viewer';
  const reasonId = `reason-${post.id}`;
  return (
    <article class="card" id={`post-${post.id}`} aria-labelledby={`post-${post.id}-subject`}>
      <h2 id={`post-${post.id}-subject`}>
        <bdi>{post.subject || t('discussion.noSubject')}</bdi>
      </h2>
      <dl class="facts">
        <dt>{t('discussion.column.from')}</dt>
        <dd>
          {post.from_name && <bdi>{post.from_name} </bdi>}
          <bdi dir="ltr">{post.from_address || t('discussion.noAddress')}</bdi>
          {post.member_id !== null && (
            <>
              {' '}
              <a href={ctx.href(`/admin/members/${post.member_id}`)}>{t('discussion.memberRecord')}</a>
            </>
          )}
        </dd>
        <dt>{t('discussion.column.heldFor')}</dt>
        <dd>{post.hold_reason ? holdReasonLabel(ctx, post.hold_reason) : ''}</dd>
        <dt>{t('discussion.column.received')}</dt>
        <dd>{formatTimestamp(ctx.locale, post.received_at)}</dd>
        {post.expires_at && (
          <>
            <dt>{t('discussion.column.expires')}</dt>
            <dd>{formatTimestamp(ctx.locale, post.expires_at)}</dd>
          </>
        )}
        <dt>{t('discussion.column.auth')}</dt>
        <dd>{authResults(ctx, post)}</dd>
      </dl>
      <blockquote class="post-excerpt" dir="auto">
        {excerpt(post.body_text)}
      </blockquote>
      {canEdit && (
        <form method="post" action={ctx.href(`/admin/discussion/moderation/${post.id}`)} class="form moderation-form">
          <CsrfField ctx={ctx} />
          <label for={reasonId}>{t('discussion.moderation.reason')}</label>
          <p id={`${reasonId}-hint`} class="hint">
            {t('discussion.moderation.reasonHint')}
          </p>
          <textarea
            id={reasonId}
            name="reason"
            rows={2}
            maxLength={maxReasonLength}
            dir="auto"
            aria-describedby={error ? `${reasonId}-hint ${reasonId}-error` : `${reasonId}-hint`}
            aria-invalid={error ? 'true' : undefined}
          />
          <FieldError id={`${reasonId}-error`} message={error} />
          <div class="actions">
            <button type="submit" name="action" value="approve" class="button">
              {t('discussion.moderation.approve')}
            </button>
            {post.member_id !== null && (
              <button type="submit" name="action" value="approve_trust" class="button">
                {t('discussion.moderation.approveTrust')}
              </button>
            )}
            <button type="submit" name="action" value="reject" class="button button--quiet">
              {t('discussion.moderation.reject')}
            </button>
            <button type="submit" name="action" value="discard" class="button button--quiet">
              {t('discussion.moderation.discard')}
            </button>
          </div>
        </form>
      )}
    </article>
  );
}

/** GET /admin/discussion/moderation — held posts, oldest first, each with what a moderator may do. */
export function ModerationQueuePage({
  ctx,
  posts,
  next,
  notice,
  errorFor,
}: {
  ctx: PageContext;
  posts: PostListing[];
  next: number | null;
  notice?: string;
  errorFor?: { postId: number; message: string };
}) {
  const { t } = ctx;
  return (
    <AdminLayout ctx={ctx} title={t('discussion.moderation.title')}>
      <p>
        <a href={ctx.href('/admin/discussion')}>{t('admin.nav.discussion')}</a>
      </p>
      <Notice message={notice} />
      <ErrorSummary message={errorFor?.message} />
      <p class="hint">{t('discussion.moderation.intro')}</p>
      {posts.length === 0 ? (
        <p>{t('discussion.moderation.empty')}</p>
      ) : (
        posts.map((p) => <HeldPost key={p.id} ctx={ctx} post={p} error={errorFor?.postId === p.id ? errorFor.message : undefined} />)
      )}
      {next !== null && (
        <p class="pager">
          <a href={ctx.href(`/admin/discussion/moderation?after=${next}`)}>{t('discussion.moderation.more')}</a>
        </p>
      )}
    </AdminLayout>
  );
}

/** GET /admin/discussion/threads/:id — a thread's published posts in the order they were written. */
export function ThreadPage({
  ctx,
  thread,
  posts,
  notice,
}: {
  ctx: PageContext;
  thread: DiscussionThreadRow;
  posts: (PostListing & { archive_removed_at: string | null })[];
  notice?: string;
}) {
  const { t } = ctx;
  const canEdit = ctx.staff?.role !== 'viewer';
  return (
    <AdminLayout ctx={ctx} title={thread.subject || t('discussion.noSubject')}>
      <p>
        <a href={ctx.href('/admin/discussion')}>{t('admin.nav.discussion')}</a> ·{' '}
        <a href={ctx.href(`/archive/threads/${thread.id}`)}>{t('discussion.archive.threadLink')}</a>
      </p>
      <Notice message={notice} />
      {posts.map((post) => (
        <article key={post.id} class="card" id={`post-${post.id}`}>
          <h2>
            <bdi>{post.from_name || post.from_address}</bdi>
          </h2>
          <p class="muted">
            <time dateTime={post.sent_at}>{formatTimestamp(ctx.locale, post.sent_at)}</time>
          </p>
          <div class="post-body" dir="auto">
            {post.body_text.split(/\n{2,}/).map((paragraph, i) => (
              <p key={`${post.id}-${i}`} dir="auto">
                {paragraph}
              </p>
            ))}
          </div>
          {post.archive_removed_at ? (
            <p class="muted">{t('discussion.archive.removedOn', { date: formatTimestamp(ctx.locale, post.archive_removed_at) })}</p>
          ) : (
            canEdit && (
              <form method="post" action={ctx.href(`/admin/discussion/posts/${post.id}/archive-remove`)} class="form">
                <CsrfField ctx={ctx} />
                <p class="hint" id={`remove-${post.id}-hint`}>
                  {t('discussion.archive.removeHint')}
                </p>
                <button type="submit" class="button button--quiet" aria-describedby={`remove-${post.id}-hint`}>
                  {t('discussion.archive.remove')}
                </button>
              </form>
            )
          )}
        </article>
      ))}
    </AdminLayout>
  );
}
