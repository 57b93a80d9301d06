import type { AppDeps } from './app-deps.ts';
import * as admin from './domains/admin/admin.routes.tsx';
import * as announcementsAdmin from './domains/announcements/announcements-admin.routes.tsx';
import * as announcementsPublic from './domains/announcements/announcements-public.routes.tsx';
import * as apiTokens from './domains/api/api-tokens-admin.routes.tsx';
import * as audit from './domains/audit/audit.routes.tsx';
import * as account from './domains/auth/account.routes.tsx';
import * as auth from './domains/auth/auth.routes.tsx';
import * as staffAdmin from './domains/auth/staff-admin.routes.tsx';
import * as bouncesAdmin from './domains/bounces/bounces-admin.routes.tsx';
import * as capturedMail from './domains/delivery/captured-mail.routes.tsx';
import * as discussionAdmin from './domains/discussion/discussion-admin.routes.tsx';
import * as discussionArchive from './domains/discussion/discussion-archive.routes.tsx';
import * as discussionMember from './domains/discussion/discussion-member.routes.tsx';
import * as engagementsAdmin from './domains/engagements/engagements-admin.routes.tsx';
import * as registerAdmin from './domains/engagements/register-admin.routes.tsx';
import * as eventsAdmin from './domains/events/events-admin.routes.tsx';
import * as eventsPublic from './domains/events/events-public.routes.tsx';
import * as join from './domains/members/join.routes.tsx';
import * as memberUpload from './domains/members/member-upload.routes.tsx';
import * as membersAdmin from './domains/members/members-admin.routes.tsx';
import * as selfService from './domains/members/self-service.routes.tsx';
import * as sourcesAdmin from './domains/members/sources-admin.routes.tsx';
import * as boardBriefing from './domains/reports/board-briefing.routes.tsx';
import * as boardRecipients from './domains/reports/board-recipients.routes.tsx';
import * as briefings from './domains/reports/briefing.routes.tsx';
import * as briefingSchedules from './domains/reports/briefing-schedules.routes.tsx';
import * as networkSlide from './domains/reports/network-slide.routes.tsx';
import * as reportsAdmin from './domains/reports/reports-admin.routes.tsx';
import * as resourcesAdmin from './domains/resources/resources-admin.routes.tsx';
import * as resourcesPublic from './domains/resources/resources-public.routes.tsx';
import * as siteSearch from './domains/site/search.routes.tsx';
import * as settingsAdmin from './domains/site/settings-admin.routes.tsx';
import * as site from './domains/site/site.routes.tsx';
import * as sitemap from './domains/site/sitemap.routes.ts';
import * as timelineAdmin from './domains/site/timeline-admin.routes.tsx';
import * as updatesAdmin from './domains/site/updates-admin.routes.tsx';
import * as updatesPublic from './domains/site/updates-public.routes.tsx';
import type { RouteEntry } from './http/router.ts';

/**
 * Every page and form of Plenary, with the permission next to it. Read this table to know who can
 * do what; the router enforces it (sign-in, role, CSRF on POST) so handlers need not.
 */
export function routeTable(deps: AppDeps): RouteEntry[] {
  return [
    { method: 'GET', path: '/', access: 'public', handler: site.homePage(deps) },
    { method: 'GET', path: '/privacy', access: 'public', handler: site.privacyPage(deps) },
    { method: 'GET', path: '/network-logo', access: 'public', handler: site.logoImage(deps) },
    { method: 'GET', path: '/favicon.ico', access: 'public', handler: site.favicon() },

    { method: 'GET', path: '/join', access: 'public', handler: join.joinPage(deps) },
    { method: 'POST', path: '/join', access: 'public', handler: join.joinSubmit(deps) },
    { method: 'GET', path: '/join/check-email', access: 'public', handler: join.checkEmailPage(deps) },
    { method: 'GET', path: '/join/confirm/:token', access: 'public', handler: join.confirmPage(deps) },
    { method: 'POST', path: '/join/confirm/:token', access: 'public', handler: join.confirmSubmit(deps) },
    { method: 'GET', path: '/join/qr.svg', access: 'public', handler: join.qrSvg(deps) },
    { method: 'GET', path: '/join/qr.png', access: 'public', handler: join.qrPng(deps) },
    { method: 'GET', path: '/join/slide', access: 'public', handler: join.slidePage(deps) },
    { method: 'GET', path: '/announcements', access: 'public', handler: announcementsPublic.archivePage(deps) },
    { method: 'GET', path: '/announcements/feed.atom', access: 'public', handler: announcementsPublic.atomFeed(deps) },
    { method: 'GET', path: '/announcements/:id', access: 'public', handler: announcementsPublic.archiveEntryPage(deps) },
    { method: 'GET', path: '/resources', access: 'public', handler: resourcesPublic.libraryPage(deps) },
    { method: 'GET', path: '/resources/feed.atom', access: 'public', handler: resourcesPublic.resourcesFeed(deps) },
    { method: 'GET', path: '/resources/:slug', access: 'public', handler: resourcesPublic.resourcePage(deps) },
    { method: 'GET', path: '/resources/:slug/file', access: 'public', handler: resourcesPublic.resourceFileDownload(deps) },
    { method: 'GET', path: '/updates', access: 'public', handler: updatesPublic.updatesPage(deps) },
    { method: 'GET', path: '/updates/feed.atom', access: 'public', handler: updatesPublic.updatesFeed(deps) },
    { method: 'GET', path: '/updates/:slug', access: 'public', handler: updatesPublic.updatePage(deps) },
    { method: 'GET', path: '/search', access: 'public', handler: siteSearch.searchPage(deps) },
    // The discussion list's web archive: public, members only (their signed link gives a pass) or private, as the network says.
    { method: 'GET', path: '/archive', access: 'public', handler: discussionArchive.archiveIndexPage(deps) },
    { method: 'GET', path: '/archive/search', access: 'public', handler: discussionArchive.archiveSearchPage(deps) },
    { method: 'GET', path: '/archive/feed.atom', access: 'public', handler: discussionArchive.archiveFeedDownload(deps) },
    { method: 'GET', path: '/archive/threads/:id', access: 'public', handler: discussionArchive.archiveThreadPage(deps) },
    { method: 'GET', path: '/archive/posts/:id/attachments/:index', access: 'public', handler: discussionArchive.archiveAttachmentDownload(deps) },
    { method: 'GET', path: '/archive/:year/:month', access: 'public', handler: discussionArchive.archiveMonthPage(deps) },
    { method: 'GET', path: '/archive/:month.mbox', access: 'public', handler: discussionArchive.archiveMboxDownload(deps) },
    { method: 'GET', path: '/sitemap.xml', access: 'public', handler: sitemap.sitemap(deps) },
    { method: 'GET', path: '/robots.txt', access: 'public', handler: sitemap.robots(deps) },
    // Events: the signed link in the URL is the member's or the registrant's authority; the forms carry CSRF tokens too.
    { method: 'GET', path: '/events', access: 'public', handler: eventsPublic.eventListPage(deps) },
    { method: 'GET', path: '/events.ics', access: 'public', handler: eventsPublic.calendarFeed(deps) },
    { method: 'GET', path: '/events/registration/:token', access: 'public', handler: eventsPublic.registrationLinkPage(deps) },
    { method: 'POST', path: '/events/registration/:token', access: 'public', handler: eventsPublic.registrationCancelSubmit(deps) },
    { method: 'GET', path: '/events/registration/:token/calendar.ics', access: 'public', handler: eventsPublic.registrantCalendarFile(deps) },
    { method: 'GET', path: '/events/registration/:token/check-in.png', access: 'public', handler: eventsPublic.checkInQrImage(deps) },
    { method: 'GET', path: '/events/:id.ics', access: 'public', handler: eventsPublic.eventCalendarFile(deps) },
    { method: 'GET', path: '/events/:id', access: 'public', handler: eventsPublic.publicEventPage(deps) },
    { method: 'POST', path: '/events/:id', access: 'public', handler: eventsPublic.registerSubmit(deps) },
    { method: 'GET', path: '/events/:id/register/:token', access: 'public', handler: eventsPublic.memberLinkPage(deps) },
    { method: 'POST', path: '/events/:id/register/:token', access: 'public', handler: eventsPublic.memberLinkSubmit(deps) },
    { method: 'GET', path: '/me/:token', access: 'public', handler: selfService.preferencesPage(deps) },
    { method: 'POST', path: '/me/:token', access: 'public', handler: selfService.preferencesSubmit(deps) },
    { method: 'GET', path: '/me/:token/discussion', access: 'public', handler: discussionMember.deliveryPage(deps) },
    { method: 'POST', path: '/me/:token/discussion', access: 'public', handler: discussionMember.deliverySubmit(deps) },
    { method: 'GET', path: '/me/:token/data.json', access: 'public', handler: selfService.dataDownload(deps) },
    { method: 'GET', path: '/me/:token/erase', access: 'public', handler: selfService.erasePage(deps) },
    { method: 'POST', path: '/me/:token/erase', access: 'public', handler: selfService.eraseSubmit(deps) },
    // A staff member's calendar feed: the signed, revocable address is the authority (calendar apps send no cookie).
    { method: 'GET', path: '/calendar/:token/engagements.ics', access: 'public', handler: engagementsAdmin.calendarFeedDownload(deps) },
    // A Board member reads a published briefing through their signed, expiring link: no account (noindex, no referrer).
    { method: 'GET', path: '/board/briefings/:id', access: 'public', handler: boardBriefing.boardBriefingPage(deps) },
    { method: 'GET', path: '/board/briefings/:id/pdf', access: 'public', handler: boardBriefing.boardBriefingPdf(deps) },
    { method: 'GET', path: '/unsubscribe/:token', access: 'public', handler: selfService.unsubscribePage(deps) },
    { method: 'POST', path: '/unsubscribe/:token', access: 'public', handler: selfService.unsubscribeSubmit(deps), csrf: false },

    { method: 'GET', path: '/admin/login', access: 'public', handler: auth.signInPage() },
    { method: 'POST', path: '/admin/login', access: 'public', handler: auth.signInSubmit(deps) },
    { method: 'POST', path: '/admin/logout', access: 'viewer', handler: auth.signOutSubmit(deps) },
    { method: 'GET', path: '/admin/set-password/:token', access: 'public', handler: auth.setPasswordPage(deps) },
    { method: 'POST', path: '/admin/set-password/:token', access: 'public', handler: auth.setPasswordSubmit(deps) },
    // A sign-in waiting for its code or for enrolment has no staff account yet: these handlers check its pending session.
    { method: 'GET', path: '/admin/login/two-factor', access: 'public', handler: auth.twoFactorSignInPage(deps) },
    { method: 'POST', path: '/admin/login/two-factor', access: 'public', handler: auth.twoFactorSignInSubmit(deps) },
    { method: 'GET', path: '/admin/two-factor/setup', access: 'public', handler: account.setupPage(deps) },
    { method: 'POST', path: '/admin/two-factor/setup', access: 'public', handler: account.setupSubmit(deps) },
    { method: 'GET', path: '/admin/forgot-password', access: 'public', handler: auth.forgotPasswordPage() },
    { method: 'POST', path: '/admin/forgot-password', access: 'public', handler: auth.forgotPasswordSubmit(deps) },
    { method: 'GET', path: '/admin/reset-password/:token', access: 'public', handler: auth.resetPasswordPage(deps) },
    { method: 'POST', path: '/admin/reset-password/:token', access: 'public', handler: auth.resetPasswordSubmit(deps) },
    { method: 'GET', path: '/admin/account', access: 'viewer', handler: account.accountPage(deps) },
    { method: 'POST', path: '/admin/account/recovery-codes', access: 'viewer', handler: account.regenerateSubmit(deps) },
    { method: 'POST', path: '/admin/account/two-factor/disable', access: 'viewer', handler: account.disableSubmit(deps) },

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
    // The discussion list: every role reads the threads and the queue; editors moderate and set the posting policy.
    { method: 'GET', path: '/admin/discussion', access: 'viewer', handler: discussionAdmin.overviewPage(deps) },
    { method: 'POST', path: '/admin/discussion/settings', access: 'editor', handler: discussionAdmin.settingsSubmit(deps) },
    { method: 'GET', path: '/admin/discussion/moderation', access: 'viewer', handler: discussionAdmin.moderationPage(deps) },
    { method: 'POST', path: '/admin/discussion/moderation/:id', access: 'editor', handler: discussionAdmin.moderationSubmit(deps) },
    { method: 'GET', path: '/admin/discussion/threads/:id', access: 'viewer', handler: discussionAdmin.threadPage(deps) },
    { method: 'POST', path: '/admin/discussion/posts/:id/archive-remove', access: 'editor', handler: discussionArchive.removeFromArchiveSubmit(deps) },
    { method: 'GET', path: '/admin/events', access: 'viewer', handler: eventsAdmin.eventListPage(deps) },
    { method: 'GET', path: '/admin/events/new', access: 'editor', handler: eventsAdmin.newEventPage() },
    { method: 'POST', path: '/admin/events/new', access: 'editor', handler: eventsAdmin.newEventSubmit(deps) },
    { method: 'GET', path: '/admin/events/:id', access: 'viewer', handler: eventsAdmin.eventDetailPage(deps) },
    { method: 'GET', path: '/admin/events/:id/edit', access: 'editor', handler: eventsAdmin.editEventPage(deps) },
    { method: 'POST', path: '/admin/events/:id/edit', access: 'editor', handler: eventsAdmin.editEventSubmit(deps) },
    { method: 'POST', path: '/admin/events/:id/invitations', access: 'editor', handler: eventsAdmin.inviteSubmit(deps) },
    { method: 'POST', path: '/admin/events/:id/registrations/:registrationId/cancel', access: 'editor', handler: eventsAdmin.cancelRegistrationSubmit(deps) },
    { method: 'POST', path: '/admin/events/:id/registrations/:registrationId/attendance', access: 'editor', handler: eventsAdmin.attendanceSubmit(deps) },
    { method: 'POST', path: '/admin/events/:id/registrations/:registrationId/decision', access: 'editor', handler: eventsAdmin.decisionSubmit(deps) },
    { method: 'GET', path: '/admin/events/:id/registrations.csv', access: 'editor', handler: eventsAdmin.registrationsCsv(deps) },
    { method: 'POST', path: '/admin/events/:id/attendance-import', access: 'editor', handler: eventsAdmin.attendanceImportSubmit(deps) },
    { method: 'POST', path: '/admin/events/:id/attendance-unmatched/:unmatchedId', access: 'editor', handler: eventsAdmin.unmatchedSubmit(deps) },
    { method: 'GET', path: '/admin/events/:id/check-in', access: 'editor', handler: eventsAdmin.checkInView(deps) },
    { method: 'POST', path: '/admin/events/:id/check-in', access: 'editor', handler: eventsAdmin.checkInSubmit(deps) },
    { method: 'POST', path: '/admin/events/:id/materials', access: 'editor', handler: eventsAdmin.materialsSubmit(deps) },
    { method: 'POST', path: '/admin/events/:id/follow-up', access: 'editor', handler: eventsAdmin.followUpSubmit(deps) },
    { method: 'POST', path: '/admin/events/:id/duplicate', access: 'editor', handler: eventsAdmin.duplicateSubmit(deps) },
    // The library: every role reads it (drafts included); editors add, change, publish and delete, each audited.
    { method: 'GET', path: '/admin/resources', access: 'viewer', handler: resourcesAdmin.resourceListPage(deps) },
    { method: 'GET', path: '/admin/resources/new', access: 'editor', handler: resourcesAdmin.newResourcePage(deps) },
    { method: 'POST', path: '/admin/resources/new', access: 'editor', handler: resourcesAdmin.newResourceSubmit(deps) },
    { method: 'GET', path: '/admin/resources/:id', access: 'viewer', handler: resourcesAdmin.resourceDetailPage(deps) },
    { method: 'GET', path: '/admin/resources/:id/file', access: 'viewer', handler: resourcesAdmin.resourceFileDownload(deps) },
    { method: 'GET', path: '/admin/resources/:id/edit', access: 'editor', handler: resourcesAdmin.editResourcePage(deps) },
    { method: 'POST', path: '/admin/resources/:id/edit', access: 'editor', handler: resourcesAdmin.editResourceSubmit(deps) },
    { method: 'POST', path: '/admin/resources/:id/status', access: 'editor', handler: resourcesAdmin.resourceStatusSubmit(deps) },
    { method: 'GET', path: '/admin/resources/:id/delete', access: 'editor', handler: resourcesAdmin.deleteResourcePage(deps) },
    { method: 'POST', path: '/admin/resources/:id/delete', access: 'editor', handler: resourcesAdmin.deleteResourceSubmit(deps) },
    // The process timeline on the home page: every role reads it; editors add, change, reorder and delete milestones.
    { method: 'GET', path: '/admin/timeline', access: 'viewer', handler: timelineAdmin.timelinePage(deps) },
    { method: 'GET', path: '/admin/timeline/new', access: 'editor', handler: timelineAdmin.newMilestonePage(deps) },
    { method: 'POST', path: '/admin/timeline/new', access: 'editor', handler: timelineAdmin.newMilestoneSubmit(deps) },
    { method: 'GET', path: '/admin/timeline/:id/edit', access: 'editor', handler: timelineAdmin.editMilestonePage(deps) },
    { method: 'POST', path: '/admin/timeline/:id/edit', access: 'editor', handler: timelineAdmin.editMilestoneSubmit(deps) },
    { method: 'POST', path: '/admin/timeline/:id/move', access: 'editor', handler: timelineAdmin.moveMilestoneSubmit(deps) },
    { method: 'GET', path: '/admin/timeline/:id/delete', access: 'editor', handler: timelineAdmin.deleteMilestonePage(deps) },
    { method: 'POST', path: '/admin/timeline/:id/delete', access: 'editor', handler: timelineAdmin.deleteMilestoneSubmit(deps) },
    // Updates (news of the network): every role reads them and their revisions; editors write, restore and delete.
    { method: 'GET', path: '/admin/updates', access: 'viewer', handler: updatesAdmin.updateListPage(deps) },
    { method: 'GET', path: '/admin/updates/new', access: 'editor', handler: updatesAdmin.newUpdatePage() },
    { method: 'POST', path: '/admin/updates/new', access: 'editor', handler: updatesAdmin.newUpdateSubmit(deps) },
    { method: 'GET', path: '/admin/updates/:id', access: 'viewer', handler: updatesAdmin.updateDetailPage(deps) },
    { method: 'GET', path: '/admin/updates/:id/edit', access: 'editor', handler: updatesAdmin.editUpdatePage(deps) },
    { method: 'POST', path: '/admin/updates/:id/edit', access: 'editor', handler: updatesAdmin.editUpdateSubmit(deps) },
    { method: 'POST', path: '/admin/updates/:id/revisions/:revisionId/restore', access: 'editor', handler: updatesAdmin.restoreRevisionSubmit(deps) },
    { method: 'GET', path: '/admin/updates/:id/delete', access: 'editor', handler: updatesAdmin.deleteUpdatePage(deps) },
    { method: 'POST', path: '/admin/updates/:id/delete', access: 'editor', handler: updatesAdmin.deleteUpdateSubmit(deps) },
    // Every staff role reads engagements; restricted notes are shown, and may be changed, only by the engagement's staff
    // owner and participants (editors) and by owners — the engagement service decides and audits each read.
    { method: 'GET', path: '/admin/engagements', access: 'viewer', handler: engagementsAdmin.engagementListPage(deps) },
    { method: 'GET', path: '/admin/engagements/new', access: 'editor', handler: engagementsAdmin.newEngagementPage(deps) },
    { method: 'POST', path: '/admin/engagements/new', access: 'editor', handler: engagementsAdmin.newEngagementSubmit(deps) },
    { method: 'GET', path: '/admin/engagements/map', access: 'viewer', handler: engagementsAdmin.coverageMapPage(deps) },
    { method: 'GET', path: '/admin/engagements/calendar', access: 'viewer', handler: engagementsAdmin.calendarPage(deps) },
    // Each staff member sets their own reminders and feed address (viewers too: follow-ups may be theirs).
    { method: 'POST', path: '/admin/engagements/calendar/settings', access: 'viewer', handler: engagementsAdmin.calendarSettingsSubmit(deps) },
    { method: 'GET', path: '/admin/engagements/export.csv', access: 'editor', handler: engagementsAdmin.exportDownload(deps, 'csv') },
    { method: 'GET', path: '/admin/engagements/export.json', access: 'editor', handler: engagementsAdmin.exportDownload(deps, 'json') },
    { method: 'GET', path: '/admin/engagements/transfer', access: 'editor', handler: engagementsAdmin.transferPage() },
    { method: 'POST', path: '/admin/engagements/import', access: 'editor', handler: engagementsAdmin.importSubmit(deps) },
    { method: 'GET', path: '/admin/engagements/organisations', access: 'viewer', handler: engagementsAdmin.organisationsPage(deps) },
    { method: 'POST', path: '/admin/engagements/organisations', access: 'editor', handler: engagementsAdmin.addOrganisationSubmit(deps) },
    { method: 'POST', path: '/admin/engagements/organisations/:id', access: 'editor', handler: engagementsAdmin.renameOrganisationSubmit(deps) },
    { method: 'GET', path: '/admin/engagements/organisations/:id/delete', access: 'editor', handler: engagementsAdmin.deleteOrganisationPage(deps) },
    { method: 'POST', path: '/admin/engagements/organisations/:id/delete', access: 'editor', handler: engagementsAdmin.deleteOrganisationSubmit(deps) },
    { method: 'GET', path: '/admin/engagements/:id', access: 'viewer', handler: engagementsAdmin.engagementDetailPage(deps) },
    { method: 'POST', path: '/admin/engagements/:id/update', access: 'editor', handler: engagementsAdmin.draftUpdateSubmit(deps) },
    { method: 'POST', path: '/admin/engagements/:id/files', access: 'editor', handler: engagementsAdmin.attachFileSubmit(deps) },
    { method: 'GET', path: '/admin/engagements/:id/files/:fileId', access: 'viewer', handler: engagementsAdmin.fileDownload(deps) },
    { method: 'POST', path: '/admin/engagements/:id/files/:fileId/delete', access: 'editor', handler: engagementsAdmin.removeFileSubmit(deps) },
    { method: 'GET', path: '/admin/engagements/:id/edit', access: 'editor', handler: engagementsAdmin.editEngagementPage(deps) },
    { method: 'POST', path: '/admin/engagements/:id/edit', access: 'editor', handler: engagementsAdmin.editEngagementSubmit(deps) },
    { method: 'GET', path: '/admin/member-states', access: 'viewer', handler: engagementsAdmin.dossierChooserPage() },
    { method: 'GET', path: '/admin/member-states/:code', access: 'viewer', handler: engagementsAdmin.dossierPage(deps) },
    { method: 'GET', path: '/admin/regional-groups/:group', access: 'viewer', handler: engagementsAdmin.regionalGroupDossierPage(deps) },
    // The risk/opportunity register: every change is kept with who, when and why (the service requires the reason).
    { method: 'GET', path: '/admin/register', access: 'viewer', handler: registerAdmin.registerPage(deps) },
    { method: 'GET', path: '/admin/register/new', access: 'editor', handler: registerAdmin.newItemPage(deps) },
    { method: 'POST', path: '/admin/register/new', access: 'editor', handler: registerAdmin.newItemSubmit(deps) },
    { method: 'GET', path: '/admin/register/items/:id', access: 'viewer', handler: registerAdmin.registerItemPage(deps) },
    { method: 'POST', path: '/admin/register/items/:id', access: 'editor', handler: registerAdmin.registerItemSubmit(deps) },
    // Reports: every role reads the analytics (figures only, no member is named).
    { method: 'GET', path: '/admin/reports', access: 'viewer', handler: reportsAdmin.analyticsPage(deps) },
    // The network slide: the join QR code and the sentence the evenness index allows, full screen, as PNG and .pptx.
    { method: 'GET', path: '/admin/reports/slide', access: 'viewer', handler: networkSlide.networkSlidePage(deps) },
    { method: 'GET', path: '/admin/reports/slide.png', access: 'viewer', handler: networkSlide.networkSlidePng(deps) },
    { method: 'GET', path: '/admin/reports/slide.pptx', access: 'viewer', handler: networkSlide.networkSlideSlides(deps) },
    // Briefings for the Board: every role reads them; editors start, write and publish (each audited).
    { method: 'GET', path: '/admin/reports/briefings', access: 'viewer', handler: briefings.briefingListPage(deps) },
    { method: 'POST', path: '/admin/reports/briefings', access: 'editor', handler: briefings.createBriefingSubmit(deps) },
    { method: 'GET', path: '/admin/reports/briefings/:id', access: 'viewer', handler: briefings.briefingPage(deps) },
    { method: 'GET', path: '/admin/reports/briefings/:id/pdf', access: 'viewer', handler: briefings.briefingPdf(deps) },
    { method: 'GET', path: '/admin/reports/briefings/:id/pptx', access: 'viewer', handler: briefings.briefingSlides(deps) },
    { method: 'GET', path: '/admin/reports/briefings/:id/annex.csv', access: 'viewer', handler: briefings.briefingAnnex(deps, 'csv') },
    { method: 'GET', path: '/admin/reports/briefings/:id/annex.xlsx', access: 'viewer', handler: briefings.briefingAnnex(deps, 'xlsx') },
    { method: 'GET', path: '/admin/reports/briefings/:id/edit', access: 'editor', handler: briefings.briefingEditPage(deps) },
    { method: 'POST', path: '/admin/reports/briefings/:id/edit', access: 'editor', handler: briefings.briefingEditSubmit(deps) },
    { method: 'POST', path: '/admin/reports/briefings/:id/publish', access: 'editor', handler: briefings.publishBriefingSubmit(deps) },
    // Schedules and Board recipients: every role reads; editors change them (each audited).
    { method: 'GET', path: '/admin/reports/schedules', access: 'viewer', handler: briefingSchedules.schedulesPage(deps) },
    { method: 'POST', path: '/admin/reports/schedules', access: 'editor', handler: briefingSchedules.createScheduleSubmit(deps) },
    { method: 'POST', path: '/admin/reports/schedules/:id/pause', access: 'editor', handler: briefingSchedules.scheduleActionSubmit(deps, 'pause') },
    { method: 'POST', path: '/admin/reports/schedules/:id/resume', access: 'editor', handler: briefingSchedules.scheduleActionSubmit(deps, 'resume') },
    { method: 'POST', path: '/admin/reports/schedules/:id/delete', access: 'editor', handler: briefingSchedules.scheduleActionSubmit(deps, 'delete') },
    { method: 'GET', path: '/admin/reports/board-recipients', access: 'viewer', handler: boardRecipients.boardRecipientsPage(deps) },
    { method: 'POST', path: '/admin/reports/board-recipients', access: 'editor', handler: boardRecipients.addBoardRecipientSubmit(deps) },
    { method: 'POST', path: '/admin/reports/board-recipients/:id/remove', access: 'editor', handler: boardRecipients.removeBoardRecipientSubmit(deps) },
    { method: 'GET', path: '/admin/jobs', access: 'viewer', handler: admin.jobsPage(deps) },
    // Editors and owners: captured mail holds members' links (shown to owners only), never a staff credential.
    { method: 'GET', path: '/admin/mail', access: 'editor', handler: capturedMail.capturedMailPage(deps) },
    { method: 'GET', path: '/admin/mail/:id', access: 'editor', handler: capturedMail.capturedMailDetailPage(deps) },
    { method: 'GET', path: '/admin/mail/:id/html', access: 'editor', handler: capturedMail.capturedMailHtmlPage(deps) },
    { method: 'GET', path: '/admin/mail/:id/attachments/:index', access: 'editor', handler: capturedMail.capturedMailAttachmentDownload(deps) },
    // Editors: a kept message quotes the member's copy, signed links included.
    { method: 'GET', path: '/admin/bounces', access: 'editor', handler: bouncesAdmin.keptBouncesPage(deps) },
    // Editors set the network's public identity; what members consent to, mail's sender and the logo are the owner's.
    { method: 'GET', path: '/admin/settings', access: 'editor', handler: settingsAdmin.settingsPage(deps) },
    { method: 'POST', path: '/admin/settings/network', access: 'editor', handler: settingsAdmin.networkSubmit(deps) },
    { method: 'POST', path: '/admin/settings/members', access: 'owner', handler: settingsAdmin.membersSubmit(deps) },
    { method: 'POST', path: '/admin/settings/logo', access: 'owner', handler: settingsAdmin.logoSubmit(deps) },
    { method: 'POST', path: '/admin/settings/logo/remove', access: 'owner', handler: settingsAdmin.logoRemoveSubmit(deps) },

    { method: 'GET', path: '/admin/audit', access: 'owner', handler: audit.auditPage(deps) },
    { method: 'GET', path: '/admin/staff', access: 'owner', handler: staffAdmin.staffPage(deps) },
    { method: 'POST', path: '/admin/staff', access: 'owner', handler: staffAdmin.inviteStaffSubmit(deps) },
    { method: 'POST', path: '/admin/staff/two-factor-policy', access: 'owner', handler: staffAdmin.twoFactorPolicySubmit(deps) },
    { method: 'POST', path: '/admin/staff/:id/role', access: 'owner', handler: staffAdmin.changeRoleSubmit(deps) },
    { method: 'POST', path: '/admin/staff/:id/reactivate', access: 'owner', handler: staffAdmin.reactivateSubmit(deps) },
    { method: 'POST', path: '/admin/staff/:id/invitation/resend', access: 'owner', handler: staffAdmin.resendInvitationSubmit(deps) },
    { method: 'GET', path: '/admin/staff/:id/deactivate', access: 'owner', handler: staffAdmin.confirmActionPage(deps, 'deactivate') },
    { method: 'POST', path: '/admin/staff/:id/deactivate', access: 'owner', handler: staffAdmin.confirmActionSubmit(deps, 'deactivate') },
    { method: 'GET', path: '/admin/staff/:id/remove', access: 'owner', handler: staffAdmin.confirmActionPage(deps, 'remove') },
    { method: 'POST', path: '/admin/staff/:id/remove', access: 'owner', handler: staffAdmin.confirmActionSubmit(deps, 'remove') },
    { method: 'GET', path: '/admin/staff/:id/invitation/revoke', access: 'owner', handler: staffAdmin.confirmActionPage(deps, 'revoke-invitation') },
    { method: 'POST', path: '/admin/staff/:id/invitation/revoke', access: 'owner', handler: staffAdmin.confirmActionSubmit(deps, 'revoke-invitation') },
    { method: 'GET', path: '/admin/staff/:id/two-factor/reset', access: 'owner', handler: staffAdmin.confirmActionPage(deps, 'reset-two-factor') },
    { method: 'POST', path: '/admin/staff/:id/two-factor/reset', access: 'owner', handler: staffAdmin.confirmActionSubmit(deps, 'reset-two-factor') },
    { method: 'GET', path: '/admin/api-tokens', access: 'owner', handler: apiTokens.apiTokensPage(deps) },
    { method: 'POST', path: '/admin/api-tokens', access: 'owner', handler: apiTokens.createApiTokenSubmit(deps) },
    { method: 'POST', path: '/admin/api-tokens/:id/revoke', access: 'owner', handler: apiTokens.revokeApiTokenSubmit(deps) },
  ];
}
