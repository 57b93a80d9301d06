import type { PageContext } from '../../http/request-context.ts';
import { AdminLayout } from '../../views/admin-layout.tsx';
import { formatDate, formatNumber } from '../../views/format.ts';
import { localizedText } from '../events/event.service.ts';
import { memberStatuses, stakeholderGroups } from '../members/member.table.ts';
import { memberStateName } from '../members/member-geography.ts';
import { noneKey } from '../members/member-stats.ts';
import { DossierChooser, engagementDates, FollowUpTable } from './engagements-admin.views.tsx';
import type { MemberStateDossier } from './member-state-dossier.ts';

function MembersTable({ ctx, dossier }: { ctx: PageContext; dossier: MemberStateDossier }) {
  const { t, locale } = ctx;
  const { members } = dossier;
  const groups = [...stakeholderGroups, noneKey];
  const label = (g: string) => (g === noneKey ? t('dossier.noStakeholderGroup') : t(`stakeholderGroup.${g}`));
  return (
    <div class="table-scroll">
      <table class="table">
        <caption>{t('dossier.membersCaption', { count: members.total, memberState: memberStateName(locale, dossier.memberState) })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('member.field.stakeholderGroup')}</th>
            {memberStatuses.map((s) => (
              <th key={s} scope="col">
                {t(`memberStatus.${s}`)}
              </th>
            ))}
            <th scope="col">{t('dossier.total')}</th>
          </tr>
        </thead>
        <tbody>
          {groups.map((g) => (
            <tr key={g}>
              <th scope="row">{label(g)}</th>
              {memberStatuses.map((s) => (
                <td key={s}>{formatNumber(locale, members.byStakeholderGroupAndStatus[g]?.[s] ?? 0)}</td>
              ))}
              <td>{formatNumber(locale, members.byStakeholderGroup[g] ?? 0)}</td>
            </tr>
          ))}
          <tr>
            <th scope="row">{t('dossier.total')}</th>
            {memberStatuses.map((s) => (
              <td key={s}>{formatNumber(locale, members.byStatus[s])}</td>
            ))}
            <td>{formatNumber(locale, members.total)}</td>
          </tr>
        </tbody>
      </table>
    </div>
  );
}

function EventsTable({ ctx, dossier, name }: { ctx: PageContext; dossier: MemberStateDossier; name: string }) {
  const { t, locale } = ctx;
  if (dossier.events.length === 0) return <p>{t('dossier.noEvents', { memberState: name })}</p>;
  return (
    <div class="table-scroll">
      <table class="table">
        <caption>{t('dossier.eventsCaption', { memberState: name })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('dossier.eventColumn.event')}</th>
            <th scope="col">{t('dossier.eventColumn.date')}</th>
            <th scope="col">{t('dossier.eventColumn.registered')}</th>
            <th scope="col">{t('dossier.eventColumn.attended')}</th>
          </tr>
        </thead>
        <tbody>
          {dossier.events.map((e) => {
            const title = localizedText(e.title, locale, locale);
            return (
              <tr key={e.id}>
                <th scope="row">
                  <a href={ctx.href(`/admin/events/${e.id}`)} lang={title.locale}>
                    <bdi>{title.text}</bdi>
                  </a>
                </th>
                <td>{formatDate(locale, e.startsAt)}</td>
                <td>{formatNumber(locale, e.registered)}</td>
                <td>{formatNumber(locale, e.attended)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** The latest sent announcements with their regional group's deliveries, under a note saying what is counted. */
export function DossierAnnouncements({ ctx, announcements, note }: { ctx: PageContext; announcements: MemberStateDossier['announcements']; note: string }) {
  const { t, locale } = ctx;
  if (announcements.length === 0) return <p>{t('dossier.noAnnouncements')}</p>;
  return (
    <>
      <p class="muted">{note}</p>
      <div class="table-scroll">
        <table class="table">
          <caption>{t('dossier.announcementsCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('dossier.announcementColumn.subject')}</th>
              <th scope="col">{t('dossier.announcementColumn.sent')}</th>
              <th scope="col">{t('dossier.announcementColumn.delivered')}</th>
            </tr>
          </thead>
          <tbody>
            {announcements.map((a) => (
              <tr key={a.id}>
                <th scope="row">
                  <a href={ctx.href(`/admin/announcements/${a.id}`)}>
                    <bdi>{a.subject}</bdi>
                  </a>
                </th>
                <td>{a.sentAt ? formatDate(locale, a.sentAt) : '—'}</td>
                <td>{a.delivered === null ? t('dossier.notCounted') : formatNumber(locale, a.delivered)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

/** A member state's dossier: its members, the engagements with it, their open follow-ups, the last contact. */
export function MemberStateDossierPage({ ctx, dossier }: { ctx: PageContext; dossier: MemberStateDossier }) {
  const { t, locale } = ctx;
  const name = memberStateName(locale, dossier.memberState);
  const canEdit = ctx.staff?.role !== 'viewer';
  const engagementOf = new Map(dossier.openFollowUps.map((f) => [f.id, { id: f.engagement_id, title: f.engagement_title }]));
  return (
    <AdminLayout ctx={ctx} title={t('dossier.title', { memberState: name })}>
      <dl class="facts">
        <dt>{t('members.column.regionalGroup')}</dt>
        <dd>
          {dossier.regionalGroup ? (
            <a href={ctx.href(`/admin/regional-groups/${dossier.regionalGroup}`)}>{t(`regionalGroup.${dossier.regionalGroup}`)}</a>
          ) : (
            '—'
          )}
        </dd>
        <dt>{t('dossier.lastContact')}</dt>
        <dd>{dossier.lastContact ? formatDate(locale, dossier.lastContact) : t('dossier.noContact')}</dd>
        <dt>{t('dossier.members')}</dt>
        <dd>{formatNumber(locale, dossier.members.total)}</dd>
      </dl>
      <p class="actions">
        {canEdit && (
          <a class="button" href={ctx.href(`/admin/engagements/new?memberState=${dossier.memberState}`)}>
            {t('dossier.recordEngagement', { memberState: name })}
          </a>
        )}
        <a href={ctx.href(`/admin/members?memberState=${dossier.memberState}`)}>{t('dossier.seeMembers', { memberState: name })}</a>
      </p>
      <h2>{t('dossier.members')}</h2>
      <MembersTable ctx={ctx} dossier={dossier} />
      <h2>{t('dossier.timeline')}</h2>
      {dossier.engagements.length === 0 ? (
        <p>{t('dossier.noEngagements', { memberState: name })}</p>
      ) : (
        <ol class="timeline">
          {dossier.engagements.map((e) => (
            <li key={e.row.id} class="timeline__item">
              <p class="timeline__date">{engagementDates(ctx, e.row)}</p>
              <h3 class="timeline__title">
                <a href={ctx.href(`/admin/engagements/${e.row.id}`)}>
                  <bdi>{e.row.title}</bdi>
                </a>
              </h3>
              <p class="timeline__body">
                {t('dossier.timelineLine', {
                  kind: t(`engagementKind.${e.row.kind}`),
                  status: t(`engagementStatus.${e.row.status}`),
                })}
              </p>
              {e.topics.length > 0 && (
                <p class="timeline__body muted">
                  <bdi>{t('dossier.topics', { topics: e.topics.map((x) => x.name).join(', ') })}</bdi>
                </p>
              )}
            </li>
          ))}
        </ol>
      )}
      <h2>{t('dossier.openFollowUps')}</h2>
      <FollowUpTable ctx={ctx} followUps={dossier.openFollowUps} engagements={engagementOf} />
      <h2>{t('dossier.events')}</h2>
      <EventsTable ctx={ctx} dossier={dossier} name={name} />
      <h2>{t('dossier.announcements')}</h2>
      <DossierAnnouncements
        ctx={ctx}
        announcements={dossier.announcements}
        note={
          dossier.regionalGroup
            ? t('dossier.announcementsNote', { regionalGroup: t(`regionalGroup.${dossier.regionalGroup}`) })
            : t('dossier.announcementsNoGroup')
        }
      />
      <h2>{t('dossier.chooseHeading')}</h2>
      <DossierChooser ctx={ctx} selected={dossier.memberState} />
    </AdminLayout>
  );
}

/** /admin/member-states without a choice yet: the chooser alone. */
export function DossierChooserPage({ ctx }: { ctx: PageContext }) {
  return (
    <AdminLayout ctx={ctx} title={ctx.t('dossier.chooseHeading')}>
      <p>{ctx.t('dossier.chooseIntro')}</p>
      <DossierChooser ctx={ctx} />
    </AdminLayout>
  );
}
