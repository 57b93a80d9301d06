import type { ComponentChildren } from 'preact';
import { roleAllows } from '../domains/auth/auth.service.ts';
import type { StaffRole } from '../domains/auth/auth.table.ts';
import type { PageContext } from '../http/request-context.ts';
import { CsrfField, Layout } from './layout.tsx';

/** The admin areas in navigation order, with the role needed to see each. */
export const adminAreas: { path: string; key: string; role: StaffRole }[] = [
  { path: '/admin', key: 'admin.nav.dashboard', role: 'viewer' },
  { path: '/admin/members', key: 'admin.nav.members', role: 'viewer' },
  { path: '/admin/announcements', key: 'admin.nav.announcements', role: 'viewer' },
  { path: '/admin/discussion', key: 'admin.nav.discussion', role: 'viewer' },
  { path: '/admin/events', key: 'admin.nav.events', role: 'viewer' },
  { path: '/admin/resources', key: 'admin.nav.resources', role: 'viewer' },
  { path: '/admin/timeline', key: 'admin.nav.timeline', role: 'viewer' },
  { path: '/admin/updates', key: 'admin.nav.updates', role: 'viewer' },
  { path: '/admin/engagements', key: 'admin.nav.engagements', role: 'viewer' },
  { path: '/admin/reports', key: 'admin.nav.reports', role: 'viewer' },
  { path: '/admin/mail', key: 'admin.nav.capturedMail', role: 'editor' },
  { path: '/admin/bounces', key: 'admin.nav.keptBounces', role: 'editor' },
  { path: '/admin/jobs', key: 'admin.nav.jobs', role: 'viewer' },
  { path: '/admin/settings', key: 'admin.nav.settings', role: 'editor' },
  { path: '/admin/audit', key: 'admin.nav.audit', role: 'owner' },
  { path: '/admin/staff', key: 'admin.nav.staff', role: 'owner' },
  { path: '/admin/api-tokens', key: 'admin.nav.apiTokens', role: 'owner' },
];

function isCurrent(area: string, url: string): boolean {
  const path = url.split('?')[0] ?? '';
  return area === '/admin' ? path === '/admin' || path === '/admin/' : path === area || path.startsWith(`${area}/`);
}

/** The admin shell: navigation for the signed-in staff account's role, and sign-out. */
export function AdminLayout({
  ctx,
  title,
  children,
  refreshSeconds,
}: {
  ctx: PageContext;
  title: string;
  children: ComponentChildren;
  refreshSeconds?: number;
}) {
  const { t, staff } = ctx;
  const nav = staff && (
    <div class="admin-bar">
      <nav class="admin-nav" aria-label={t('admin.nav.label')}>
        <ul>
          {adminAreas
            .filter((a) => roleAllows(staff.role, a.role))
            .map((a) => (
              <li key={a.path}>
                <a href={ctx.href(a.path)} aria-current={isCurrent(a.path, ctx.unprefixedUrl) ? 'page' : undefined}>
                  {t(a.key)}
                </a>
              </li>
            ))}
        </ul>
      </nav>
      <form class="sign-out" method="post" action={ctx.href('/admin/logout')}>
        <CsrfField ctx={ctx} />
        <span class="who">{t('admin.signedInAs', { name: staff.name, role: t(`role.${staff.role}`) })}</span>
        <a href={ctx.href('/admin/account')} aria-current={isCurrent('/admin/account', ctx.unprefixedUrl) ? 'page' : undefined}>
          {t('account.title')}
        </a>
        <button type="submit" class="button button--quiet">
          {t('admin.signOut')}
        </button>
      </form>
    </div>
  );
  return (
    <Layout ctx={ctx} title={title} siteName={t('admin.brand')} nav={nav} bodyClass="admin" refreshSeconds={refreshSeconds}>
      <h1>{title}</h1>
      {children}
    </Layout>
  );
}
