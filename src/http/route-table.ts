import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../app-deps.ts';
import * as admin from '../domains/admin/admin.routes.tsx';
import * as announcementsAdmin from '../domains/announcements/announcements-admin.routes.tsx';
import * as announcementsPublic from '../domains/announcements/announcements-public.routes.tsx';
import * as apiTokens from '../domains/api/api-tokens-admin.routes.tsx';
import * as audit from '../domains/audit/audit.routes.tsx';
import * as auth from '../domains/auth/auth.routes.tsx';
import type { StaffRole } from '../domains/auth/auth.table.ts';
import * as capturedMail from '../domains/delivery/captured-mail.routes.tsx';
import * as join from '../domains/members/join.routes.tsx';
import * as memberUpload from '../domains/members/member-upload.routes.tsx';
import * as membersAdmin from '../domains/members/members-admin.routes.tsx';
import * as selfService from '../domains/members/self-service.routes.tsx';
import * as sourcesAdmin from '../domains/members/sources-admin.routes.tsx';
import * as site from '../domains/site/site.routes.tsx';

/** Who may call a route: anyone, or a staff account with at least this role. */
export type Access = 'public' | StaffRole;
type Handler = (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;

export interface RouteEntry {
  method: 'GET' | 'POST';
  /** Path without the locale prefix; every page is served at /{locale}{path} too. */
  path: string;
  access: Access;
  handler: Handler;
  /** False only where a signed token in the URL is the authority and outside senders post (RFC 8058). */
  csrf?: boolean;
  /** Requests per minute per IP, for public forms. */
  perMinute?: number;
}

/**
 * Every page and form of Plenary, with the permission next to it. Read this table to know who can
 * do what; the router enforces it (sign-in, role, CSRF on POST) so handlers need not.
 */
export function routeTable(deps: AppDeps): RouteEntry[] {
  return [
    { method: 'GET', path: '/', access: 'public', handler: site.homePage(deps) },

    { method: 'GET', path: '/join', access: 'public', handler: join.joinPage(deps) },
    { method: 'POST', path: '/join', access: 'public', handler: join.joinSubmit(deps), perMinute: deps.config.joinRateLimit },
    { method: 'GET', path: '/join/check-email', access: 'public', handler: join.checkEmailPage(deps) },
    { method: 'GET', path: '/join/confirm/:token', access: 'public', handler: join.confirmPage(deps) },
    { method: 'POST', path: '/join/confirm/:token', access: 'public', handler: join.confirmSubmit(deps) },
    { method: 'GET', path: '/join/qr.svg', access: 'public', handler: join.qrSvg(deps) },
    { method: 'GET', path: '/join/qr.png', access: 'public', handler: join.qrPng(deps) },
    { method: 'GET', path: '/join/slide', access: 'public', handler: join.slidePage(deps) },
    { method: 'GET', path: '/announcements', access: 'public', handler: announcementsPublic.archivePage(deps) },
    { method: 'GET', path: '/announcements/feed.atom', access: 'public', handler: announcementsPublic.atomFeed(deps) },
    { method: 'GET', path: '/announcements/:id', access: 'public', handler: announcementsPublic.archiveEntryPage(deps) },
    { method: 'GET', path: '/me/:token', access: 'public', handler: selfService.preferencesPage(deps) },
    { method: 'POST', path: '/me/:token', access: 'public', handler: selfService.preferencesSubmit(deps) },
    { method: 'GET', path: '/me/:token/data.json', access: 'public', handler: selfService.dataDownload(deps) },
    { method: 'GET', path: '/me/:token/erase', access: 'public', handler: selfService.erasePage(deps) },
    { method: 'POST', path: '/me/:token/erase', access: 'public', handler: selfService.eraseSubmit(deps) },
    { method: 'GET', path: '/unsubscribe/:token', access: 'public', handler: selfService.unsubscribePage(deps) },
    { method: 'POST', path: '/unsubscribe/:token', access: 'public', handler: selfService.unsubscribeSubmit(deps), csrf: false },

    { method: 'GET', path: '/admin/login', access: 'public', handler: auth.signInPage() },
    { method: 'POST', path: '/admin/login', access: 'public', handler: auth.signInSubmit(deps) },
    { method: 'POST', path: '/admin/logout', access: 'viewer', handler: auth.signOutSubmit(deps) },
    { method: 'GET', path: '/admin/set-password/:token', access: 'public', handler: auth.setPasswordPage(deps) },
    { method: 'POST', path: '/admin/set-password/:token', access: 'public', handler: auth.setPasswordSubmit(deps) },

    { method: 'GET', path: '/admin', access: 'viewer', handler: admin.dashboardPage(deps) },
    { method: 'GET', path: '/admin/members', access: 'viewer', handler: membersAdmin.memberListPage(deps) },
    { method: 'GET', path: '/admin/members/new', access: 'editor', handler: membersAdmin.newMemberPage() },
    { method: 'POST', path: '/admin/members/new', access: 'editor', handler: membersAdmin.newMemberSubmit(deps) },
    { method: 'POST', path: '/admin/members/bulk', access: 'editor', handler: membersAdmin.bulkSubmit(deps) },
    { method: 'GET', path: '/admin/members/export.csv', access: 'editor', handler: membersAdmin.exportDownload(deps, 'csv') },
    { method: 'GET', path: '/admin/members/export.json', access: 'editor', handler: membersAdmin.exportDownload(deps, 'json') },
    { method: 'GET', path: '/admin/members/import', access: 'editor', handler: memberUpload.uploadPage(deps) },
    { method: 'POST', path: '/admin/members/import', access: 'editor', handler: memberUpload.uploadSubmit(deps) },
    { method: 'GET', path: '/admin/members/import/:id', access: 'editor', handler: memberUpload.uploadStatusPage(deps) },
    { method: 'POST', path: '/admin/members/import/:id', access: 'editor', handler: memberUpload.uploadDecisionSubmit(deps) },
    { method: 'GET', path: '/admin/members/:id', access: 'viewer', handler: membersAdmin.memberDetailPage(deps) },
    { method: 'GET', path: '/admin/members/:id/edit', access: 'editor', handler: membersAdmin.editMemberPage(deps) },
    { method: 'POST', path: '/admin/members/:id/edit', access: 'editor', handler: membersAdmin.editMemberSubmit(deps) },
    { method: 'POST', path: '/admin/members/:id/status', access: 'editor', handler: membersAdmin.memberStatusSubmit(deps) },
    { method: 'POST', path: '/admin/members/:id/erase', access: 'editor', handler: membersAdmin.memberEraseSubmit(deps) },
    { method: 'GET', path: '/admin/sources', access: 'viewer', handler: sourcesAdmin.sourcesPage(deps) },
    { method: 'POST', path: '/admin/sources', access: 'editor', handler: sourcesAdmin.createSourceSubmit(deps) },
    { method: 'GET', path: '/admin/announcements', access: 'viewer', handler: announcementsAdmin.announcementListPage(deps) },
    { method: 'GET', path: '/admin/announcements/new', access: 'editor', handler: announcementsAdmin.newAnnouncementPage() },
    { method: 'POST', path: '/admin/announcements/new', access: 'editor', handler: announcementsAdmin.newAnnouncementSubmit(deps) },
    { method: 'POST', path: '/admin/announcements/preview', access: 'editor', handler: announcementsAdmin.previewSubmit() },
    { method: 'GET', path: '/admin/announcements/:id', access: 'viewer', handler: announcementsAdmin.announcementPage(deps) },
    { method: 'POST', path: '/admin/announcements/:id', access: 'editor', handler: announcementsAdmin.editAnnouncementSubmit(deps) },
    { method: 'GET', path: '/admin/announcements/:id/progress.json', access: 'viewer', handler: announcementsAdmin.progressJson(deps) },
    { method: 'POST', path: '/admin/announcements/:id/test', access: 'editor', handler: announcementsAdmin.testSubmit(deps) },
    { method: 'POST', path: '/admin/announcements/:id/send', access: 'editor', handler: announcementsAdmin.sendSubmit(deps) },
    { method: 'POST', path: '/admin/announcements/:id/pause', access: 'editor', handler: announcementsAdmin.stateSubmit(deps, 'pause') },
    { method: 'POST', path: '/admin/announcements/:id/resume', access: 'editor', handler: announcementsAdmin.stateSubmit(deps, 'resume') },
    { method: 'POST', path: '/admin/announcements/:id/cancel', access: 'editor', handler: announcementsAdmin.stateSubmit(deps, 'cancel') },
    { method: 'GET', path: '/admin/events', access: 'viewer', handler: admin.upcomingAreaPage('admin.nav.events') },
    { method: 'GET', path: '/admin/resources', access: 'viewer', handler: admin.upcomingAreaPage('admin.nav.resources') },
    { method: 'GET', path: '/admin/engagements', access: 'viewer', handler: admin.upcomingAreaPage('admin.nav.engagements') },
    { method: 'GET', path: '/admin/reports', access: 'viewer', handler: admin.upcomingAreaPage('admin.nav.reports') },
    { method: 'GET', path: '/admin/jobs', access: 'viewer', handler: admin.jobsPage(deps) },
    { method: 'GET', path: '/admin/mail', access: 'viewer', handler: capturedMail.capturedMailPage(deps) },
    { method: 'GET', path: '/admin/mail/:id', access: 'viewer', handler: capturedMail.capturedMailDetailPage(deps) },

    { method: 'GET', path: '/admin/audit', access: 'owner', handler: audit.auditPage(deps) },
    { method: 'GET', path: '/admin/staff', access: 'owner', handler: auth.staffPage(deps) },
    { method: 'POST', path: '/admin/staff', access: 'owner', handler: auth.inviteStaffSubmit(deps) },
    { method: 'POST', path: '/admin/staff/:id/role', access: 'owner', handler: auth.changeRoleSubmit(deps) },
    { method: 'GET', path: '/admin/api-tokens', access: 'owner', handler: apiTokens.apiTokensPage(deps) },
    { method: 'POST', path: '/admin/api-tokens', access: 'owner', handler: apiTokens.createApiTokenSubmit(deps) },
    { method: 'POST', path: '/admin/api-tokens/:id/revoke', access: 'owner', handler: apiTokens.revokeApiTokenSubmit(deps) },
  ];
}
